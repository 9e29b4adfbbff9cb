/* SPDX-License-Identifier: MIT */
/* gpio_line_spec_parse/clear and the gpio_backend_* dispatch (no kernel needed). */
#include "led-test.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpio-backend-private.h"
#include "gpio-backend-test.h"

static void assert_name(const char *text, const char *name)
{
	struct gpio_line_spec s;

	ck_assert_int_eq(gpio_line_spec_parse(text, &s), 0);
	ck_assert_ptr_null(s.chip);
	ck_assert_str_eq(s.name, name);
	ck_assert_uint_eq(s.offset, 0);
	gpio_line_spec_clear(&s);
}

static void assert_chip(const char *text, const char *chip, unsigned int offset)
{
	struct gpio_line_spec s;

	ck_assert_int_eq(gpio_line_spec_parse(text, &s), 0);
	ck_assert_ptr_null(s.name);
	ck_assert_str_eq(s.chip, chip);
	ck_assert_uint_eq(s.offset, offset);
	gpio_line_spec_clear(&s);
}

/* Also checks that a failed parse leaves the output alone. */
static void assert_einval(const char *text)
{
	char chip[] = "sentinel-chip", name[] = "sentinel-name";
	struct gpio_line_spec s = { .chip = chip, .name = name, .offset = 42 };

	ck_assert_int_eq(gpio_line_spec_parse(text, &s), -EINVAL);
	ck_assert_ptr_eq(s.chip, chip);
	ck_assert_ptr_eq(s.name, name);
	ck_assert_uint_eq(s.offset, 42);
}

LED_TEST_CASE(test_name)
{
	assert_name("GPIO17", "GPIO17");
	assert_name("led green", "led green");
	assert_name("0", "0");
}

LED_TEST_CASE(test_chip_offset)
{
	assert_chip("gpiochip0:17", "gpiochip0", 17);
	assert_chip("/dev/gpiochip1:3", "/dev/gpiochip1", 3);
	assert_chip("pinctrl-bcm2711:17", "pinctrl-bcm2711", 17);
	assert_chip("x:0", "x", 0);
	assert_chip("x:007", "x", 7);
	assert_chip("x:65535", "x", 65535);
}

LED_TEST_CASE(test_split_at_last_colon)
{
	assert_chip("gpio-sim.0:node0:5", "gpio-sim.0:node0", 5);
	assert_chip("a::1", "a:", 1);
}

LED_TEST_CASE(test_invalid)
{
	static const char *const bad[] = {
		"",
		":",
		":3",
		"chip:",
		"chip:-1",
		"chip:+1",
		"chip: 1",
		"chip:1 ",
		"chip:3x",
		"chip:0x10",
		"chip:65536",
		"chip:99999999999999999999999",
		"a:b:",
		"name:with:colons",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_einval(bad[i]);
}

/* True if gpio_line_spec_parse(text, spec) aborts (an assert()) rather than returning. */
static bool parse_aborts(const char *text, struct gpio_line_spec *spec)
{
	int status;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* No core file, and no assertion message in the test's output. */
		setrlimit(RLIMIT_CORE, &(struct rlimit){});
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		gpio_line_spec_parse(text, spec);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* A NULL text or spec is the caller's bug, not bad input: it stops the program. */
LED_TEST_CASE(test_null_arguments)
{
	struct gpio_line_spec s = {};

	ck_assert(parse_aborts(NULL, &s));
	ck_assert(parse_aborts("GPIO17", NULL));
	ck_assert(!parse_aborts("GPIO17", &s));
	ck_assert_ptr_null(s.name);
}

LED_TEST_CASE(test_clear)
{
	struct gpio_line_spec s;

	ck_assert_int_eq(gpio_line_spec_parse("gpiochip0:9", &s), 0);
	gpio_line_spec_clear(&s);
	ck_assert_ptr_null(s.chip);
	ck_assert_ptr_null(s.name);
	ck_assert_uint_eq(s.offset, 0);
	/* Idempotent, and NULL is accepted. */
	gpio_line_spec_clear(&s);
	gpio_line_spec_clear(NULL);
}

/* A recording backend: each op stores its arguments and returns a marker. */
struct rec_backend {
	struct gpio_backend base;
	const char *last;
	bool arg_bool;
	struct gpio_button_event *arg_events;
	size_t arg_max;
};

static struct rec_backend *rec(struct gpio_backend *b)
{
	return (struct rec_backend *)b;
}

static int rec_set_led(struct gpio_backend *b, bool on)
{
	rec(b)->last = "set_led";
	rec(b)->arg_bool = on;
	return -ENODEV;
}

static int rec_get_led(struct gpio_backend *b, bool *on)
{
	rec(b)->last = "get_led";
	*on = true;
	return 0;
}

static int rec_get_event_fd(struct gpio_backend *b)
{
	rec(b)->last = "get_event_fd";
	return 17;
}

static int rec_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max)
{
	rec(b)->last = "read_events";
	rec(b)->arg_events = events;
	rec(b)->arg_max = max;
	return 3;
}

static int rec_check(struct gpio_backend *b)
{
	rec(b)->last = "check";
	return -ENODEV;
}

static int rec_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen)
{
	rec(b)->last = "reconnect";
	rec(b)->arg_bool = led_value;
	snprintf(why, whylen, "LED: gone");
	return -ENOENT;
}

