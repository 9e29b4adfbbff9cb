/* SPDX-License-Identifier: MIT */
#include <check.h>

#include "check-main.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "options.h"

static struct led_options opts;
static char err[512];

#define PARSE(...) ({ \
	char *argv_[] = { "led-cuse", __VA_ARGS__, NULL }; \
	led_options_free(&opts); \
	led_options_parse((int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_, &opts, err, sizeof(err)); \
})

static char *write_config(const char *text)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/led-cuse-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void teardown(void)
{
	led_options_free(&opts);
}

START_TEST(test_defaults)
{
	ck_assert_int_eq(PARSE("--led=GPIO17"), 0);
	ck_assert_str_eq(opts.name, "led");
	ck_assert(!opts.fixed_devno);
	ck_assert_str_eq(opts.gpio.led.name, "GPIO17");
	ck_assert_ptr_null(opts.gpio.led.chip);
	ck_assert(!opts.gpio.has_button);
	ck_assert(!opts.gpio.led_active_low);
	ck_assert(!opts.gpio.led_initial);
	ck_assert_int_eq(opts.gpio.button_bias, GPIO_BIAS_PULL_UP);
	ck_assert_int_eq(opts.gpio.button_edge, GPIO_EDGE_FALLING);
	ck_assert_uint_eq(opts.gpio.debounce_ms, 10);
	ck_assert_int_eq(opts.exit_state, LED_EXIT_STATE_OFF);
	ck_assert_uint_eq(opts.state_save_interval_s, 10);
	ck_assert_int_eq(opts.log_level, LOG_INFO);
	ck_assert_str_eq(opts.gpio.consumer, "led-cuse");
}
END_TEST

START_TEST(test_everything)
{
	ck_assert_int_eq(PARSE("-n", "status", "-M", "240", "-m", "3", "-l", "gpiochip0:17", "--active-low",
			       "--initial=on", "-b", "GPIO27", "--button-active-low", "--bias=pull-down",
			       "--edge=both", "--debounce=50", "--exit-state=keep",
			       "--state-file=/var/lib/led-cuse/led", "--state-save-interval=0", "-v"), 0);
	ck_assert_str_eq(opts.name, "status");
	ck_assert(opts.fixed_devno);
	ck_assert_uint_eq(opts.major, 240);
	ck_assert_uint_eq(opts.minor, 3);
	ck_assert_str_eq(opts.gpio.led.chip, "gpiochip0");
	ck_assert_uint_eq(opts.gpio.led.offset, 17);
	ck_assert(opts.gpio.led_active_low);
	ck_assert(opts.gpio.led_initial);
	ck_assert(opts.gpio.has_button);
	ck_assert_str_eq(opts.gpio.button.name, "GPIO27");
	ck_assert(opts.gpio.button_active_low);
	ck_assert_int_eq(opts.gpio.button_bias, GPIO_BIAS_PULL_DOWN);
	ck_assert_int_eq(opts.gpio.button_edge, GPIO_EDGE_BOTH);
	ck_assert_uint_eq(opts.gpio.debounce_ms, 50);
	ck_assert_int_eq(opts.exit_state, LED_EXIT_STATE_KEEP);
	ck_assert_str_eq(opts.state_file, "/var/lib/led-cuse/led");
	ck_assert_uint_eq(opts.state_save_interval_s, 0);
	ck_assert_int_eq(opts.log_level, LOG_DEBUG);
}
END_TEST

START_TEST(test_usage_errors)
{
	ck_assert_int_eq(PARSE("-n", "x"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "no LED line"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--bogus"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--bogus"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=0"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=4096"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--major=4096"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=12x"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=-1"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--minor=1048576", "-M", "240"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--minor=5"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--major"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--bias=up"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "pull-up"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--edge=down"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--debounce=10001"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--initial=maybe"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--exit-state=blink"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-file=relative"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-save-interval=3601"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "seconds"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-save-interval=1s"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "chip:"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "extra"), -LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "extra"));
	ck_assert_int_eq(PARSE("-l"), -LED_EXIT_USAGE);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "led-1.status_x"), 0);
	ck_assert_str_eq(opts.name, "led-1.status_x");
	led_options_free(&opts);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "a/b"), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", ".."), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", ""), -LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "0123456789012345678901234567890123"), -LED_EXIT_USAGE);
}
END_TEST

