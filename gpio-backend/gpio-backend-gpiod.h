/* SPDX-License-Identifier: MIT */
/* The production gpio-backend, on libgpiod v2. */
#ifndef LED_CUSE_GPIO_BACKEND_GPIOD_H
#define LED_CUSE_GPIO_BACKEND_GPIOD_H

#include "gpio-backend.h"

/*
 * Find the lines and request them with libgpiod v2: the LED as an output
 * line, the button (if any) as an input with edge detection, bias and
 * debounce. -ENOENT if a line name or chip is not found, -EBUSY if a line
 * is already requested, other negative errnos from the kernel.
 */
int gpio_backend_new_gpiod(const struct gpio_backend_config *config, struct gpio_backend **ret);

#endif
