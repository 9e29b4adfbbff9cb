/* SPDX-License-Identifier: MIT */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include <led-cuse/led.h>

#define MAX_MAJOR 4095u      /* 12 bits: MINORBITS is 20 */
#define MAX_MINOR 1048575u
#define MAX_DEBOUNCE_MS 10000u
#define DEFAULT_DEBOUNCE_MS 10u
#define MAX_STATE_SAVE_INTERVAL_S 3600u

enum {
	OPT_ACTIVE_LOW = 0x100,
	OPT_INITIAL,
	OPT_BUTTON_ACTIVE_LOW,
	OPT_BIAS,
	OPT_EDGE,
	OPT_DEBOUNCE,
	OPT_EXIT_STATE,
	OPT_STATE_FILE,
	OPT_STATE_SAVE_INTERVAL,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{ "name", required_argument, NULL, 'n' },
	{ "major", required_argument, NULL, 'M' },
	{ "minor", required_argument, NULL, 'm' },
	{ "led", required_argument, NULL, 'l' },
	{ "active-low", no_argument, NULL, OPT_ACTIVE_LOW },
	{ "initial", required_argument, NULL, OPT_INITIAL },
	{ "button", required_argument, NULL, 'b' },
	{ "button-active-low", no_argument, NULL, OPT_BUTTON_ACTIVE_LOW },
	{ "bias", required_argument, NULL, OPT_BIAS },
	{ "edge", required_argument, NULL, OPT_EDGE },
	{ "debounce", required_argument, NULL, OPT_DEBOUNCE },
	{ "exit-state", required_argument, NULL, OPT_EXIT_STATE },
	{ "state-file", required_argument, NULL, OPT_STATE_FILE },
	{ "state-save-interval", required_argument, NULL, OPT_STATE_SAVE_INTERVAL },
	{ "config", required_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ 0 }
};

void led_options_usage(const char *argv0)
{
	printf("Usage: %s -l LINE [OPTIONS]\n"
	       "Serve a GPIO LED (and optional button) as a character device over CUSE.\n\n"
	       "LINE is a GPIO line name (GPIO17) or CHIP:OFFSET, CHIP being a path\n"
	       "(/dev/gpiochip0), a chip name (gpiochip0) or a chip label.\n\n"
	       "  -n, --name=NAME            device name, /dev/NAME (default: led)\n"
	       "  -M, --major=N              fixed major number (default: dynamic)\n"
	       "  -m, --minor=N              fixed minor number (with --major, default 0)\n"
	       "  -l, --led=LINE             the LED's output line (required)\n"
	       "      --active-low           the LED lights when the line is low\n"
	       "      --initial=on|off       LED state at start (default: off)\n"
	       "  -b, --button=LINE          a button input line; each press toggles the LED\n"
	       "      --button-active-low    the button reads low when pressed\n"
	       "      --bias=pull-up|pull-down|disabled|as-is  button bias (default: pull-up)\n"
	       "      --edge=falling|rising|both  edges that count as a press (default: falling)\n"
	       "      --debounce=MS          button debounce period (default: %u, 0 = off)\n"
	       "      --exit-state=off|on|keep  LED state left at exit (default: off)\n"
	       "      --state-file=PATH      remember the LED state across restarts\n"
	       "      --state-save-interval=S  save the state file at most every S seconds\n"
	       "                             (default: %u, 0 = at every change)\n"
	       "  -c, --config=FILE          read these settings from an INI file first\n"
	       "  -v, --verbose              more logging (repeat for FUSE debugging)\n"
	       "  -q, --quiet                errors only\n"
	       "  -h, --help                 this text\n"
	       "      --version              print the version\n",
	       argv0, DEFAULT_DEBOUNCE_MS, LED_DEFAULT_STATE_SAVE_INTERVAL_S);
}

static int parse_uint(const char *s, unsigned int max, unsigned int *ret)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

static int parse_bool(const char *s, bool *ret)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };

	if (!s) {
		*ret = true; /* a flag given on the command line */
		return 0;
	}
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Index of s in names (NULL-terminated), or -EINVAL. */
static int parse_enum(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -EINVAL;
}

static bool valid_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= LED_CUSE_NAME_LEN || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == len;
}

static int replace_string(char **dst, const char *src)
{
	char *copy = strdup(src);

	if (!copy)
		return -ENOMEM;
	free(*dst);
	*dst = copy;
	return 0;
}

static int set_line(struct gpio_line_spec *spec, const char *value)
{
	struct gpio_line_spec parsed = {0};
	int r = gpio_line_spec_parse(value, &parsed);

	if (r < 0)
		return r;
	gpio_line_spec_clear(spec);
	*spec = parsed;
	return 0;
}

