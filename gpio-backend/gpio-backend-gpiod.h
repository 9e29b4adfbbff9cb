/* SPDX-License-Identifier: MIT */
/* The production gpio-backend, on libgpiod v2. */
#ifndef LED_CUSE_GPIO_BACKEND_GPIOD_H
#define LED_CUSE_GPIO_BACKEND_GPIOD_H

#include "gpio-backend.h"

/*
 * Find the lines and request them with libgpiod v2: the LED as an output
 * line, the button (if any) as an input with edge detection, bias and
 * debounce. -ENODEV if a line's chip is not there (it may still come: see
 * gpio_chip_lookup_line), -ENOENT or -ERANGE if a line cannot exist on the
 * chips present (no such line name or offset), -ENOTUNIQ if a chip label is
 * on several chips, -EBUSY if a line is already requested, -EINVAL for a
 * config value out of range or the LED and the button on one line, other
 * negative errnos from the kernel. On failure why (if not NULL) names the line and
 * the reason, for the operator.
 */
int gpio_backend_new_gpiod(const struct gpio_backend_config *config, struct gpio_backend **ret,
			   char *why, size_t whylen);

#endif
