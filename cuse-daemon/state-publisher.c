/* SPDX-License-Identifier: MIT */
#include "state-publisher.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <systemd/sd-daemon.h>

#include "coalescer.h"
#include "led-report.h"
#include "log.h"
#include "state-file.h"
#include "string-util.h"
#include "uapi.h"

struct state_publisher {
	struct led_device *dev;
	char *state_file;
	struct coalescer *status;       /* STATUS= */
	struct coalescer *saver;        /* the state file; NULL without one */
	bool save_failed;
	uint64_t published_generation;
	enum led_cuse_mode_kind published_mode;
};

int state_publisher_format_status(struct led_device *dev, char *buf, size_t size)
{
	struct led_device_status st;
	struct gpio_backend_info bi;
	struct led_cuse_info info;

	led_device_get_status(dev, &st);
	led_device_get_gpio_info(dev, &bi);
	/* STATUS= is one field of a newline-separated message: the labels as GET_INFO has them. */
	led_report_info(&st, &bi, &info);
	return snprintf(buf, size, "/dev/%s: LED %s (%s:%u)%s%s%s, %llu button presses", st.name,
			!st.present ? "unplugged" : st.mode.kind == LED_CUSE_MODE_BLINK ? "blinking" :
			st.mode.kind != LED_CUSE_MODE_NONE ? strunknown(uapi_mode_kind_to_string(st.mode.kind)) :
			st.on ? "on" : "off",
			info.led_chip, info.led_offset, bi.has_button ? ", button on " : "",
			bi.has_button ? info.button_chip : "", st.button_present ? "" : " (unplugged)",
			(unsigned long long)st.presses);
}

static int status_format(void *userdata, char *buf, size_t size)
{
	struct state_publisher *p = userdata;

	return state_publisher_format_status(p->dev, buf, size);
}

static int status_write(void *userdata, const char *text)
{
	sd_notifyf(0, "STATUS=%s", text);
	return 0;
}

static const struct coalescer_ops status_ops = {
	.format = status_format,
	.write = status_write,
};

static int state_format(void *userdata, char *buf, size_t size)
{
	struct state_publisher *p = userdata;

	return state_file_format_device(p->dev, buf, size);
}

static int state_write(void *userdata, const char *line)
{
	struct state_publisher *p = userdata;
	int r = state_file_write(p->state_file, line);

	/* Warn once per failure streak; the coalescer retries. */
	if (r < 0 && !p->save_failed)
		log_warning_errno(r, "cannot save the LED state to %s (will retry): %m", p->state_file);
	else if (r >= 0 && p->save_failed)
		log_info("saved the LED state to %s again", p->state_file);
	p->save_failed = r < 0;
	return r;
}

static const struct coalescer_ops state_ops = {
	.format = state_format,
	.write = state_write,
};

int state_publisher_new(sd_event *event, struct led_device *dev, const char *state_file, usec_t save_interval_usec,
			const char *saved, struct state_publisher **ret)
{
	_cleanup_(state_publisher_freep) struct state_publisher *p = NULL;
	int r;

	assert(event && dev && ret);
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->dev = dev;
	r = coalescer_new(event, STATE_PUBLISHER_STATUS_INTERVAL_USEC, &status_ops, p, &p->status);
	if (r < 0)
		return r;
	if (state_file) {
		p->state_file = strdup(state_file);
		if (!p->state_file)
			return -ENOMEM;
		r = coalescer_new(event, save_interval_usec, &state_ops, p, &p->saver);
		if (r < 0)
			return r;
		/* No save at start for the state that is on disk already. */
		if (saved) {
			r = coalescer_assume_written(p->saver, saved);
			if (r < 0)
				return r;
		}
	}
	*ret = TAKE_PTR(p);
	return 0;
}

struct state_publisher *state_publisher_free(struct state_publisher *p)
{
	if (!p)
		return NULL;
	coalescer_free(p->saver);
	coalescer_free(p->status);
	free(p->state_file);
	free(p);
	return NULL;
}

void state_publisher_sync(struct state_publisher *p)
{
	struct led_device_status st;

	led_device_get_status(p->dev, &st);
	/* A mode's steps are not changes (same generation). */
	if (st.generation == p->published_generation && st.mode.kind == p->published_mode)
		return;
	p->published_generation = st.generation;
	p->published_mode = st.mode.kind;
	coalescer_touch(p->status);
	if (p->saver)
		coalescer_touch(p->saver);
}

void state_publisher_flush(struct state_publisher *p)
{
	if (p->saver)
		(void)coalescer_flush(p->saver);
}
