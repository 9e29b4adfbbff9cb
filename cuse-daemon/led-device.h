/* SPDX-License-Identifier: MIT */
/*
 * The LED state machine: what the LED shows, blinking, button presses and
 * the GPIO chip going away and coming back.
 *
 * Everything runs on one sd-event loop (single thread): the CUSE requests,
 * the button's edge events and the blink timer are dispatched one after the
 * other, so a state change is never torn and needs no lock. That is the
 * userspace equivalent of the seed driver's spin_lock_irqsave(): the loop
 * serialises the "interrupt" (edge event) against the file operations.
 */
#ifndef LED_CUSE_LED_DEVICE_H
#define LED_CUSE_LED_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include <led-cuse/led.h>

#include "command.h"
#include "gpio-backend.h"
#include "macro.h"

struct led_device;

struct led_device_config {
	const char *name;       /* device name, for GET_INFO */
	bool initial_on;        /* the level the backend was requested with */
	bool active_low;        /* reported by GET_INFO */
	const char *dev_dir;    /* watched for the chip coming back; "/dev" */
};

struct led_device_status {
	bool on;                /* logical level right now */
	bool blinking;
	unsigned int on_ms, off_ms;
	bool present;           /* false while the GPIO chip is unplugged */
	uint64_t generation;    /* bumped on every change readers must see */
	uint64_t presses;
};

/*
 * Called on the loop. changed: the generation moved (wake pollers).
 * button: a press toggled the LED (complete waiters). gone: the GPIO chip
 * vanished (fail waiters with ENODEV).
 */
struct led_device_listener {
	void (*changed)(void *userdata);
	void (*button)(void *userdata, const struct led_cuse_event *event);
	void (*gone)(void *userdata);
};

int led_device_new(sd_event *event, struct gpio_backend *backend,
		   const struct led_device_config *config, struct led_device **ret);
/* Stops blinking; does not touch the LED or the backend (the caller owns it). */
struct led_device *led_device_free(struct led_device *dev);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct led_device *, led_device_free)

void led_device_set_listener(struct led_device *dev, const struct led_device_listener *listener,
			     void *userdata);

/*
 * Each returns 0 or a negative errno; on failure the state is unchanged.
 * -ENODEV while the GPIO chip is gone.
 */
int led_device_set(struct led_device *dev, bool on);
int led_device_toggle(struct led_device *dev);
int led_device_blink(struct led_device *dev, unsigned int on_ms, unsigned int off_ms);
int led_device_apply(struct led_device *dev, const struct led_command *cmd);

/* A debounced button edge: toggles the LED, counts it, tells the listener. */
void led_device_button_press(struct led_device *dev, uint64_t timestamp_ns);

void led_device_get_status(struct led_device *dev, struct led_device_status *status);
/* The public ioctl structs of <led-cuse/led.h> are built here, and only here. */
void led_device_get_state(struct led_device *dev, struct led_cuse_state *state);
void led_device_get_info(struct led_device *dev, struct led_cuse_info *info);
bool led_device_has_button(struct led_device *dev);

#endif
