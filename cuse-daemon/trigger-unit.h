/* SPDX-License-Identifier: MIT */
/*
 * The unit trigger ("trigger unit UNIT"): the LED shows a systemd unit's
 * ActiveState.
 *   active                                             on
 *   activating, deactivating, reloading, refreshing    slow blink (TRIGGER_SLOW_BLINK_MS on, as long off)
 *   failed                                             fast blink (TRIGGER_FAST_BLINK_MS on, as long off)
 *   inactive, and a unit not loaded or not found       off
 *   anything else (maintenance, a state to come)       slow blink
 * It asks systemd for the unit's object path (LoadUnit, which also loads a
 * unit not loaded yet: a unit file missing shows inactive), then for its
 * ActiveState (Get), and follows the unit's PropertiesChanged signals
 * (interface org.freedesktop.systemd1.Unit): a new ActiveState is shown as
 * it comes, an ActiveState only invalidated is read again (Get). All calls
 * are asynchronous, on the daemon's loop; a unit that does not change
 * costs no wake-up. The bus (waited for, reconnected) is trigger-bus.h's.
 */
#ifndef LED_CUSE_TRIGGER_UNIT_H
#define LED_CUSE_TRIGGER_UNIT_H

#include <stdbool.h>

#include "macro.h"
#include "trigger-bus.h"
#include "trigger.h"

struct trigger_unit;

/* How the LED shows an ActiveState (the table above): the blink's ms on and off, or 0 and the level in *ret_on. */
unsigned int trigger_unit_look(const char *active_state, bool *ret_on);

/*
 * Follow unit (a valid unit name) on sink, over the connections opener
 * opens (NULL: the system bus). Fails only with -ENOMEM.
 */
int trigger_unit_new(sd_event *event, const char *unit, const struct trigger_sink_ops *sink, void *userdata,
		     const struct trigger_bus_opener_ops *opener, void *opener_userdata, struct trigger_unit **ret);
struct trigger_unit *trigger_unit_free(struct trigger_unit *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct trigger_unit *, trigger_unit_free)

#endif
