/* SPDX-License-Identifier: MIT */
#include "trigger-unit.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "string-util.h"

#define UNIT_INTERFACE "org.freedesktop.systemd1.Unit"
#define UNIT_PATH_PREFIX "/org/freedesktop/systemd1/unit"

struct trigger_unit {
	char *name;
	char *path;             /* the unit's object path on this connection, once known */
	struct trigger_bus *bus;
};

unsigned int trigger_unit_look(const char *active_state, bool *ret_on)
{
	static const char *const slow[] = { "activating", "deactivating", "reloading", "refreshing" };

	*ret_on = false;
	if (strcmp(active_state, "active") == 0) {
		*ret_on = true;
		return 0;
	}
	if (strcmp(active_state, "inactive") == 0)
		return 0;
	if (strcmp(active_state, "failed") == 0)
		return TRIGGER_FAST_BLINK_MS;
	for (size_t i = 0; i < ELEMENTSOF(slow); i++)
		if (strcmp(active_state, slow[i]) == 0)
			return TRIGGER_SLOW_BLINK_MS;
	return TRIGGER_SLOW_BLINK_MS; /* maintenance, or new to us: something is going on */
}

/* PropertiesChanged(interface, changed a{sv}, invalidated as) of the unit. */
static int on_properties_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_unit *t = userdata;
	const char *key, *state = NULL;
	bool invalidated = false;
	int r;

	r = sd_bus_message_skip(m, "s");
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read(m, "s", &key);
		if (r >= 0 && strcmp(key, "ActiveState") == 0)
			r = sd_bus_message_read(m, "v", "s", &state);
		else if (r >= 0)
			r = sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "s");
	while (r >= 0 && (r = sd_bus_message_read(m, "s", &key)) > 0)
		if (strcmp(key, "ActiveState") == 0)
			invalidated = true;
	if (r < 0) {
		log_warning_errno(r, "trigger: cannot read a PropertiesChanged of %s: %m", t->name);
		return 0;
	}
	if (state)
		trigger_bus_show(t->bus, state);
	else if (invalidated)
		(void)trigger_bus_get(t->bus, t->path, UNIT_INTERFACE, "ActiveState");
	return 0;
}

static int on_match_added(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_unit *t = userdata;
	char what[512];

	(void)snprintf(what, sizeof(what), "watching %s", t->name);
	(void)trigger_bus_check_reply(reply, what);
	return 0;
}

static int on_load_unit_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_unit *t = userdata;
	sd_bus *bus = sd_bus_message_get_bus(reply);
	_cleanup_free_ char *match = NULL;
	char what[512];
	const char *path;
	int r;

	(void)snprintf(what, sizeof(what), "LoadUnit(%s)", t->name);
	r = trigger_bus_check_reply(reply, what);
	if (r == -ENOTCONN)
		return 0;
	if (r == 0)
		r = sd_bus_message_read(reply, "o", &path);
	if (r >= 0)
		r = free_and_strdup(&t->path, path);
	if (r < 0) {
		/* Shown as not there (off); its signals still come on the path
		 * systemd names it by, should it appear. */
		trigger_bus_show(t->bus, "inactive");
		r = sd_bus_path_encode(UNIT_PATH_PREFIX, t->name, &t->path);
		if (r < 0)
			return log_error_errno(r, "trigger: cannot follow %s: %m", t->name);
	}
	if (asprintf(&match, "type='signal',sender='org.freedesktop.systemd1',path='%s',"
		     "interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',arg0='" UNIT_INTERFACE "'",
		     t->path) < 0)
		return log_error_errno(ENOMEM, "trigger: cannot follow %s: %m", t->name);
	/* The match is in place before the Get reaches systemd (the bus keeps
	 * our messages' order): no change falls in between. */
	r = sd_bus_add_match_async(bus, NULL, match, on_properties_changed, on_match_added, t);
	if (r >= 0)
		r = trigger_bus_get(t->bus, t->path, UNIT_INTERFACE, "ActiveState");
	if (r < 0)
		log_error_errno(r, "trigger: cannot follow %s: %m", t->name);
	return 0;
}

static int trigger_unit_connected(void *userdata, sd_bus *bus)
{
	struct trigger_unit *t = userdata;

	free(t->path);
	t->path = NULL;
	return sd_bus_call_method_async(bus, NULL, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
					"org.freedesktop.systemd1.Manager", "LoadUnit", on_load_unit_reply, t, "s",
					t->name);
}

static const struct trigger_bus_ops trigger_unit_bus_ops = {
	.connected = trigger_unit_connected,
	.look = trigger_unit_look,
};

int trigger_unit_new(sd_event *event, const char *unit, const struct trigger_sink_ops *sink, void *userdata,
		     const struct trigger_bus_opener_ops *opener, void *opener_userdata, struct trigger_unit **ret)
{
	_cleanup_(trigger_unit_freep) struct trigger_unit *t = NULL;
	int r;

	assert(event && unit && sink && ret);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->name = strdup(unit);
	if (!t->name)
		return -ENOMEM;
	r = trigger_bus_new(event, opener, opener_userdata, &trigger_unit_bus_ops, t, sink, userdata, &t->bus);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(t);
	return 0;
}

struct trigger_unit *trigger_unit_free(struct trigger_unit *t)
{
	if (!t)
		return NULL;
	trigger_bus_free(t->bus);
	free(t->path);
	free(t->name);
	free(t);
	return NULL;
}

static int kind_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		    const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	struct trigger_unit *t;
	int r;

	assert(spec->kind == LED_CUSE_TRIGGER_UNIT);
	r = trigger_unit_new(event, spec->name, sink, userdata, NULL, NULL, &t);
	if (r >= 0)
		*ret = t;
	return r;
}

static void *kind_free(void *impl)
{
	return trigger_unit_free(impl);
}

const struct trigger_kind trigger_unit_kind = {
	.new = kind_new,
	.free = kind_free,
};
