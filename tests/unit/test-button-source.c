/* SPDX-License-Identifier: MIT */
/*
 * The button source and the LED's button through their device: edges read from the backend,
 * recognised (press, release, hold, double) on the loop's timers, their action on the LED, the
 * events counted, and reads that fail.
 */
#include "led-test.h"

#include "led-device-test.h"

LED_TEST_FIXTURE(NULL, teardown)

LED_TEST_CASE(test_button_press_toggles_and_counts)
{
	start(true, false);
	ck_assert(led_device_has_button(fx.dev));
	gpio_fake_press(fx.backend, 1000);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 1);
	ck_assert(status().on);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_uint_eq(last_event.seq, 1);
	ck_assert_uint_eq(last_event.timestamp_ns, 1000);
	ck_assert_uint_eq(last_event.state, 1);
	ck_assert_int_eq(changes, 1);

	/* A burst read in one go: every edge is a press, in order. */
	gpio_fake_press(fx.backend, 2000);
	gpio_fake_press(fx.backend, 3000);
	gpio_fake_press(fx.backend, 4000);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 4);
	ck_assert_uint_eq(last_event.seq, 4);
	ck_assert_uint_eq(last_event.timestamp_ns, 4000);
	ck_assert_uint_eq(last_event.state, 0);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_uint_eq(status().presses, 4);
}

LED_TEST_CASE(test_button_stops_blink)
{
	start(true, false);
	ck_assert_int_eq(fixture_blink(&fx, 1000, 1000, &client), 0);
	gpio_fake_press(fx.backend, 1);
	fixture_run_pending(&fx);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(!status().on); /* toggled from the on phase */
}

LED_TEST_CASE_IN("config", test_button_edges_requested)
{
	struct led_device_config cfg = {0};

	ck_assert_int_eq(button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge), GPIO_EDGE_FALLING);
	cfg.double_click_ms = 300; /* presses are enough */
	ck_assert_int_eq(button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge), GPIO_EDGE_FALLING);
	cfg.button_edge = GPIO_EDGE_RISING;
	ck_assert_int_eq(button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge), GPIO_EDGE_RISING);
	cfg.hold_ms = 1000;
	ck_assert_int_eq(button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge), GPIO_EDGE_BOTH);
	cfg.hold_ms = 0;
	cfg.button_action = BUTTON_ACTION_MOMENTARY;
	ck_assert_int_eq(button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge), GPIO_EDGE_BOTH);
}

LED_TEST_CASE(test_edge_both_tells_press_from_release)
{
	const uint64_t *counts;

	/* Not active-low: the rising edge is the press. */
	start_button(GPIO_EDGE_BOTH, false, BUTTON_ACTION_TOGGLE, 0, 0);
	edge(100, true);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_PRESS);
	ck_assert(status().on);
	edge(200, false);
	ck_assert_int_eq(presses, 2);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_RELEASE);
	ck_assert_uint_eq(last_event.seq, 1);
	ck_assert_uint_eq(last_event.timestamp_ns, 200);
	ck_assert(status().on); /* a release is no press */
	ck_assert_uint_eq(status().presses, 1);
	counts = last_counts;
	ck_assert_uint_eq(counts[LED_CUSE_EVENT_PRESS], 1);
	ck_assert_uint_eq(counts[LED_CUSE_EVENT_RELEASE], 1);
	/* A second release (bounce) is dropped. */
	edge(300, false);
	ck_assert_int_eq(presses, 2);
}

LED_TEST_CASE(test_edge_both_active_low)
{
	/* Active-low: the physical falling edge is the press. */
	start_button(GPIO_EDGE_BOTH, true, BUTTON_ACTION_TOGGLE, 0, 0);
	edge(100, false);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_PRESS);
	ck_assert(status().on);
	edge(200, true);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_RELEASE);
}

LED_TEST_CASE(test_momentary_follows_the_button)
{
	/* --edge=falling: the configured edge stays the press, both are requested. */
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_MOMENTARY, 0, 0);
	edge(100, false);
	ck_assert(status().on);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_PRESS);
	ck_assert_uint_eq(last_event.state, 1);
	edge(200, true);
	ck_assert(!status().on);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_RELEASE);
	ck_assert_uint_eq(last_event.state, 0);
}

LED_TEST_CASE(test_action_none_leaves_the_led)
{
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_NONE, 0, 0);
	edge(100, false);
	ck_assert(!status().on);
	ck_assert_int_eq(presses, 1);
	ck_assert_uint_eq(status().presses, 1);
	ck_assert_int_eq(changes, 0);
}