/*
 * Apply one setting, from either source. Returns 0 or -EINVAL with the
 * reason (what is accepted) in why.
 */
static int set_option(struct led_options *o, const char *key, const char *value, const char **why)
{
	static const char *const bias_names[] = { "as-is", "disabled", "pull-up", "pull-down", NULL };
	static const char *const edge_names[] = { "falling", "rising", "both", NULL };
	static const char *const exit_names[] = { "off", "on", "keep", NULL };
	static const char *const initial_names[] = { "off", "on", NULL };
	bool b;
	int r;

#define NEED_VALUE() do { if (!value || !*value) { *why = "a value is required"; return -EINVAL; } } while (0)
	if (strcmp(key, "name") == 0) {
		NEED_VALUE();
		if (!valid_name(value)) {
			*why = "use 1-31 characters from A-Z a-z 0-9 _ . -";
			return -EINVAL;
		}
		return replace_string(&o->name, value);
	}
	if (strcmp(key, "major") == 0) {
		if (parse_uint(value, MAX_MAJOR, &o->major) < 0 || o->major == 0) {
			*why = "expected a number from 1 to 4095";
			return -EINVAL;
		}
		o->fixed_devno = true;
		return 0;
	}
	if (strcmp(key, "minor") == 0) {
		if (parse_uint(value, MAX_MINOR, &o->minor) < 0) {
			*why = "expected a number from 0 to 1048575";
			return -EINVAL;
		}
		return 0;
	}
	if (strcmp(key, "led") == 0 || strcmp(key, "button") == 0) {
		bool led = key[0] == 'l';

		NEED_VALUE();
		r = set_line(led ? &o->gpio.led : &o->gpio.button, value);
		if (r < 0) {
			*why = "expected a line name or CHIP:OFFSET";
			return r;
		}
		if (!led)
			o->gpio.has_button = true;
		return 0;
	}
	if (strcmp(key, "active-low") == 0 || strcmp(key, "button-active-low") == 0) {
		if (parse_bool(value, &b) < 0) {
			*why = "expected yes or no";
			return -EINVAL;
		}
		*(key[0] == 'a' ? &o->gpio.led_active_low : &o->gpio.button_active_low) = b;
		return 0;
	}
	if (strcmp(key, "initial") == 0) {
		NEED_VALUE();
		r = parse_enum(value, initial_names);
		if (r < 0) {
			*why = "expected on or off";
			return r;
		}
		o->gpio.led_initial = r == 1;
		return 0;
	}
	if (strcmp(key, "bias") == 0) {
		NEED_VALUE();
		r = parse_enum(value, bias_names);
		if (r < 0) {
			*why = "expected pull-up, pull-down, disabled or as-is";
			return r;
		}
		o->gpio.button_bias = (enum gpio_bias)r;
		return 0;
	}
	if (strcmp(key, "edge") == 0) {
		NEED_VALUE();
		r = parse_enum(value, edge_names);
		if (r < 0) {
			*why = "expected falling, rising or both";
			return r;
		}
		o->gpio.button_edge = (enum gpio_edge)r;
		return 0;
	}
	if (strcmp(key, "debounce") == 0) {
		if (parse_uint(value, MAX_DEBOUNCE_MS, &o->gpio.debounce_ms) < 0) {
			*why = "expected milliseconds from 0 to 10000";
			return -EINVAL;
		}
		return 0;
	}
	if (strcmp(key, "exit-state") == 0) {
		NEED_VALUE();
		r = parse_enum(value, exit_names);
		if (r < 0) {
			*why = "expected off, on or keep";
			return r;
		}
		o->exit_state = (enum led_exit_state)r;
		return 0;
	}
	if (strcmp(key, "state-file") == 0) {
		NEED_VALUE();
		if (value[0] != '/') {
			*why = "expected an absolute path";
			return -EINVAL;
		}
		return replace_string(&o->state_file, value);
	}
	if (strcmp(key, "state-save-interval") == 0) {
		if (parse_uint(value, MAX_STATE_SAVE_INTERVAL_S, &o->state_save_interval_s) < 0) {
			*why = "expected seconds from 0 to 3600";
			return -EINVAL;
		}
		return 0;
	}
	if (strcmp(key, "log-level") == 0) {
		static const char *const levels[] = { "emerg", "alert", "crit", "err", "warning",
						      "notice", "info", "debug", NULL };
		NEED_VALUE();
		r = parse_enum(value, levels);
		if (r < 0) {
			*why = "expected err, warning, notice, info or debug";
			return r;
		}
		o->log_level = r;
		return 0;
	}
#undef NEED_VALUE
	*why = "unknown key";
	return -ENOENT;
}

