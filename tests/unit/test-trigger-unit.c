/* SPDX-License-Identifier: MIT */
/*
 * The unit trigger: its table of ActiveStates, and following a unit
 * against a fake systemd (fake-systemd.h) over a socketpair.
 */
#include "led-test.h"

#include <string.h>

#include "fake-systemd.h"
#include "trigger-unit.h"

static struct trigger_unit *tu;

static void teardown(void)
{
	tu = trigger_unit_free(tu);
	fake_systemd_teardown();
}

LED_TEST_FIXTURE(fake_systemd_setup, teardown)

static const char *look(const char *state)
{
	bool on = true;
	unsigned int ms = trigger_unit_look(state, &on);

	return fake_systemd_look(ms, on);
}

LED_TEST_CASE(test_look)
{
	ck_assert_str_eq(look("active"), "on");
	ck_assert_str_eq(look("inactive"), "off");
	ck_assert_str_eq(look("failed"), "blink 100");
	ck_assert_str_eq(look("activating"), "blink 500");
	ck_assert_str_eq(look("deactivating"), "blink 500");
	ck_assert_str_eq(look("reloading"), "blink 500");
	ck_assert_str_eq(look("refreshing"), "blink 500");
	ck_assert_str_eq(look("maintenance"), "blink 500");
	ck_assert_str_eq(look("something-new"), "blink 500");
	ck_assert_str_eq(look(""), "blink 500");
	ck_assert_int_eq(TRIGGER_FAST_BLINK_MS, 100);
	ck_assert_int_eq(TRIGGER_SLOW_BLINK_MS, 500);
}

static void start(const char *unit)
{
	ck_assert_int_eq(trigger_unit_new(fake.event, unit, &fake_systemd_sink, NULL, &fake_systemd_opener, NULL, &tu), 0);
}

LED_TEST_CASE(test_first_state)
{
	fake.unit_state = "active";
	start("foo.service");
	/* Nothing is waited for in new(). */
	ck_assert_int_eq(fake.shown_n, 0);
	ck_assert_int_eq(fake.load_units, 0);
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_str_eq(fake_systemd_shown(), "on");
	ck_assert_int_eq(fake.subscribes, 1);
	ck_assert_int_eq(fake.load_units, 1);
	ck_assert_str_eq(fake.loaded, "foo.service");
	ck_assert_int_eq(fake.gets, 1);
}

LED_TEST_CASE(test_changes_from_signals)
{
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_str_eq(fake_systemd_shown(), "off");
	fake.unit_state = "activating";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	fake.unit_state = "active";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 3));
	fake.unit_state = "failed";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 4));
	ck_assert_str_eq(fake_systemd_shown(), "off,blink 500,on,blink 100");
	/* The values came with the signals: no Get after the first. */
	ck_assert_int_eq(fake.gets, 1);
}

LED_TEST_CASE(test_invalidated_is_read_again)
{
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake.unit_state = "deactivating";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, true);
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	ck_assert_str_eq(fake_systemd_shown(), "off,blink 500");
	ck_assert_int_eq(fake.gets, 2);
}

LED_TEST_CASE(test_repeats_and_other_units_show_nothing)
{
	fake.unit_state = "active";
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	fake.unit_state = "failed";
	fake_systemd_emit_unit_changed("/org/freedesktop/systemd1/unit/bar_2eservice", false);
	fake_systemd_emit_unit_changed("/org/freedesktop/systemd1/unit/bar_2eservice", true);
	fake_systemd_emit_manager("JobRemoved");
	fake_systemd_settle();
	ck_assert_str_eq(fake_systemd_shown(), "on");
	ck_assert_int_eq(fake.gets, 1);
}

/* An alias follows the unit's own path, as LoadUnit names it. */
LED_TEST_CASE(test_alias)
{
	start("alias.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake.unit_state = "active";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	ck_assert_str_eq(fake_systemd_shown(), "off,on");
}

/* LoadUnit refused: shown as not there, and followed on the path systemd would give it. */
LED_TEST_CASE(test_load_unit_refused)
{
	start("denied.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_str_eq(fake_systemd_shown(), "off");
	fake.unit_state = "active";
	fake_systemd_emit_unit_changed("/org/freedesktop/systemd1/unit/denied_2eservice", false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	ck_assert_str_eq(fake_systemd_shown(), "off,on");
}

/* dbus restarted: a new connection, subscribed again, the state read again. */
LED_TEST_CASE(test_reconnect)
{
	fake.unit_state = "active";
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake_systemd_hang_up();
	fake.unit_state = "failed";
	ck_assert(fake_systemd_run_until(fake.shown_n == 2));
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100");
	ck_assert_int_eq(fake.opens, 2);
	ck_assert_int_eq(fake.subscribes, 2);
	ck_assert_int_eq(fake.load_units, 2);
	/* Followed on the new connection. */
	fake.unit_state = "inactive";
	fake_systemd_emit_unit_changed(FAKE_UNIT_PATH, false);
	ck_assert(fake_systemd_run_until(fake.shown_n == 3));
	ck_assert_str_eq(fake_systemd_shown(), "on,blink 100,off");
	/* Same state after a reconnection: nothing shown. */
	fake_systemd_hang_up();
	ck_assert(fake_systemd_run_until(fake.gets == 3));
	fake_systemd_settle();
	ck_assert_int_eq(fake.shown_n, 3);
}

/* The bus daemon slow to answer: nothing is sent before the connection is up. */
LED_TEST_CASE(test_waits_for_the_connection)
{
	fake.hold = true;
	start("foo.service");
	fake_systemd_settle();
	ck_assert_int_eq(fake.shown_n, 0);
	fake_systemd_serve();
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_int_eq(fake.subscribes, 1);
}

/* No bus at all: new() succeeds, and the connection is tried again later (TRIGGER_BUS_RETRY_S). */
LED_TEST_CASE(test_no_bus_yet)
{
	fake.opens_failing = 1;
	start("foo.service");
	ck_assert_int_eq(fake.opens, 1);
	/* Nothing until the retry: no busy loop. */
	ck_assert_int_eq(sd_event_run(fake.event, (TRIGGER_BUS_RETRY_S - 1) * 1000000ULL), 0);
	ck_assert_int_eq(fake.opens, 1);
	ck_assert_int_eq(sd_event_run(fake.event, 2 * 1000000ULL), 1);
	ck_assert_int_eq(fake.opens, 2);
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	ck_assert_str_eq(fake_systemd_shown(), "off");
}

/* A unit that does not change: no wake-up at all. */
LED_TEST_CASE(test_quiet_is_idle)
{
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.shown_n == 1));
	fake_systemd_settle();
	ck_assert_int_eq(sd_event_run(fake.event, 500000), 0);
}

/* Freed with calls pending: they are dropped, nothing leaks (ASan, valgrind). */
LED_TEST_CASE(test_free_with_calls_pending)
{
	start("foo.service");
	ck_assert(fake_systemd_run_until(fake.subscribes == 1));
	tu = trigger_unit_free(tu);
	fake_systemd_settle();
	ck_assert_int_eq(fake.shown_n, 0);
}

