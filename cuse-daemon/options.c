/* SPDX-License-Identifier: MIT */
/*
 * struct options (options.h): the defaults, the command line through
 * getopt_long() with tables derived from the option table, and the checks
 * that need every setting.
 */
#include "options.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "macro.h"
#include "option-spec.h"
#include "options-config.h"
#include "string-util.h"

#define DEFAULT_DEBOUNCE_MS 10u
/* getopt_long() value of a row without a short letter: OPT_LONG_BASE + index. */
#define OPT_LONG_BASE 0x100

static void set_defaults(struct options *o)
{
	*o = (struct options){
		.gpio = {
			.consumer = "led-cuse",
			.button_bias = GPIO_BIAS_PULL_UP,
			.button_edge = GPIO_EDGE_FALLING,
			.debounce_ms = DEFAULT_DEBOUNCE_MS,
		},
		.hold_feedback = true,
		.exit_state = LED_EXIT_STATE_OFF,
		.wait_for_gpio_s = LED_DEFAULT_WAIT_FOR_GPIO_S,
		.state_save_interval_s = LED_DEFAULT_STATE_SAVE_INTERVAL_S,
		.log_level = LOG_INFO,
	};
}

/*
 * An action that could never fire is a mistake in the configuration, not
 * something to find out when the button is held in earnest: each on-* key
 * needs a button, and the event it names switched on.
 */
static int check_actions(const struct options *o, char *err, size_t errlen)
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

/* getopt_long()'s tables, derived from the option table. */
struct getopt_tables {
	struct option longopts[OPTION_SPEC_MAX + 1];
	char shortopts[2 * OPTION_SPEC_MAX + 1];
};

static void build_getopt_tables(struct getopt_tables *t)
{
	char *s = t->shortopts;

	for (size_t i = 0; i < option_spec_count; i++) {
		const struct option_spec *spec = &option_spec_table[i];

		t->longopts[i] = (struct option){
			.name = spec->key,
			.has_arg = spec->flag ? no_argument : required_argument,
			.val = spec->short_name ? spec->short_name : OPT_LONG_BASE + (int)i,
		};
		if (spec->short_name) {
			*s++ = spec->short_name;
			if (!spec->flag)
				*s++ = ':';
		}
	}
	t->longopts[option_spec_count] = (struct option){0};
	*s = '\0';
}

static const struct option_spec *spec_of(int c)
{
	if (c >= OPT_LONG_BASE)
		return &option_spec_table[c - OPT_LONG_BASE];
	for (size_t i = 0; i < option_spec_count; i++)
		if (option_spec_table[i].short_name == c)
			return &option_spec_table[i];
	return NULL;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	struct getopt_tables t;
	const struct option_spec *spec;
	char why[160];
	int c, r;

	assert(argc >= 1 && argv);
	assert(o);
	assert(err && errlen > 0);

	set_defaults(o);
	*err = '\0';
	build_getopt_tables(&t);

	/* First pass: only --config, so the command line can override the file. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1)
		if ((spec = spec_of(c)) && spec->offset == offsetof(struct options, config_path) &&
		    free_and_strdup(&o->config_path, optarg) < 0)
			return -ENOMEM;
	if (o->config_path) {
		r = options_config_load(o, err, errlen);
		if (r != 0)
			return r;
	}

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1) {
		spec = c == '?' ? NULL : spec_of(c);
		if (!spec) {
			if (strncmp(argv[optind - 1], "--", 2) == 0 || !optopt)
				snprintf(err, errlen, "option %s: unknown option or missing value", argv[optind - 1]);
			else
				snprintf(err, errlen, "option -%c: unknown option or missing value", optopt);
			return LED_EXIT_USAGE;
		}
		r = option_spec_apply(spec, o, optarg, why, sizeof(why));
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			snprintf(err, errlen, "option --%s%s%s: %s", spec->key, optarg ? "=" : "",
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

void options_done(struct options *o)
{
	assert(o);

	free(o->name);
	free(o->state_file);
	free(o->config_path);
	for (size_t i = 0; i < ELEMENTSOF(o->on_unit); i++)
		free(o->on_unit[i]);
	gpio_line_spec_clear(&o->gpio.led);
	gpio_line_spec_clear(&o->gpio.button);
	*o = (struct options){0};
}
