/* SPDX-License-Identifier: MIT */
/*
 * Words for a button event kind (<led-cuse/led.h>'s enum
 * led_cuse_event_kind), shared by the daemon's log, its unit actions and
 * ledctl wait (which prints them and parses --events).
 */
#ifndef LED_CUSE_EVENT_UTIL_H
#define LED_CUSE_EVENT_UTIL_H

#include <stdint.h>

/* "press", "release", "hold", "double" for kind (LONG flag masked off); NULL if unknown. */
const char *led_event_kind_to_string(uint32_t kind);

#endif
