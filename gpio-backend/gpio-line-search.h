/* SPDX-License-Identifier: MIT */
/* struct gpio_line_search: how to look for one line (gpio-line-search.c). Private to gpio-backend/. */
#ifndef LED_CUSE_GPIO_LINE_SEARCH_H
#define LED_CUSE_GPIO_LINE_SEARCH_H

#include <gpiod.h>
#include <stddef.h>

#include "gpio-backend.h"

/*
 * Where to look for a line: its spec, and for a chip looked up by path the
 * label it must still have (another chip may have taken the number since).
 */
struct gpio_line_search {
	struct gpio_line_spec spec;
	char *label;                    /* NULL: any chip the spec finds */
	char *note;                     /* why the chip is not looked up by label */
};

void gpio_line_search_done(struct gpio_line_search *s);

/*
 * How to find the line of spec again after a replug, given the chip it was
 * found on. A chip given as a path or gpiochipN may come back under another
 * number: it is looked up by the label it had at start, if that label was on
 * no other chip. Otherwise only its old name is tried, and the chip found
 * there must still have that label (it may be another chip now). -ENOMEM.
 */
int gpio_line_search_for_replug(const struct gpio_line_spec *spec, struct gpiod_chip *chip,
				struct gpio_line_search *ret);

/*
 * Find the line: its chip (open) and offset, or the errors of
 * gpio_chip_lookup_line() and -ENODEV if the chip found has not the label
 * required. why (if not NULL) then starts with role ("LED", "button").
 */
int gpio_line_search_find(const struct gpio_line_search *s, const char *role, struct gpiod_chip **ret_chip,
			  unsigned int *ret_offset, char *why, size_t whylen);

#endif
