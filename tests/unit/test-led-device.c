/* SPDX-License-Identifier: MIT */
/*
 * The LED device's state: levels, commands, what GET_INFO and STATUS= say, and the record of
 * each change: who made it, and when the timer or an action did.
 */
#include "led-test.h"

#include "led-device-test.h"
#include "state-publisher.h"

LED_TEST_FIXTURE(NULL, teardown)

LED_TEST_CASE(test_initial_state)
{
	start(false, true);
	ck_assert(status().on);
	ck_assert(status().present);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(status().generation, 1);
	ck_assert_uint_eq(status().presses, 0);
	ck_assert(!led_device_has_button(fx.dev));
}

LED_TEST_CASE(test_set_and_toggle)
{
	start(false, false);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert(status().on);
	ck_assert_uint_eq(status().generation, 2);
	ck_assert_int_eq(changes, 1);
	/* Same value again: driven, but not a change readers must see. */
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	ck_assert_uint_eq(status().generation, 2);
	ck_assert_int_eq(changes, 1);
	ck_assert_int_eq(led_device_toggle(fx.dev, &client), 0);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert(!status().on);
	ck_assert_uint_eq(status().generation, 3);
	ck_assert_int_eq(changes, 2);
}

LED_TEST_CASE(test_apply_commands)
{
	struct led_command on = { .type = LED_COMMAND_SET, .on = true };
	struct led_command toggle = { .type = LED_COMMAND_TOGGLE };
	struct led_command blink = { .type = LED_COMMAND_MODE };

	ck_assert_int_eq(led_mode_blink(5, 7, 0, &blink.mode), 0);
	start(false, false);
	ck_assert_int_eq(led_device_apply(fx.dev, &on, &client), 0);
	ck_assert(status().on);
	ck_assert_int_eq(led_device_apply(fx.dev, &toggle, &client), 0);
	ck_assert(!status().on);
	ck_assert_int_eq(led_device_apply(fx.dev, &blink, &client), 0);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(status().mode.steps[0].ms, 5);
	ck_assert_uint_eq(status().mode.steps[1].ms, 7);
}

LED_TEST_CASE(test_backend_failure_leaves_state)
{
	start(false, false);
	gpio_fake_fail_next_set(fx.backend, -EIO);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), -EIO);
	ck_assert(!status().on);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_uint_eq(status().generation, 1);
	ck_assert_int_eq(changes, 0);
	ck_assert(status().present); /* EIO is not an unplug */
}

LED_TEST_CASE(test_info)
{
	struct led_cuse_info info;

	start(true, false);
	fixture_get_info(&fx, &info);
	ck_assert_str_eq(info.name, "led");
	ck_assert_str_eq(info.led_chip, "fake-chip");
	ck_assert_uint_eq(info.led_offset, 17);
	ck_assert_str_eq(info.button_chip, "fake-chip");
	ck_assert_uint_eq(info.button_offset, 27);
	ck_assert_uint_eq(info.flags, LED_CUSE_INFO_HAS_BUTTON | LED_CUSE_INFO_GPIO_PRESENT);
	ck_assert_uint_eq(info.version, LED_CUSE_VERSION);
	gpio_fake_press(fx.backend, 1);
	fixture_run_pending(&fx);
	fixture_get_info(&fx, &info);
	ck_assert_uint_eq(info.button_presses, 1);
}

LED_TEST_CASE_IN("config", test_bad_config)
{
	struct led_device_config cfg = { .name = "0123456789012345678901234567890123456789" };
	struct led_device *dev = NULL;
	sd_event *e;
	struct gpio_backend *b;

	ck_assert_int_eq(sd_event_new(&e), 0);
	ck_assert_int_eq(gpio_backend_new_fake(false, false, &b), 0);
	ck_assert_int_eq(led_device_new(e, b, &cfg, &dev), -EINVAL);
	ck_assert_ptr_null(dev);
	gpio_backend_free(b);
	sd_event_unref(e);
}

/*
 * Chip labels come from the kernel (a driver, gpio-sim's
 * configfs). GET_INFO's fixed-size strings and STATUS= carry them escaped:
 * a newline cannot add a field to the sd_notify message, nor an escape
 * sequence reach a terminal through ledctl info.
 */
