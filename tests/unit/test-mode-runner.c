/* SPDX-License-Identifier: MIT */
/*
 * The mode runner through its device: every kind of mode steps on one timer, finite modes end
 * in what they restore, failed writes are retried then stop the mode, and an unplug pauses it.
 */
#include "led-test.h"

#include "led-device-test.h"

LED_TEST_FIXTURE(NULL, teardown)

/* A mode that cannot get its timer (here the loop has finished, so sd-event
 * refuses new sources; in the field, no memory) fails before the LED moves:
 * the level, the mode and the record stay as they were. */
LED_TEST_CASE(test_mode_without_timer_changes_nothing)
{
	struct led_cuse_change before, after;

	start(false, false);
	led_device_get_last_change(fx.dev, &before);
	ck_assert_int_ge(sd_event_exit(fx.event, 0), 0);
	fixture_run_pending(&fx);
	ck_assert_int_eq(sd_event_get_state(fx.event), SD_EVENT_FINISHED);
	ck_assert_int_lt(fixture_blink(&fx, 10, 10, &client), 0);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert(!status().on);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(status().generation, 1);
	ck_assert_int_eq(changes, 0);
	led_device_get_last_change(fx.dev, &after);
	ck_assert_int_eq(memcmp(&before, &after, sizeof(before)), 0);
}

LED_TEST_CASE(test_blink_runs_and_stops)
{
	unsigned int sets;
	uint64_t gen;
	bool saw_on = false, saw_off = false;

	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 1, 1, &client), 0);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().on); /* a pattern starts with its on phase */
	gen = status().generation;
	sets = gpio_fake_set_count(fx.backend);
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
		saw_on |= gpio_fake_led(fx.backend);
		saw_off |= !gpio_fake_led(fx.backend);
	}
	ck_assert(saw_on && saw_off);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets + 6);
	/* Blink phases do not count as changes for readers. */
	ck_assert_uint_eq(status().generation, gen);

	/* Any other command ends the pattern. */
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(status().generation, gen + 1);
	sets = gpio_fake_set_count(fx.backend);
	ck_assert_int_eq(sd_event_run(fx.event, 20000), 0); /* nothing left to wake us */
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets);
	ck_assert(!gpio_fake_led(fx.backend));
}

/* A failed write (not an unplug) must not leave a blink
 * reported that no timer drives. One glitch is retried on the next phase... */
LED_TEST_CASE(test_blink_survives_one_failed_write)
{
	unsigned int sets;

	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 1, 1, &client), 0);
	gpio_fake_fail_sets(fx.backend, -EIO, 1);
	ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1); /* the failing phase */
	ck_assert(status().present);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	sets = gpio_fake_set_count(fx.backend);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets + 4);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
}

/* ... and a line that keeps failing ends the blink, visibly. */
LED_TEST_CASE(test_blink_stops_when_writes_keep_failing)
{
	uint64_t gen;
	int runs = 0;

	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 1, 1, &client), 0);
	gen = status().generation;
	changes = 0;
	gpio_fake_fail_sets(fx.backend, -EIO, 1000);
	while ((status().mode.kind != LED_CUSE_MODE_NONE) && runs < 10) {
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
		runs++;
	}
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().present); /* EIO is not an unplug */
	ck_assert(status().on); /* the level the line last took */
	ck_assert_uint_eq(status().generation, gen + 1); /* readers, STATUS= and the state file see it */
	ck_assert_int_eq(changes, 1);
	ck_assert_int_eq(sd_event_run(fx.event, 20000), 0); /* no timer left */
	/* Commands work again once the line does. */
	gpio_fake_fail_sets(fx.backend, 0, 0);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	ck_assert(!gpio_fake_led(fx.backend));
}

LED_TEST_CASE(test_blink_invalid)
{
	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 0, 10, &client), -EINVAL);
	ck_assert_int_eq(fixture_blink(&fx, 10, 0, &client), -EINVAL);
	ck_assert_int_eq(fixture_blink(&fx, LED_CUSE_BLINK_MAX_MS + 1, 10, &client), -EINVAL);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(status().generation, 1);
}

