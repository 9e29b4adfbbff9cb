/* SPDX-License-Identifier: MIT */
#include "trigger-system.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define MANAGER_PATH "/org/freedesktop/systemd1"
#define MANAGER_INTERFACE "org.freedesktop.systemd1.Manager"

struct trigger_system {
	struct trigger_bus *bus;
};

unsigned int trigger_system_look(const char *system_state, bool *ret_on)
{
	*ret_on = strcmp(system_state, "running") == 0;
	if (strcmp(system_state, "initializing") == 0 || strcmp(system_state, "starting") == 0 ||
	    strcmp(system_state, "maintenance") == 0)
		return TRIGGER_SLOW_BLINK_MS;
	if (strcmp(system_state, "degraded") == 0)
		return TRIGGER_FAST_BLINK_MS;
	return 0; /* running on; stopping, offline, unknown and the rest off */
}

/* Something that may change SystemState happened: read it (again). */
static int on_change(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct trigger_system *t = userdata;

	(void)trigger_bus_get(t->bus, MANAGER_PATH, MANAGER_INTERFACE, "SystemState");
	return 0;
}

static int on_match_added(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	(void)trigger_bus_check_reply(reply, "watching systemd's signals");
	return 0;
}

static int trigger_system_connected(void *userdata, sd_bus *bus)
{
	struct trigger_system *t = userdata;
	int r;

	/* Both matches are in place before the Get reaches systemd (the bus
	 * keeps our messages' order): no change falls in between. */
	r = sd_bus_match_signal_async(bus, NULL, "org.freedesktop.systemd1", MANAGER_PATH, MANAGER_INTERFACE, NULL,
				      on_change, on_match_added, t);
	if (r >= 0)
		r = sd_bus_add_match_async(bus, NULL,
					   "type='signal',sender='org.freedesktop.systemd1',"
					   "path_namespace='/org/freedesktop/systemd1/unit',"
					   "interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',"
					   "arg0='org.freedesktop.systemd1.Unit'",
					   on_change, on_match_added, t);
	if (r >= 0)
		r = trigger_bus_get(t->bus, MANAGER_PATH, MANAGER_INTERFACE, "SystemState");
	return r;
}

static const struct trigger_bus_ops trigger_system_bus_ops = {
	.connected = trigger_system_connected,
	.look = trigger_system_look,
};

int trigger_system_new(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
		       const struct trigger_bus_opener_ops *opener, void *opener_userdata, struct trigger_system **ret)
{
	_cleanup_(trigger_system_freep) struct trigger_system *t = NULL;
	int r;

	assert(event && sink && ret);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	r = trigger_bus_new(event, opener, opener_userdata, &trigger_system_bus_ops, t, sink, userdata, &t->bus);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(t);
	return 0;
}

struct trigger_system *trigger_system_free(struct trigger_system *t)
{
	if (!t)
		return NULL;
	trigger_bus_free(t->bus);
	free(t);
	return NULL;
}

static int kind_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		    const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	struct trigger_system *t;
	int r;

	assert(spec->kind == LED_CUSE_TRIGGER_SYSTEM);
	r = trigger_system_new(event, sink, userdata, NULL, NULL, &t);
	if (r >= 0)
		*ret = t;
	return r;
}

static void *kind_free(void *impl)
{
	return trigger_system_free(impl);
}

const struct trigger_kind trigger_system_kind = {
	.new = kind_new,
	.free = kind_free,
};
