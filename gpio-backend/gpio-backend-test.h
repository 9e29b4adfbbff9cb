/* SPDX-License-Identifier: MIT */
/* Calls on a struct gpio_backend that only the tests make. */
#ifndef LED_CUSE_GPIO_BACKEND_TEST_H
#define LED_CUSE_GPIO_BACKEND_TEST_H

#include "gpio-backend.h"

/* Read back the LED (logical value). -ENODEV if the LED's chip is gone. */
int gpio_backend_get_led(struct gpio_backend *b, bool *on);

#endif