LED_TEST_CASE(test_blink_resumes_after_replug)
{
	start(false, false);
	ck_assert_int_eq(fixture_blink(&fx, 1, 1, &client), 0);
	gpio_fake_set_present(fx.backend, false);
	ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1); /* the blink timer meets the dead line */
	ck_assert(!status().present);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip3");
	fixture_run_pending(&fx);
	ck_assert(status().present);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	unsigned int sets = gpio_fake_set_count(fx.backend);
	ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets + 1);
}

LED_TEST_CASE(test_mode_pattern_steps)
{
	static const struct led_mode_step steps[] = { { true, 3 }, { false, 5 }, { true, 2 }, { true, 4 }, { false, 1 } };
	struct led_mode m;
	uint64_t gen;

	start(false, true);
	ck_assert_int_eq(led_mode_pattern(steps, 5, &m), 0);
	start_mode(&m);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_PATTERN);
	ck_assert_uint_eq(status().generation, 2); /* starting is a change... */
	ck_assert_int_eq(changes, 1);
	gen = status().generation;
	run_steps(3 * 5);
	assert_steps(&m, 3, (const bool[]){ true }, 1);
	ck_assert_uint_eq(status().generation, gen); /* ... its steps are not */
	ck_assert_int_eq(changes, 1);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
}

/*
 * A wake-up that comes late (a busy loop, a loaded host) shortens the next
 * step rather than moving every later one: the pattern keeps its period.
 */
LED_TEST_CASE(test_mode_late_wakeup_does_not_drift)
{
	static const struct led_mode_step steps[] = { { true, 100 }, { false, 100 } };
	const struct gpio_fake_set *h;
	struct led_mode m;

	start(false, true);
	ck_assert_int_eq(led_mode_pattern(steps, 2, &m), 0);
	start_mode(&m);
	run_steps(1);                   /* the step due at 100 ms */
	usleep(150 * 1000);             /* the loop is busy past the deadline at 200 ms */
	run_steps(1);                   /* late, at ~250 ms */
	run_steps(1);                   /* due at 300 ms, not 250 + 100 */
	ck_assert_uint_eq(gpio_fake_history(fx.backend, &h), 4);
	ck_assert_msg(h[3].ns - h[0].ns >= 300000000ULL - SLACK_NS, "set 3 early: %llu ns",
		      (unsigned long long)(h[3].ns - h[0].ns));
	ck_assert_msg(h[3].ns - h[0].ns < 340000000ULL, "the late step moved the next: set 3 at %llu ns",
		      (unsigned long long)(h[3].ns - h[0].ns));
}

LED_TEST_CASE(test_mode_heartbeat_steps)
{
	struct led_mode m;
	struct led_cuse_state st;
	struct led_cuse_mode cm;

	start(false, false);
	ck_assert_int_eq(led_mode_heartbeat(LED_CUSE_HEARTBEAT_MIN_MS, &m), 0);
	/* ledtrig-heartbeat.c: on 70, off until period/4, on 70, off to the period. */
	ck_assert_uint_eq(m.steps[0].ms, 70);
	ck_assert_uint_eq(m.steps[1].ms, 75 - 70);
	ck_assert_uint_eq(m.steps[2].ms, 70);
	ck_assert_uint_eq(m.steps[3].ms, 300 - 75 - 70);
	start_mode(&m);
	run_steps(2 * 4);
	assert_steps(&m, 2, (const bool[]){ true }, 1);
	fixture_get_state(&fx, &st);
	ck_assert_uint_eq(st.flags, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_HEARTBEAT << LED_CUSE_STATE_MODE_SHIFT);
	fixture_get_mode(&fx, &cm);
	ck_assert_uint_eq(cm.mode, LED_CUSE_MODE_HEARTBEAT);
	ck_assert_uint_eq(cm.period_ms, 300);
	ck_assert_uint_eq(cm.nsteps, 4);
	ck_assert_uint_eq(cm.steps[3].level, 0);
	ck_assert_uint_eq(cm.steps[3].ms, 155);
}

