/* SPDX-License-Identifier: MIT */
/*
 * Reading the INI configuration file (--config) into struct options: the
 * keys are the option table's rows (option-spec.h), in [led] or before any
 * section. led-cuse.conf(5) describes the format.
 */
#ifndef LED_CUSE_OPTIONS_CONFIG_H
#define LED_CUSE_OPTIONS_CONFIG_H

#include <stddef.h>

#include "options.h"

/*
 * Apply the settings of the file o->config_path to o. Returns 0,
 * LED_EXIT_CONFIG after writing a message naming the file (and line, key and
 * reason) to err, or -ENOMEM.
 */
int options_config_load(struct options *o, char *err, size_t errlen);

#endif
