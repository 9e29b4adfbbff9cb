/* SPDX-License-Identifier: MIT */
/*
 * Requesting the GPIO lines at start, waiting for a chip that is not there
 * yet. Boards with late GPIO chips are normal (I2C expanders, USB GPIO
 * adapters, device tree overlays): a line whose chip is absent is waited
 * for, up to a bound, while /dev is watched for chips appearing; a line
 * that cannot exist on the chips present (a typo) fails at once.
 */
#ifndef LED_CUSE_GPIO_WAIT_H
#define LED_CUSE_GPIO_WAIT_H

#include <stdint.h>

#include <systemd/sd-event.h>

#include "gpio-backend.h"

struct gpio_wait_ops {
	/* Find and request the lines (the daemon: gpio_backend_new_gpiod()). */
	int (*open)(void *userdata, const struct gpio_backend_config *config, struct gpio_backend **ret,
		    char *why, size_t whylen);
};

/*
 * Open the backend; while ops->open() fails with -ENODEV (a chip is absent),
 * run the event loop and try again whenever something appears in dev_dir,
 * for at most timeout_s seconds (0: do not wait). While waiting, systemd
 * is told what for (STATUS=) and that the start takes longer
 * (EXTEND_TIMEOUT_USEC=). Logs the outcome. Returns 0, -ETIMEDOUT when the
 * bound passed, -ECANCELED when the loop was told to exit (a signal), or
 * ops->open()'s error (-ENOENT, -ERANGE, -ENOTUNIQ: the line cannot be found as
 * configured).
 */
int gpio_wait_open(sd_event *event, const char *dev_dir, const struct gpio_backend_config *config,
		   const struct gpio_wait_ops *ops, void *userdata, unsigned int timeout_s, struct gpio_backend **ret);

#endif
