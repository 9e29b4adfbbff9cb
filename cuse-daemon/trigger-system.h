/* SPDX-License-Identifier: MIT */
/*
 * The system trigger ("trigger system"), a headless board's health LED:
 * the LED shows systemd's SystemState (org.freedesktop.systemd1.Manager).
 *   running                        on
 *   initializing, starting         slow blink (TRIGGER_SLOW_BLINK_MS on, as long off)
 *   degraded (a unit failed)       fast blink (TRIGGER_FAST_BLINK_MS on, as long off)
 *   maintenance (rescue, emergency) slow blink
 *   stopping, offline, unknown, anything else   off
 * systemd announces no change of SystemState (no PropertiesChanged: its
 * property has no emits-change flag), so it is read (Get, asynchronously,
 * one call at a time, coalesced) at the start and whenever something that
 * changes it happens: any signal of the manager (JobNew, JobRemoved,
 * UnitNew, UnitRemoved, StartupFinished, Reloading...) and any unit's
 * PropertiesChanged (interface org.freedesktop.systemd1.Unit, under
 * /org/freedesktop/systemd1/unit: a unit failing or reset). A quiet system
 * costs no wake-up. The bus (waited for, reconnected) is trigger-bus.h's.
 */
#ifndef LED_CUSE_TRIGGER_SYSTEM_H
#define LED_CUSE_TRIGGER_SYSTEM_H

#include <stdbool.h>

#include "macro.h"
#include "trigger-bus.h"
#include "trigger.h"

struct trigger_system;

/* How the LED shows a SystemState (the table above): the blink's ms on and off, or 0 and the level in *ret_on. */
unsigned int trigger_system_look(const char *system_state, bool *ret_on);

/* Follow the system's state on sink over the connections opener opens (NULL: the system bus). Fails only with -ENOMEM. */
int trigger_system_new(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
		       const struct trigger_bus_opener_ops *opener, void *opener_userdata, struct trigger_system **ret);
struct trigger_system *trigger_system_free(struct trigger_system *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct trigger_system *, trigger_system_free)

#endif
