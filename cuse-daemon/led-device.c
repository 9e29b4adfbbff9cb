/* SPDX-License-Identifier: MIT */
#include "led-device.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "led-device-private.h"
#include "led-report.h"
#include "log.h"
#include "macro.h"


/* What the daemon changes by itself. */
static const struct led_origin origin_timer = { .source = LED_CUSE_CHANGE_TIMER };

/* The state right now, by origin, stamped with the current generation. */
static void record_change(struct led_device *dev, const struct led_origin *origin)
{
	struct led_device_status st;

	led_device_get_status(dev, &st);
	led_report_change(&st, origin, &dev->last_change);
}

void led_device_notify(struct led_device *dev, const struct led_origin *origin)
{
	dev->generation++;
	if (origin)
		record_change(dev, origin);
	if (dev->batch) {
		dev->batch_changed = true;
		dev->batch_recorded = dev->batch_recorded || origin;
		return;
	}
	led_listeners_changed(&dev->listeners, origin ? &dev->last_change : NULL);
}

/* --- the chips: lost, found again --- */

bool led_device_present(const struct led_device *dev)
{
	return chip_presence_led(dev->chips);
}

/*
 * The LED's line, the button's or both are lost (chip_presence counts them
 * gone already). Without the LED's, fail fast until it is back; without
 * the button's, the LED goes on working, and nothing is left to wait for.
 */
static void lines_lost(void *userdata, bool led, bool button, int error)
{
	struct led_device *dev = userdata;

	if (!led && !button)
		return;
	log_warning_errno(error, "GPIO %s of /dev/%s lost (%m); waiting for %s chip to come back",
			  led && button ? "lines" : led ? "line of the LED" : "line of the button", dev->name,
			  led && button ? "the" : "its");
	if (led) {
		mode_runner_pause(dev->runner);
		button_source_set_accepting(dev->button, false);
	}
	if (button)
		button_source_stop(dev->button);
	/* A press in progress ends here: its line, or the LED it acts on, is gone. */
	button_source_reset(dev->button);
	led_device_notify(dev, NULL);
	led_listeners_gone(&dev->listeners);
}

/* A call met -ENODEV: the chips gone (hot-unplug) are those the backend found gone. */
static void handle_gone(struct led_device *dev, int error)
{
	unsigned int gone = chip_presence_take_gone(dev->chips);

	lines_lost(dev, gone & GPIO_LINE_LED, gone & GPIO_LINE_BUTTON, error);
}

int led_device_drive(struct led_device *dev, bool on)
{
	int r = gpio_backend_set_led(dev->backend, on);

	if (r == -ENODEV)
		handle_gone(dev, r);
	return r;
}

static int watch_button(struct led_device *dev)
{
	if (!chip_presence_button(dev->chips)) {
		button_source_stop(dev->button);
		return 0;
	}
	return button_source_watch(dev->button);
}

static bool on_chips_level(void *userdata)
{
	struct led_device *dev = userdata;

	return dev->on;
}

/* The LED's line, the button's or both are held again. */
static void on_chips_back(void *userdata, bool led, bool button)
{
	struct led_device *dev = userdata;
	int r;

	if (led) {
		button_source_set_accepting(dev->button, true);
		/* The mode goes on with the step it was in (reconnect drove its level). */
		mode_runner_resume(dev->runner);
	}
	if (led)
		log_notice("GPIO %s of /dev/%s back; LED restored to %s", button ? "lines" : "line of the LED",
			   dev->name, mode_runner_running(dev->runner) ? "its mode" : dev->on ? "on" : "off");
	else
		log_notice("GPIO line of the button of /dev/%s back", dev->name);
	/* A line requested again may have another event fd. */
	r = watch_button(dev);
	if (r < 0)
		log_error_errno(r, "cannot watch the button after reconnecting: %m");
	led_device_notify(dev, NULL);
}

static const struct chip_presence_ops chip_presence_ops = {
	.level = on_chips_level,
	.lost = lines_lost,
	.back = on_chips_back,
};

/* --- the button: what it does to the LED, who hears of it --- */

static void on_button_event(void *userdata, const struct button_event *event)
{
	struct led_device *dev = userdata;

	if (led_device_present(dev))
		led_button_event(&dev->wiring, event);
}

/* Reading the button failed, and the source probed the lines: a chip gone stops it. */
static void on_button_read_failed(void *userdata, int error)
{
	handle_gone(userdata, -ENODEV);
}

static void on_button_stopped(void *userdata, int error)
{
	struct led_device *dev = userdata;

	lines_lost(dev, false, chip_presence_drop_button(dev->chips), error);
}

static const struct button_source_ops button_source_ops = {
	.event = on_button_event,
	.read_failed = on_button_read_failed,
	.stopped = on_button_stopped,
};

/* --- the mode --- */

static int on_mode_drive(void *userdata, bool on)
{
	struct led_device *dev = userdata;
	int r = led_device_drive(dev, on);

	if (r >= 0)
		dev->on = on;
	return r;
}

static void on_mode_changed(void *userdata)
{
	led_device_notify(userdata, &origin_timer);
}

static const struct mode_runner_ops mode_runner_ops = {
	.drive = on_mode_drive,
	.changed = on_mode_changed,
};