/* A finite blink returns to the level from before it started, as a change. */
LED_TEST_CASE(test_mode_finite_blink_restores_level)
{
	for (int initial = 0; initial <= 1; initial++) {
		struct led_mode m;
		uint64_t gen;

		start(false, initial);
		ck_assert_int_eq(led_mode_blink(2, 3, 3, &m), 0);
		start_mode(&m);
		gen = status().generation;
		/* The last run of a finite mode runs to its end, then the state from before. */
		ck_assert_int_eq(status().lasting_on, initial);
		run_steps(3 * 2);
		assert_steps(&m, 3, (const bool[]){ initial }, 1);
		ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
		ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_NONE);
		ck_assert_int_eq(status().on, initial);
		ck_assert_int_eq(gpio_fake_led(fx.backend), initial);
		ck_assert_uint_eq(status().generation, gen + 1); /* the end is a change */
		ck_assert_int_eq(changes, 2);
		ck_assert_int_eq(sd_event_run(fx.event, 20000), 0); /* no timer left */
		fixture_stop(&fx);
	}
	start(false, false); /* for the fixture's teardown */
}

/* A finite blink over an endless mode: the endless mode comes back, from its first step. */
LED_TEST_CASE(test_mode_finite_blink_restores_mode)
{
	struct led_mode hb, blink;

	start(false, false);
	ck_assert_int_eq(led_mode_heartbeat(400, &hb), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &hb, &client), 0);
	run_steps(1);
	ck_assert_int_eq(led_mode_blink(1, 1, 2, &blink), 0);
	start_mode(&blink);
	ck_assert_int_eq(status().lasting_mode.kind, LED_CUSE_MODE_HEARTBEAT);
	run_steps(2 * 2); /* on is the start: off, on, off, then the heartbeat */
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_HEARTBEAT);
	ck_assert(status().on);
	{
		const struct gpio_fake_set *h;

		ck_assert_uint_eq(gpio_fake_history(fx.backend, &h), 2 * 2 + 1);
		ck_assert(h[4].on); /* the heartbeat's first beat */
	}
	ck_assert_int_eq(changes, 3); /* heartbeat, blink, back to heartbeat */
	/* A blink started during a finite blink ends where that one would have. */
	start_mode(&blink);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &blink, &client), 0);
	ck_assert_int_eq(status().lasting_mode.kind, LED_CUSE_MODE_HEARTBEAT);
}

LED_TEST_CASE(test_mode_oneshot_ends_off)
{
	for (int initial = 0; initial <= 1; initial++) {
		struct led_mode m;
		uint64_t gen;

		start(false, initial);
		ck_assert_int_eq(led_mode_oneshot(4, &m), 0);
		start_mode(&m);
		ck_assert(status().on);
		ck_assert(!status().lasting_on);
		gen = status().generation;
		run_steps(1);
		assert_steps(&m, 1, (const bool[]){ false }, 1);
		ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
		ck_assert(!status().on);
		ck_assert(!gpio_fake_led(fx.backend));
		ck_assert_uint_eq(status().generation, gen + 1);
		ck_assert_int_eq(sd_event_run(fx.event, 20000), 0);
		fixture_stop(&fx);
	}
	start(false, false);
}

/*
 * A oneshot over an endless mode ends off, as its lasting state said while
 * it ran: it does not bring the heartbeat back (only a finite blink does).
 */
LED_TEST_CASE(test_mode_oneshot_over_heartbeat_ends_off)
{
	struct led_mode hb, m;

	start(false, false);
	ck_assert_int_eq(led_mode_heartbeat(LED_CUSE_HEARTBEAT_MIN_MS, &hb), 0);
	start_mode(&hb);
	ck_assert_int_eq(led_mode_oneshot(2, &m), 0);
	start_mode(&m);
	ck_assert(!status().lasting_on);
	ck_assert_int_eq(status().lasting_mode.kind, LED_CUSE_MODE_NONE);
	run_steps(1);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_NONE);
	ck_assert(!status().on);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_int_eq(sd_event_run(fx.event, 20000), 0); /* no timer left */
}

