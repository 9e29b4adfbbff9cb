/* SPDX-License-Identifier: MIT */
/*
 * The libgpiod backend's lookup tells a chip that is absent (-ENODEV: it may
 * still come, so the daemon waits) from a line that cannot exist (-ENOENT,
 * -ERANGE: fail at once), and why names the chip looked for. Only the absent
 * cases can run without a GPIO kernel; the VM suite covers the others.
 */
#include "led-test.h"

#include <errno.h>
#include <string.h>

#include "gpio-backend-gpiod.h"

static int open_led(const char *line, char *why, size_t whylen)
{
	struct gpio_backend_config c = { .consumer = "led-cuse-test" };
	struct gpio_backend *b = NULL;
	int r;

	ck_assert_int_eq(gpio_line_spec_parse(line, &c.led), 0);
	r = gpio_backend_new_gpiod(&c, &b, why, whylen);
	ck_assert_ptr_null(b);
	gpio_line_spec_clear(&c.led);
	return r;
}

LED_TEST_CASE(test_absent_path)
{
	char why[256];

	ck_assert_int_eq(open_led("/dev/led-cuse-test-no-gpiochip:3", why, sizeof(why)), -ENODEV);
	ck_assert_str_eq(why, "LED: no GPIO chip /dev/led-cuse-test-no-gpiochip");
}

LED_TEST_CASE(test_absent_chip_name)
{
	char why[256];

	ck_assert_int_eq(open_led("gpiochip987654:3", why, sizeof(why)), -ENODEV);
	ck_assert_str_eq(why, "LED: no GPIO chip /dev/gpiochip987654");
}

LED_TEST_CASE(test_absent_label)
{
	char why[256];

	ck_assert_int_eq(open_led("led-cuse-test-no-such-label:3", why, sizeof(why)), -ENODEV);
	ck_assert_str_eq(why, "LED: no GPIO chip with label 'led-cuse-test-no-such-label'");
}

LED_TEST_CASE(test_why_optional)
{
	ck_assert_int_eq(open_led("/dev/led-cuse-test-no-gpiochip:3", NULL, 0), -ENODEV);
}
