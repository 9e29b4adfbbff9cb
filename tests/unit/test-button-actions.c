/* SPDX-License-Identifier: MIT */
/*
 * The button's actions on a LED device with a fake backend: a button event
 * starts its unit (through a fake starter), and a HOLD whose start went out
 * is confirmed by the feedback blink (hold-feedback = blink), after the
 * start was asked for.
 */
#include "led-test.h"

#include <errno.h>
#include <string.h>

#include "button-actions.h"
#include "device-fixture.h"

struct fake_starter {
	int count;
	int error;      /* returned instead of starting */
};

static struct fixture fx;
static struct fake_starter fake;
static struct button_actions *actions;
static char *units[LED_CUSE_EVENT_KINDS];
static int feedbacks;
static int count_at_feedback;   /* starts asked for when the last feedback began */

static int fake_start_unit(void *userdata, const char *unit)
{
	struct fake_starter *f = userdata;

	if (f->error)
		return f->error;
	f->count++;
	return 0;
}

static const struct unit_actions_ops fake_ops = { .start_unit = fake_start_unit };

/* The feedback blink is the one change recorded as ACTION. */
static void on_changed(void *userdata, const struct led_cuse_change *change)
{
	if (!change || change->source != LED_CUSE_CHANGE_ACTION)
		return;
	feedbacks++;
	count_at_feedback = fake.count;
}

static const struct led_listener watcher = { .changed = on_changed };

static void start(bool hold_feedback)
{
	struct led_device_config cfg = {
		.button_edge = GPIO_EDGE_FALLING, .button_action = BUTTON_ACTION_TOGGLE, .hold_ms = 1,
	};

	fixture_start_config(&fx, true, false, cfg);
	ck_assert_int_eq(button_actions_new(fx.event, fx.dev, units, hold_feedback, &fake_ops, &fake, &actions), 0);
	ck_assert_int_eq(led_device_add_listener(fx.dev, &watcher, NULL), 0);
}

/* A press held past hold_ms (1 ms): HOLD from the timer, then the release. */
static void hold(void)
{
	gpio_fake_edge(fx.backend, fixture_now_ns(), false);
	fixture_run_for(&fx, 50);
	gpio_fake_edge(fx.backend, fixture_now_ns(), true);
	fixture_run_pending(&fx);
}

/* A short press: PRESS, and its click on the release. */
static void click(void)
{
	uint64_t t = fixture_now_ns();

	gpio_fake_edge(fx.backend, t, false);
	gpio_fake_edge(fx.backend, t + 1, true);
	fixture_run_pending(&fx);
}

static struct led_device_status status(void)
{
	struct led_device_status st;

	led_device_get_status(fx.dev, &st);
	return st;
}

static void setup(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(units, 0, sizeof(units));
	feedbacks = count_at_feedback = 0;
}

static void teardown(void)
{
	actions = button_actions_free(actions);
	fixture_stop(&fx);
}

LED_TEST_FIXTURE(setup, teardown)

/* hold-feedback = blink: the LED shows the hold's unit start went out. */
LED_TEST_CASE(test_hold_feedback)
{
	units[LED_CUSE_EVENT_PRESS] = "press.service";
	units[LED_CUSE_EVENT_HOLD] = "poweroff.target";
	start(true);
	click();
	ck_assert_int_eq(fake.count, 1);
	ck_assert_int_eq(feedbacks, 0);
	hold(); /* its PRESS starts press.service too */
	ck_assert_int_eq(fake.count, 3);
	ck_assert_int_eq(feedbacks, 1);
	/* Once the start is sent (asynchronously: still at hold-ms). */
	ck_assert_int_eq(count_at_feedback, 3);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(status().mode.count, BUTTON_ACTIONS_FEEDBACK_BLINKS);
	ck_assert_uint_eq(status().mode.steps[0].ms, BUTTON_ACTIONS_FEEDBACK_MS);
	/* A start that could not be sent (no bus) blinks nothing: letting go
	 * would not start the unit. */
	fake.error = -ENOTCONN;
	hold();
	ck_assert_int_eq(feedbacks, 1);
}

LED_TEST_CASE(test_no_hold_feedback)
{
	units[LED_CUSE_EVENT_HOLD] = "poweroff.target";
	/* hold-feedback = none */
	start(false);
	hold();
	ck_assert_int_eq(fake.count, 1);
	ck_assert_int_eq(feedbacks, 0);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_NONE);
}

/* No on-hold: a hold starts nothing, so nothing to show. */
LED_TEST_CASE(test_no_unit_no_feedback)
{
	units[LED_CUSE_EVENT_PRESS] = "press.service";
	start(true);
	hold();
	ck_assert_int_eq(fake.count, 1); /* the hold's PRESS */
	ck_assert_int_eq(feedbacks, 0);
}
