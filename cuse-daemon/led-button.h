/* SPDX-License-Identifier: MIT */
/*
 * The LED's button: what a recognised button event does. Its action on the
 * LED (button-action: a click toggles it, or it is on while held), then the
 * event, counted by kind and numbered, told to the device's listeners (the
 * waiters of WAIT_EVENT, the unit actions). The edges and deadlines come
 * from the button source (button-source.c) through the device.
 */
#ifndef LED_CUSE_LED_BUTTON_H
#define LED_CUSE_LED_BUTTON_H

#include <stdint.h>

#include "button.h"
#include "led-device.h"
#include "led-listeners.h"

struct led_button {
	struct led_device *dev;                 /* what the action changes */
	const struct led_listeners *listeners;  /* who hears of the events */
	enum button_action action;
	uint64_t counts[LED_CUSE_EVENT_KINDS];  /* events of each kind so far */
};

void led_button_init(struct led_button *b, struct led_device *dev, const struct led_listeners *listeners,
		     enum button_action action);
/* A recognised event, while the LED's chip is there. */
void led_button_event(struct led_button *b, const struct button_event *event);

#endif
