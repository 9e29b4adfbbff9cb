/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "option-spec.h"
#include "options.h"

static struct options opts;
static char err[512];

#define PARSE(...) ({ \
	char *argv_[] = { "led-cuse", __VA_ARGS__, NULL }; \
	options_done(&opts); \
	options_parse((int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_, &opts, err, sizeof(err)); \
})

static char *write_config_n(const char *text, size_t len)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/led-cuse-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static char *write_config(const char *text)
{
	return write_config_n(text, strlen(text));
}

static void teardown(void)
{
	options_done(&opts);
}

LED_TEST_FIXTURE(NULL, teardown)

LED_TEST_CASE(test_defaults)
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
	ck_assert_uint_eq(opts.wait_for_gpio_s, LED_DEFAULT_WAIT_FOR_GPIO_S);
}

LED_TEST_CASE(test_wait_for_gpio)
{
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--wait-for-gpio=0"), 0);
	ck_assert_uint_eq(opts.wait_for_gpio_s, 0);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--wait-for-gpio=86400"), 0);
	ck_assert_uint_eq(opts.wait_for_gpio_s, 86400);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--wait-for-gpio=86401"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "wait-for-gpio"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--wait-for-gpio=1m"), LED_EXIT_USAGE);
}

LED_TEST_CASE(test_everything)
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

LED_TEST_CASE(test_usage_errors)
{
	ck_assert_int_eq(PARSE("-n", "x"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "no LED line"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--bogus"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--bogus"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=0"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=4096"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--major=4096"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=12x"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--major=-1"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--minor=1048576", "-M", "240"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--minor=5"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--major"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--bias=up"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "pull-up"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--edge=down"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--debounce=10001"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--initial=maybe"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--exit-state=blink"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-file=relative"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-save-interval=3601"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "seconds"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--state-save-interval=1s"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "chip:"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "extra"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "extra"));
	ck_assert_int_eq(PARSE("-l"), LED_EXIT_USAGE);
}

LED_TEST_CASE(test_names)
{
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "led-1.status_x"), 0);
	ck_assert_str_eq(opts.name, "led-1.status_x");
	options_done(&opts);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "a/b"), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", ".."), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", ""), LED_EXIT_USAGE);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-n", "0123456789012345678901234567890123"), LED_EXIT_USAGE);
}

LED_TEST_CASE(test_quiet_and_help)
{
	ck_assert_int_eq(PARSE("-q", "-l", "GPIO17"), 0);
	ck_assert_int_eq(opts.log_level, LOG_ERR);
	options_done(&opts);
	/* --help needs no LED line. */
	ck_assert_int_eq(PARSE("--help"), 0);
	ck_assert(opts.help);
	options_done(&opts);
	ck_assert_int_eq(PARSE("--version"), 0);
	ck_assert(opts.version);
}

LED_TEST_CASE(test_config_file)
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

LED_TEST_CASE(test_command_line_overrides_config)
{
	char *path = write_config("led = GPIO17\nname = fromfile\nactive-low = true\n");

	/* --config after the overriding options: still read first. */
	ck_assert_int_eq(PARSE("-n", "fromcli", "--led=GPIO5", "--config", path), 0);
	ck_assert_str_eq(opts.name, "fromcli");
	ck_assert_str_eq(opts.gpio.led.name, "GPIO5");
	ck_assert(opts.gpio.led_active_low);
	unlink(path);
}

