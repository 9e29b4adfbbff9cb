/* SPDX-License-Identifier: MIT */
/*
 * The listeners of a LED device: who hears of its changes, button events
 * and lost chips, each subscribed by whoever needs it (the CUSE device, the
 * journal, the button's unit actions), told in the order they subscribed;
 * as a kernel notifier chain.
 */
#ifndef LED_CUSE_LED_LISTENERS_H
#define LED_CUSE_LED_LISTENERS_H

#include <stddef.h>
#include <stdint.h>

#include <led-cuse/led.h>

/*
 * What a listener hears, on the loop; each callback may be NULL. changed:
 * the generation moved (wake pollers); change is the new record of
 * led_device_get_last_change(), or NULL when the move is the GPIO chip
 * going or coming back (not recorded). button: a button event (kind in
 * event->kind) was recognised, after its action on the LED; event->seq
 * counts that kind, counts (LED_CUSE_EVENT_KINDS entries, by kind) every
 * kind's events so far. gone: a GPIO chip vanished, the LED's or the
 * button's (fail waiters with ENODEV: no event comes).
 */
struct led_listener {
	void (*changed)(void *userdata, const struct led_cuse_change *change);
	void (*button)(void *userdata, const struct led_cuse_event *event, const uint64_t *counts);
	void (*gone)(void *userdata);
};

/* The CUSE device, the journal, the button's unit actions, and one more (a test's). */
#define LED_LISTENERS_MAX 4

struct led_listeners {
	struct {
		const struct led_listener *ops;
		void *userdata;
	} entries[LED_LISTENERS_MAX];
	size_t n;
};

/* 0, or -ENOSPC beyond LED_LISTENERS_MAX. */
int led_listeners_add(struct led_listeners *ls, const struct led_listener *ops, void *userdata);
void led_listeners_remove(struct led_listeners *ls, const struct led_listener *ops, void *userdata);

void led_listeners_changed(const struct led_listeners *ls, const struct led_cuse_change *change);
void led_listeners_button(const struct led_listeners *ls, const struct led_cuse_event *event, const uint64_t *counts);
void led_listeners_gone(const struct led_listeners *ls);

#endif
