/* SPDX-License-Identifier: MIT */
/*
 * Chip presence through its device: a chip that goes (a failed call, its node removed from /dev,
 * an overflowed watch) and comes back, the LED's and the button's each on its own.
 */
#include "led-test.h"

#include "led-device-test.h"

LED_TEST_FIXTURE(NULL, teardown)

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

/* The button on a chip of its own. Losing that chip alone
 * (the LED's line still answers) must be noticed: every held line is probed.
 * (It is the button that is gone then, not the LED.) */
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

/* When the /dev watch overflows (IN_Q_OVERFLOW), the chip's
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

/*
 * LED on one chip, button on another. The button's chip
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
