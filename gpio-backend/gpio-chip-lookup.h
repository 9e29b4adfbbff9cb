/* SPDX-License-Identifier: MIT */
/* Resolving a struct gpio_line_spec to an open GPIO chip and a line offset. */
#ifndef LED_CUSE_GPIO_CHIP_LOOKUP_H
#define LED_CUSE_GPIO_CHIP_LOOKUP_H

#include <gpiod.h>

#include "gpio-backend.h"
#include "libgpiod-cleanup.h"

/*
 * Open the chip named by spec: an absolute path is opened as is,
 * "gpiochipN" means /dev/gpiochipN, anything else is compared with the
 * label of every chip in /dev. A label must name exactly one chip; a link
 * in /dev/gpio/by-label/ (60-led-cuse.rules) is held to the same rule,
 * since udev picks one of several chips with the same label by chance.
 * -ENODEV if no such chip, -ENOTUNIQ if the label is on several chips;
 * why (if not NULL) then says which chip was looked for or which chips
 * share the label.
 */
int gpio_chip_lookup_open(const char *spec, struct gpiod_chip **ret, char *why, size_t whylen);

/*
 * Find the line described by spec and open its chip. A line name is looked
 * up on every chip in /dev in gpiochipN order and the first match wins (as
 * gpiofind does). Errors tell a chip that is absent (-ENODEV: no such chip,
 * or no chip at all for a line name) from a line that cannot exist on the
 * chips present (-ENOENT: no line of that name, -ERANGE: offset beyond the
 * chip's lines), and -ENOTUNIQ (see above). If a name is not found but some
 * chip could not be searched (e.g. -EACCES), that error is returned
 * instead, since the line may be on that chip. why (if not NULL) gets a
 * sentence fragment for the operator.
 */
int gpio_chip_lookup_line(const struct gpio_line_spec *spec, struct gpiod_chip **ret_chip,
			  unsigned int *ret_offset, char *why, size_t whylen);

/*
 * The label of an open chip, to find it again after a replug under another
 * gpiochipN number: -ENODATA if the chip has no label, -ENAMETOOLONG if it
 * does not fit in len.
 */
int gpio_chip_lookup_label(struct gpiod_chip *chip, char *label, size_t len);

#endif
