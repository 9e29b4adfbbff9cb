/* SPDX-License-Identifier: MIT */
#include "fake-systemd.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <systemd/sd-id128.h>

#include "led-mode.h"

struct fake_systemd fake;

static int method_load_unit(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	const char *unit;
	int r = sd_bus_message_read(m, "s", &unit);

	if (r < 0)
		return r;
	fake.load_units++;
	snprintf(fake.loaded, sizeof(fake.loaded), "%s", unit);
	if (strcmp(unit, "denied.service") == 0)
		return sd_bus_error_set(error, "org.freedesktop.DBus.Error.AccessDenied", "Access denied");
	if (strcmp(unit, "foo.service") == 0 || strcmp(unit, "alias.service") == 0)
		return sd_bus_reply_method_return(m, "o", FAKE_UNIT_PATH);
	return sd_bus_reply_method_return(m, "o", "/org/freedesktop/systemd1/unit/other_2eservice");
}

static int method_subscribe(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	fake.subscribes++;
	return sd_bus_reply_method_return(m, "");
}

static int get_state(sd_bus *bus, const char *path, const char *interface, const char *property,
		     sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
	fake.gets++;
	return sd_bus_message_append(reply, "s", *(const char **)userdata);
}

static const sd_bus_vtable manager_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("LoadUnit", "s", "o", method_load_unit, 0),
	SD_BUS_METHOD("Subscribe", "", "", method_subscribe, 0),
	/* As systemd's: no emits-change flag. */
	SD_BUS_PROPERTY("SystemState", "s", get_state, 0, 0),
	SD_BUS_VTABLE_END,
};

static const sd_bus_vtable unit_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_PROPERTY("ActiveState", "s", get_state, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_VTABLE_END,
};

static int fake_open(void *userdata, sd_bus **ret)
{
	sd_bus *client = NULL;
	sd_id128_t id;
	int fds[2];

	if (++fake.opens <= fake.opens_failing)
		return -ECONNREFUSED;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds), 0);
	fake.server = sd_bus_close_unref(fake.server);
	ck_assert_int_ge(sd_bus_new(&fake.server), 0);
	ck_assert_int_ge(sd_bus_set_fd(fake.server, fds[0], fds[0]), 0);
	ck_assert_int_ge(sd_id128_randomize(&id), 0);
	ck_assert_int_ge(sd_bus_set_server(fake.server, 1, id), 0);
	/* Its messages name it, as the bus daemon's would. */
	ck_assert_int_ge(sd_bus_set_sender(fake.server, "org.freedesktop.systemd1"), 0);
	ck_assert_int_ge(sd_bus_add_object_vtable(fake.server, NULL, "/org/freedesktop/systemd1",
						  "org.freedesktop.systemd1.Manager", manager_vtable,
						  &fake.system_state), 0);
	ck_assert_int_ge(sd_bus_add_object_vtable(fake.server, NULL, FAKE_UNIT_PATH, "org.freedesktop.systemd1.Unit",
						  unit_vtable, &fake.unit_state), 0);
	if (!fake.hold)
		fake_systemd_serve();
	ck_assert_int_ge(sd_bus_new(&client), 0);
	ck_assert_int_ge(sd_bus_set_fd(client, fds[1], fds[1]), 0);
	ck_assert_int_ge(sd_bus_set_connected_signal(client, 1), 0);
	ck_assert_int_ge(sd_bus_start(client), 0);
	*ret = client;
	return 0;
}

const struct trigger_bus_opener_ops fake_systemd_opener = { .open = fake_open };

void fake_systemd_serve(void)
{
	ck_assert_int_ge(sd_bus_start(fake.server), 0);
	ck_assert_int_ge(sd_bus_attach_event(fake.server, fake.event, 0), 0);
}

void fake_systemd_hang_up(void)
{
	fake.server = sd_bus_close_unref(fake.server);
}

static void sink_show(void *userdata, bool on, const struct led_mode *mode)
{
	ck_assert_int_lt(fake.shown_n, 32);
	if (mode) {
		/* Only endless even blinks are shown by these kinds. */
		ck_assert_int_eq(mode->kind, LED_CUSE_MODE_BLINK);
		ck_assert(led_mode_forever(mode));
		ck_assert_uint_eq(mode->steps[0].ms, mode->steps[1].ms);
		ck_assert(on);
	}
	snprintf(fake.shown[fake.shown_n++], sizeof(fake.shown[0]), "%s", fake_systemd_look(mode ? mode->steps[0].ms : 0, on));
}

static void sink_flash(void *userdata, unsigned int ms)
{
	ck_abort_msg("a state trigger flashed");
}

const struct trigger_sink_ops fake_systemd_sink = {
	.show = sink_show,
	.flash = sink_flash,
};

void fake_systemd_setup(void)
{
	memset(&fake, 0, sizeof(fake));
	ck_assert_int_ge(sd_event_new(&fake.event), 0);
	fake.unit_state = "inactive";
	fake.system_state = "running";
}

void fake_systemd_teardown(void)
{
	fake.server = sd_bus_close_unref(fake.server);
	fake.event = sd_event_unref(fake.event);
}

void fake_systemd_emit_unit_changed(const char *path, bool invalidated)
{
	_cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;

	ck_assert_int_ge(sd_bus_message_new_signal(fake.server, &m, path, "org.freedesktop.DBus.Properties",
						   "PropertiesChanged"), 0);
	ck_assert_int_ge(sd_bus_message_append(m, "s", "org.freedesktop.systemd1.Unit"), 0);
	if (invalidated) {
		ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 1, "SubState", "s", "dead"), 0);
		ck_assert_int_ge(sd_bus_message_append(m, "as", 2, "Job", "ActiveState"), 0);
	} else {
		/* The other properties are skipped. */
		ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 3, "SubState", "s", "dead", "ActiveState", "s",
						       fake.unit_state, "StateChangeTimestamp", "t", UINT64_C(42)), 0);
		ck_assert_int_ge(sd_bus_message_append(m, "as", 0), 0);
	}
	ck_assert_int_ge(sd_bus_send(fake.server, m, NULL), 0);
}

void fake_systemd_emit_manager(const char *member)
{
	ck_assert_int_ge(sd_bus_emit_signal(fake.server, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
					    member, ""), 0);
}

void fake_systemd_settle(void)
{
	while (sd_event_run(fake.event, 100000) > 0)
		;
}

const char *fake_systemd_look(unsigned int blink_ms, bool on)
{
	static char buf[32];

	if (blink_ms > 0)
		snprintf(buf, sizeof(buf), "blink %u", blink_ms);
	else
		snprintf(buf, sizeof(buf), "%s", on ? "on" : "off");
	return buf;
}

const char *fake_systemd_shown(void)
{
	static char buf[32 * 33];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < fake.shown_n; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "," : "", fake.shown[i]);
	return buf;
}
