/* SPDX-License-Identifier: MIT */
/*
 * gpio-backend: the LED output line and the optional button input line,
 * hidden behind a small interface so the daemon's logic can run against a
 * fake in unit tests and against libgpiod v2 in production.
 *
 * All functions return 0 (or a count) on success and a negative errno on
 * failure; none of them logs, the caller logs once where it handles the error.
 * Values are logical: 1 = LED on / button pressed, active-low is applied by
 * the backend (libgpiod's active-low line setting).
 */
#ifndef LED_CUSE_GPIO_BACKEND_H
#define LED_CUSE_GPIO_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gpio_bias {
	GPIO_BIAS_AS_IS = 0,
	GPIO_BIAS_DISABLED,
	GPIO_BIAS_PULL_UP,
	GPIO_BIAS_PULL_DOWN,
};

enum gpio_edge {
	GPIO_EDGE_FALLING = 0,
	GPIO_EDGE_RISING,
	GPIO_EDGE_BOTH,
};

/*
 * Where a line is: either a line name alone (chip == NULL, name set:
 * every chip is searched), or a chip plus an offset (chip is a path such
 * as /dev/gpiochip0, a chip name such as gpiochip0, or a chip label such
 * as pinctrl-bcm2711; name == NULL).
 */
struct gpio_line_spec {
	char *chip;
	char *name;
	unsigned int offset;
};

struct gpio_backend_config {
	const char *consumer;          /* consumer label shown by gpioinfo */
	struct gpio_line_spec led;
	bool led_active_low;
	bool led_initial;              /* logical initial value */
	bool has_button;
	struct gpio_line_spec button;
	bool button_active_low;
	enum gpio_bias button_bias;
	enum gpio_edge button_edge;
	unsigned int debounce_ms;
};

struct gpio_button_event {
	uint64_t timestamp_ns;         /* CLOCK_MONOTONIC */
	bool rising;                   /* physical edge direction */
};

/* What was actually found, for LED_CUSE_IOC_GET_INFO and logs. */
struct gpio_backend_info {
	char led_chip[64];             /* chip label */
	unsigned int led_offset;
	bool has_button;
	char button_chip[64];
	unsigned int button_offset;
};

/* Implemented on libgpiod (gpio-backend-gpiod.h) and by a fake in the tests. */
struct gpio_backend;

/*
 * Parse "NAME" or "CHIP:OFFSET" into spec (strings are copied; release with
 * gpio_line_spec_clear). -EINVAL on an empty name, empty chip or bad offset.
 */
int gpio_line_spec_parse(const char *text, struct gpio_line_spec *spec);
void gpio_line_spec_clear(struct gpio_line_spec *spec);

/* Set / read back the LED (logical value). -ENODEV if the chip is gone. */
int gpio_backend_set_led(struct gpio_backend *b, bool on);
int gpio_backend_get_led(struct gpio_backend *b, bool *on);

/*
 * File descriptor that becomes readable when button events are pending
 * (the line request's fd), or -1 without a button. It stays the same until
 * gpio_backend_reconnect() succeeds.
 */
int gpio_backend_get_event_fd(struct gpio_backend *b);

/*
 * Read up to max pending events without blocking. Returns the count (0 if
 * none), -ENODEV if the chip went away (then see gpio_backend_reconnect).
 */
int gpio_backend_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max);

/*
 * Probe every held line: -ENODEV if the chip of any of them is gone (the
 * LED and the button may be on different chips, and Linux 6.1 does not
 * wake a request's pollers when its chip goes), 0 if all are there.
 */
int gpio_backend_check(struct gpio_backend *b);

/*
 * After -ENODEV: try to find and request the lines again (chip hot-plugged
 * back). A chip given as a path or gpiochipN is looked for under the label
 * it had at start, since it may come back under another number. Errors as
 * for gpio_backend_new_gpiod (-ENODEV or -ENOENT while a line is still
 * missing), with the reason in why. Every old request is released before
 * the lines are requested again. On success the LED is set to led_value
 * and the event fd may have changed.
 */
int gpio_backend_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen);

/* What the lines were found as: kept while a chip is unplugged, also after a failed reconnect. */
void gpio_backend_get_info(struct gpio_backend *b, struct gpio_backend_info *info);

/* Release the lines (the LED keeps its last value) and free; NULL is fine. */
void gpio_backend_free(struct gpio_backend *b);

#endif