/* Any other command stops the running mode, and forgets what it would restore. */
LED_TEST_CASE(test_mode_stopped_by_other_commands)
{
	struct led_mode pattern, blink, oneshot;
	static const struct led_mode_step steps[] = { { true, 2 }, { false, 2 } };
	unsigned int sets;

	start(false, false);
	ck_assert_int_eq(led_mode_pattern(steps, 2, &pattern), 0);
	ck_assert_int_eq(led_mode_blink(2, 2, 5, &blink), 0);
	ck_assert_int_eq(led_mode_oneshot(2, &oneshot), 0);

	ck_assert_int_eq(led_device_start_mode(fx.dev, &pattern, &client), 0);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_int_eq(led_device_start_mode(fx.dev, &blink, &client), 0);
	ck_assert_int_eq(led_device_toggle(fx.dev, &client), 0); /* from the on phase */
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(!status().on);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &pattern, &client), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &oneshot, &client), 0); /* a mode replaces a mode */
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_ONESHOT);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	sets = gpio_fake_set_count(fx.backend);
	ck_assert_int_eq(sd_event_run(fx.event, 20000), 0); /* no timer left */
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets);
	ck_assert(gpio_fake_led(fx.backend));
}

/* A mode the builders would not make is refused, and changes nothing. */
LED_TEST_CASE(test_mode_invalid)
{
	struct led_mode m;

	start(false, true);
	ck_assert_int_eq(led_mode_heartbeat(1000, &m), 0);
	m.steps[1].ms++;
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), -EINVAL);
	ck_assert_int_eq(led_mode_oneshot(10, &m), 0);
	m.end = LED_MODE_END_RESTORE;
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), -EINVAL);
	m = (struct led_mode){ .kind = LED_CUSE_MODE_PATTERN, .nsteps = 0 };
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), -EINVAL);
	m.kind = LED_CUSE_MODE_NONE;
	m.nsteps = 1;
	m.steps[0].ms = 1;
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), -EINVAL);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(status().generation, 1);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), 0);
}

/* The blink's retry-3x-then-stop holds for a pattern's steps too. */
LED_TEST_CASE(test_mode_pattern_failed_writes)
{
	static const struct led_mode_step steps[] = { { true, 1 }, { false, 2 }, { true, 1 } };
	struct led_mode m;
	uint64_t gen;
	int runs = 0;

	start(false, false);
	ck_assert_int_eq(led_mode_pattern(steps, 3, &m), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), 0);
	/* One glitch: the same step is tried again, the pattern goes on in order. */
	gpio_fake_history_clear(fx.backend);
	gpio_fake_fail_sets(fx.backend, -EIO, 1);
	run_steps(1);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().on);
	run_steps(4);
	{
		const struct gpio_fake_set *h;

		ck_assert_uint_eq(gpio_fake_history(fx.backend, &h), 4);
		ck_assert(!h[0].on && h[1].on && h[2].on && !h[3].on);
	}
	/* A line that keeps failing ends it, visibly. */
	gen = status().generation;
	changes = 0;
	gpio_fake_fail_sets(fx.backend, -EIO, 1000);
	while ((status().mode.kind != LED_CUSE_MODE_NONE) && runs < 10) {
		run_steps(1);
		runs++;
	}
	ck_assert_int_eq(runs, 3);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().present);
	ck_assert_uint_eq(status().generation, gen + 1);
	ck_assert_int_eq(changes, 1);
	ck_assert_int_eq(sd_event_run(fx.event, 20000), 0);
}

/* The end of a finite mode is retried too, and ends it once it takes. */
LED_TEST_CASE(test_mode_end_failed_write_retried)
{
	struct led_mode m;

	start(false, false);
	ck_assert_int_eq(led_mode_oneshot(2, &m), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), 0);
	gpio_fake_fail_sets(fx.backend, -EIO, 2);
	run_steps(2);
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().on);
	run_steps(1);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(!gpio_fake_led(fx.backend));
}

/* Unplugged during a finite blink: it resumes in its step on replug and still ends. */
LED_TEST_CASE(test_mode_survives_replug)
{
	struct led_mode m;

	start(true, true);
	ck_assert_int_eq(led_mode_blink(2, 2, 2, &m), 0);
	ck_assert_int_eq(led_device_start_mode(fx.dev, &m, &client), 0);
	unplug();
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	replug();
	ck_assert((status().mode.kind != LED_CUSE_MODE_NONE));
	run_steps(4);
	ck_assert(!(status().mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(status().on);
	ck_assert(gpio_fake_led(fx.backend));
}
