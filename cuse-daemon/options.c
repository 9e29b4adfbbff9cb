/* SPDX-License-Identifier: MIT */
#include "options.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include <led-cuse/led.h>

#include "macro.h"
#include "parse-util.h"
#include "string-util.h"
#include "unit-name.h"

#define MAX_MAJOR 4095u      /* 12 bits: MINORBITS is 20 */
#define MAX_MINOR 1048575u
#define MAX_DEBOUNCE_MS 10000u
#define DEFAULT_DEBOUNCE_MS 10u
#define MAX_BUTTON_MS 60000u
#define MAX_WAIT_FOR_GPIO_SEC 86400u
#define MAX_STATE_SAVE_INTERVAL_S 3600u
/* getopt_long() value of a row without a short letter: OPT_LONG_BASE + index. */
#define OPT_LONG_BASE 0x100

static void *dest(const struct led_option *opt, struct led_options *o)
{
	return (char *)o + opt->offset;
}

/* --- parsers: one per kind of value --- */

static int parse_string(const struct led_option *opt, const char *value, struct led_options *o)
{
	return free_and_strdup(dest(opt, o), value);
}

static int parse_name(const struct led_option *opt, const char *value, struct led_options *o)
{
	size_t len = strlen(value);

	if (len >= LED_CUSE_NAME_LEN || strcmp(value, ".") == 0 || strcmp(value, "..") == 0 ||
	    strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != len)
		return -EINVAL;
	return parse_string(opt, value, o);
}

static int parse_absolute_path(const struct led_option *opt, const char *value, struct led_options *o)
{
	if (value[0] != '/')
		return -EINVAL;
	return parse_string(opt, value, o);
}

static int parse_unit(const struct led_option *opt, const char *value, struct led_options *o)
{
	if (!unit_name_is_valid(value))
		return -EINVAL;
	return parse_string(opt, value, o);
}

static int parse_number(const struct led_option *opt, const char *value, struct led_options *o)
{
	unsigned int v;

	if (parse_uint(value, opt->max, &v) < 0 || v < opt->min)
		return -EINVAL;
	*(unsigned int *)dest(opt, o) = v;
	return 0;
}

static int parse_major(const struct led_option *opt, const char *value, struct led_options *o)
{
	int r = parse_number(opt, value, o);

	if (r == 0)
		o->fixed_devno = true;
	return r;
}

static int parse_line(const struct led_option *opt, const char *value, struct led_options *o)
{
	struct gpio_line_spec parsed = {0}, *spec = dest(opt, o);
	int r = gpio_line_spec_parse(value, &parsed);

	if (r < 0)
		return r;
	gpio_line_spec_clear(spec);
	*spec = parsed;
	return 0;
}

static int parse_button(const struct led_option *opt, const char *value, struct led_options *o)
{
	int r = parse_line(opt, value, o);

	if (r == 0)
		o->gpio.has_button = true;
	return r;
}

static int parse_bool(const struct led_option *opt, const char *value, struct led_options *o)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	bool *b = dest(opt, o);

	if (!value) {
		*b = true; /* a flag given on the command line */
		return 0;
	}
	for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*b = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*b = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* The index of value in opt->names, stored in a bool or an int-sized enum. */
static int parse_enum(const struct led_option *opt, const char *value, struct led_options *o)
{
	for (int i = 0; opt->names[i]; i++) {
		if (strcmp(value, opt->names[i]) != 0)
			continue;
		if (opt->size == sizeof(bool))
			*(bool *)dest(opt, o) = i;
		else
			*(int *)dest(opt, o) = i;
		return 0;
	}
	return -EINVAL;
}

static int parse_verbose(const struct led_option *opt, const char *value, struct led_options *o)
{
	o->verbosity++;
	return 0;
}

static int parse_quiet(const struct led_option *opt, const char *value, struct led_options *o)
{
	o->verbosity = -10; /* stays negative whatever -v follow */
	return 0;
}

/* --- the table --- */

