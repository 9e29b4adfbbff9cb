/* SPDX-License-Identifier: MIT */
/*
 * The libgpiod backend (gpio-backend-gpiod.c and the files it is made of)
 * on a fake libgpiod (tests/fakes/libgpiod-fake.c): requests, edges, unplug
 * and replug of each chip, without a kernel. The VM suite runs the same backend on gpio-sim.
 *
 * Chip A holds the LED (line 3) and, unless a test moves it to chip B, the
 * button (line 5). Both are named by path, so a replug finds them by path
 * and label.
 */
#include "led-test.h"

#include <errno.h>
#include <string.h>

#include "gpio-backend-gpiod.h"
#include "gpio-backend-test.h"
#include "libgpiod-fake.h"

#define CHIP_A "/led-cuse-fake/gpiochip0"
#define CHIP_B "/led-cuse-fake/gpiochip1"
#define LED 3
#define BUTTON 5

static struct gpio_backend *b;

static void setup(void)
{
	libgpiod_fake_reset();
	libgpiod_fake_chip_add(CHIP_A, "gpiochip0", "fake-a", 16);
	libgpiod_fake_chip_add(CHIP_B, "gpiochip1", "fake-b", 8);
}

static void teardown(void)
{
	gpio_backend_free(b);
	b = NULL;
	libgpiod_fake_reset();
}

LED_TEST_FIXTURE(setup, teardown)

/* LED on chip A line 3, button on button_chip line 5 (none if NULL). */
static void open_backend(const char *button_chip, bool led_initial)
{
	struct gpio_backend_config c = {
		.consumer = "led-cuse-test",
		.led = { .chip = (char *)CHIP_A, .offset = LED },
		.led_initial = led_initial,
		.has_button = button_chip != NULL,
		.button = { .chip = (char *)button_chip, .offset = BUTTON },
		.button_edge = GPIO_EDGE_FALLING,
	};
	char why[256];
	int r;

	r = gpio_backend_new_gpiod(&c, &b, why, sizeof(why));
	ck_assert_msg(r == 0, "gpio_backend_new_gpiod: %s: %s", strerror(-r), why);
}

static int read_events(struct gpio_button_event *ev, size_t max)
{
	return gpio_backend_read_events(b, ev, max);
}

LED_TEST_CASE(test_request_set_and_info)
{
	struct gpio_backend_info info;
	bool on = false;

	open_backend(CHIP_A, true);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 1);
	ck_assert_int_eq(gpio_backend_set_led(b, false), 0);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 0);
	ck_assert_int_eq(gpio_backend_get_led(b, &on), 0);
	ck_assert(!on);
	ck_assert_int_eq(gpio_backend_check(b), 0);
	gpio_backend_get_info(b, &info);
	ck_assert_str_eq(info.led_chip, "fake-a");
	ck_assert_uint_eq(info.led_offset, LED);
	ck_assert(info.has_button);
	ck_assert_str_eq(info.button_chip, "fake-a");
	ck_assert_uint_eq(info.button_offset, BUTTON);
	/* One request for both lines on one chip. */
	ck_assert_uint_eq(libgpiod_fake_chip_requests(CHIP_A), 1);
}

LED_TEST_CASE(test_button_edges)
{
	struct gpio_button_event ev[4];

	open_backend(CHIP_B, false);
	ck_assert_int_ge(gpio_backend_get_event_fd(b), 0);
	ck_assert_int_eq(read_events(ev, 4), 0);
	libgpiod_fake_edge(CHIP_B, BUTTON, false, 100);
	libgpiod_fake_edge(CHIP_B, BUTTON, true, 200);  /* not watched: falling only */
	libgpiod_fake_edge(CHIP_B, BUTTON, false, 300);
	ck_assert_int_eq(read_events(ev, 4), 2);
	ck_assert(!ev[0].rising);
	ck_assert_uint_eq(ev[0].timestamp_ns, 100);
	ck_assert_uint_eq(ev[1].timestamp_ns, 300);
	ck_assert_int_eq(read_events(ev, 4), 0);
}

