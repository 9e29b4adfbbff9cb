/* SPDX-License-Identifier: MIT */
/*
 * systemd unit names, checked when the configuration is read (on-press,
 * on-hold, on-double) so a typo fails at start, not at the first press.
 * libsystemd exports no validator; this follows systemd's own
 * unit_name_is_valid() (src/basic/unit-name.c) and systemd.unit(5).
 */
#ifndef LED_CUSE_UNIT_NAME_H
#define LED_CUSE_UNIT_NAME_H

#include <stdbool.h>

/* systemd's UNIT_NAME_MAX: a name is shorter than this. */
#define UNIT_NAME_MAX 256

/*
 * A name StartUnit can be given: "PREFIX.TYPE" or "PREFIX@INSTANCE.TYPE",
 * at most 255 characters from [A-Za-z0-9:_.\-] (and '@' after the prefix),
 * TYPE one of systemd's unit types. A template ("foo@.service") is not a
 * unit and is refused, as are an empty prefix or instance.
 */
bool unit_name_is_valid(const char *name);

/* Why name is not valid, for the error message; NULL when it is valid. */
const char *unit_name_invalid_reason(const char *name);

#endif