static const char *const initial_names[] = { "off", "on", NULL };
static const char *const bias_names[] = {
	[GPIO_BIAS_AS_IS] = "as-is",
	[GPIO_BIAS_DISABLED] = "disabled",
	[GPIO_BIAS_PULL_UP] = "pull-up",
	[GPIO_BIAS_PULL_DOWN] = "pull-down",
	NULL,
};
static const char *const edge_names[] = {
	[GPIO_EDGE_FALLING] = "falling",
	[GPIO_EDGE_RISING] = "rising",
	[GPIO_EDGE_BOTH] = "both",
	NULL,
};
static const char *const button_action_names[] = {
	[BUTTON_ACTION_TOGGLE] = "toggle",
	[BUTTON_ACTION_MOMENTARY] = "momentary",
	[BUTTON_ACTION_NONE] = "none",
	NULL,
};
static const char *const hold_feedback_names[] = { "none", "blink", NULL };
static const char *const exit_state_names[] = {
	[LED_EXIT_STATE_OFF] = "off",
	[LED_EXIT_STATE_ON] = "on",
	[LED_EXIT_STATE_KEEP] = "keep",
	NULL,
};
static const char *const log_level_names[] = {
	[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert", [LOG_CRIT] = "crit", [LOG_ERR] = "err",
	[LOG_WARNING] = "warning", [LOG_NOTICE] = "notice", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	NULL,
};

#define FIELD(f) .offset = offsetof(struct led_options, f), .size = sizeof(((struct led_options *)0)->f)

const struct led_option led_option_table[] = {
	{ "name", 'n', .arg = "NAME", .parse = parse_name, FIELD(name),
	  .why = "use 1-31 characters from A-Z a-z 0-9 _ . -",
	  .help = "device name, /dev/NAME (default: led)" },
	{ "major", 'M', .arg = "N", .parse = parse_major, FIELD(major), .min = 1, .max = MAX_MAJOR,
	  .why = "expected a number from 1 to 4095",
	  .help = "fixed major number (default: dynamic)" },
	{ "minor", 'm', .arg = "N", .parse = parse_number, FIELD(minor), .max = MAX_MINOR,
	  .why = "expected a number from 0 to 1048575",
	  .help = "fixed minor number (with --major, default 0)" },
	{ "led", 'l', .arg = "LINE", .parse = parse_line, FIELD(gpio.led),
	  .why = "expected a line name or CHIP:OFFSET",
	  .help = "the LED's output line (required)" },
	{ "active-low", .flag = true, .parse = parse_bool, FIELD(gpio.led_active_low),
	  .help = "the LED lights when the line is low" },
	{ "initial", .parse = parse_enum, FIELD(gpio.led_initial), .names = initial_names,
	  .help = "LED state at start (default: off)" },
	{ "button", 'b', .arg = "LINE", .parse = parse_button, FIELD(gpio.button),
	  .why = "expected a line name or CHIP:OFFSET",
	  .help = "a button input line (see --button-action)" },
	{ "button-active-low", .flag = true, .parse = parse_bool, FIELD(gpio.button_active_low),
	  .help = "the button reads low when pressed" },
	{ "bias", .parse = parse_enum, FIELD(gpio.button_bias), .names = bias_names,
	  .help = "button bias (default: pull-up)" },
	{ "edge", .parse = parse_enum, FIELD(gpio.button_edge), .names = edge_names,
	  .help = "the press edge (default: falling); both: releases too" },
	{ "button-action", .parse = parse_enum, FIELD(button_action), .names = button_action_names,
	  .help = "toggle the LED on a short press, light it while held, or nothing (default: toggle)" },
	{ "hold-ms", .arg = "MS", .parse = parse_number, FIELD(hold_ms), .max = MAX_BUTTON_MS,
	  .why = "expected milliseconds from 0 to 60000",
	  .help = "a press held this long is a hold, not a short press (default: 0, off)" },
	{ "double-click-ms", .arg = "MS", .parse = parse_number, FIELD(double_click_ms), .max = MAX_BUTTON_MS,
	  .why = "expected milliseconds from 0 to 60000",
	  .help = "two presses less than MS apart are a double click (default: 0, off)" },
	{ "on-press", .arg = "UNIT", .parse = parse_unit, FIELD(on_unit[BUTTON_PRESS]),
	  .explain = unit_name_invalid_reason,
	  .help = "start this systemd unit at each press (e.g. foo.service)" },
	{ "on-hold", .arg = "UNIT", .parse = parse_unit, FIELD(on_unit[BUTTON_HOLD]),
	  .explain = unit_name_invalid_reason,
	  .help = "start this systemd unit when a press becomes a hold (needs hold-ms; e.g. poweroff.target)" },
	{ "hold-feedback", .parse = parse_enum, FIELD(hold_feedback), .names = hold_feedback_names,
	  .help = "when a hold starts on-hold's unit, blink the LED 3 times, then as before (default: blink)" },
	{ "on-double", .arg = "UNIT", .parse = parse_unit, FIELD(on_unit[BUTTON_DOUBLE]),
	  .explain = unit_name_invalid_reason,
	  .help = "start this systemd unit at a double click (needs double-click-ms)" },
	{ "debounce", .arg = "MS", .parse = parse_number, FIELD(gpio.debounce_ms), .max = MAX_DEBOUNCE_MS,
	  .why = "expected milliseconds from 0 to 10000",
	  .help = "button debounce period (default: 10, 0 = off)" },
	{ "exit-state", .parse = parse_enum, FIELD(exit_state), .names = exit_state_names,
	  .help = "LED state left at exit (default: off)" },
	{ "state-file", .arg = "PATH", .parse = parse_absolute_path, FIELD(state_file),
	  .why = "expected an absolute path",
	  .help = "remember the LED state across restarts" },
	{ "wait-for-gpio", .arg = "SECONDS", .parse = parse_number, FIELD(wait_for_gpio),
	  .max = MAX_WAIT_FOR_GPIO_SEC, .why = "expected seconds from 0 to 86400",
	  .help = "wait this long at start for an absent GPIO chip (default: 30, 0 = not at all)" },
	{ "state-save-interval", .arg = "SECONDS", .parse = parse_number, FIELD(state_save_interval_s),
	  .max = MAX_STATE_SAVE_INTERVAL_S, .why = "expected seconds from 0 to 3600",
	  .help = "save the state file at most every SECONDS (default: 10, 0 = at every change)" },
	{ "log-level", .parse = parse_enum, FIELD(log_level), .names = log_level_names,
	  .help = "log up to this syslog level (default: info)" },
	{ "config", 'c', .cli_only = true, .arg = "FILE", .parse = parse_string, FIELD(config_path),
	  .help = "read these settings from an INI file first" },
	{ "verbose", 'v', .cli_only = true, .flag = true, .parse = parse_verbose, FIELD(verbosity),
	  .help = "more logging (repeat for FUSE debugging)" },
	{ "quiet", 'q', .cli_only = true, .flag = true, .parse = parse_quiet, FIELD(verbosity),
	  .help = "errors only" },
	{ "help", 'h', .cli_only = true, .flag = true, .parse = parse_bool, FIELD(help),
	  .help = "this text" },
	{ "version", .cli_only = true, .flag = true, .parse = parse_bool, FIELD(version),
	  .help = "print the version" },
};
const size_t led_option_count = ELEMENTSOF(led_option_table);

static const struct led_option *find_option(const char *key)
{
	for (size_t i = 0; i < led_option_count; i++)
		if (strcmp(led_option_table[i].key, key) == 0)
			return &led_option_table[i];
	return NULL;
}

/* "a|b|c" for the usage text, "expected a, b or c" for errors. */
static void join_names(const char *const *names, const char *sep, const char *last_sep, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; names[i]; i++)
		n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, "%s%s",
				      i == 0 ? "" : names[i + 1] ? sep : last_sep, names[i]);
}

