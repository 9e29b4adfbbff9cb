/* SPDX-License-Identifier: MIT */
#include "unit-bus.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct unit_bus {
	sd_event *event;
	const struct unit_bus_ops *ops;
	void *userdata;
	sd_bus *bus;            /* NULL: not connected (yet, or any more) */
};

static int unit_bus_connect(struct unit_bus *u)
{
	_cleanup_(sd_bus_close_unrefp) sd_bus *bus = NULL;
	int r;

	/* Not blocking: the socket is non-blocking, authentication and Hello
	 * run on the loop, and calls made meanwhile are queued. */
	r = u->ops->open(u->userdata, &bus);
	if (r < 0)
		return r;
	/* A bus that hangs must not hold up the daemon's stop: no flush when
	 * the loop exits (a start asked for has been written out already unless
	 * the socket was full). */
	r = sd_bus_set_close_on_exit(bus, false);
	if (r >= 0)
		r = sd_bus_attach_event(bus, u->event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		return r;
	u->bus = TAKE_PTR(bus);
	return 0;
}

static int open_system(void *userdata, sd_bus **ret)
{
	return sd_bus_open_system(ret);
}

static const struct unit_bus_ops system_bus = {
	.open = open_system,
};

int unit_bus_new(sd_event *event, const struct unit_bus_ops *ops, void *userdata, struct unit_bus **ret)
{
	_cleanup_(unit_bus_freep) struct unit_bus *u = calloc(1, sizeof(*u));
	int r;

	if (!u)
		return -ENOMEM;
	u->event = sd_event_ref(event);
	u->ops = ops ? ops : &system_bus;
	u->userdata = userdata;
	/*
	 * Connecting now shows a problem in the journal at start, but failing
	 * would be wrong: led-cuse may start before dbus (it only needs the
	 * bus when a button action fires, and the system bus is not among its
	 * unit's dependencies), and the LED and /dev/NAME work without it.
	 * The next start connects again.
	 */
	r = unit_bus_connect(u);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		log_warning_errno(r, "cannot connect to the system bus (%m): will try again when a button "
				  "action starts a unit");
	*ret = TAKE_PTR(u);
	return 0;
}

struct unit_bus *unit_bus_free(struct unit_bus *u)
{
	if (!u)
		return NULL;
	/* Pending calls are dropped with their slots (and the unit names). */
	sd_bus_close_unref(u->bus);
	sd_event_unref(u->event);
	free(u);
	return NULL;
}

static int on_start_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	const char *unit = userdata, *job;
	const sd_bus_error *e = sd_bus_message_get_error(reply);

	if (e && e->message)
		log_error("cannot start %s: %s: %s", unit, e->name, e->message);
	else if (e) /* an error reply need not carry a text */
		log_error("cannot start %s: %s", unit, e->name);
	else if (sd_bus_message_read(reply, "o", &job) >= 0)
		log_info("start of %s queued as %s", unit, job);
	else
		log_info("start of %s queued", unit);
	return 0;
}

int unit_bus_start_unit(struct unit_bus *u, const char *unit)
{
	_cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
	_cleanup_free_ char *name = NULL;
	int r;

	/* dbus restarted, or it closed us: start afresh. */
	if (u->bus && sd_bus_is_open(u->bus) <= 0) {
		log_notice("the system bus connection was closed: connecting again");
		u->bus = sd_bus_close_unref(u->bus);
	}
	if (!u->bus) {
		r = unit_bus_connect(u);
		if (r < 0)
			return log_error_errno(r, "cannot start %s: cannot connect to the system bus: %m", unit);
	}
	name = strdup(unit);
	if (!name)
		return log_error_errno(ENOMEM, "cannot start %s: %m", unit);
	r = sd_bus_call_method_async(u->bus, &slot, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
				     "org.freedesktop.systemd1.Manager", "StartUnit", on_start_reply, name,
				     "ss", unit, "replace");
	if (r < 0)
		return log_error_errno(r, "cannot start %s: cannot send StartUnit: %m", unit);
	/* The pending call belongs to the bus from here on, the name with it. */
	r = sd_bus_slot_set_destroy_callback(slot, free);
	if (r >= 0) {
		TAKE_PTR(name);
		r = sd_bus_slot_set_floating(slot, true);
	}
	if (r < 0)
		return log_error_errno(r, "cannot start %s: %m", unit);
	return 0;
}

static int starter_start_unit(void *userdata, const char *unit)
{
	return unit_bus_start_unit(userdata, unit);
}

const struct unit_actions_ops unit_bus_starter = {
	.start_unit = starter_start_unit,
};
