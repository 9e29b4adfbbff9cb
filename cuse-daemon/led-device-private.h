/* SPDX-License-Identifier: MIT */
/*
 * Inside the LED device, for its files only: led-device.c (the state),
 * led-device-write.c (a write's commands, all or nothing) and
 * led-device-trigger.c (the trigger it runs), as the kernel's leds.h is
 * for led-core.c, led-class.c and led-triggers.c.
 */
#ifndef LED_CUSE_LED_DEVICE_PRIVATE_H
#define LED_CUSE_LED_DEVICE_PRIVATE_H

#include "button-source.h"
#include "chip-presence.h"
#include "led-button.h"
#include "led-device.h"
#include "mode-runner.h"
#include "trigger.h"

/* The trigger slot (led-device-trigger.c). */
struct led_device_trigger {
	struct trigger *trigger;        /* NULL: none runs */
	bool shown_on;                  /* the level it shows, when no mode */
	sd_event_source *flash;         /* ends a flash */
	bool flashing;                  /* the LED shows the other level until then */
	/* In a batch (a write): what the write does to the trigger, done once all of it worked. */
	enum { BATCH_TRIGGER_KEEP, BATCH_TRIGGER_STOP, BATCH_TRIGGER_START } batch;
	struct trigger_spec batch_spec;
};

struct led_device {
	sd_event *event;
	struct gpio_backend *backend;
	char name[LED_CUSE_NAME_LEN];
	bool active_low;

	bool on;
	uint64_t generation;
	struct led_cuse_change last_change;
	/* In led_device_apply_all(): the changes are told once the whole write took effect. */
	bool batch;
	bool batch_changed, batch_recorded;

	struct mode_runner *runner;
	struct button_source *button;
	struct chip_presence *chips;

	struct led_listeners listeners;
	struct led_button wiring;       /* what the button's events do */
	struct led_device_trigger trigger;      /* the running trigger, if any */
	struct trigger_sockets trigger_sockets; /* for the kinds to borrow */
};

/* Drive the line; a failure leaves dev->on as it was (-ENODEV: the chips are handled as gone). */
int led_device_drive(struct led_device *dev, bool on);
/* The generation moves; origin NULL: not recorded (the chip going or coming back, the exit state). */
void led_device_notify(struct led_device *dev, const struct led_origin *origin);
bool led_device_present(const struct led_device *dev);

/* led-device-trigger.c: stop the trigger (a level or a mode was set), deferred in a batch. */
void led_device_trigger_stop(struct led_device *dev);
/* At the end of a batch that worked: start or stop what the write asked. 0 or a negative errno. */
int led_device_trigger_commit(struct led_device *dev, const struct led_origin *origin);
void led_device_trigger_done(struct led_device *dev);

#endif
