/* SPDX-License-Identifier: MIT */
#include "trigger-bus.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "led-mode.h"
#include "log.h"
#include "string-util.h"

#define SYSTEMD_SERVICE "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"
#define LOCAL_SERVICE "org.freedesktop.DBus.Local"
#define LOCAL_PATH "/org/freedesktop/DBus/Local"
#define SYSTEM_BUS_ADDRESS "unix:path=/run/dbus/system_bus_socket"

struct trigger_bus {
	sd_event *event;
	const struct trigger_bus_opener_ops *opener;
	void *opener_userdata;
	const struct trigger_bus_ops *ops;
	void *userdata;
	const struct trigger_sink_ops *sink;
	void *sink_userdata;

	sd_bus *bus;                    /* NULL: none (waiting for retry) */
	bool up;                        /* bus got to Connected */
	sd_event_source *retry;         /* one-shot, while there is no bus */

	/* The Get in flight, and whether to send it once more. */
	bool get_pending, get_again;
	char *get_path;
	const char *get_interface, *get_property;

	bool shown;                     /* shown_* valid */
	bool shown_on;
	unsigned int shown_blink_ms;
};

static int trigger_bus_connect(struct trigger_bus *b);

static int on_retry(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct trigger_bus *b = userdata;

	b->retry = sd_event_source_unref(b->retry);
	(void)trigger_bus_connect(b);
	return 0;
}

/* No bus now: try again in TRIGGER_BUS_RETRY_S (the only timer here, armed only while there is no bus). */
static void trigger_bus_retry_later(struct trigger_bus *b)
{
	int r;

	if (b->retry)
		return;
	r = sd_event_add_time_relative(b->event, &b->retry, CLOCK_MONOTONIC, TRIGGER_BUS_RETRY_S * 1000000ULL,
				       0, on_retry, b);
	if (r < 0)
		log_error_errno(r, "trigger: cannot arm the system bus retry: %m");
}

static int on_subscribe_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	(void)trigger_bus_check_reply(reply, "Subscribe() to systemd");
	return 0;
}

static int on_connected(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_bus *b = userdata;
	sd_bus *bus = sd_bus_message_get_bus(m);
	int r;

	b->up = true;
	b->get_pending = b->get_again = false;
	r = sd_bus_call_method_async(bus, NULL, SYSTEMD_SERVICE, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe",
				     on_subscribe_reply, b, "");
	if (r >= 0)
		r = b->ops->connected(b->userdata, bus);
	if (r < 0)
		log_error_errno(r, "trigger: cannot follow systemd on the system bus: %m");
	return 0;
}

static int on_disconnected(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_bus *b = userdata;
	bool was_up = b->up;

	/* sd-bus holds its own reference while it dispatches this. */
	b->bus = sd_bus_close_unref(b->bus);
	b->up = false;
	b->get_pending = b->get_again = false;
	if (was_up) {
		log_notice("trigger: the system bus connection was closed: connecting again");
		(void)trigger_bus_connect(b);
	} else {
		log_warning("trigger: the system bus closed the connection: trying again in %d s", TRIGGER_BUS_RETRY_S);
		trigger_bus_retry_later(b);
	}
	return 0;
}

/* Open and attach a connection; on failure log it and retry later. */
static int trigger_bus_connect(struct trigger_bus *b)
{
	_cleanup_(sd_bus_close_unrefp) sd_bus *bus = NULL;
	int r;

	r = b->opener->open(b->opener_userdata, &bus);
	/* Both local: sd-bus itself sends them, no AddMatch goes out. */
	if (r >= 0)
		r = sd_bus_match_signal_async(bus, NULL, LOCAL_SERVICE, LOCAL_PATH, LOCAL_SERVICE, "Connected",
					      on_connected, NULL, b);
	if (r >= 0)
		r = sd_bus_match_signal_async(bus, NULL, LOCAL_SERVICE, LOCAL_PATH, LOCAL_SERVICE, "Disconnected",
					      on_disconnected, NULL, b);
	/* Stopping the daemon must not wait for the bus. */
	if (r >= 0)
		r = sd_bus_set_close_on_exit(bus, false);
	if (r >= 0)
		r = sd_bus_attach_event(bus, b->event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		if (r != -ENOMEM)
			log_warning_errno(r, "trigger: cannot connect to the system bus (%m): trying again in %d s",
					  TRIGGER_BUS_RETRY_S);
		trigger_bus_retry_later(b);
		return r;
	}
	b->bus = TAKE_PTR(bus);
	return 0;
}

