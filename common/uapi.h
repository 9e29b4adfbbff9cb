/* SPDX-License-Identifier: MIT */
/*
 * The words for the enums of <led-cuse/led.h>: button event kinds, change
 * sources, mode kinds and trigger kinds, as the daemon's log and journal, its unit actions
 * and ledctl print them (and the write protocol spells the modes).
 */
#ifndef LED_CUSE_UAPI_H
#define LED_CUSE_UAPI_H

#include <stdint.h>

/* "press", "release", "hold", "double" for kind (LONG flag masked off); NULL if unknown. */
const char *uapi_event_kind_to_string(uint32_t kind);

/* "start", "restore", "write", "ioctl", "button", "action", "timer", "trigger"; NULL if unknown. */
const char *uapi_change_source_to_string(uint32_t source);

/* "none", "blink", "pattern", "heartbeat", "oneshot" (the write commands); NULL if unknown. */
const char *uapi_mode_kind_to_string(uint32_t kind);

/* "none", "netdev", "unit", "system", "cpu", "disk" (the trigger command's); NULL if unknown. */
const char *uapi_trigger_kind_to_string(uint32_t kind);

#endif