void led_options_usage(FILE *f, const char *argv0)
{
	fprintf(f, "Usage: %s -l LINE [OPTIONS]\n"
		"Serve a GPIO LED (and optional button) as a character device over CUSE.\n\n"
		"LINE is a GPIO line name (GPIO17) or CHIP:OFFSET, CHIP being a path\n"
		"(/dev/gpiochip0), a chip name (gpiochip0) or a chip label.\n\n"
		"The configuration file (INI, in [led] or before any section) takes every\n"
		"long option as a key, except",
		argv0);
	for (size_t i = 0, n = 0; i < led_option_count; i++)
		if (led_option_table[i].cli_only)
			fprintf(f, "%s --%s", n++ ? "," : "", led_option_table[i].key);
	fprintf(f, ".\n\n");
	for (size_t i = 0; i < led_option_count; i++) {
		const struct led_option *opt = &led_option_table[i];
		char names[128] = "", left[160];

		if (!opt->arg && opt->names)
			join_names(opt->names, "|", "|", names, sizeof(names));
		if (opt->short_name)
			snprintf(left, sizeof(left), "-%c, --%s", opt->short_name, opt->key);
		else
			snprintf(left, sizeof(left), "    --%s", opt->key);
		if (!opt->flag)
			snprintf(left + strlen(left), sizeof(left) - strlen(left), "=%s", opt->arg ? opt->arg : names);
		/* Help in a column, or two spaces after a long left side. */
		fprintf(f, "  %-27s%s%s\n", left, strlen(left) >= 27 ? "  " : "", opt->help);
	}
}