LED_TEST_CASE(test_chip_labels_are_escaped)
{
	struct led_cuse_info info;
	char status[512], lf31[32];

	start(true, false);
	gpio_fake_set_labels(fx.backend, "evil\nREADY=1", "b\x1b[31m");
	fixture_get_info(&fx, &info);
	ck_assert_str_eq(info.led_chip, "evil\\x0aREADY=1");
	ck_assert_str_eq(info.button_chip, "b\\x1b[31m");
	ck_assert_int_gt(state_publisher_format_status(fx.dev, status, sizeof(status)), 0);
	ck_assert_str_eq(status, "/dev/led: LED off (evil\\x0aREADY=1:17), button on b\\x1b[31m, 0 button presses");

	/* The longest label the kernel gives (31 bytes), all escapes: cut at a whole one. */
	memset(lf31, '\n', 31);
	lf31[31] = '\0';
	gpio_fake_set_labels(fx.backend, lf31, "");
	fixture_get_info(&fx, &info);
	ck_assert_uint_eq(strlen(info.led_chip), 15 * 4);
	ck_assert_str_eq(info.led_chip + 14 * 4, "\\x0a");
}

LED_TEST_CASE(test_start_is_recorded)
{
	uint64_t before = realtime_ns(), after;
	struct led_cuse_change c;

	start(false, true);
	after = realtime_ns();
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_START, LED_CUSE_CHANGE_NO_UID, 0, 1, 0);
	ck_assert_uint_eq(c.generation, 1);
	ck_assert_uint_ge(c.realtime_ns, before);
	ck_assert_uint_le(c.realtime_ns, after);
	fixture_stop(&fx);

	/* A state restored from the state file says so. */
	fixture_start_config(&fx, false, false,
			     (struct led_device_config){ .initial_source = LED_CUSE_CHANGE_RESTORE });
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_RESTORE, LED_CUSE_CHANGE_NO_UID, 0, 0, 0);
}

LED_TEST_CASE(test_change_records_its_origin)
{
	const struct led_origin ioctl_origin = { .source = LED_CUSE_CHANGE_IOCTL, .uid = 0, .pid = 7 };
	uint64_t before, after;
	struct led_cuse_change c;

	start(false, false);
	before = realtime_ns();
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	after = realtime_ns();
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_WRITE, 1000, 42, 1, 0);
	ck_assert_uint_eq(c.generation, status().generation);
	ck_assert_uint_ge(c.realtime_ns, before);
	ck_assert_uint_le(c.realtime_ns, after);
	/* The listener got the same record. */
	ck_assert_int_eq(records, 1);
	ck_assert(memcmp(&last_record, &c, sizeof(c)) == 0);

	/* Setting what is there already is no change: the record stays. */
	ck_assert_int_eq(led_device_set(fx.dev, true, &ioctl_origin), 0);
	ck_assert_int_eq(records, 1);
	c = last_change();
	ck_assert_uint_eq(c.source, LED_CUSE_CHANGE_WRITE);

	/* Neither does a failed one. */
	gpio_fake_fail_next_set(fx.backend, -EIO);
	ck_assert_int_eq(led_device_toggle(fx.dev, &ioctl_origin), -EIO);
	c = last_change();
	ck_assert_uint_eq(c.source, LED_CUSE_CHANGE_WRITE);

	ck_assert_int_eq(led_device_toggle(fx.dev, &ioctl_origin), 0);
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_IOCTL, 0, 7, 0, 0);
	ck_assert_int_eq(records, 2);
}

LED_TEST_CASE(test_blink_phases_keep_the_record)
{
	struct led_command blink = { .type = LED_COMMAND_MODE };
	struct led_cuse_change c, after;

	ck_assert_int_eq(led_mode_blink(1, 1, 0, &blink.mode), 0);
	start(false, false);
	ck_assert_int_eq(led_device_apply(fx.dev, &blink, &client), 0);
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_WRITE, 1000, 42, 1, BLINK_FLAGS(LED_CUSE_MODE_BLINK));
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
	ck_assert(!status().on); /* five phases from on: in an off phase */
	after = last_change();
	ck_assert(memcmp(&after, &c, sizeof(c)) == 0);
	ck_assert_int_eq(records, 1);
}

LED_TEST_CASE(test_button_is_recorded_without_a_client)
{
	struct led_cuse_change c;

	start(true, false);
	ck_assert_int_eq(fixture_blink(&fx, 1000, 1000, &client), 0);
	gpio_fake_press(fx.backend, 1000);
	fixture_run_pending(&fx);
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_BUTTON, LED_CUSE_CHANGE_NO_UID, 0, 0, 0);
	ck_assert_uint_eq(c.generation, status().generation);
	ck_assert_uint_eq(last_record.source, LED_CUSE_CHANGE_BUTTON);
}

LED_TEST_CASE(test_momentary_is_recorded_as_button)
{
	start_button(GPIO_EDGE_BOTH, false, BUTTON_ACTION_MOMENTARY, 0, 0);
	edge(1000, true);
	ck_assert(status().on);
	ck_assert_uint_eq(last_change().source, LED_CUSE_CHANGE_BUTTON);
	ck_assert_uint_eq(last_change().state, 1);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	edge(2000, false); /* the release: off, as it is already (no change) */
	ck_assert_uint_eq(last_change().source, LED_CUSE_CHANGE_WRITE);
	edge(3000, true);
	edge(4000, false);
	ck_assert_uint_eq(last_change().source, LED_CUSE_CHANGE_BUTTON);
	ck_assert_uint_eq(last_change().state, 0);
}

