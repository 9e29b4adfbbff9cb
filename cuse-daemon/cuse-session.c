/* SPDX-License-Identifier: MIT */
#include "cuse-session.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "cuse-channel.h"
#include "cuse-device.h"
#include "log.h"

struct cuse_session {
	sd_event *event;
	char *name;
	bool fixed_devno;
	unsigned int major, minor;
	bool ready;
	struct led_device *dev;
	struct cuse_device *device;
	struct fuse_session *se;
	struct cuse_channel *channel;
	const struct cuse_session_ops *ops;
	void *userdata;
};

__attribute__((format(printf, 2, 0)))
static void fuse_log_to_ours(enum fuse_log_level level, const char *fmt, va_list ap)
{
	char msg[512];
	size_t len;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	log_full_errno((int)level, 0, "%s", msg);
}

static void on_init_done(void *userdata)
{
	struct cuse_session *s = userdata;
	struct pollfd p = { .fd = fuse_session_fd(s->se), .events = POLLIN };
	struct gpio_backend_info bi;

	/* libfuse calls this right after sending CUSE_INIT's reply, even if the
	 * kernel refused to register the device: it then aborts the channel,
	 * which poll() reports as an error at once. */
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP)))
		return;
	s->ready = true;
	led_device_get_gpio_info(s->dev, &bi);
	log_info("ready: /dev/%s, LED on %s line %u%s%s%s", s->name, bi.led_chip, bi.led_offset,
		 bi.has_button ? ", button on " : "", bi.has_button ? bi.button_chip : "",
		 bi.has_button ? "" : ", no button");
	sd_notify(0, "READY=1");
	s->ops->ready(s->userdata);
}

static const struct cuse_device_ops device_ops = {
	.init_done = on_init_done,
};

static int on_ended(void *userdata, enum cuse_channel_end end, int error)
{
	struct cuse_session *s = userdata;

	if (end == CUSE_CHANNEL_EXITED)
		return sd_event_exit(s->event, s->ready ? EXIT_SUCCESS : EXIT_FAILURE);
	if (!s->ready && s->fixed_devno)
		log_error("the kernel refused to register /dev/%s as %u:%u: the name or the device number is in use",
			  s->name, s->major, s->minor);
	else if (!s->ready)
		log_error("the kernel refused to register /dev/%s: the name is in use by another CUSE device", s->name);
	else if (end == CUSE_CHANNEL_FAILED)
		log_error_errno(error, "reading /dev/cuse failed: %m");
	else
		log_notice("the kernel closed the CUSE channel of /dev/%s", s->name);
	return sd_event_exit(s->event, EXIT_FAILURE);
}

static void on_before_sleep(void *userdata)
{
	struct cuse_session *s = userdata;

	if (s->ready)
		s->ops->before_sleep(s->userdata);
}

static const struct cuse_channel_ops channel_ops = {
	.ended = on_ended,
	.before_sleep = on_before_sleep,
};

int cuse_session_new(sd_event *event, struct led_device *dev, const struct cuse_session_config *config,
		     const struct cuse_session_ops *ops, void *userdata, struct cuse_session **ret)
{
	_cleanup_(cuse_session_freep) struct cuse_session *s = NULL;
	char devname[16 + LED_CUSE_NAME_LEN];
	const char *dev_info_argv[] = { devname };
	char *fuse_argv[] = { "led-cuse", "-f", "-s", "-d", NULL };
	struct cuse_info ci = {
		.dev_major = config->fixed_devno ? config->major : 0,
		.dev_minor = config->fixed_devno ? config->minor : 0,
		.dev_info_argc = 1,
		.dev_info_argv = dev_info_argv,
		.flags = 0, /* restricted ioctls: the kernel copies _IOC_SIZE bytes */
	};
	int multithreaded, r;

	assert(event && dev && config && config->name && ops && ops->ready && ops->before_sleep && ret);
	s = calloc(1, sizeof(*s));
	if (!s)
		return log_oom();
	s->event = sd_event_ref(event);
	s->dev = dev;
	s->name = strdup(config->name);
	if (!s->name)
		return log_oom();
	s->fixed_devno = config->fixed_devno;
	s->major = config->major;
	s->minor = config->minor;
	s->ops = ops;
	s->userdata = userdata;

	snprintf(devname, sizeof(devname), "DEVNAME=%s", config->name);
	if (access("/dev/cuse", R_OK | W_OK) < 0)
		return log_error_errno(errno, "cannot open /dev/cuse: %m (is the cuse module loaded? modprobe cuse)");
	r = cuse_device_new(dev, &device_ops, s, &s->device);
	if (r < 0)
		return log_error_errno(r, "cannot set up the event fan-out: %m");

	fuse_set_log_func(fuse_log_to_ours);
	/* -f -s: our loop drives the session; -d traces requests at -vv. */
	s->se = cuse_lowlevel_setup(log_get_max_level() > LOG_DEBUG ? 4 : 3, fuse_argv, &ci, &cuse_device_ops,
				    &multithreaded, s->device);
	if (!s->se)
		return log_error_errno(EIO, "cannot set up the CUSE session for /dev/%s", config->name);
	/* Signals belong to sd-event, not to libfuse's handlers. */
	fuse_remove_signal_handlers(s->se);

	r = cuse_channel_new(event, s->se, &channel_ops, s, &s->channel);
	if (r < 0)
		return log_error_errno(r, "cannot watch /dev/cuse: %m");
	*ret = TAKE_PTR(s);
	return 0;
}

struct cuse_session *cuse_session_free(struct cuse_session *s)
{
	if (!s)
		return NULL;
	s->device = cuse_device_free(s->device);
	s->channel = cuse_channel_free(s->channel);
	/* Not cuse_lowlevel_teardown(): it would remove libfuse's signal
	 * handlers a second time, which libfuse reports as an error. */
	if (s->se)
		fuse_session_destroy(s->se); /* /dev/NAME disappears here */
	sd_event_unref(s->event);
	free(s->name);
	free(s);
	return NULL;
}
