/* SPDX-License-Identifier: MIT */
/*
 * Unit actions: which button event starts which systemd unit (on-press,
 * on-hold, on-double).
 *
 * The decision is made here; the start is behind struct unit_actions_ops:
 * StartUnit over the system bus (unit-bus.c) in the daemon, a recording
 * fake in the unit tests. Starting never waits: the starter only asks, and
 * logs the outcome when it comes. What else a start brings (the LED's
 * feedback blink) is for the caller to decide: button-actions.c.
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
};

/* What unit_actions_handle() did. */
enum unit_actions_result {
	UNIT_ACTIONS_NONE,      /* the event's kind has no unit */
	UNIT_ACTIONS_STARTED,   /* its unit's start was asked for */
};

struct unit_actions;

/*
 * units: LED_CUSE_EVENT_KINDS entries indexed by kind (enum
 * led_cuse_event_kind), each a valid unit name (unit-name.h) or NULL for
 * none; copied. Returns 0 or -ENOMEM.
 */
int unit_actions_new(char *const *units, const struct unit_actions_ops *ops, void *userdata,
		     struct unit_actions **ret);
struct unit_actions *unit_actions_free(struct unit_actions *a);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct unit_actions *, unit_actions_free)

/* Whether units (as for unit_actions_new()) names any unit at all. */
bool unit_actions_configured(char *const *units);

/*
 * A button event: start the unit configured for its kind. Returns
 * UNIT_ACTIONS_STARTED, UNIT_ACTIONS_NONE, or the starter's negative errno.
 */
int unit_actions_handle(struct unit_actions *a, const struct led_cuse_event *event);

#endif