LED_TEST_CASE(test_failed_blink_is_recorded_as_timer)
{
	int runs = 0;

	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 1, 1, &client), 0);
	gpio_fake_fail_sets(fx.backend, -EIO, 1000);
	while ((status().mode.kind != LED_CUSE_MODE_NONE) && runs++ < 10)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	assert_record(&last_record, LED_CUSE_CHANGE_TIMER, LED_CUSE_CHANGE_NO_UID, 0, 1, 0);
	ck_assert_uint_eq(last_change().generation, status().generation);
}

LED_TEST_CASE(test_unplug_keeps_the_record)
{
	struct led_cuse_change c, now;

	start(true, false);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	c = last_change();
	unplug();
	replug();
	/* Two changes for readers, neither recorded: the listener got NULL. */
	ck_assert_uint_eq(status().generation, c.generation + 2);
	ck_assert_int_eq(changes, 3);
	ck_assert_int_eq(records, 1);
	ck_assert(memcmp(&last_record, &c, sizeof(c)) == 0);
	now = last_change();
	ck_assert(memcmp(&now, &c, sizeof(c)) == 0);
}

LED_TEST_CASE(test_finite_blink_end_records_timer)
{
	struct led_mode blink;
	struct led_cuse_change c;

	start(false, false);
	ck_assert_int_eq(led_mode_blink(1, 1, 3, &blink), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &blink, &client), 0);
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_WRITE, 1000, 42, 1, BLINK_FLAGS(LED_CUSE_MODE_BLINK));
	/* The steps before the end record nothing... */
	run_steps(3 * 2 - 1);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_int_eq(records, 1);
	ck_assert(memcmp(&last_record, &c, sizeof(c)) == 0);
	/* ... the end, back to off, is the timer's. */
	run_steps(1);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	c = last_change();
	assert_record(&c, LED_CUSE_CHANGE_TIMER, LED_CUSE_CHANGE_NO_UID, 0, 0, 0);
	ck_assert_uint_eq(c.generation, status().generation);
	ck_assert_int_eq(records, 2);
	ck_assert(memcmp(&last_record, &c, sizeof(c)) == 0);
}

LED_TEST_CASE(test_oneshot_end_and_mode_comeback_record_timer)
{
	struct led_mode oneshot, hb, blink;

	start(false, true);
	ck_assert_int_eq(led_mode_oneshot(1, &oneshot), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &oneshot, &client), 0);
	run_steps(1);
	assert_record(&last_record, LED_CUSE_CHANGE_TIMER, LED_CUSE_CHANGE_NO_UID, 0, 0, 0);

	/* A finite blink over a heartbeat: its end brings the heartbeat back, with its flags. */
	ck_assert_int_eq(led_mode_heartbeat(LED_CUSE_HEARTBEAT_MIN_MS, &hb), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &hb, &client), 0);
	ck_assert_int_eq(led_mode_blink(1, 1, 1, &blink), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &blink, &client), 0);
	run_steps(2);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_HEARTBEAT);
	assert_record(&last_record, LED_CUSE_CHANGE_TIMER, LED_CUSE_CHANGE_NO_UID, 0, 1,
		      BLINK_FLAGS(LED_CUSE_MODE_HEARTBEAT));
	ck_assert_uint_eq(last_change().generation, status().generation);
}

/*
 * The hold feedback (main.c's action_hold_feedback, hold-feedback=blink):
 * a finite blink started with the ACTION origin. Its start records ACTION,
 * its end TIMER, and the LED is back at the client's level. (The feedback's
 * own 100 ms steps are shortened here: the record does not depend on them.)
 */
LED_TEST_CASE(test_hold_feedback_records_action_then_timer)
{
	const struct led_origin action = { .source = LED_CUSE_CHANGE_ACTION, .uid = 1000, .pid = 42 };
	struct led_mode feedback;

	start(true, false);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	ck_assert_int_eq(led_mode_blink(1, 1, 3, &feedback), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &feedback, &action), 0);
	/* No client asked: no uid or pid, whatever the origin carried. */
	assert_record(&last_record, LED_CUSE_CHANGE_ACTION, LED_CUSE_CHANGE_NO_UID, 0, 1,
		      BLINK_FLAGS(LED_CUSE_MODE_BLINK));
	ck_assert_uint_eq(last_change().source, LED_CUSE_CHANGE_ACTION);
	run_steps(3 * 2);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().on);
	assert_record(&last_record, LED_CUSE_CHANGE_TIMER, LED_CUSE_CHANGE_NO_UID, 0, 1, 0);
	ck_assert_int_eq(records, 3);
}
