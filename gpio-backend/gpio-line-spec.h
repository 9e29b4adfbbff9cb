/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_spec beyond gpio-backend.h's parse and clear: private to
 * gpio-backend/.
 */
#ifndef LED_CUSE_GPIO_LINE_SPEC_H
#define LED_CUSE_GPIO_LINE_SPEC_H

#include "gpio-backend.h"

/*
 * Copy src (exactly one of name and chip set, as gpio_line_spec_parse()
 * makes it) into dst: -EINVAL for any other src, -ENOMEM. On failure dst is
 * left untouched.
 */
int gpio_line_spec_copy(struct gpio_line_spec *dst, const struct gpio_line_spec *src);

#endif
