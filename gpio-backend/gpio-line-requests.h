/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_requests: the libgpiod requests holding the LED's and the
 * button's lines (gpio-line-requests.c). Private to gpio-backend/.
 */
#ifndef LED_CUSE_GPIO_LINE_REQUESTS_H
#define LED_CUSE_GPIO_LINE_REQUESTS_H

#include <gpiod.h>
#include <stdbool.h>
#include <stddef.h>

#include "gpio-backend.h"
#include "gpio-line-chips.h"

struct gpio_line_requests {
	struct gpiod_line_request *led_req;
	struct gpiod_line_request *button_req; /* == led_req if on the same chip */
	unsigned int led_offset;
	unsigned int button_offset;
};

/*
 * Request the lines of chips (the LED if chips->led_chip, the button if
 * chips->button_chip; one request for both if chips->shared) with the
 * settings of c, the LED at led_value, into *ret; describe them in their
 * fields of *info. Request fds are non-blocking. On failure nothing is held,
 * *info is untouched and why (if not NULL) names the line.
 */
int gpio_line_requests_request(const struct gpio_backend_config *c, const struct gpio_line_chips *chips,
			       bool led_value, struct gpio_line_requests *ret, struct gpio_backend_info *info,
			       char *why, size_t whylen);

/* Release the requests of the lines (GPIO_LINE_* bits); a shared one goes with either line. */
void gpio_line_requests_release(struct gpio_line_requests *l, unsigned int lines);

/* Release every request. */
void gpio_line_requests_done(struct gpio_line_requests *l);

/* The lines (GPIO_LINE_* bits) req holds: both for one they share, 0 for NULL. */
unsigned int gpio_line_requests_lines_of(const struct gpio_line_requests *l, const struct gpiod_line_request *req);

#endif
