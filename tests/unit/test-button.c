/* SPDX-License-Identifier: MIT */
/* The button event recogniser on a fake clock: every timing edge. */
#include "led-test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "button.h"

#define MS 1000000ULL

/* Fake clock: the armed deadline; a test "lets time pass" by calling button_timer_expired. */
static bool armed;
static uint64_t deadline;
static int arm_error;

/* Events as words ("press", "click", "release-long"...), with their timestamps. */
static char log_buf[512];
static uint64_t stamps[32];
static int n_events;

static int fake_arm(void *userdata, uint64_t deadline_ns)
{
	armed = true;
	deadline = deadline_ns;
	return arm_error;
}

static void fake_disarm(void *userdata)
{
	armed = false;
}

static void record(void *userdata, const struct button_event *ev)
{
	static const char *const names[] = { "press", "release", "hold", "double", "click" };

	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf), "%s%s%s",
		 *log_buf ? " " : "", names[ev->kind], ev->long_press ? "-long" : "");
	ck_assert(ev->long_press == false || ev->kind == BUTTON_RELEASE);
	stamps[n_events++] = ev->timestamp_ns;
}

static const struct button_ops fake_ops = { .arm = fake_arm, .disarm = fake_disarm, .event = record };

static struct button *b;

static void start(unsigned int hold_ms, unsigned int double_ms, bool releases)
{
	struct button_config cfg = { .hold_ms = hold_ms, .double_click_ms = double_ms, .releases = releases };

	ck_assert_int_eq(button_new(&cfg, &fake_ops, NULL, &b), 0);
}

/* The events since the last call, then forget them. */
static const char *events(void)
{
	static char copy[512];

	snprintf(copy, sizeof(copy), "%s", log_buf);
	log_buf[0] = '\0';
	n_events = 0;
	return copy;
}

static void setup(void)
{
	armed = false;
	deadline = 0;
	arm_error = 0;
	log_buf[0] = '\0';
	n_events = 0;
	b = NULL;
}

static void teardown(void)
{
	b = button_free(b);
	ck_assert(!armed);
}

LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_plain_press_acts_on_the_edge)
{
	/* Neither hold nor double: the click is certain at once, before its press. */
	start(0, 0, false);
	ck_assert_int_eq(button_edge(b, true, 5 * MS), 0);
	ck_assert_uint_eq(stamps[0], 5 * MS);
	ck_assert_uint_eq(stamps[1], 5 * MS);
	ck_assert_str_eq(events(), "click press");
	ck_assert(!armed);
	/* Only presses arrive: every edge is one, whatever direction it claims. */
	button_edge(b, false, 6 * MS);
	ck_assert_str_eq(events(), "click press");
}

LED_TEST_CASE(test_both_edges_without_timing)
{
	start(0, 0, true);
	button_edge(b, true, 1 * MS);
	ck_assert_str_eq(events(), "click press");
	button_edge(b, false, 2 * MS);
	ck_assert_str_eq(events(), "release");
	ck_assert(!armed);
}

LED_TEST_CASE(test_short_press_clicks_on_release)
{
	start(500, 0, true);
	button_edge(b, true, 0);
	ck_assert_str_eq(events(), "press");
	ck_assert(armed);
	ck_assert_uint_eq(deadline, 500 * MS);
	/* One nanosecond short of the hold. */
	button_edge(b, false, 500 * MS - 1);
	ck_assert_str_eq(events(), "release click");
	ck_assert(!armed);
}

LED_TEST_CASE(test_release_exactly_at_hold_ms_is_a_hold)
{
	start(500, 0, true);
	button_edge(b, true, 10 * MS);
	ck_assert_str_eq(events(), "press");
	/* The timer has not run yet, but the timestamps say the hold was reached. */
	button_edge(b, false, 510 * MS);
	ck_assert_str_eq(events(), "hold release-long");
	ck_assert_uint_eq(stamps[0], 510 * MS);
	ck_assert(!armed);
}

LED_TEST_CASE(test_hold_fires_once_while_held)
{
	start(500, 0, true);
	button_edge(b, true, 0);
	events();
	ck_assert_int_eq(button_timer_expired(b, 500 * MS), 0);
	ck_assert_str_eq(events(), "hold");
	ck_assert_uint_eq(stamps[0], 500 * MS);
	ck_assert(!armed);
	button_timer_expired(b, 900 * MS); /* a stray expiry changes nothing */
	ck_assert_str_eq(events(), "");
	button_edge(b, false, 2000 * MS);
	ck_assert_str_eq(events(), "release-long");
	/* The next press is a fresh one. */
	button_edge(b, true, 3000 * MS);
	button_edge(b, false, 3100 * MS);
	ck_assert_str_eq(events(), "press release click");
}

LED_TEST_CASE(test_press_during_hold_is_bounce)
{
	start(500, 0, true);
	button_edge(b, true, 0);
	button_timer_expired(b, 500 * MS);
	ck_assert_str_eq(events(), "press hold");
	button_edge(b, true, 600 * MS);
	ck_assert_str_eq(events(), "");
	button_edge(b, false, 700 * MS);
	ck_assert_str_eq(events(), "release-long");
}

LED_TEST_CASE(test_bounce_is_absorbed)
{
	start(0, 0, true);
	/* A release before any press, a press twice, a release twice. */
	button_edge(b, false, 1 * MS);
	ck_assert_str_eq(events(), "");
	button_edge(b, true, 2 * MS);
	button_edge(b, true, 3 * MS);
	ck_assert_str_eq(events(), "click press");
	button_edge(b, false, 4 * MS);
	button_edge(b, false, 5 * MS);
	ck_assert_str_eq(events(), "release");
}