LED_TEST_CASE(test_hold_ms_toggles_on_a_short_release)
{
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_TOGGLE, 60000, 0);
	edge(fixture_now_ns(), false);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_PRESS);
	ck_assert(!status().on); /* not yet: it may become a hold */
	edge(fixture_now_ns(), true);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_RELEASE);
	ck_assert(status().on);
}

LED_TEST_CASE(test_hold_fires_from_the_timer)
{
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_TOGGLE, 1, 0);
	edge(fixture_now_ns(), false);
	fixture_run_for(&fx, 200);
	ck_assert_int_eq(presses, 2);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_HOLD);
	ck_assert_uint_eq(last_event.seq, 1);
	ck_assert(!status().on); /* a hold is no short press */
	edge(fixture_now_ns(), true);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_RELEASE | LED_CUSE_EVENT_LONG);
	ck_assert(!status().on);
}

LED_TEST_CASE(test_double_click_window_from_the_timer)
{
	uint64_t t = fixture_now_ns();

	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_TOGGLE, 0, 60000);
	edge(t, false);
	edge(t + 1000, false);
	ck_assert_int_eq(last_event.kind, LED_CUSE_EVENT_DOUBLE);
	ck_assert_int_eq(presses, 3);
	ck_assert(!status().on); /* a double click is no short press */
	fixture_stop(&fx);

	/* A single press toggles once its window closes. */
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_TOGGLE, 0, 1);
	edge(fixture_now_ns(), false);
	fixture_run_for(&fx, 200);
	ck_assert(status().on);
	ck_assert_int_eq(presses, 1);
}

LED_TEST_CASE(test_unplug_forgets_the_press)
{
	/* The unplug is seen at once, well before the hold is due (a 1 ms hold
	 * could come first under a slow sanitizer build, and did), and the run
	 * goes on past it. */
	start_button(GPIO_EDGE_FALLING, false, BUTTON_ACTION_TOGGLE, 200, 0);
	edge(fixture_now_ns(), false);
	gpio_fake_set_present(fx.backend, false);
	fixture_run_for(&fx, 500);
	ck_assert_int_eq(presses, 1); /* no hold for a line that went away */
}

/*
 * A button read that fails for a moment (EINTR, EAGAIN)
 * is no unplug: the device stays, and the press that was pending is read
 * on the next try. Recovery from a wrong "unplug" would wait for an
 * unrelated /dev event.
 */
LED_TEST_CASE(test_button_read_transient_errors)
{
	static const int errors[] = { -EINTR, -EAGAIN };

	for (size_t i = 0; i < ELEMENTSOF(errors); i++) {
		start(true, false);
		gpio_fake_fail_reads(fx.backend, errors[i], 1);
		gpio_fake_press(fx.backend, 1000);
		fixture_run_pending(&fx);
		ck_assert(status().present);
		ck_assert_int_eq(gones, 0);
		ck_assert_int_eq(presses, 1);
		ck_assert(status().on);
		fixture_stop(&fx);
	}
	start(false, false); /* for the fixture's teardown */
}

/* Another error with the chip still there: the button is read again a moment later, not ended. */
LED_TEST_CASE(test_button_read_error_is_retried)
{
	unsigned int reads;

	start(true, false);
	gpio_fake_fail_reads(fx.backend, -EIO, 1);
	gpio_fake_press(fx.backend, 1000);
	fixture_run_for(&fx, 300);
	ck_assert(status().present);
	ck_assert_int_eq(gones, 0);
	ck_assert_int_eq(presses, 1);
	ck_assert(status().on);

	/* One that keeps failing costs a read per retry, not a busy loop. */
	gpio_fake_fail_reads(fx.backend, -EIO, 1000);
	gpio_fake_press(fx.backend, 2000);
	reads = gpio_fake_read_count(fx.backend);
	for (uint64_t end = fixture_now_ns() + 350000000ULL; fixture_now_ns() < end;)
		ck_assert_int_ge(sd_event_run(fx.event, 10000), 0);
	ck_assert(status().present);
	ck_assert_int_eq(gones, 0);
	ck_assert_uint_le(gpio_fake_read_count(fx.backend) - reads, 8);
	/* And once the line reads again, the press pending all along comes through. */
	gpio_fake_fail_reads(fx.backend, 0, 0);
	fixture_run_for(&fx, 300);
	ck_assert_int_eq(presses, 2);
	ck_assert(!status().on);
}

/* An error that comes with the chip gone is the unplug the probe finds. */
LED_TEST_CASE(test_button_read_error_with_the_chip_gone)
{
	start(true, false);
	gpio_fake_fail_reads(fx.backend, -EIO, 1);
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert(!status().present);
	ck_assert_int_eq(gones, 1);
}