struct ini_ctx {
	struct led_options *opts;
	FILE *file;
	char *err;
	size_t errlen;
	int error_line;
	int newlines;
	int lineno;     /* line the parser is on: Debian's inih does not pass it */
};

/* fgets for inih that counts lines, so errors can name file:line. */
static char *config_reader(char *str, int num, void *stream)
{
	struct ini_ctx *ctx = stream;
	char *line = fgets(str, num, ctx->file);

	if (line) {
		ctx->lineno = ctx->newlines + 1;
		if (strchr(line, '\n'))
			ctx->newlines++;
	}
	return line;
}

static int config_handler(void *user, const char *section, const char *key, const char *value)
{
	struct ini_ctx *ctx = user;
	const char *why = NULL;
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
	if (set_option(ctx->opts, key, value, &why) < 0) {
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
	FILE *f = fopen(o->config_path, "re");
	int r;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open configuration: %s", o->config_path, strerror(errno));
		return -LED_EXIT_CONFIG;
	}
	ctx.file = f;
	r = ini_parse_stream(config_reader, &ctx, config_handler, &ctx);
	fclose(f);
	if (ctx.error_line)
		return -LED_EXIT_CONFIG;
	if (r != 0) {
		snprintf(err, errlen, "%s:%d: syntax error (expected key = value or [section])",
			 o->config_path, r);
		return -LED_EXIT_CONFIG;
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
		.exit_state = LED_EXIT_STATE_OFF,
		.state_save_interval_s = LED_DEFAULT_STATE_SAVE_INTERVAL_S,
		.log_level = LOG_INFO,
	};
}

static const char *key_of(int c)
{
	for (const struct option *lo = long_options; lo->name; lo++)
		if (lo->val == c)
			return lo->name;
	return "?";
}

int led_options_parse(int argc, char **argv, struct led_options *o, char *err, size_t errlen)
{
	int c, verbosity = 0, r;
	const char *why;

	set_defaults(o);
	*err = '\0';

	/* First pass: only --config, so the command line can override the file. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:M:m:l:b:c:vqh", long_options, NULL)) != -1)
		if (c == 'c' && replace_string(&o->config_path, optarg) < 0)
			return -ENOMEM;
	if (o->config_path) {
		r = load_config(o, err, errlen);
		if (r < 0)
			return r;
	}

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:M:m:l:b:c:vqh", long_options, NULL)) != -1) {
		switch (c) {
		case 'c':
			break;
		case 'v':
			verbosity++;
			break;
		case 'q':
			verbosity = -10;
			break;
		case 'h':
			o->help = true;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		case '?':
			if (optopt)
				snprintf(err, errlen, "option -%c: unknown option or missing value", optopt);
			else
				snprintf(err, errlen, "option %s: unknown option or missing value",
					 argv[optind - 1]);
			return -LED_EXIT_USAGE;
		default:
			why = NULL;
			r = set_option(o, key_of(c), optarg, &why);
			if (r == -ENOMEM)
				return r;
			if (r < 0) {
				snprintf(err, errlen, "option --%s%s%s: %s", key_of(c), optarg ? "=" : "",
					 optarg ? optarg : "", why);
				return -LED_EXIT_USAGE;
			}
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -LED_EXIT_USAGE;
	}
	if (verbosity < 0)
		o->log_level = LOG_ERR;
	else if (verbosity > 0)
		o->log_level = LOG_DEBUG + verbosity - 1; /* above LOG_DEBUG: FUSE request tracing */
	if (o->help || o->version)
		return 0;

	if (!o->name && replace_string(&o->name, "led") < 0)
		return -ENOMEM;
	r = o->config_path ? -LED_EXIT_CONFIG : -LED_EXIT_USAGE;
	if (!o->gpio.led.name && !o->gpio.led.chip) {
		snprintf(err, errlen, "no LED line given (--led=LINE%s)", o->config_path ? " or led= in the configuration" : "");
		return r;
	}
	if (o->minor && !o->fixed_devno) {
		snprintf(err, errlen, "a fixed minor number needs a fixed major number (--major)");
		return r;
	}
	return 0;
}

void led_options_free(struct led_options *o)
{
	free(o->name);
	free(o->state_file);
	free(o->config_path);
	gpio_line_spec_clear(&o->gpio.led);
	gpio_line_spec_clear(&o->gpio.button);
	*o = (struct led_options){0};
}