/* As systemd's bus_open_system_watch_bind(): waits for the socket instead of failing. */
static int open_system(void *userdata, sd_bus **ret)
{
	_cleanup_(sd_bus_close_unrefp) sd_bus *bus = NULL;
	const char *address = secure_getenv("DBUS_SYSTEM_BUS_ADDRESS");
	int r;

	r = sd_bus_new(&bus);
	if (r >= 0)
		r = sd_bus_set_address(bus, address ? address : SYSTEM_BUS_ADDRESS);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, true);
	if (r >= 0)
		r = sd_bus_set_watch_bind(bus, true);
	if (r >= 0)
		r = sd_bus_set_connected_signal(bus, true);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(bus);
	return 0;
}

static const struct trigger_bus_opener_ops system_bus = {
	.open = open_system,
};

int trigger_bus_new(sd_event *event, const struct trigger_bus_opener_ops *opener, void *opener_userdata,
		    const struct trigger_bus_ops *ops, void *userdata, const struct trigger_sink_ops *sink,
		    void *sink_userdata, struct trigger_bus **ret)
{
	_cleanup_(trigger_bus_freep) struct trigger_bus *b = NULL;
	int r;

	assert(event && ops && ops->connected && ops->look && sink && sink->show && ret);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->event = sd_event_ref(event);
	b->opener = opener ? opener : &system_bus;
	b->opener_userdata = opener_userdata;
	b->ops = ops;
	b->userdata = userdata;
	b->sink = sink;
	b->sink_userdata = sink_userdata;
	r = trigger_bus_connect(b);
	if (r == -ENOMEM)
		return r;
	*ret = TAKE_PTR(b);
	return 0;
}

struct trigger_bus *trigger_bus_free(struct trigger_bus *b)
{
	if (!b)
		return NULL;
	/* Matches and pending calls are floating: they go with the bus. */
	sd_bus_close_unref(b->bus);
	sd_event_source_disable_unref(b->retry);
	sd_event_unref(b->event);
	free(b->get_path);
	free(b);
	return NULL;
}

int trigger_bus_check_reply(sd_bus_message *reply, const char *what)
{
	const sd_bus_error *e = sd_bus_message_get_error(reply);

	if (!e)
		return 0;
	if (sd_bus_is_open(sd_bus_message_get_bus(reply)) <= 0)
		return -ENOTCONN;
	if (e->message) /* an error reply need not carry a text */
		log_warning("trigger: %s failed: %s: %s", what, e->name, e->message);
	else
		log_warning("trigger: %s failed: %s", what, e->name);
	return -EIO;
}

static int trigger_bus_send_get(struct trigger_bus *b);

static int on_get_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_bus *b = userdata;
	char what[256];
	const char *state;
	int r;

	b->get_pending = false;
	(void)snprintf(what, sizeof(what), "reading %s of %s", b->get_property, b->get_path);
	r = trigger_bus_check_reply(reply, what);
	if (r == -ENOTCONN)
		return 0;
	if (r == 0) {
		r = sd_bus_message_read(reply, "v", "s", &state);
		if (r < 0)
			log_warning_errno(r, "trigger: cannot read %s of %s from its reply: %m", b->get_property,
					  b->get_path);
		else
			trigger_bus_show(b, state);
	}
	if (b->get_again) {
		b->get_again = false;
		(void)trigger_bus_send_get(b);
	}
	return 0;
}

static int trigger_bus_send_get(struct trigger_bus *b)
{
	int r;

	r = sd_bus_call_method_async(b->bus, NULL, SYSTEMD_SERVICE, b->get_path, "org.freedesktop.DBus.Properties",
				     "Get", on_get_reply, b, "ss", b->get_interface, b->get_property);
	if (r < 0)
		return log_warning_errno(r, "trigger: cannot ask for %s of %s: %m", b->get_property, b->get_path);
	b->get_pending = true;
	return 0;
}

int trigger_bus_get(struct trigger_bus *b, const char *path, const char *interface, const char *property)
{
	assert(b && path && interface && property);
	if (!b->bus || !b->up)
		return -ENOTCONN;
	if (!b->get_path || strcmp(b->get_path, path) != 0) {
		int r = free_and_strdup(&b->get_path, path);

		if (r < 0)
			return r;
	}
	b->get_interface = interface;
	b->get_property = property;
	if (b->get_pending) {
		b->get_again = true;
		return 0;
	}
	return trigger_bus_send_get(b);
}

void trigger_bus_show(struct trigger_bus *b, const char *state)
{
	struct led_mode mode;
	unsigned int blink_ms;
	bool on = false;

	blink_ms = b->ops->look(state, &on);
	if (blink_ms > 0)
		on = true;
	if (b->shown && b->shown_on == on && b->shown_blink_ms == blink_ms)
		return;
	b->shown = true;
	b->shown_on = on;
	b->shown_blink_ms = blink_ms;
	if (blink_ms == 0)
		b->sink->show(b->sink_userdata, on, NULL);
	else if (led_mode_blink(blink_ms, blink_ms, 0, &mode) >= 0)
		b->sink->show(b->sink_userdata, true, &mode);
}
