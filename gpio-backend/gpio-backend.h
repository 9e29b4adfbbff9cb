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

/*
 * Implemented on libgpiod (gpio-backend-gpiod.h) and by a fake in the tests;
 * calls only the tests make are in gpio-backend-test.h.
 */
struct gpio_backend;

/*
 * Parse "NAME" or "CHIP:OFFSET" into spec (strings are copied; release with
 * gpio_line_spec_clear). -EINVAL on an empty name, empty chip or bad offset.
 */
int gpio_line_spec_parse(const char *text, struct gpio_line_spec *spec);
void gpio_line_spec_clear(struct gpio_line_spec *spec);

/*
 * The lines, as bits of gpio_backend_gone(). The LED and the button may be
 * on different chips: each line is gone or back with its own chip.
 */
#define GPIO_LINE_LED (1u << 0)
#define GPIO_LINE_BUTTON (1u << 1)

/* Set the LED (logical value). -ENODEV if the LED's chip is gone. */
int gpio_backend_set_led(struct gpio_backend *b, bool on);

/*
 * File descriptor that becomes readable when button events are pending
 * (the line request's fd), or -1 without a button. It stays the same until
 * a gpio_backend_reconnect() requests the button's line again (-1 while it
 * is gone and its old request released).
 */
int gpio_backend_get_event_fd(struct gpio_backend *b);

/*
 * Read up to max pending events without blocking. Returns the count (0 if
 * none), -ENODEV if the button's chip went away (then see
 * gpio_backend_reconnect), or another negative errno if the read failed.
 */
int gpio_backend_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max);

/*
 * Probe every held line: -ENODEV if the chip of any of them is gone (the
 * LED and the button may be on different chips, and Linux 6.1 does not
 * wake a request's pollers when its chip goes), 0 if all are there.
 */
int gpio_backend_check(struct gpio_backend *b);

/*
 * The lines whose chip is gone (GPIO_LINE_* bits; both when they share a
 * chip), as the calls above found: 0 when every line is held. A line stays
 * gone until gpio_backend_reconnect() has requested it again.
 */
unsigned int gpio_backend_gone(struct gpio_backend *b);

/*
 * After -ENODEV: try to find and request again the lines whose chip is gone
 * (hot-plugged back). A chip given as a path or gpiochipN is looked for
 * under the label it had at start, since it may come back under another
 * number. Each line comes back with its own chip: the LED while the
 * button's chip is still missing, and the other way round; a line whose
 * chip stayed keeps its request (the LED its level). The old request of a
 * line found again is released before the line is requested anew. Returns
 * 0 once every line is held (the LED at led_value), else the error of a
 * line still missing, as for gpio_backend_new_gpiod (-ENODEV or -ENOENT
 * while it is absent), with the reason in why; gpio_backend_gone() says
 * which lines are back. A line requested again is set to led_value (the
 * LED) or has a new event fd (the button).
 */
int gpio_backend_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen);

/* What the lines were found as: kept while a chip is unplugged, also after a failed reconnect. */
void gpio_backend_get_info(struct gpio_backend *b, struct gpio_backend_info *info);

/* Release the lines (the LED keeps its last value) and free; NULL is fine. Returns NULL. */
struct gpio_backend *gpio_backend_free(struct gpio_backend *b);

#endif
