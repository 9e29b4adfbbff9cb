/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_backend from the inside: the ops table an implementation
 * (libgpiod, the tests' fakes) fills, which gpio-backend.c dispatches to.
 */
#ifndef LED_CUSE_GPIO_BACKEND_PRIVATE_H
#define LED_CUSE_GPIO_BACKEND_PRIVATE_H

#include "gpio-backend.h"

/* One op per call of gpio-backend.h (get_led: gpio-backend-test.h), same contract. */
struct gpio_backend_ops {
	int (*set_led)(struct gpio_backend *b, bool on);
	int (*get_led)(struct gpio_backend *b, bool *on);
	int (*get_event_fd)(struct gpio_backend *b);
	int (*read_events)(struct gpio_backend *b, struct gpio_button_event *events, size_t max);
	int (*check)(struct gpio_backend *b);
	unsigned int (*gone)(struct gpio_backend *b);
	int (*reconnect)(struct gpio_backend *b, bool led_value, char *why, size_t whylen);
	void (*get_info)(struct gpio_backend *b, struct gpio_backend_info *info);
	/* Release everything; b is not NULL (gpio_backend_free() checks). */
	void (*free)(struct gpio_backend *b);
};

/* Implementations embed this as their first member. */
struct gpio_backend {
	const struct gpio_backend_ops *ops;
};

#endif