static void rec_get_info(struct gpio_backend *b, struct gpio_backend_info *info)
{
	rec(b)->last = "get_info";
	info->led_offset = 5;
}

static int freed;

static void rec_free(struct gpio_backend *b)
{
	freed++;
}

static const struct gpio_backend_ops rec_ops = {
	.set_led = rec_set_led,
	.get_led = rec_get_led,
	.get_event_fd = rec_get_event_fd,
	.read_events = rec_read_events,
	.check = rec_check,
	.reconnect = rec_reconnect,
	.get_info = rec_get_info,
	.free = rec_free,
};

LED_TEST_CASE_IN("dispatch", test_dispatch)
{
	struct rec_backend r = { .base.ops = &rec_ops };
	struct gpio_backend *b = &r.base;
	struct gpio_button_event events[4];
	struct gpio_backend_info info = {};
	char why[32];
	bool on = false;

	ck_assert_int_eq(gpio_backend_set_led(b, true), -ENODEV);
	ck_assert_str_eq(r.last, "set_led");
	ck_assert(r.arg_bool);

	ck_assert_int_eq(gpio_backend_get_led(b, &on), 0);
	ck_assert_str_eq(r.last, "get_led");
	ck_assert(on);

	ck_assert_int_eq(gpio_backend_get_event_fd(b), 17);
	ck_assert_str_eq(r.last, "get_event_fd");

	ck_assert_int_eq(gpio_backend_read_events(b, events, 4), 3);
	ck_assert_str_eq(r.last, "read_events");
	ck_assert_ptr_eq(r.arg_events, events);
	ck_assert_uint_eq(r.arg_max, 4);

	ck_assert_int_eq(gpio_backend_check(b), -ENODEV);
	ck_assert_str_eq(r.last, "check");

	ck_assert_int_eq(gpio_backend_reconnect(b, false, why, sizeof(why)), -ENOENT);
	ck_assert_str_eq(r.last, "reconnect");
	ck_assert(!r.arg_bool);
	ck_assert_str_eq(why, "LED: gone");

	gpio_backend_get_info(b, &info);
	ck_assert_str_eq(r.last, "get_info");
	ck_assert_uint_eq(info.led_offset, 5);

	freed = 0;
	ck_assert_ptr_null(gpio_backend_free(NULL));
	ck_assert_int_eq(freed, 0);
	ck_assert_ptr_null(gpio_backend_free(b));
	ck_assert_int_eq(freed, 1);
}
