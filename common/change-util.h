/* SPDX-License-Identifier: MIT */
/*
 * Words for a recorded change of the LED (<led-cuse/led.h>'s struct
 * led_cuse_change), shared by the daemon's journal and ledctl info.
 */
#ifndef LED_CUSE_CHANGE_UTIL_H
#define LED_CUSE_CHANGE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* "start", "restore", "write", "ioctl", "button", "action", "timer"; NULL if unknown. */
const char *led_change_source_to_string(uint32_t source);

/*
 * realtime_ns (CLOCK_REALTIME) as local time, "2024-05-17 14:03:21.042 CEST"
 * (TZ applies). Returns buf, or NULL if the time cannot be shown (buf is "").
 */
char *led_change_format_time(uint64_t realtime_ns, char *buf, size_t size);

/* The user name of uid (getpwuid_r), or uid in decimal if it has none. Returns buf. */
char *led_change_format_user(uid_t uid, char *buf, size_t size);

#endif
