/* SPDX-License-Identifier: MIT */
/* Copying a struct gpio_backend_config (gpio-backend-config.c). Private to gpio-backend/. */
#ifndef LED_CUSE_GPIO_BACKEND_CONFIG_H
#define LED_CUSE_GPIO_BACKEND_CONFIG_H

#include "gpio-backend.h"

/*
 * Deep copy of src into dst (to be released with gpio_backend_config_done):
 * -EINVAL for a value out of range or a line spec that is not as
 * gpio_line_spec_parse() makes one, -ENOMEM.
 */
int gpio_backend_config_copy(struct gpio_backend_config *dst, const struct gpio_backend_config *src);

/* Free the strings of a copy made by gpio_backend_config_copy(). */
void gpio_backend_config_done(struct gpio_backend_config *c);

#endif
