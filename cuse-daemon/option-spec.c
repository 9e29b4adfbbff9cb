/* SPDX-License-Identifier: MIT */
/*
 * The option table (struct option_spec, see option-spec.h) and the parsers
 * of its kinds of value.
 */
#include "option-spec.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include <led-cuse/led.h>

#include "macro.h"
#include "parse-util.h"
#include "string-util.h"
#include "trigger-spec.h"
#include "unit-name.h"

#define MAX_MAJOR 4095u      /* 12 bits: MINORBITS is 20 */
#define MAX_MINOR 1048575u
#define MAX_DEBOUNCE_MS 10000u
#define MAX_BUTTON_MS 60000u
#define MAX_WAIT_FOR_GPIO_S 86400u
#define MAX_STATE_SAVE_INTERVAL_S 3600u

static void *dest(const struct option_spec *spec, struct options *o)
{
	return (char *)o + spec->offset;
}

/* --- parsers: one per kind of value --- */

static int parse_string(const struct option_spec *spec, const char *value, struct options *o)
{
	return free_and_strdup(dest(spec, o), value);
}

static int parse_name(const struct option_spec *spec, const char *value, struct options *o)
{
	size_t len = strlen(value);

	if (len >= LED_CUSE_NAME_LEN || strcmp(value, ".") == 0 || strcmp(value, "..") == 0 ||
	    strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != len)
		return -EINVAL;
	return parse_string(spec, value, o);
}

static int parse_absolute_path(const struct option_spec *spec, const char *value, struct options *o)
{
	if (value[0] != '/')
		return -EINVAL;
	return parse_string(spec, value, o);
}

static int parse_unit(const struct option_spec *spec, const char *value, struct options *o)
{
	if (!unit_name_is_valid(value))
		return -EINVAL;
	return parse_string(spec, value, o);
}

static int parse_trigger(const struct option_spec *spec, const char *value, struct options *o)
{
	struct trigger_spec t;

	if (trigger_spec_parse(value, strlen(value), &t) < 0)
		return -EINVAL;
	*(struct trigger_spec *)dest(spec, o) = t;
	return 0;
}

static int parse_number(const struct option_spec *spec, const char *value, struct options *o)
{
	unsigned int v;

	if (parse_uint(value, spec->max, &v) < 0 || v < spec->min)
		return -EINVAL;
	*(unsigned int *)dest(spec, o) = v;
	return 0;
}

static int parse_major(const struct option_spec *spec, const char *value, struct options *o)
{
	int r = parse_number(spec, value, o);

	if (r == 0)
		o->fixed_devno = true;
	return r;
}

static int parse_line(const struct option_spec *spec, const char *value, struct options *o)
{
	struct gpio_line_spec parsed = {0}, *line = dest(spec, o);
	int r = gpio_line_spec_parse(value, &parsed);

	if (r < 0)
		return r;
	gpio_line_spec_clear(line);
	*line = parsed;
	return 0;
}

static int parse_button(const struct option_spec *spec, const char *value, struct options *o)
{
	int r = parse_line(spec, value, o);

	if (r == 0)
		o->gpio.has_button = true;
	return r;
}

static int parse_bool(const struct option_spec *spec, const char *value, struct options *o)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	bool *b = dest(spec, o);

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

/* The index of value in spec->names, stored in a bool or an int-sized enum. */
static int parse_enum(const struct option_spec *spec, const char *value, struct options *o)
{
	for (int i = 0; spec->names[i]; i++) {
		if (strcmp(value, spec->names[i]) != 0)
			continue;
		if (spec->size == sizeof(bool))
			*(bool *)dest(spec, o) = i;
		else
			*(int *)dest(spec, o) = i;
		return 0;
	}
	return -EINVAL;
}

static int parse_verbose(const struct option_spec *spec, const char *value, struct options *o)
{
	o->verbosity++;
	return 0;
}

static int parse_quiet(const struct option_spec *spec, const char *value, struct options *o)
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

#define FIELD(f) .offset = offsetof(struct options, f), .size = sizeof(((struct options *)0)->f)

const struct option_spec option_spec_table[] = {
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
	{ "trigger", .arg = "KIND", .parse = parse_trigger, FIELD(trigger),
	  .why = "expected none, netdev IFACE [link] [tx] [rx], unit UNIT, system, cpu or disk",
	  .help = "the LED follows a source from the start, unless the state file says otherwise: "
		  "netdev IFACE [link] [tx] [rx], unit UNIT, system, cpu, disk (default: none)" },
	{ "exit-state", .parse = parse_enum, FIELD(exit_state), .names = exit_state_names,
	  .help = "LED state left at exit (default: off)" },
	{ "state-file", .arg = "PATH", .parse = parse_absolute_path, FIELD(state_file),
	  .why = "expected an absolute path",
	  .help = "remember the LED state across restarts" },
	{ "wait-for-gpio", .arg = "SECONDS", .parse = parse_number, FIELD(wait_for_gpio_s),
	  .max = MAX_WAIT_FOR_GPIO_S, .why = "expected seconds from 0 to 86400",
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
const size_t option_spec_count = ELEMENTSOF(option_spec_table);
_Static_assert(ELEMENTSOF(option_spec_table) <= OPTION_SPEC_MAX, "raise OPTION_SPEC_MAX");

const struct option_spec *option_spec_find(const char *key)
{
	assert(key);

	for (size_t i = 0; i < option_spec_count; i++)
		if (strcmp(option_spec_table[i].key, key) == 0)
			return &option_spec_table[i];
	return NULL;
}

void option_spec_join_names(const struct option_spec *spec, const char *sep, const char *last_sep, char *buf,
			    size_t len)
{
	const char *const *names = spec->names;
	size_t n = 0;

	assert(names);
	assert(buf && len > 0);

	buf[0] = '\0';
	for (int i = 0; names[i]; i++)
		n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, "%s%s",
				      i == 0 ? "" : names[i + 1] ? sep : last_sep, names[i]);
}

int option_spec_apply(const struct option_spec *spec, struct options *o, const char *value, char *why,
		      size_t whylen)
{
	int r;

	assert(spec);
	assert(o);
	assert(why && whylen > 0);

	if (!spec->flag && (!value || !*value)) {
		snprintf(why, whylen, "a value is required");
		return -EINVAL;
	}
	r = spec->parse(spec, value, o);
	if (r == -ENOMEM) {
		snprintf(why, whylen, "out of memory");
	} else if (r == -EINVAL && spec->explain && spec->explain(value)) {
		snprintf(why, whylen, "%s", spec->explain(value));
	} else if (r == -EINVAL && spec->why) {
		snprintf(why, whylen, "%s", spec->why);
	} else if (r == -EINVAL && spec->names) {
		char names[128];

		option_spec_join_names(spec, ", ", " or ", names, sizeof(names));
		snprintf(why, whylen, "expected %s", names);
	} else if (r == -EINVAL) {
		snprintf(why, whylen, "expected yes or no"); /* flags */
	}
	return r;
}