LED_TEST_CASE(test_double_click_and_its_boundary)
{
	start(0, 300, false);
	button_edge(b, true, 0);
	ck_assert_str_eq(events(), "press");
	ck_assert(armed);
	ck_assert_uint_eq(deadline, 300 * MS);
	/* One nanosecond inside the window. */
	button_edge(b, true, 300 * MS - 1);
	ck_assert_str_eq(events(), "press double");
	ck_assert(!armed);

	/* Exactly double_click_ms later is too late: a click, then a new press. */
	button_edge(b, true, 1000 * MS);
	events();
	button_edge(b, true, 1300 * MS);
	ck_assert_str_eq(events(), "click press");
	ck_assert_uint_eq(stamps[0], 1300 * MS);
	ck_assert(armed);
	ck_assert_uint_eq(deadline, 1600 * MS);
	button_timer_expired(b, 1600 * MS);
	ck_assert_str_eq(events(), "click");
	ck_assert(!armed);
}

LED_TEST_CASE(test_triple_click_is_a_double_then_a_click)
{
	start(0, 300, true);
	button_edge(b, true, 0);
	button_edge(b, false, 50 * MS);
	button_edge(b, true, 100 * MS);
	button_edge(b, false, 150 * MS);
	ck_assert_str_eq(events(), "press release press double release");
	button_edge(b, true, 200 * MS);
	button_edge(b, false, 250 * MS);
	ck_assert_str_eq(events(), "press release");
	ck_assert_uint_eq(deadline, 500 * MS);
	button_timer_expired(b, 500 * MS);
	ck_assert_str_eq(events(), "click");
}

LED_TEST_CASE(test_window_closing_while_down_waits_for_the_release)
{
	start(500, 300, true);
	button_edge(b, true, 0);
	ck_assert_uint_eq(deadline, 300 * MS);
	button_timer_expired(b, 300 * MS);
	ck_assert_str_eq(events(), "press");
	ck_assert(armed);
	ck_assert_uint_eq(deadline, 500 * MS);
	button_edge(b, false, 400 * MS);
	ck_assert_str_eq(events(), "release click");
	ck_assert_uint_eq(stamps[1], 400 * MS);
	ck_assert(!armed);
}

LED_TEST_CASE(test_release_inside_window_clicks_when_it_closes)
{
	start(500, 300, true);
	button_edge(b, true, 0);
	button_edge(b, false, 100 * MS);
	ck_assert_str_eq(events(), "press release");
	ck_assert_uint_eq(deadline, 300 * MS);
	button_timer_expired(b, 300 * MS);
	ck_assert_str_eq(events(), "click");
	ck_assert_uint_eq(stamps[0], 300 * MS);
}

LED_TEST_CASE(test_hold_is_no_click_and_opens_no_window)
{
	start(200, 300, true);
	button_edge(b, true, 0);
	button_timer_expired(b, 200 * MS);
	ck_assert_str_eq(events(), "press hold");
	ck_assert(!armed);
	button_edge(b, false, 250 * MS);
	/* Within 300 ms of the first press, but that press was a hold. */
	button_edge(b, true, 280 * MS);
	ck_assert_str_eq(events(), "release-long press");
	button_edge(b, false, 300 * MS);
	button_timer_expired(b, 580 * MS);
	ck_assert_str_eq(events(), "release click");
}

LED_TEST_CASE(test_second_press_of_a_double_can_be_held)
{
	start(500, 300, true);
	button_edge(b, true, 0);
	button_edge(b, false, 100 * MS);
	button_edge(b, true, 200 * MS);
	ck_assert_str_eq(events(), "press release press double");
	ck_assert_uint_eq(deadline, 700 * MS);
	button_timer_expired(b, 700 * MS);
	button_edge(b, false, 800 * MS);
	ck_assert_str_eq(events(), "hold release-long");
}

LED_TEST_CASE(test_time_never_goes_back)
{
	start(0, 300, false);
	button_edge(b, true, 0);
	button_timer_expired(b, 300 * MS);
	ck_assert_str_eq(events(), "press click");
	/* An edge read after the window closed, stamped before: a new press. */
	button_edge(b, true, 299 * MS);
	ck_assert_str_eq(events(), "press");
	ck_assert_uint_eq(deadline, 600 * MS);
	button_timer_expired(b, 600 * MS);
	ck_assert_str_eq(events(), "click");
}

LED_TEST_CASE(test_hold_needs_releases)
{
	/* Without releases a hold cannot be known: presses click on the edge. */
	start(500, 0, false);
	button_edge(b, true, 0);
	ck_assert_str_eq(events(), "click press");
	ck_assert(!armed);
}

LED_TEST_CASE(test_reset_forgets_the_press)
{
	start(500, 300, true);
	button_edge(b, true, 0);
	button_reset(b);
	ck_assert(!armed);
	button_edge(b, false, 100 * MS);
	ck_assert_str_eq(events(), "press");
	button_edge(b, true, 200 * MS);
	ck_assert_str_eq(events(), "press"); /* not a double: the window went with the reset */
}

LED_TEST_CASE(test_timer_error_is_returned_and_events_still_reported)
{
	start(500, 0, true);
	arm_error = -ENOMEM;
	ck_assert_int_eq(button_edge(b, true, 0), -ENOMEM);
	ck_assert_str_eq(events(), "press");
	arm_error = 0;
	ck_assert_int_eq(button_edge(b, false, 600 * MS), 0);
	ck_assert_str_eq(events(), "hold release-long");
}
