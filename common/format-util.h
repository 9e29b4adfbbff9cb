/* SPDX-License-Identifier: MIT */
/*
 * Formatting the time and the user of a recorded change of the LED
 * (<led-cuse/led.h>'s struct led_cuse_change) for people: ledctl info.
 */
#ifndef LED_CUSE_FORMAT_UTIL_H
#define LED_CUSE_FORMAT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * realtime_ns (CLOCK_REALTIME) as local time, "2024-05-17 14:03:21.042 CEST"
 * (TZ applies). Returns buf, or NULL if the time cannot be shown (buf is "").
 */
char *format_timestamp_ns(uint64_t realtime_ns, char *buf, size_t size);

/* The user name of uid (getpwuid_r), or uid in decimal if it has none. Returns buf. */
char *format_user(uid_t uid, char *buf, size_t size);

#endif
