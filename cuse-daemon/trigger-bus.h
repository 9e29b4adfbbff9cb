/* SPDX-License-Identifier: MIT */
/*
 * The system bus of a trigger that follows a systemd state (unit: a unit's
 * ActiveState; system: the manager's SystemState): one connection per
 * trigger on the daemon's sd-event loop, that reads the state with
 * asynchronous calls only and shows it on the trigger's sink through the
 * kind's look (state -> level or endless blink).
 *
 * Connecting waits for the bus without waking up: sd_bus_set_watch_bind()
 * makes sd-bus wait on inotify for /run/dbus/system_bus_socket while it is
 * missing (dbus not started yet). Every time a connection is up
 * (org.freedesktop.DBus.Local.Connected) Subscribe() is sent, since systemd
 * emits unit and job signals only to subscribers, and the kind's
 * connected() adds its matches and asks for the state. A connection that
 * goes away once up (dbus restarted) is replaced at once; one that goes
 * before it was ever up, or cannot be opened, is tried again after
 * TRIGGER_BUS_RETRY_S seconds. Without a connection the LED keeps showing
 * the last state learnt.
 */
#ifndef LED_CUSE_TRIGGER_BUS_H
#define LED_CUSE_TRIGGER_BUS_H

#include <stdbool.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "macro.h"
#include "trigger.h"

#define TRIGGER_BUS_RETRY_S 5

struct trigger_bus;

struct trigger_bus_opener_ops {
	/*
	 * Open a connection and start it, with the Connected signal on
	 * (sd_bus_set_connected_signal()): the daemon's (opener NULL) is the
	 * system bus, waiting for its socket with sd_bus_set_watch_bind().
	 */
	int (*open)(void *userdata, sd_bus **ret);
};

struct trigger_bus_ops {
	/*
	 * The connection is up (again: every earlier match and call is gone):
	 * add the matches, then trigger_bus_get() the state. A negative errno
	 * is logged; the trigger then waits for the next connection.
	 */
	int (*connected)(void *userdata, sd_bus *bus);
	/* How a state shows: a blink of that many ms on and as many off, or 0 and the level in *ret_on. */
	unsigned int (*look)(const char *state, bool *ret_on);
};

/*
 * Start connecting (nothing is shown before the first state). Fails only
 * with -ENOMEM; a bus that cannot be opened yet is retried.
 */
int trigger_bus_new(sd_event *event, const struct trigger_bus_opener_ops *opener, void *opener_userdata,
		    const struct trigger_bus_ops *ops, void *userdata, const struct trigger_sink_ops *sink,
		    void *sink_userdata, struct trigger_bus **ret);
/* Closes the connection, dropping the calls still pending. */
struct trigger_bus *trigger_bus_free(struct trigger_bus *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct trigger_bus *, trigger_bus_free)

/*
 * Read property ("s") of interface at path asynchronously and show its
 * value. One call at a time: asked again while one is pending, it is sent
 * once more when that one's reply comes (interface and property are
 * literals, path is copied). 0, or a negative errno (not connected, or the
 * call could not be sent).
 */
int trigger_bus_get(struct trigger_bus *b, const char *path, const char *interface, const char *property);

/* Show state (as the look says) unless it shows so already. */
void trigger_bus_show(struct trigger_bus *b, const char *state);

/*
 * A method reply: 0 for a return, -EIO for an error (logged with what was
 * asked), -ENOTCONN when the connection is closing (every pending call fails
 * then, Disconnected comes next: not logged).
 */
int trigger_bus_check_reply(sd_bus_message *reply, const char *what);

#endif