START_TEST(test_quiet_and_help)
{
	ck_assert_int_eq(PARSE("-q", "-l", "GPIO17"), 0);
	ck_assert_int_eq(opts.log_level, LOG_ERR);
	led_options_free(&opts);
	/* --help needs no LED line. */
	ck_assert_int_eq(PARSE("--help"), 0);
	ck_assert(opts.help);
	led_options_free(&opts);
	ck_assert_int_eq(PARSE("--version"), 0);
	ck_assert(opts.version);
}
END_TEST

START_TEST(test_config_file)
{
	char *path = write_config("# comment\n"
				  "[led]\n"
				  "name = status\n"
				  "led = GPIO17\n"
				  "active-low = yes\n"
				  "button = leds-chip:27\n"
				  "bias = disabled\n"
				  "debounce = 25\n"
				  "exit-state = on\n"
				  "state-save-interval = 60\n"
				  "log-level = warning\n");
	ck_assert_int_eq(PARSE("-c", path), 0);
	ck_assert_str_eq(opts.name, "status");
	ck_assert_str_eq(opts.gpio.led.name, "GPIO17");
	ck_assert(opts.gpio.led_active_low);
	ck_assert_str_eq(opts.gpio.button.chip, "leds-chip");
	ck_assert_uint_eq(opts.gpio.button.offset, 27);
	ck_assert_int_eq(opts.gpio.button_bias, GPIO_BIAS_DISABLED);
	ck_assert_uint_eq(opts.gpio.debounce_ms, 25);
	ck_assert_int_eq(opts.exit_state, LED_EXIT_STATE_ON);
	ck_assert_uint_eq(opts.state_save_interval_s, 60);
	ck_assert_int_eq(opts.log_level, LOG_WARNING);
	unlink(path);
}
END_TEST

START_TEST(test_command_line_overrides_config)
{
	char *path = write_config("led = GPIO17\nname = fromfile\nactive-low = true\n");

	/* --config after the overriding options: still read first. */
	ck_assert_int_eq(PARSE("-n", "fromcli", "--led=GPIO5", "--config", path), 0);
	ck_assert_str_eq(opts.name, "fromcli");
	ck_assert_str_eq(opts.gpio.led.name, "GPIO5");
	ck_assert(opts.gpio.led_active_low);
	unlink(path);
}
END_TEST

START_TEST(test_config_errors)
{
	char *path = write_config("[led]\nled = GPIO17\ndebounce = soon\n");

	ck_assert_int_eq(PARSE("-c", path), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, ":3:"));
	ck_assert_ptr_nonnull(strstr(err, "debounce"));
	ck_assert_ptr_nonnull(strstr(err, "soon"));
	ck_assert_ptr_nonnull(strstr(err, "milliseconds"));
	unlink(path);
	led_options_free(&opts);

	path = write_config("led = GPIO17\ncolour = red\n");
	ck_assert_int_eq(PARSE("-c", path), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "colour"));
	ck_assert_ptr_nonnull(strstr(err, "unknown key"));
	unlink(path);
	led_options_free(&opts);

	path = write_config("[gpio]\nled = GPIO17\n");
	ck_assert_int_eq(PARSE("-c", path), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "[gpio]"));
	unlink(path);
	led_options_free(&opts);

	path = write_config("led = GPIO17\nthis line has no equals sign\n");
	ck_assert_int_eq(PARSE("-c", path), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, ":2:"));
	unlink(path);
	led_options_free(&opts);

	/* No LED line anywhere: a configuration error when a file is used. */
	path = write_config("name = x\n");
	ck_assert_int_eq(PARSE("-c", path), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "led="));
	unlink(path);
	led_options_free(&opts);

	ck_assert_int_eq(PARSE("-c", "/nonexistent/led-cuse.conf"), -LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/led-cuse.conf"));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_everything);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_quiet_and_help);
	tcase_add_test(tc, test_config_file);
	tcase_add_test(tc, test_command_line_overrides_config);
	tcase_add_test(tc, test_config_errors);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
