/* SPDX-License-Identifier: MIT */
/*
 * A GPIO backend without a kernel: the LED is a bool, the button's event
 * fd is an eventfd the test "presses", and unplugging is a switch.
 */
#ifndef LED_CUSE_GPIO_BACKEND_FAKE_H
#define LED_CUSE_GPIO_BACKEND_FAKE_H

#include "gpio-backend.h"

int gpio_backend_new_fake(bool has_button, bool initial, struct gpio_backend **ret);

/* Queue a falling button edge (a press by default) and make the event fd readable. */
void gpio_fake_press(struct gpio_backend *b, uint64_t timestamp_ns);
/* Queue an edge of either physical direction. */
void gpio_fake_edge(struct gpio_backend *b, uint64_t timestamp_ns, bool rising);
/* Physical LED level the daemon drove last. */
bool gpio_fake_led(struct gpio_backend *b);
/* The successful set_led calls, oldest first (the first GPIO_FAKE_HISTORY_LEN). */
#define GPIO_FAKE_HISTORY_LEN 256
struct gpio_fake_set {
	bool on;
	uint64_t ns;    /* CLOCK_MONOTONIC */
};
unsigned int gpio_fake_history(struct gpio_backend *b, const struct gpio_fake_set **ret);
void gpio_fake_history_clear(struct gpio_backend *b);
/* How many times set_led reached the "hardware". */
unsigned int gpio_fake_set_count(struct gpio_backend *b);
/* Unplug (every call fails with ENODEV, the fd reports an error) or plug back. */
void gpio_fake_set_present(struct gpio_backend *b, bool present);
/*
 * The button on a chip of its own: unplug it alone (the LED keeps working,
 * and nothing wakes the event fd, as on Linux 6.1) or plug it back.
 */
void gpio_fake_set_button_chip_present(struct gpio_backend *b, bool present);
/* The LED on a chip of its own: unplug it alone (the button keeps working) or plug it back. */
void gpio_fake_set_led_chip_present(struct gpio_backend *b, bool present);
/* The chips' labels that get_info reports ("fake-chip" by default). */
void gpio_fake_set_labels(struct gpio_backend *b, const char *led_chip, const char *button_chip);
/* Make the next set_led fail with error (negative errno). */
void gpio_fake_fail_next_set(struct gpio_backend *b, int error);
/* Make the next count set_led calls fail with error. */
void gpio_fake_fail_sets(struct gpio_backend *b, int error, unsigned int count);
/* Let the next ok set_led calls succeed, then make count fail with error. */
void gpio_fake_fail_sets_after(struct gpio_backend *b, unsigned int ok, int error, unsigned int count);
unsigned int gpio_fake_reconnect_count(struct gpio_backend *b);
/* Make the next count reads of button events fail with error (negative errno), queued edges kept. */
void gpio_fake_fail_reads(struct gpio_backend *b, int error, unsigned int count);
/* How many times the daemon read button events. */
unsigned int gpio_fake_read_count(struct gpio_backend *b);

#endif
