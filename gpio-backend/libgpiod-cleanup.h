/* SPDX-License-Identifier: MIT */
/* _cleanup_() functions for libgpiod's objects (common/macro.h): gpiod_chip_closep() and so on. */
#ifndef LED_CUSE_LIBGPIOD_CLEANUP_H
#define LED_CUSE_LIBGPIOD_CLEANUP_H

#include <gpiod.h>

#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_chip *, gpiod_chip_close)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_chip_info *, gpiod_chip_info_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_line_settings *, gpiod_line_settings_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_line_config *, gpiod_line_config_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpiod_request_config *, gpiod_request_config_free)

#endif