/* One chip for both lines: gone and back together, the LED restored. */
LED_TEST_CASE(test_unplug_and_replug)
{
	struct gpio_button_event ev[2];
	char why[256];
	bool on;

	open_backend(CHIP_A, false);
	libgpiod_fake_chip_set_live(CHIP_A, false);
	ck_assert_int_eq(gpio_backend_check(b), -ENODEV);
	ck_assert_int_eq(gpio_backend_set_led(b, true), -ENODEV);
	ck_assert_int_eq(gpio_backend_get_led(b, &on), -ENODEV);
	ck_assert_int_eq(read_events(ev, 2), -ENODEV);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_LED | GPIO_LINE_BUTTON); /* one chip, one request */
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -ENODEV);
	/* Found by path and label: no other chip has that label to find it by. */
	ck_assert_str_eq(why, "LED: no GPIO chip " CHIP_A " (looked for under that name only: no GPIO chip with "
			      "label 'fake-a')");

	libgpiod_fake_chip_set_live(CHIP_A, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), 0);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 1);
	ck_assert_int_eq(gpio_backend_check(b), 0);
	ck_assert_uint_eq(gpio_backend_gone(b), 0);
	ck_assert_uint_eq(libgpiod_fake_chip_requests(CHIP_A), 2); /* both lines in one request again */
	libgpiod_fake_edge(CHIP_A, BUTTON, false, 7);
	ck_assert_int_eq(read_events(ev, 2), 1);
	ck_assert_uint_eq(ev[0].timestamp_ns, 7);
}

/* Back under its path, but another chip: not taken. */
LED_TEST_CASE(test_replug_checks_the_label)
{
	char why[256];

	open_backend(NULL, false);
	libgpiod_fake_chip_set_live(CHIP_A, false);
	libgpiod_fake_chip_set_label(CHIP_A, "someone-else");
	libgpiod_fake_chip_set_live(CHIP_A, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -ENODEV);
	ck_assert_msg(strstr(why, "is now a chip labelled 'someone-else', not 'fake-a'"), "why: %s", why);
}

/*
 * The chip is back, but its lines cannot be requested (another consumer
 * took one): get_info, which GET_INFO, ledctl info and STATUS= show, keeps
 * the chips and offsets last found, not an empty chip at offset 0 without
 * a button; the next attempt gets the lines.
 */
LED_TEST_CASE(test_info_kept_after_a_failed_rerequest)
{
	struct gpio_backend_info info;
	char why[256];

	open_backend(CHIP_B, false);
	libgpiod_fake_chip_set_live(CHIP_A, false);
	libgpiod_fake_chip_set_live(CHIP_B, false);
	ck_assert_int_eq(gpio_backend_check(b), -ENODEV);
	libgpiod_fake_chip_set_live(CHIP_A, true);
	libgpiod_fake_chip_set_live(CHIP_B, true);
	libgpiod_fake_chip_fail_next_request(CHIP_A, EBUSY);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -EBUSY);
	ck_assert_msg(strstr(why, "LED: line 3 of " CHIP_A ": Device or resource busy"), "why: %s", why);
	gpio_backend_get_info(b, &info);
	ck_assert_str_eq(info.led_chip, "fake-a");
	ck_assert_uint_eq(info.led_offset, LED);
	ck_assert(info.has_button);
	ck_assert_str_eq(info.button_chip, "fake-b");
	ck_assert_uint_eq(info.button_offset, BUTTON);

	/* The next attempt gets the lines. */
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), 0);
	gpio_backend_get_info(b, &info);
	ck_assert_str_eq(info.led_chip, "fake-a");
	ck_assert_str_eq(info.button_chip, "fake-b");
}

/*
 * The button on a chip of its own. Its chip going does not
 * take the LED with it: the LED's line still answers, and comes through a
 * reconnect untouched while the button's chip is missing and when it is back.
 */
