/* SPDX-License-Identifier: MIT */
/*
 * The public structs of <led-cuse/led.h> that describe the LED, built from
 * a device's status (led_device_get_status()): GET_STATE's, GET_MODE's
 * (its steps by led-mode.c), GET_INFO's, and the record of a change.
 */
#ifndef LED_CUSE_LED_REPORT_H
#define LED_CUSE_LED_REPORT_H

#include <led-cuse/led.h>

#include "gpio-backend.h"
#include "led-device.h"

void led_report_state(const struct led_device_status *status, struct led_cuse_state *ret);
void led_report_mode(const struct led_device_status *status, struct led_cuse_mode *ret);
/* gpio: the backend's description of the lines (led_device_get_gpio_info()). */
void led_report_info(const struct led_device_status *status, const struct gpio_backend_info *gpio,
		     struct led_cuse_info *ret);
/* The record of a change to status made by origin, stamped with status's generation and the time now. */
void led_report_change(const struct led_device_status *status, const struct led_origin *origin,
		       struct led_cuse_change *ret);

#endif
