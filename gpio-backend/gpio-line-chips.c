/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_chips: the chips the LED's and the button's lines were
 * found on, and whether that is one chip, before the lines are requested.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gpio-line-chips.h"
#include "libgpiod-cleanup.h"

void gpio_line_chips_done(struct gpio_line_chips *c)
{
	assert(c);

	if (c->button_chip)
		gpiod_chip_close(c->button_chip);
	if (c->led_chip)
		gpiod_chip_close(c->led_chip);
	*c = (struct gpio_line_chips){};
}

static bool same_chip(struct gpiod_chip *a, struct gpiod_chip *b)
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *ia = gpiod_chip_get_info(a);
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *ib = gpiod_chip_get_info(b);

	/* The kernel device name ("gpiochipN") is unique, paths and labels may not be. */
	return ia && ib && strcmp(gpiod_chip_info_get_name(ia), gpiod_chip_info_get_name(ib)) == 0;
}

int gpio_line_chips_pair(struct gpio_line_chips *c, char *why, size_t whylen)
{
	assert(c);
	assert(c->led_chip && c->button_chip);

	c->shared = same_chip(c->led_chip, c->button_chip);
	if (c->shared && c->button_offset == c->led_offset) {
		if (why)
			snprintf(why, whylen, "the LED and the button are the same line");
		return -EINVAL;
	}
	return 0;
}

int gpio_line_chips_find(const struct gpio_line_search *led, const struct gpio_line_search *button,
			 struct gpio_line_chips *ret, char *why, size_t whylen)
{
	_cleanup_(gpio_line_chips_done) struct gpio_line_chips c = {};
	int r;

	assert(led);
	assert(ret);

	r = gpio_line_search_find(led, "LED", &c.led_chip, &c.led_offset, why, whylen);
	if (r < 0)
		return r;
	if (button) {
		r = gpio_line_search_find(button, "button", &c.button_chip, &c.button_offset, why, whylen);
		if (r < 0)
			return r;
		r = gpio_line_chips_pair(&c, why, whylen);
		if (r < 0)
			return r;
	}
	*ret = c;
	c = (struct gpio_line_chips){};
	return 0;
}
