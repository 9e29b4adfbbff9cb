/* SPDX-License-Identifier: MIT */
/*
 * How the daemon starts a unit: StartUnit(UNIT, "replace") on
 * org.freedesktop.systemd1 over the system bus, with libsystemd's sd-bus
 * attached to the daemon's sd-event loop. A start is a method call whose
 * reply is handled when it comes: the loop never waits for systemd. The
 * reply (the job, or the bus error) is logged with the unit's name.
 */
#ifndef LED_CUSE_UNIT_BUS_H
#define LED_CUSE_UNIT_BUS_H

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "macro.h"
#include "unit-actions.h"

struct unit_bus;

struct unit_bus_ops {
	/* Open a new bus connection (the daemon's: sd_bus_open_system()). */
	int (*open)(void *userdata, sd_bus **ret);
};

/*
 * Connects at once (through ops->open; ops NULL: the system bus), or, when
 * that fails, logs why and connects again at the next start: the bus not
 * being there yet is no reason to fail. Returns 0 or -ENOMEM.
 */
int unit_bus_new(sd_event *event, const struct unit_bus_ops *ops, void *userdata, struct unit_bus **ret);
/* Closes the connection without waiting for replies still to come. */
struct unit_bus *unit_bus_free(struct unit_bus *u);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct unit_bus *, unit_bus_free)

/*
 * Ask systemd to start unit (a valid name) and return: the reply is
 * logged when it comes, the unit's name with the job or with the bus
 * error's name and message. Connects first if there is no connection (or
 * it was closed). 0, or a negative errno, logged, when the call could not
 * be sent.
 */
int unit_bus_start_unit(struct unit_bus *u, const char *unit);

/* The unit actions' starter (unit-actions.h) over the bus given as its userdata. */
extern const struct unit_actions_ops unit_bus_starter;

#endif
