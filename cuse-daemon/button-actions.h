/* SPDX-License-Identifier: MIT */
/*
 * The button's actions beyond the LED: each button event of the device
 * starts the systemd unit configured for its kind (unit-actions.c, through
 * a starter: the system bus in the daemon), and a HOLD whose start went
 * out is confirmed on the LED by a short blink (hold-feedback = blink),
 * after which it shows what it showed before. The blink starts from the
 * loop once the event was told to every listener, not from inside the
 * telling.
 */
#ifndef LED_CUSE_BUTTON_ACTIONS_H
#define LED_CUSE_BUTTON_ACTIONS_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "led-device.h"
#include "macro.h"
#include "unit-actions.h"

/* hold-feedback = blink: quick enough to be over before a poweroff gets far. */
#define BUTTON_ACTIONS_FEEDBACK_MS 100
#define BUTTON_ACTIONS_FEEDBACK_BLINKS 3

struct button_actions;

/*
 * Subscribe to dev's button events: units as for unit_actions_new(),
 * started through starter; hold_feedback: blink for a started HOLD.
 */
int button_actions_new(sd_event *event, struct led_device *dev, char *const *units, bool hold_feedback,
		       const struct unit_actions_ops *starter, void *starter_data, struct button_actions **ret);
/* Unsubscribes; a feedback blink not started yet is dropped. */
struct button_actions *button_actions_free(struct button_actions *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct button_actions *, button_actions_free)

#endif
