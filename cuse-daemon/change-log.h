/* SPDX-License-Identifier: MIT */
/*
 * The change log: each recorded change of the LED in the journal, at debug
 * level, with fields for journalctl -o verbose (LED_CUSE_DEVICE=,
 * LED_CUSE_SOURCE=, LED_CUSE_STATE=, LED_CUSE_STATE_FLAGS=,
 * LED_CUSE_GENERATION=, and LED_CUSE_UID= / LED_CUSE_PID= for a client's).
 */
#ifndef LED_CUSE_CHANGE_LOG_H
#define LED_CUSE_CHANGE_LOG_H

#include <led-cuse/led.h>

#include "led-listeners.h"

/* Log change of device /dev/name. */
void change_log_record(const char *name, const struct led_cuse_change *change);

/* A listener that logs every recorded change; its userdata is the device's name. */
extern const struct led_listener change_log_listener;

#endif
