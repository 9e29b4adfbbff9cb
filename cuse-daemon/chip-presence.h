/* SPDX-License-Identifier: MIT */
/*
 * The chip presence: whether the LED's and the button's GPIO chips are
 * there (hot-unplug). It probes the lines when a node goes from /dev,
 * requests them again when nodes appear, says once per reason why they
 * are not back, and tells its owner (led_device) which lines it lost and
 * found; a line found gone by the owner's own calls (-ENODEV) is counted
 * with chip_presence_take_gone().
 */
#ifndef LED_CUSE_CHIP_PRESENCE_H
#define LED_CUSE_CHIP_PRESENCE_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "gpio-backend.h"
#include "macro.h"

struct chip_presence_ops {
	/* The level the LED's line is requested at when it comes back. */
	bool (*level)(void *userdata);
	/* A /dev event found lines gone: led, button say which, error why. */
	void (*lost)(void *userdata, bool led, bool button, int error);
	/* Lines held again: led, button say which (the LED's at level()). */
	void (*back)(void *userdata, bool led, bool button);
};

struct chip_presence;

/* name: the device's, for the log; it must outlive the presence. */
int chip_presence_new(sd_event *event, struct gpio_backend *backend, const char *dev_dir, const char *name,
		      const struct chip_presence_ops *ops, void *userdata, struct chip_presence **ret);
struct chip_presence *chip_presence_free(struct chip_presence *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct chip_presence *, chip_presence_free)

bool chip_presence_led(const struct chip_presence *p);
bool chip_presence_button(const struct chip_presence *p);
/*
 * A call on the lines met -ENODEV: the lines the backend finds gone now
 * and that were present (GPIO_LINE_* bits), counted as gone from here on.
 * The caller handles them as lost.
 */
unsigned int chip_presence_take_gone(struct chip_presence *p);
/* The button is given up (it cannot be read): gone until its chip is back.
 * Whether it was present. */
bool chip_presence_drop_button(struct chip_presence *p);

#endif