LED_TEST_CASE(test_button_chip_gone_alone)
{
	struct gpio_button_event ev[2];
	char why[256];
	bool on = false;
	int fd;

	open_backend(CHIP_B, false);
	fd = gpio_backend_get_event_fd(b);
	libgpiod_fake_chip_set_live(CHIP_B, false);
	ck_assert_int_eq(read_events(ev, 2), -ENODEV);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_BUTTON);
	ck_assert_int_eq(gpio_backend_set_led(b, true), 0);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 1);
	ck_assert_int_eq(gpio_backend_get_led(b, &on), 0);
	ck_assert(on);
	ck_assert_int_eq(gpio_backend_check(b), -ENODEV);
	ck_assert_int_eq(gpio_backend_get_event_fd(b), fd);

	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -ENODEV);
	ck_assert_msg(strncmp(why, "button: no GPIO chip " CHIP_B, strlen("button: no GPIO chip " CHIP_B)) == 0,
		      "why: %s", why);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_BUTTON);
	ck_assert_int_eq(gpio_backend_set_led(b, false), 0);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 0);

	libgpiod_fake_chip_set_live(CHIP_B, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, false, why, sizeof(why)), 0);
	ck_assert_uint_eq(gpio_backend_gone(b), 0);
	ck_assert_int_eq(gpio_backend_check(b), 0);
	ck_assert_uint_eq(libgpiod_fake_chip_requests(CHIP_A), 1); /* the LED kept its request */
	libgpiod_fake_edge(CHIP_B, BUTTON, false, 11);
	ck_assert_int_eq(read_events(ev, 2), 1);
	ck_assert_uint_eq(ev[0].timestamp_ns, 11);
}

/* The other way round: the LED's chip goes, the button's stays and is read on. */
LED_TEST_CASE(test_led_chip_gone_alone)
{
	struct gpio_button_event ev[2];
	char why[256];

	open_backend(CHIP_B, false);
	libgpiod_fake_chip_set_live(CHIP_A, false);
	ck_assert_int_eq(gpio_backend_set_led(b, true), -ENODEV);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_LED);
	libgpiod_fake_edge(CHIP_B, BUTTON, false, 5);
	ck_assert_int_eq(read_events(ev, 2), 1);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -ENODEV);
	ck_assert_msg(strncmp(why, "LED: ", 5) == 0, "why: %s", why);

	libgpiod_fake_chip_set_live(CHIP_A, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), 0);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 1);
	ck_assert_uint_eq(libgpiod_fake_chip_requests(CHIP_B), 1); /* the button kept its request */
}

/* Both chips gone: each line comes back with its own chip. */
LED_TEST_CASE(test_lines_back_one_chip_at_a_time)
{
	struct gpio_button_event ev[2];
	char why[256];

	open_backend(CHIP_B, true);
	libgpiod_fake_chip_set_live(CHIP_A, false);
	libgpiod_fake_chip_set_live(CHIP_B, false);
	ck_assert_int_eq(gpio_backend_check(b), -ENODEV);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_LED | GPIO_LINE_BUTTON);

	libgpiod_fake_chip_set_live(CHIP_A, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, true, why, sizeof(why)), -ENODEV);
	ck_assert_msg(strncmp(why, "button: ", 8) == 0, "why: %s", why);
	ck_assert_uint_eq(gpio_backend_gone(b), GPIO_LINE_BUTTON);
	ck_assert_int_eq(libgpiod_fake_line_level(CHIP_A, LED), 1);
	ck_assert_int_eq(gpio_backend_set_led(b, false), 0);
	ck_assert_int_eq(read_events(ev, 2), -ENODEV);

	libgpiod_fake_chip_set_live(CHIP_B, true);
	ck_assert_int_eq(gpio_backend_reconnect(b, false, why, sizeof(why)), 0);
	ck_assert_uint_eq(gpio_backend_gone(b), 0);
	libgpiod_fake_edge(CHIP_B, BUTTON, false, 9);
	ck_assert_int_eq(read_events(ev, 2), 1);
}