/*
 * Apply one setting, from either source. Returns 0, -ENOENT for an unknown
 * key, -ENOMEM, or -EINVAL with the reason (what is accepted) in why.
 */
static int set_option(const struct led_option *opt, struct led_options *o, const char *value,
		      char *why, size_t whylen)
{
	int r;

	if (!opt->flag && (!value || !*value)) {
		snprintf(why, whylen, "a value is required");
		return -EINVAL;
	}
	r = opt->parse(opt, value, o);
	if (r == -ENOMEM) {
		snprintf(why, whylen, "out of memory");
	} else if (r == -EINVAL && opt->explain && opt->explain(value)) {
		snprintf(why, whylen, "%s", opt->explain(value));
	} else if (r == -EINVAL && opt->why) {
		snprintf(why, whylen, "%s", opt->why);
	} else if (r == -EINVAL && opt->names) {
		char names[128];

		join_names(opt->names, ", ", " or ", names, sizeof(names));
		snprintf(why, whylen, "expected %s", names);
	} else if (r == -EINVAL) {
		snprintf(why, whylen, "expected yes or no"); /* flags */
	}
	return r;
}

struct ini_ctx {
	struct led_options *opts;
	FILE *file;
	char *line;             /* the line being parsed, whole (getline) */
	size_t line_size;
	const char *value;      /* its value, when inih got it as a key line up to the separator */
	int lineno;             /* its number: Debian's inih does not pass it */
	int read_error;         /* errno of a failed read */
	char *err;
	size_t errlen;
	int error_line;
};

/*
 * The value of a key line as inih takes it: after the separator, up to an
 * inline comment (';' after whitespace), without surrounding whitespace.
 */
static const char *line_value(char *v)
{
	char *end = v;
	bool was_space = false;

	for (; *end && !(was_space && *end == ';'); end++)
		was_space = isspace((unsigned char)*end);
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	while (isspace((unsigned char)*v))
		v++;
	return v;
}

/*
 * The file is read here, a whole line at a time, and inih gets of each line
 * only what it cannot misread, whatever its build options:
 *  - no leading whitespace: built with INI_ALLOW_MULTILINE (Debian's is),
 *    inih takes an indented line for a continuation of the value above,
 *    which led-cuse.conf(5) does not have;
 *  - only as far as what decides the line: a key line up to its '=' or ':',
 *    a section line up to its ']', the rest whole. Its buffer of
 *    INI_MAX_LINE (200) bytes would cut a longer line and read the rest as a
 *    line of its own (or, from r59 on, drop it). The value is taken here
 *    instead, as inih would take it (line_value()), at any length.
 * So inih parses sections, keys and comments, and counts lines as we do.
 */
static char *config_reader(char *str, int num, void *stream)
{
	struct ini_ctx *ctx = stream;
	size_t cut, room;
	ssize_t n;
	char *s;

	assert(num > 2);
	room = (size_t)num - 2; /* for the newline and the NUL */
	if (ctx->error_line)
		return NULL;
	n = getline(&ctx->line, &ctx->line_size, ctx->file);
	if (n < 0) {
		if (!feof(ctx->file))
			ctx->read_error = errno;
		return NULL;
	}
	ctx->lineno++;
	if (n > 0 && ctx->line[n - 1] == '\n')
		ctx->line[--n] = '\0';
	if (memchr(ctx->line, '\0', (size_t)n)) {
		snprintf(ctx->err, ctx->errlen, "%s:%d: a NUL byte in the line", ctx->opts->config_path,
			 ctx->lineno);
		ctx->error_line = ctx->lineno;
		return NULL;
	}

	for (s = ctx->line; isspace((unsigned char)*s); s++)
		;
	ctx->value = NULL;
	if (*s == '[') {
		cut = strcspn(s, "]");
		cut += s[cut] ? 1 : 0;
	} else {
		cut = strcspn(s, "=:");
		if (s[cut]) {
			if (cut < room)
				ctx->value = line_value(s + cut + 1);
			cut++;
		}
	}
	/* Cut short, a key or section line has no separator left: a syntax error to inih. */
	if (cut > room)
		cut = room;
	memcpy(str, s, cut);
	str[cut] = '\n';
	str[cut + 1] = '\0';
	return str;
}

