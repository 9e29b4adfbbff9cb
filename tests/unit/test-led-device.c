/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "button-source.h"
#include "device-fixture.h"
#include "state-publisher.h"

static struct fixture fx;
static int changes, presses, gones, records;
static struct led_cuse_event last_event;
static uint64_t last_counts[LED_CUSE_EVENT_KINDS];
static struct led_cuse_change last_record;
/* A client's write: uid 1000, pid 42. */
static const struct led_origin client = { .source = LED_CUSE_CHANGE_WRITE, .uid = 1000, .pid = 42 };

static void on_changed(void *u, const struct led_cuse_change *change)
{
	changes++;
	if (change) {
		records++;
		last_record = *change;
	}
}

static void on_button(void *u, const struct led_cuse_event *ev, const uint64_t *counts)
{
	presses++;
	last_event = *ev;
	memcpy(last_counts, counts, sizeof(last_counts));
}

static void on_gone(void *u)
{
	gones++;
}

static const struct led_listener listener = { on_changed, on_button, on_gone };

static struct led_device_status status(void)
{
	struct led_device_status st;

	led_device_get_status(fx.dev, &st);
	return st;
}

static void start(bool has_button, bool initial)
{
	changes = presses = gones = records = 0;
	fixture_start(&fx, has_button, initial);
	ck_assert_int_eq(led_device_add_listener(fx.dev, &listener, NULL), 0);
}

static void teardown(void)
{
	fixture_stop(&fx);
}

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

/* Issue 9 item 5: a failed write (not an unplug) must not leave a blink
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

/* The chip goes away (the event fd reports the dead request)... */
static void unplug(void)
{
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert(!status().present);
}

/* ... and comes back as gpiochip0. */
static void replug(void)
{
	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(status().present);
}

LED_TEST_CASE(test_unplug_and_replug)
{
	start(true, false);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	unplug();
	ck_assert_int_eq(gones, 1);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), -ENODEV);
	ck_assert_int_eq(led_device_toggle(fx.dev, &client), -ENODEV);
	ck_assert_int_eq(fixture_blink(&fx, 10, 10, &client), -ENODEV);
	ck_assert(status().on); /* last state kept for the replug */

	/* Something appears in /dev but the chip is still missing. */
	fixture_touch_dev(&fx, "ttyS9");
	fixture_run_pending(&fx);
	ck_assert(!status().present);

	replug();
	ck_assert_uint_eq(gpio_fake_reconnect_count(fx.backend), 1);
	ck_assert(gpio_fake_led(fx.backend)); /* state restored */
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);

	/* The button works again on the new request. */
	gpio_fake_press(fx.backend, 5);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 1);
	ck_assert(status().on);
}

LED_TEST_CASE(test_unplug_seen_on_write)
{
	start(false, true);
	gpio_fake_fail_next_set(fx.backend, -ENODEV);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), -ENODEV);
	ck_assert(!status().present);
	ck_assert_int_eq(gones, 1);
	ck_assert(status().on);
}

