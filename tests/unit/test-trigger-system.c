/* SPDX-License-Identifier: MIT */
/*
 * The system trigger: its table of SystemStates, and following the
 * manager against a fake systemd (fake-systemd.h) over a socketpair.
 */
#include "led-test.h"

#include <string.h>

#include "fake-systemd.h"
#include "trigger-system.h"

static struct trigger_system *ts;

static void teardown(void)
{
	ts = trigger_system_free(ts);
	fake_systemd_teardown();
}

LED_TEST_FIXTURE(fake_systemd_setup, teardown)

static const char *look(const char *state)
{
	bool on = true;
	unsigned int ms = trigger_system_look(state, &on);

	return fake_systemd_look(ms, on);
}

LED_TEST_CASE(test_look)
{
	ck_assert_str_eq(look("running"), "on");
	ck_assert_str_eq(look("initializing"), "blink 500");
	ck_assert_str_eq(look("starting"), "blink 500");
	ck_assert_str_eq(look("degraded"), "blink 100");
	ck_assert_str_eq(look("maintenance"), "blink 500");
	ck_assert_str_eq(look("stopping"), "off");
	ck_assert_str_eq(look("offline"), "off");
	ck_assert_str_eq(look("unknown"), "off");
	ck_assert_str_eq(look("something-new"), "off");
}

static void start(void)
{
	ck_assert_int_eq(trigger_system_new(fake.event, &fake_systemd_sink, NULL, &fake_systemd_opener, NULL, &ts), 0);
}

LED_TEST_CASE(test_first_state)
{
	fake.system_state = "starting";
	start();
	ck_assert_int_eq(fake.shown_n, 0);
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_str_eq(fake_systemd_shown(), "blink 500");
	ck_assert_int_eq(fake.subscribes, 1);
	ck_assert_int_eq(fake.gets, 1);
}

/* A unit fails, the system is degraded; reset-failed: running again. */
LED_TEST_CASE(test_read_again_on_unit_changes)
{
	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake.system_state = "degraded";
	fake_systemd_emit_unit_changed("/org/freedesktop/systemd1/unit/bar_2eservice", false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	fake.system_state = "running";
	fake_systemd_emit_unit_changed("/org/freedesktop/systemd1/unit/bar_2eservice", true);
	ck_assert(fake_systemd_run_until(fake.shown_n == 3));
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100,on");
	ck_assert_int_eq(fake.gets, 3);
}

LED_TEST_CASE(test_read_again_on_manager_signals)
{
	static const char *const members[] = { "JobRemoved", "StartupFinished", "UnitRemoved", "JobNew" };
	static const char *const states[] = { "degraded", "running", "maintenance", "stopping" };

	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	for (int i = 0; i < 4; i++) {
		fake.system_state = states[i];
		fake_systemd_emit_manager(members[i]);
		ck_assert(fake_systemd_run_until(fake.shown_n == i + 2));
	}
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100,on,blink 500,off");
	ck_assert_int_eq(fake.gets, 5);
}

/* Many signals at once (a boot): one Get in flight and at most one more after it. */
LED_TEST_CASE(test_reads_are_coalesced)
{
	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake.system_state = "degraded";
	for (int i = 0; i < 20; i++)
		fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	fake_systemd_settle();
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100");
	ck_assert_int_le(fake.gets, 3);
	ck_assert_int_ge(fake.gets, 2);
}

/* Other signals of the Properties interface, and repeats: nothing shown. */
LED_TEST_CASE(test_unrelated_signals)
{
	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_int_ge(sd_bus_emit_signal(fake.server, "/org/freedesktop/systemd1/unit/bar_2eservice",
					    "org.freedesktop.DBus.Properties", "PropertiesChanged", "sa{sv}as",
					    "org.freedesktop.systemd1.Service", 0, 0), 0);
	ck_assert_int_ge(sd_bus_emit_signal(fake.server, "/org/freedesktop/systemd1/job/42",
					    "org.freedesktop.DBus.Properties", "PropertiesChanged", "sa{sv}as",
					    "org.freedesktop.systemd1.Unit", 0, 0), 0);
	fake_systemd_settle();
	ck_assert_int_eq(fake.gets, 1);
	fake_systemd_emit_manager("JobRemoved");
	fake_systemd_settle();
	ck_assert_int_eq(fake.gets, 2);
	ck_assert_str_eq(fake_systemd_shown(), "on");
}

LED_TEST_CASE(test_reconnect)
{
	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake.system_state = "degraded";
	fake_systemd_hang_up();
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100");
	ck_assert_int_eq(fake.opens, 2);
	ck_assert_int_eq(fake.subscribes, 2);
	fake.system_state = "running";
	fake_systemd_emit_manager("JobRemoved");
	ck_assert(fake_systemd_run_until(fake.shown_n == 3));
}

LED_TEST_CASE(test_quiet_is_idle)
{
	start();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake_systemd_settle();
	ck_assert_int_eq(sd_event_run(fake.event, 500000), 0);
}
