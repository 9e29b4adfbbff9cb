/* SPDX-License-Identifier: MIT */
/* struct gpio_line_chips: the lines' chips, found (gpio-line-chips.c). Private to gpio-backend/. */
#ifndef LED_CUSE_GPIO_LINE_CHIPS_H
#define LED_CUSE_GPIO_LINE_CHIPS_H

#include <gpiod.h>
#include <stdbool.h>
#include <stddef.h>

#include "gpio-line-search.h"

/* The lines' chips, open but not requested yet (NULL: that line is not to be requested). */
struct gpio_line_chips {
	struct gpiod_chip *led_chip;
	struct gpiod_chip *button_chip;
	bool shared;                    /* both lines on led_chip: one request */
	unsigned int led_offset, button_offset;
};

/* Close the chips. */
void gpio_line_chips_done(struct gpio_line_chips *c);

/*
 * With both chips found: set c->shared if they are one chip. -EINVAL (why
 * says so) if the LED and the button are then the same line.
 */
int gpio_line_chips_pair(struct gpio_line_chips *c, char *why, size_t whylen);

/*
 * Look the LED up, and the button unless button is NULL; nothing is
 * requested. The errors of gpio_line_search_find() and
 * gpio_line_chips_pair(), with why.
 */
int gpio_line_chips_find(const struct gpio_line_search *led, const struct gpio_line_search *button,
			 struct gpio_line_chips *ret, char *why, size_t whylen);

#endif