LED_TEST_CASE(test_unplug_seen_when_node_removed)
{
	start(false, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	/* Another node going away while the chip is fine changes nothing. */
	fixture_touch_dev(&fx, "ttyS0");
	fixture_run_pending(&fx);
	fixture_remove_dev(&fx, "ttyS0");
	fixture_run_pending(&fx);
	ck_assert(status().present);
	ck_assert_int_eq(gones, 0);

	/* No button fd to report it: the chip's node vanishing is the signal. */
	gpio_fake_set_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(!status().present);
	ck_assert_int_eq(gones, 1);
	ck_assert_int_eq(changes, 1);
}

/* Issue 9 item 4: the button on a chip of its own. Losing that chip alone
 * (the LED's line still answers) must be noticed: every held line is probed.
 * (Issue 20 item 2: it is the button that is gone then, not the LED.) */
LED_TEST_CASE(test_unplug_of_button_chip_alone)
{
	start(true, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_touch_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	gpio_fake_set_button_chip_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	ck_assert(!status().button_present);
	ck_assert(status().present);
	ck_assert_int_eq(gones, 1);

	gpio_fake_set_button_chip_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip2");
	fixture_run_pending(&fx);
	ck_assert(status().button_present);
	ck_assert(gpio_fake_led(fx.backend)); /* state kept */
	gpio_fake_press(fx.backend, 7);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 1);
	ck_assert(!status().on);
}

/* Issue 9 item 4: when the /dev watch overflows (IN_Q_OVERFLOW), the chip's
 * removal may be among the lost events: every line is probed again. */
LED_TEST_CASE(test_dev_watch_overflow_reprobes)
{
	unsigned int max_events = 16384;
	char name[96], target[96];
	FILE *f;

	start(false, true);
	f = fopen("/proc/sys/fs/inotify/max_queued_events", "re");
	if (f) {
		ck_assert_int_eq(fscanf(f, "%u", &max_events), 1);
		fclose(f);
	}
	ck_assert_uint_le(max_events, 1u << 20);
	/* The chip goes, and its node's removal is lost in a flood of new nodes
	 * (none of which is a removal the daemon would probe on). */
	gpio_fake_set_present(fx.backend, false);
	fixture_touch_dev(&fx, "tty");
	snprintf(target, sizeof(target), "%s/tty", fx.dev_dir);
	for (unsigned int i = 0; i <= max_events; i++) {
		snprintf(name, sizeof(name), "%s/tty%u", fx.dev_dir, i);
		ck_assert_int_eq(link(target, name), 0);
	}
	fixture_run_pending(&fx);
	ck_assert(!status().present);
	ck_assert_int_eq(gones, 1);

	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	ck_assert(status().present);
	ck_assert(gpio_fake_led(fx.backend));
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

/* --- button events (recogniser wired to the backend, the loop and the LED) --- */

static void start_button(enum gpio_edge edge, bool active_low, enum button_action action,
			 unsigned int hold_ms, unsigned int double_ms)
{
	struct led_device_config cfg = {
		.button_edge = edge, .button_active_low = active_low, .button_action = action,
		.hold_ms = hold_ms, .double_click_ms = double_ms,
	};

	changes = presses = gones = records = 0;
	fixture_start_config(&fx, true, false, cfg);
	ck_assert_int_eq(led_device_add_listener(fx.dev, &listener, NULL), 0);
}

static void edge(uint64_t ts, bool rising)
{
	gpio_fake_edge(fx.backend, ts, rising);
	fixture_run_pending(&fx);
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

/* --- who changed it (issue 14 item 8) --- */

static uint64_t realtime_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static struct led_cuse_change last_change(void)
{
	struct led_cuse_change c;

	led_device_get_last_change(fx.dev, &c);
	return c;
}

/* GET_STATE's flags while a mode of that kind runs. */
#define BLINK_FLAGS(kind) (LED_CUSE_STATE_BLINKING | (kind) << LED_CUSE_STATE_MODE_SHIFT)

static void assert_record(const struct led_cuse_change *c, enum led_cuse_change_source source, uint32_t uid,
			  uint32_t pid, uint32_t state, uint32_t flags)
{
	ck_assert_uint_eq(c->source, source);
	ck_assert_uint_eq(c->uid, uid);
	ck_assert_uint_eq(c->pid, pid);
	ck_assert_uint_eq(c->state, state);
	ck_assert_uint_eq(c->flags, flags);
	ck_assert_uint_eq(c->reserved, 0);
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

/* --- modes (issue 14 item 7): one engine, every kind --- */

/* Run n steps of the loop, each one timer expiry. */
static void run_steps(int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
}

/*
 * The line took, from the mode's start, the levels of mode's steps over
 * `runs` runs, then the levels in tail. Steps are scheduled from the
 * mode's start (each ends ms after the previous deadline), and timers are
 * never early: the k-th set comes no earlier than the sum of the steps
 * before it, less the loop's cached-time gap at the start (SLACK).
 */
#define SLACK_NS 1000000ULL
static void assert_steps(const struct led_mode *mode, unsigned int runs, const bool *tail, unsigned int ntail)
{
	const struct gpio_fake_set *h;
	unsigned int n = gpio_fake_history(fx.backend, &h), k = 0;
	uint64_t due = 0;

	ck_assert_uint_eq(n, runs * mode->nsteps + ntail);
	for (unsigned int r = 0; r < runs; r++)
		for (unsigned int i = 0; i < mode->nsteps; i++, k++) {
			ck_assert_msg(h[k].on == mode->steps[i].on, "set %u: level %d, step %u wants %d", k,
				      h[k].on, i, mode->steps[i].on);
			ck_assert_msg(h[k].ns - h[0].ns + SLACK_NS >= due, "set %u at %llu ns, due at %llu ns", k,
				      (unsigned long long)(h[k].ns - h[0].ns), (unsigned long long)due);
			due += mode->steps[i].ms * 1000000ULL;
		}
	for (unsigned int i = 0; i < ntail; i++, k++)
		ck_assert_msg(h[k].on == tail[i], "tail %u: level %d", i, h[k].on);
}

static void start_mode(const struct led_mode *mode)
{
	gpio_fake_history_clear(fx.backend);
	ck_assert_int_eq(led_device_start_mode(fx.dev, mode, &client), 0);
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

/* --- who changed it, with modes: the start has its origin, the end is the timer's --- */

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

/*
 * Issue 20 item 10: a button read that fails for a moment (EINTR, EAGAIN)
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

/*
 * Issue 20 item 2: LED on one chip, button on another. The button's chip
 * going alone must leave the LED working - a stop applies exit-state with
 * led_device_set() - and the button comes back with its chip.
 */
LED_TEST_CASE(test_led_works_while_the_button_chip_is_gone)
{
	start(true, false);
	fixture_touch_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	gpio_fake_set_button_chip_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	ck_assert_int_eq(gones, 1); /* waiters hear it: no event can come */
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_int_eq(led_device_toggle(fx.dev, &client), 0);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert(status().present);
	ck_assert(!status().button_present);
	{
		struct led_cuse_info info;

		/* Not every chip is there; the button's chip and line are still known. */
		fixture_get_info(&fx, &info);
		ck_assert_uint_eq(info.flags, LED_CUSE_INFO_HAS_BUTTON);
		ck_assert_str_eq(info.button_chip, "fake-chip");
	}

	gpio_fake_set_button_chip_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip2");
	fixture_run_pending(&fx);
	ck_assert(status().button_present);
	ck_assert_uint_eq(gpio_fake_reconnect_count(fx.backend), 1);
	gpio_fake_press(fx.backend, 7);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 1);
	ck_assert(!status().on);
	ck_assert(!gpio_fake_led(fx.backend));
}

/*
 * The other way round: the LED's chip goes, the button's stays. The device
 * is gone for its clients; presses meanwhile are dropped (they are read, so
 * none toggles the LED once it is back), and the button works after.
 */
LED_TEST_CASE(test_led_chip_gone_alone)
{
	start(true, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	gpio_fake_set_led_chip_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(!status().present);
	ck_assert(status().button_present);
	ck_assert_int_eq(gones, 1);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), -ENODEV);
	gpio_fake_press(fx.backend, 3);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 0);

	gpio_fake_set_led_chip_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip3");
	fixture_run_pending(&fx);
	ck_assert(status().present);
	ck_assert(status().on);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_int_eq(presses, 0);
	gpio_fake_press(fx.backend, 9);
	fixture_run_pending(&fx);
	ck_assert_int_eq(presses, 1);
	ck_assert(!status().on);
}

/*
 * Issue 20 item 11: chip labels come from the kernel (a driver, gpio-sim's
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
