/* SPDX-License-Identifier: MIT */
/*
 * The trigger a LED device runs, as the kernel's led-triggers.c: starting
 * and stopping it (led_device_start_trigger(), and any level or mode set,
 * which stops it), and the sink it shows on: a level or an endless mode
 * for a change of its source's state (a change, recorded as
 * LED_CUSE_CHANGE_TRIGGER), a flash for activity (not a change: like a
 * mode's steps, it moves the level but not the generation).
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "event-util.h"
#include "led-device-private.h"
#include "log.h"

/* A flash ends when asked for, not up to sd-event's 250 ms default slack later. */
#define FLASH_ACCURACY_USEC 1000ULL

static const struct led_origin origin_trigger = { .source = LED_CUSE_CHANGE_TRIGGER };
static const struct led_mode no_mode = { .kind = LED_CUSE_MODE_NONE };

/* The flash ends: the LED shows what the trigger shows. */
static void flash_end(struct led_device *dev)
{
	if (!dev->trigger.flashing)
		return;
	dev->trigger.flashing = false;
	(void)sd_event_source_set_enabled(dev->trigger.flash, SD_EVENT_OFF);
	if (led_device_present(dev) && led_device_drive(dev, dev->trigger.shown_on) >= 0)
		dev->on = dev->trigger.shown_on;
}

static int on_flash_end(sd_event_source *s, uint64_t usec, void *userdata)
{
	flash_end(userdata);
	return 0;
}

static bool same_mode(const struct led_mode *a, const struct led_mode *b)
{
	if (a->kind != b->kind || a->count != b->count || a->end != b->end || a->nsteps != b->nsteps)
		return false;
	for (unsigned int i = 0; i < a->nsteps; i++)
		if (a->steps[i].on != b->steps[i].on || a->steps[i].ms != b->steps[i].ms)
			return false;
	return true;
}

static void show(void *userdata, bool on, const struct led_mode *mode)
{
	struct led_device *dev = userdata;
	bool running = mode_runner_running(dev->runner);
	int r;

	if (mode ? running && same_mode(mode_runner_mode(dev->runner), mode) :
		   !running && dev->trigger.shown_on == on && !dev->trigger.flashing)
		return;
	if (dev->trigger.flashing) {
		dev->trigger.flashing = false;
		(void)sd_event_source_set_enabled(dev->trigger.flash, SD_EVENT_OFF);
	}
	if (mode && (r = mode_runner_prepare(dev->runner)) < 0) {
		log_warning_errno(r, "trigger on /dev/%s cannot start its blink: %m", dev->name);
		return;
	}
	on = mode ? mode->steps[0].on : on;
	/* While the chip is gone the level is kept for its return, which drives it. */
	r = led_device_present(dev) ? led_device_drive(dev, on) : 0;
	if (r < 0 && r != -ENODEV) {
		log_warning_errno(r, "trigger on /dev/%s cannot set the GPIO line: %m", dev->name);
		return;
	}
	dev->on = dev->trigger.shown_on = on;
	if (mode)
		(void)mode_runner_start(dev->runner, mode, false, &no_mode);
	else
		mode_runner_stop(dev->runner);
	led_device_notify(dev, &origin_trigger);
}

static void flash(void *userdata, unsigned int ms)
{
	struct led_device *dev = userdata;
	int r;

	/* A blink the trigger shows, or a missing chip, has no room for a flash. */
	if (!led_device_present(dev) || mode_runner_running(dev->runner))
		return;
	if (!dev->trigger.flashing) {
		if (led_device_drive(dev, !dev->trigger.shown_on) < 0)
			return;
		dev->on = !dev->trigger.shown_on;
		dev->trigger.flashing = true;
	}
	/* A flash asked for while one runs makes it last ms from now. */
	r = event_reset_time_relative(dev->event, &dev->trigger.flash, CLOCK_MONOTONIC, ms * USEC_PER_MSEC,
				      FLASH_ACCURACY_USEC, on_flash_end, dev, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		flash_end(dev);
}

static const struct trigger_sink_ops sink = {
	.show = show,
	.flash = flash,
};

static bool trigger_runs(const struct led_device *dev)
{
	if (dev->trigger.batch != BATCH_TRIGGER_KEEP)
		return dev->trigger.batch == BATCH_TRIGGER_START;
	return dev->trigger.trigger;
}

static void stop_now(struct led_device *dev)
{
	flash_end(dev);
	dev->trigger.trigger = trigger_free(dev->trigger.trigger);
}

static int start_now(struct led_device *dev, const struct trigger_spec *spec)
{
	struct trigger *t;
	int r;

	if (spec->kind == LED_CUSE_TRIGGER_NONE) {
		stop_now(dev);
		return 0;
	}
	/* The new one before the old one goes: a failure leaves what ran. */
	r = trigger_new(dev->event, spec, &dev->trigger_sockets, &sink, dev, &t);
	if (r < 0)
		return r;
	stop_now(dev);
	dev->trigger.trigger = t;
	return 0;
}

void led_device_trigger_stop(struct led_device *dev)
{
	if (dev->batch && trigger_runs(dev))
		dev->trigger.batch = BATCH_TRIGGER_STOP;
	else if (!dev->batch)
		stop_now(dev);
}

int led_device_trigger_commit(struct led_device *dev, const struct led_origin *origin)
{
	int r = 0;

	int what = dev->trigger.batch;

	dev->trigger.batch = BATCH_TRIGGER_KEEP;
	if (what == BATCH_TRIGGER_STOP)
		stop_now(dev);
	else if (what == BATCH_TRIGGER_START) {
		r = start_now(dev, &dev->trigger.batch_spec);
		/* The write's record is the last, after what the kind showed at once. */
		if (r >= 0)
			led_device_notify(dev, origin);
	}
	return r;
}

void led_device_trigger_done(struct led_device *dev)
{
	dev->trigger.trigger = trigger_free(dev->trigger.trigger);
	dev->trigger.flash = sd_event_source_disable_unref(dev->trigger.flash);
}

const struct trigger_spec *led_device_get_trigger(struct led_device *dev)
{
	static const struct trigger_spec none = { .kind = LED_CUSE_TRIGGER_NONE };

	if (dev->trigger.batch == BATCH_TRIGGER_START)
		return &dev->trigger.batch_spec;
	if (dev->trigger.batch == BATCH_TRIGGER_STOP || !dev->trigger.trigger)
		return &none;
	return trigger_get_spec(dev->trigger.trigger);
}

int led_device_start_trigger(struct led_device *dev, const struct trigger_spec *spec, const struct led_origin *origin)
{
	bool changed = trigger_runs(dev) || spec->kind != LED_CUSE_TRIGGER_NONE || mode_runner_running(dev->runner);
	struct mode_runner_snapshot mode;
	int r;

	assert(dev && spec && origin);
	if (!led_device_present(dev))
		return -ENODEV;
	/* It shows from the level the LED has, until its source says otherwise
	 * (which a kind may say at once, from trigger_new()). */
	mode_runner_snapshot(dev->runner, &mode);
	mode_runner_stop(dev->runner);
	dev->trigger.shown_on = dev->on;
	if (dev->batch) {
		dev->trigger.batch = spec->kind == LED_CUSE_TRIGGER_NONE ? BATCH_TRIGGER_STOP : BATCH_TRIGGER_START;
		dev->trigger.batch_spec = *spec;
	} else {
		r = start_now(dev, spec);
		if (r < 0) {
			mode_runner_restore(dev->runner, &mode, true);
			return r;
		}
	}
	if (changed)
		led_device_notify(dev, origin);
	return 0;
}
