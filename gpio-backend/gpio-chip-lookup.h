/* SPDX-License-Identifier: MIT */
/* Resolving a struct gpio_line_spec to an open GPIO chip and a line offset. */
#ifndef LED_CUSE_GPIO_CHIP_LOOKUP_H
#define LED_CUSE_GPIO_CHIP_LOOKUP_H

#include <gpiod.h>

#include "gpio-backend.h"
#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_chip *, gpiod_chip_close)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_chip_info *, gpiod_chip_info_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_line_settings *, gpiod_line_settings_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_line_config *, gpiod_line_config_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_request_config *, gpiod_request_config_free)

/*
 * Open the chip named by spec: an absolute path is opened as is,
 * "gpiochipN" means /dev/gpiochipN, anything else is compared with the
 * label of every chip in /dev (first match in gpiochipN order wins).
 * -ENOENT if no such chip.
 */
int gpio_chip_open_by_spec(const char *spec, struct gpiod_chip **ret);

/*
 * Find the line described by spec and open its chip. A line name is looked
 * up on every chip in /dev in gpiochipN order and the first match wins (as
 * gpiofind does). -ENOENT if the chip or name is not found, -ERANGE if the
 * offset is beyond the chip's number of lines. If a name is not found but
 * some chip could not be searched (e.g. -EACCES), that error is returned
 * instead, since the line may be on that chip.
 */
int gpio_line_lookup(const struct gpio_line_spec *spec, struct gpiod_chip **ret_chip,
		     unsigned int *ret_offset);

#endif