static int config_handler(void *user, const char *section, const char *key, const char *value)
{
	struct ini_ctx *ctx = user;
	const struct led_option *opt = find_option(key);
	char why[160] = "unknown key";
	int lineno = ctx->lineno;

	if (ctx->error_line)
		return 1; /* report the first error only */
	/* Settings may stand before any section or in [led]. */
	if (*section && strcmp(section, "led") != 0) {
		snprintf(ctx->err, ctx->errlen, "%s:%d: section [%s]: unknown section (use [led])",
			 ctx->opts->config_path, lineno, section);
		ctx->error_line = lineno;
		return 0;
	}
	/* The value is the reader's: inih got the line only up to the separator. None: a
	 * line the reader did not hand as a key line (a library with INI_ALLOW_NO_VALUE),
	 * a syntax error. */
	if (!value || !ctx->value)
		return 0;
	value = ctx->value;
	if (!opt || opt->cli_only || set_option(opt, ctx->opts, value, why, sizeof(why)) < 0) {
		snprintf(ctx->err, ctx->errlen, "%s:%d: key '%s' = '%s': %s", ctx->opts->config_path,
			 lineno, key, value, why);
		ctx->error_line = lineno;
		return 0;
	}
	return 1;
}

static int load_config(struct led_options *o, char *err, size_t errlen)
{
	struct ini_ctx ctx = { .opts = o, .err = err, .errlen = errlen };
	int r;

	ctx.file = fopen(o->config_path, "re");
	if (!ctx.file) {
		snprintf(err, errlen, "%s: cannot open configuration: %m", o->config_path);
		return LED_EXIT_CONFIG;
	}
	r = ini_parse_stream(config_reader, &ctx, config_handler, &ctx);
	fclose(ctx.file);
	free(ctx.line);
	if (ctx.read_error == ENOMEM || r == -2) /* -2: inih's own allocation */
		return -ENOMEM;
	if (ctx.error_line)
		return LED_EXIT_CONFIG;
	if (ctx.read_error) {
		errno = ctx.read_error;
		snprintf(err, errlen, "%s: cannot read configuration: %m", o->config_path);
		return LED_EXIT_CONFIG;
	}
	if (r != 0) {
		snprintf(err, errlen, "%s:%d: syntax error (expected key = value or [section])",
			 o->config_path, r);
		return LED_EXIT_CONFIG;
	}
	return 0;
}

static void set_defaults(struct led_options *o)
{
	*o = (struct led_options){
		.gpio = {
			.consumer = "led-cuse",
			.button_bias = GPIO_BIAS_PULL_UP,
			.button_edge = GPIO_EDGE_FALLING,
			.debounce_ms = DEFAULT_DEBOUNCE_MS,
		},
		.hold_feedback = true,
		.exit_state = LED_EXIT_STATE_OFF,
		.wait_for_gpio = LED_DEFAULT_WAIT_FOR_GPIO_SEC,
		.state_save_interval_s = LED_DEFAULT_STATE_SAVE_INTERVAL_S,
		.log_level = LOG_INFO,
	};
}

/*
 * An action that could never fire is a mistake in the configuration, not
 * something to find out when the button is held in earnest: each on-* key
 * needs a button, and the event it names switched on.
 */
static int check_actions(const struct led_options *o, char *err, size_t errlen)
{
	const struct {
		const char *key, *unit;
		const char *missing;    /* the key that switches the event on, if it is off */
	} checks[] = {
		{ "on-press", o->on_unit[BUTTON_PRESS], NULL },
		{ "on-hold", o->on_unit[BUTTON_HOLD], o->hold_ms ? NULL : "hold-ms" },
		{ "on-double", o->on_unit[BUTTON_DOUBLE], o->double_click_ms ? NULL : "double-click-ms" },
	};
	/* Named as the operator wrote them: keys in a file, options on the command line. */
	const char *dashes = o->config_path ? "" : "--", *equals = o->config_path ? " = " : "=";

	for (size_t i = 0; i < ELEMENTSOF(checks); i++) {
		const char *missing = !o->gpio.has_button ? "button" : checks[i].missing;

		if (checks[i].unit && missing) {
			snprintf(err, errlen, "%s%s%s%s can never start: %s%s is not set", dashes,
				 checks[i].key, equals, checks[i].unit, dashes, missing);
			return -EINVAL;
		}
	}
	return 0;
}