LED_TEST_CASE(test_config_errors)
{
	char *path = write_config("[led]\nled = GPIO17\ndebounce = soon\n");

	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, ":3:"));
	ck_assert_ptr_nonnull(strstr(err, "debounce"));
	ck_assert_ptr_nonnull(strstr(err, "soon"));
	ck_assert_ptr_nonnull(strstr(err, "milliseconds"));
	unlink(path);
	options_done(&opts);

	path = write_config("led = GPIO17\ncolour = red\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "colour"));
	ck_assert_ptr_nonnull(strstr(err, "unknown key"));
	unlink(path);
	options_done(&opts);

	path = write_config("[gpio]\nled = GPIO17\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "[gpio]"));
	unlink(path);
	options_done(&opts);

	path = write_config("led = GPIO17\nthis line has no equals sign\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, ":2:"));
	unlink(path);
	options_done(&opts);

	/* No LED line anywhere: a configuration error when a file is used. */
	path = write_config("name = x\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "led="));
	unlink(path);
	options_done(&opts);

	ck_assert_int_eq(PARSE("-c", "/nonexistent/led-cuse.conf"), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/led-cuse.conf"));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}

/*
 * Indentation is not a continuation: Debian's libinih is built with
 * INI_ALLOW_MULTILINE and took "    debounce = 7" under "led = CLED" for
 * the LED line "debounce = 7". Each indented line is read as what it says.
 */
LED_TEST_CASE(test_config_indented_lines)
{
	char *path = write_config("led = CLED\n"
				  "    debounce = 7\n"
				  "\tbutton = GPIO27\n"
				  "  [led]\n"
				  "   # an indented comment\n"
				  " \t active-low = yes\n");

	ck_assert_int_eq(PARSE("-c", path), 0);
	ck_assert_str_eq(opts.gpio.led.name, "CLED");
	ck_assert_uint_eq(opts.gpio.debounce_ms, 7);
	ck_assert_str_eq(opts.gpio.button.name, "GPIO27");
	ck_assert(opts.gpio.led_active_low);
	unlink(path);

	/* A bad indented line is reported as written, at its own line. */
	path = write_config("led = CLED\n    debounce = soon\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_msg(strstr(err, ":2: key 'debounce' = 'soon': expected milliseconds"), "%s", err);
	unlink(path);
	path = write_config("led = CLED\nbutton = GPIO27\n\tcolour = red\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_msg(strstr(err, ":3: key 'colour' = 'red': unknown key"), "%s", err);
	unlink(path);
}

/*
 * libinih reads at most 199 characters of a line (INI_MAX_LINE 200): a
 * longer one was cut, and its value refused truncated or, worse, taken
 * truncated, with the rest read as a line of its own. Every key takes in
 * the file what its option takes on the command line, at any length.
 */
LED_TEST_CASE(test_config_long_lines)
{
	char unit[249], too_long[301], state[1200], filler[400], conf[4096];
	char *path;

	/* A valid 248-character unit name, as on the command line. */
	memset(unit, 'a', 240);
	strcpy(unit + 240, ".service");
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-press", unit), 0);
	snprintf(conf, sizeof(conf), "led = GPIO17\nbutton = GPIO27\non-press = %s\n", unit);
	path = write_config(conf);
	ck_assert_msg(PARSE("-c", path) == 0, "%s", err);
	ck_assert_str_eq(opts.on_unit[BUTTON_PRESS], unit);
	unlink(path);

	/* A long path, its line ending in whitespace and a comment. */
	state[0] = '/';
	memset(state + 1, 's', sizeof(state) - 2);
	state[sizeof(state) - 1] = '\0';
	snprintf(conf, sizeof(conf), "led = GPIO17\nstate-file = %s \t ; kept here\nname = after\n", state);
	path = write_config(conf);
	ck_assert_msg(PARSE("-c", path) == 0, "%s", err);
	ck_assert_str_eq(opts.state_file, state);
	ck_assert_str_eq(opts.name, "after");
	unlink(path);

	/* A long comment is one line: its tail is no key, the lines after it keep their numbers. */
	memset(filler, 'x', sizeof(filler) - 1);
	filler[sizeof(filler) - 1] = '\0';
	snprintf(conf, sizeof(conf), "led = GPIO17\n# %s name = tail\n   ; %s\ndebounce = soon\n", filler, filler);
	path = write_config(conf);
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_msg(strstr(err, ":4: key 'debounce' = 'soon'"), "%s", err);
	unlink(path);
	snprintf(conf, sizeof(conf), "led = GPIO17\n# %s name = tail\n", filler);
	path = write_config(conf);
	ck_assert_msg(PARSE("-c", path) == 0, "%s", err);
	ck_assert_str_eq(opts.name, "led");
	unlink(path);

	/* Too long for a unit name: refused in full, for what it is, as on the command line. */
	memset(too_long, 'b', sizeof(too_long) - 1);
	strcpy(too_long + sizeof(too_long) - 9, ".service");
	snprintf(conf, sizeof(conf), "led = GPIO17\nbutton = GPIO27\non-press = %s\n", too_long);
	path = write_config(conf);
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_msg(strstr(err, ":3: key 'on-press' = 'bbbb") && strstr(err, "bbb.service': ") &&
		      strstr(err, "255"), "%s", err);
	unlink(path);
}

/* A NUL byte would cut the line where inih sees it: refused, never read as the part before it. */
LED_TEST_CASE(test_config_nul_byte)
{
	static const char conf[] = "led = GPIO17\nname = a\0b\n";
	char *path = write_config_n(conf, sizeof(conf) - 1);

	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_msg(strstr(err, ":2: "), "%s", err);
	unlink(path);
}

/* Every row: a long name and help, in the usage text, a long option, an INI key unless cli_only. */
LED_TEST_CASE(test_table_is_complete)
{
	char *usage = NULL, *path, conf[256], opt[160], shortopt[3];
	size_t usage_len = 0;
	FILE *f = open_memstream(&usage, &usage_len);

	ck_assert_ptr_nonnull(f);
	options_usage(f, "led-cuse");
	fclose(f);

	for (size_t i = 0; i < option_spec_count; i++) {
		const struct option_spec *o = &option_spec_table[i];
		char needle[96];

		ck_assert_ptr_nonnull(o->key);
		ck_assert_ptr_nonnull(o->help);
		ck_assert_ptr_nonnull(o->parse);
		snprintf(needle, sizeof(needle), "--%s%s", o->key, o->flag ? " " : "=");
		ck_assert_msg(strstr(usage, needle), "--%s is not in the usage text", o->key);
		ck_assert_msg(strstr(usage, o->help), "the help of --%s is not in the usage text", o->key);
		if (o->short_name) {
			snprintf(needle, sizeof(needle), "-%c, --%s", o->short_name, o->key);
			ck_assert_msg(strstr(usage, needle), "-%c is not in the usage text", o->short_name);
		}

		/* A long option: a flag alone, a value as --key=VALUE. A bad value is
		 * reported against the option, never as an unknown option. */
		snprintf(opt, sizeof(opt), o->flag ? "--%s" : "--%s=\x01", o->key);
		PARSE("-l", "GPIO17", opt);
		ck_assert_msg(!strstr(err, "unknown option"), "--%s: %s", o->key, err);
		if (o->short_name) {
			snprintf(shortopt, sizeof(shortopt), "-%c", o->short_name);
			if (o->flag)
				PARSE("-l", "GPIO17", shortopt);
			else
				PARSE("-l", "GPIO17", shortopt, "\x01");
			ck_assert_msg(!strstr(err, "unknown option"), "-%c: %s", o->short_name, err);
		}

		/* An INI key, unless command-line only. */
		snprintf(conf, sizeof(conf), "led = GPIO17\n%s = \x01\n", o->key);
		path = write_config(conf);
		PARSE("-c", path);
		if (o->cli_only)
			ck_assert_msg(strstr(err, "unknown key"), "%s: %s", o->key, err);
		else
			ck_assert_msg(!strstr(err, "unknown key"), "%s is not an INI key: %s", o->key, err);
		unlink(path);

		/* Enums: every name is accepted, anything else is refused naming them. */
		for (size_t k = 0; o->names && o->names[k]; k++) {
			snprintf(opt, sizeof(opt), "--%s=%s", o->key, o->names[k]);
			ck_assert_int_eq(PARSE("-l", "GPIO17", opt), 0);
			snprintf(conf, sizeof(conf), "led = GPIO17\n%s = %s\n", o->key, o->names[k]);
			path = write_config(conf);
			ck_assert_int_eq(PARSE("-c", path), 0);
			unlink(path);
		}
		if (o->names) {
			snprintf(opt, sizeof(opt), "--%s=bogus", o->key);
			ck_assert_int_eq(PARSE("-l", "GPIO17", opt), LED_EXIT_USAGE);
			ck_assert_ptr_nonnull(strstr(err, o->names[0]));
			snprintf(conf, sizeof(conf), "led = GPIO17\n%s = bogus\n", o->key);
			path = write_config(conf);
			ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
			ck_assert_ptr_nonnull(strstr(err, ":2: key"));
			unlink(path);
		}
	}
	free(usage);
}

LED_TEST_CASE(test_log_level)
{
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--log-level=debug"), 0);
	ck_assert_int_eq(opts.log_level, LOG_DEBUG);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--log-level", "err"), 0);
	ck_assert_int_eq(opts.log_level, LOG_ERR);
	/* -v and -q still win over a level. */
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--log-level=err", "-v"), 0);
	ck_assert_int_eq(opts.log_level, LOG_DEBUG);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--log-level=loud"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "option --log-level=loud: expected"));
}

LED_TEST_CASE(test_button_options)
{
	char *path;

	ck_assert_int_eq(PARSE("--led=GPIO17"), 0);
	ck_assert_int_eq(opts.button_action, BUTTON_ACTION_TOGGLE);
	ck_assert_uint_eq(opts.hold_ms, 0);
	ck_assert_uint_eq(opts.double_click_ms, 0);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--button-action=momentary", "--hold-ms=3000",
			       "--double-click-ms=400"), 0);
	ck_assert_int_eq(opts.button_action, BUTTON_ACTION_MOMENTARY);
	ck_assert_uint_eq(opts.hold_ms, 3000);
	ck_assert_uint_eq(opts.double_click_ms, 400);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--button-action=none"), 0);
	ck_assert_int_eq(opts.button_action, BUTTON_ACTION_NONE);

	ck_assert_int_eq(PARSE("-l", "GPIO17", "--button-action=blink"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "toggle, momentary or none"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--hold-ms=60001"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "0 to 60000"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--double-click-ms=-1"), LED_EXIT_USAGE);

	path = write_config("led = GPIO17\nbutton-action = none\nhold-ms = 1500\ndouble-click-ms = 250\n");
	ck_assert_int_eq(PARSE("-c", path), 0);
	ck_assert_int_eq(opts.button_action, BUTTON_ACTION_NONE);
	ck_assert_uint_eq(opts.hold_ms, 1500);
	ck_assert_uint_eq(opts.double_click_ms, 250);
	unlink(path);
	path = write_config("led = GPIO17\n\nhold-ms = 1.5\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, ":3: key 'hold-ms' = '1.5': expected milliseconds from 0 to 60000"));
	unlink(path);
}

LED_TEST_CASE(test_actions)
{
	char *path, name[300];

	ck_assert_int_eq(PARSE("--led=GPIO17"), 0);
	for (size_t k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		ck_assert_ptr_null(opts.on_unit[k]);
	ck_assert(opts.hold_feedback);
	ck_assert_int_eq(PARSE("--led=GPIO17", "--hold-feedback=none"), 0);
	ck_assert(!opts.hold_feedback);
	ck_assert_int_eq(PARSE("--led=GPIO17", "--hold-feedback=blink"), 0);
	ck_assert(opts.hold_feedback);
	ck_assert_int_eq(PARSE("--led=GPIO17", "--hold-feedback=flash"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "expected none or blink"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--hold-ms=3000", "--double-click-ms=400",
			       "--on-press=press.service", "--on-hold=poweroff.target",
			       "--on-double=getty@tty2.service"), 0);
	ck_assert_str_eq(opts.on_unit[BUTTON_PRESS], "press.service");
	ck_assert_str_eq(opts.on_unit[BUTTON_HOLD], "poweroff.target");
	ck_assert_str_eq(opts.on_unit[BUTTON_DOUBLE], "getty@tty2.service");
	ck_assert_ptr_null(opts.on_unit[BUTTON_RELEASE]);

	/* A bad name: the option, the value and what is wrong with it. */
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-press=poweroff"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "option --on-press=poweroff: expected NAME.TYPE"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-press=getty@.service"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "template"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-press="), LED_EXIT_USAGE);
	memset(name, 'a', sizeof(name));
	strcpy(name + 250, ".service");
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-press", name), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "255"));

	/* An action that can never start: the key that is missing. */
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--on-hold=poweroff.target"), LED_EXIT_USAGE);
	ck_assert_str_eq(err, "--on-hold=poweroff.target can never start: --hold-ms is not set");
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--hold-ms=0", "--on-hold=poweroff.target"),
			 LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--hold-ms is not set"));
	ck_assert_int_eq(PARSE("-l", "GPIO17", "-b", "GPIO27", "--hold-ms=100", "--on-double=x.service"),
			 LED_EXIT_USAGE);
	ck_assert_str_eq(err, "--on-double=x.service can never start: --double-click-ms is not set");
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--on-press=x.service"), LED_EXIT_USAGE);
	ck_assert_str_eq(err, "--on-press=x.service can never start: --button is not set");
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--hold-ms=100", "--on-hold=x.service"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "--button is not set"));

	/* In a file: exit 78, FILE:LINE: key 'k' = 'v': reason. */
	path = write_config("led = GPIO17\nbutton = GPIO27\nhold-ms = 3000\non-hold = poweroff.target\n"
			    "double-click-ms = 300\non-double = reboot.target\non-press = led-test.service\n");
	ck_assert_int_eq(PARSE("-c", path), 0);
	ck_assert_str_eq(opts.on_unit[BUTTON_HOLD], "poweroff.target");
	ck_assert_str_eq(opts.on_unit[BUTTON_DOUBLE], "reboot.target");
	ck_assert_str_eq(opts.on_unit[BUTTON_PRESS], "led-test.service");
	unlink(path);
	path = write_config("led = GPIO17\nbutton = GPIO27\nhold-ms = 3000\non-hold = power off.target\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_ptr_nonnull(strstr(err, ":4: key 'on-hold' = 'power off.target': a unit name has only the characters"));
	unlink(path);
	path = write_config("led = GPIO17\nbutton = GPIO27\non-hold = poweroff.target\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_str_eq(err, "on-hold = poweroff.target can never start: hold-ms is not set");
	unlink(path);
	path = write_config("led = GPIO17\nbutton = GPIO27\non-double = reboot.target\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	ck_assert_str_eq(err, "on-double = reboot.target can never start: double-click-ms is not set");
	unlink(path);
	/* The command line can supply what the file lacks, and still gets exit 78 when it does not. */
	path = write_config("led = GPIO17\nbutton = GPIO27\non-hold = poweroff.target\n");
	ck_assert_int_eq(PARSE("-c", path, "--hold-ms=2000"), 0);
	ck_assert_uint_eq(opts.hold_ms, 2000);
	ck_assert_int_eq(PARSE("-c", path, "--double-click-ms=2000"), LED_EXIT_CONFIG);
	unlink(path);
}

/* trigger = KIND ARGS, and --trigger: the write command's words. */
LED_TEST_CASE(test_trigger)
{
	char *path = write_config("led = GPIO17\ntrigger = netdev eth0 link rx\n");

	ck_assert_int_eq(PARSE("-c", path), 0);
	ck_assert_int_eq(opts.trigger.kind, LED_CUSE_TRIGGER_NETDEV);
	ck_assert_str_eq(opts.trigger.name, "eth0");
	ck_assert(opts.trigger.link && opts.trigger.rx && !opts.trigger.tx);
	options_done(&opts);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--trigger=unit nginx.service"), 0);
	ck_assert_int_eq(opts.trigger.kind, LED_CUSE_TRIGGER_UNIT);
	options_done(&opts);
	ck_assert_int_eq(PARSE("-l", "GPIO17", "--trigger", "ram"), LED_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err, "expected none, netdev"));
	unlink(path);
	path = write_config("led = GPIO17\ntrigger = unit nginx\n");
	ck_assert_int_eq(PARSE("-c", path), LED_EXIT_CONFIG);
	unlink(path);
}
