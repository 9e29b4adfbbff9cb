/* SPDX-License-Identifier: MIT */
/*
 * Button actions: which button event starts which systemd unit (on-press,
 * on-hold, on-double).
 *
 * The decision is made here; what it does is behind struct
 * unit_actions_ops: StartUnit over the system bus (unit-bus.c) and a blink
 * of the LED in the daemon, a recording fake in the unit tests. Starting
 * never waits: the starter only asks, and logs the outcome when it comes.
 */
#ifndef LED_CUSE_UNIT_ACTION_H
#define LED_CUSE_UNIT_ACTION_H

#include <stdbool.h>

#include <led-cuse/led.h>

#include "macro.h"

struct unit_actions_ops {
	/* Ask for unit to be started, without waiting for systemd's answer.
	 * 0 once asked, or a negative errno (logged by the starter). */
	int (*start_unit)(void *userdata, const char *unit);
	/* Show on the LED that the hold reached its action (a short blink,
	 * then the state from before). */
	void (*hold_feedback)(void *userdata);
};

struct unit_actions;

/*
 * units: LED_CUSE_EVENT_KINDS entries indexed by kind (enum
 * led_cuse_event_kind), each a valid unit name (unit-name.h) or NULL for
 * none; copied. hold_feedback: a HOLD that starts a unit also calls
 * ops->hold_feedback. Returns 0 or -ENOMEM.
 */
int unit_actions_new(char *const *units, bool hold_feedback, const struct unit_actions_ops *ops,
		     void *userdata, struct unit_actions **ret);
struct unit_actions *unit_actions_free(struct unit_actions *a);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct unit_actions *, unit_actions_free)

/* Whether units (as for unit_actions_new()) names any unit at all. */
bool unit_actions_configured(char *const *units);

/*
 * A button event: start the unit configured for its kind (a HOLD gives
 * its feedback first, the moment hold-ms is reached). Returns 1 when a
 * start was asked for, 0 when the kind has no unit, or the starter's
 * negative errno.
 */
int unit_actions_handle(struct unit_actions *a, const struct led_cuse_event *event);

#endif