/* getopt_long()'s tables, derived from led_option_table. */
struct getopt_tables {
	struct option longopts[ELEMENTSOF(led_option_table) + 1];
	char shortopts[2 * ELEMENTSOF(led_option_table) + 1];
};

static void build_getopt_tables(struct getopt_tables *t)
{
	char *s = t->shortopts;

	for (size_t i = 0; i < led_option_count; i++) {
		const struct led_option *opt = &led_option_table[i];

		t->longopts[i] = (struct option){
			.name = opt->key,
			.has_arg = opt->flag ? no_argument : required_argument,
			.val = opt->short_name ? opt->short_name : OPT_LONG_BASE + (int)i,
		};
		if (opt->short_name) {
			*s++ = opt->short_name;
			if (!opt->flag)
				*s++ = ':';
		}
	}
	t->longopts[led_option_count] = (struct option){0};
	*s = '\0';
}

static const struct led_option *option_of(int c)
{
	if (c >= OPT_LONG_BASE)
		return &led_option_table[c - OPT_LONG_BASE];
	for (size_t i = 0; i < led_option_count; i++)
		if (led_option_table[i].short_name == c)
			return &led_option_table[i];
	return NULL;
}

int led_options_parse(int argc, char **argv, struct led_options *o, char *err, size_t errlen)
{
	struct getopt_tables t;
	const struct led_option *opt;
	char why[160];
	int c, r;

	set_defaults(o);
	*err = '\0';
	build_getopt_tables(&t);

	/* First pass: only --config, so the command line can override the file. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1)
		if ((opt = option_of(c)) && opt->offset == offsetof(struct led_options, config_path) &&
		    free_and_strdup(&o->config_path, optarg) < 0)
			return -ENOMEM;
	if (o->config_path) {
		r = load_config(o, err, errlen);
		if (r != 0)
			return r;
	}

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1) {
		opt = c == '?' ? NULL : option_of(c);
		if (!opt) {
			if (strncmp(argv[optind - 1], "--", 2) == 0 || !optopt)
				snprintf(err, errlen, "option %s: unknown option or missing value", argv[optind - 1]);
			else
				snprintf(err, errlen, "option -%c: unknown option or missing value", optopt);
			return LED_EXIT_USAGE;
		}
		r = set_option(opt, o, optarg, why, sizeof(why));
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			snprintf(err, errlen, "option --%s%s%s: %s", opt->key, optarg ? "=" : "",
				 optarg ? optarg : "", why);
			return LED_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return LED_EXIT_USAGE;
	}
	if (o->verbosity < 0)
		o->log_level = LOG_ERR;
	else if (o->verbosity > 0)
		o->log_level = LOG_DEBUG + o->verbosity - 1; /* above LOG_DEBUG: FUSE request tracing */
	if (o->help || o->version)
		return 0;

	if (!o->name && free_and_strdup(&o->name, "led") < 0)
		return -ENOMEM;
	r = o->config_path ? LED_EXIT_CONFIG : LED_EXIT_USAGE;
	if (!o->gpio.led.name && !o->gpio.led.chip) {
		snprintf(err, errlen, "no LED line given (--led=LINE%s)", o->config_path ? " or led= in the configuration" : "");
		return r;
	}
	if (o->minor && !o->fixed_devno) {
		snprintf(err, errlen, "a fixed minor number needs a fixed major number (--major)");
		return r;
	}
	return check_actions(o, err, errlen) < 0 ? r : 0;
}

void led_options_free(struct led_options *o)
{
	free(o->name);
	free(o->state_file);
	free(o->config_path);
	for (size_t i = 0; i < ELEMENTSOF(o->on_unit); i++)
		free(o->on_unit[i]);
	gpio_line_spec_clear(&o->gpio.led);
	gpio_line_spec_clear(&o->gpio.button);
	*o = (struct led_options){0};
}