int led_device_new(sd_event *event, struct gpio_backend *backend,
		   const struct led_device_config *config, struct led_device **ret)
{
	_cleanup_(led_device_freep) struct led_device *dev = NULL;
	struct button_source_config bc = {
		.action = config->button_action,
		.hold_ms = config->hold_ms,
		.double_click_ms = config->double_click_ms,
		.edge = config->button_edge,
		.active_low = config->button_active_low,
	};
	int r;

	assert(event && backend && config && ret);
	if (!config->name || strlen(config->name) >= LED_CUSE_NAME_LEN)
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->event = sd_event_ref(event);
	dev->backend = backend;
	strcpy(dev->name, config->name);
	dev->active_low = config->active_low;
	dev->on = config->initial_on;
	dev->generation = 1;
	dev->trigger_sockets = config->trigger_sockets ? *config->trigger_sockets : TRIGGER_SOCKETS_NONE;
	led_button_init(&dev->wiring, dev, &dev->listeners, config->button_action);

	r = mode_runner_new(event, dev->name, &mode_runner_ops, dev, &dev->runner);
	if (r < 0)
		return r;
	r = chip_presence_new(event, backend, config->dev_dir ? config->dev_dir : "/dev", dev->name,
			      &chip_presence_ops, dev, &dev->chips);
	if (r < 0)
		return r;
	bc.name = dev->name;
	r = button_source_new(event, backend, &bc, &button_source_ops, dev, &dev->button);
	if (r < 0)
		return r;
	r = watch_button(dev);
	if (r < 0)
		return r;
	record_change(dev, &(struct led_origin){ .source = config->initial_source });
	*ret = TAKE_PTR(dev);
	return 0;
}

struct led_device *led_device_free(struct led_device *dev)
{
	if (!dev)
		return NULL;
	led_device_trigger_done(dev);
	chip_presence_free(dev->chips);
	mode_runner_free(dev->runner);
	button_source_free(dev->button);
	sd_event_unref(dev->event);
	free(dev);
	return NULL;
}

int led_device_add_listener(struct led_device *dev, const struct led_listener *listener, void *userdata)
{
	return led_listeners_add(&dev->listeners, listener, userdata);
}

void led_device_remove_listener(struct led_device *dev, const struct led_listener *listener, void *userdata)
{
	led_listeners_remove(&dev->listeners, listener, userdata);
}

/* --- what changes the LED --- */

int led_device_set(struct led_device *dev, bool on, const struct led_origin *origin)
{
	bool changed;
	int r;

	if (!led_device_present(dev))
		return -ENODEV;
	r = led_device_drive(dev, on);
	if (r < 0)
		return r;
	changed = dev->on != on || mode_runner_running(dev->runner) ||
		  led_device_get_trigger(dev)->kind != LED_CUSE_TRIGGER_NONE;
	led_device_trigger_stop(dev);
	mode_runner_stop(dev->runner);
	dev->on = on;
	if (changed)
		led_device_notify(dev, origin);
	return 0;
}

int led_device_toggle(struct led_device *dev, const struct led_origin *origin)
{
	return led_device_set(dev, !dev->on, origin);
}

int led_device_start_mode(struct led_device *dev, const struct led_mode *mode, const struct led_origin *origin)
{
	struct led_mode end_mode;
	bool end_on;
	int r;

	if (led_mode_validate(mode) < 0)
		return -EINVAL;
	if (!led_device_present(dev))
		return -ENODEV;
	/* Taken before the first step changes the level: what a finite mode restores. */
	mode_runner_lasting(dev->runner, dev->on, &end_on, &end_mode);
	r = mode_runner_prepare(dev->runner);
	if (r < 0)
		return r;
	/* Each mode starts with its first step, like the LED class's triggers. */
	r = led_device_drive(dev, mode->steps[0].on);
	if (r < 0)
		return r;
	dev->on = mode->steps[0].on;
	led_device_trigger_stop(dev);
	r = mode_runner_start(dev->runner, mode, end_on, &end_mode);
	led_device_notify(dev, origin);
	return r;
}

/* --- what the LED shows --- */

void led_device_get_status(struct led_device *dev, struct led_device_status *status)
{
	*status = (struct led_device_status){
		.name = dev->name,
		.active_low = dev->active_low,
		.on = dev->on,
		.mode = *mode_runner_mode(dev->runner),
		.present = led_device_present(dev),
		.button_present = chip_presence_button(dev->chips),
		.generation = dev->generation,
		.presses = dev->wiring.counts[LED_CUSE_EVENT_PRESS],
		.trigger = *led_device_get_trigger(dev),
	};
	mode_runner_lasting(dev->runner, dev->on, &status->lasting_on, &status->lasting_mode);
}

bool led_device_has_button(struct led_device *dev)
{
	struct gpio_backend_info bi;

	gpio_backend_get_info(dev->backend, &bi);
	return bi.has_button;
}

void led_device_get_last_change(struct led_device *dev, struct led_cuse_change *change)
{
	*change = dev->last_change;
}

void led_device_get_gpio_info(struct led_device *dev, struct gpio_backend_info *info)
{
	gpio_backend_get_info(dev->backend, info);
}
