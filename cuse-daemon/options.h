/* SPDX-License-Identifier: MIT */
/*
 * Settings of one led-cuse instance, from an INI file (--config) and the
 * command line, in that order: the command line wins.
 *
 * Every setting is one row of led_option_table (options.c): its long
 * option, short letter, argument, parser, destination and help text. The
 * getopt_long() table, the usage text and the INI keys are all derived from
 * it, so every INI key is a long option of the same name (the converse holds
 * except for the command-line-only rows: --config, -v, -q, --help, --version).
 */
#ifndef LED_CUSE_OPTIONS_H
#define LED_CUSE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <led-cuse/led.h>

#include "button.h"
#include "gpio-backend.h"

/*
 * Exit codes (sysexits.h / systemd): bad command line, a GPIO chip still
 * absent after wait-for-gpio, bad config file (also: a configured line that
 * cannot exist on the chips present). The units do not restart on these.
 */
#define LED_EXIT_USAGE 64
#define LED_EXIT_UNAVAILABLE 69
#define LED_EXIT_CONFIG 78
/* Default wait-for-gpio: seconds to wait at start for an absent GPIO chip. */
#define LED_DEFAULT_WAIT_FOR_GPIO_SEC 30u

/* A kill -9 loses at most the changes of the last interval. */
#define LED_DEFAULT_STATE_SAVE_INTERVAL_S 10u

enum led_exit_state {
	LED_EXIT_STATE_OFF,
	LED_EXIT_STATE_ON,
	LED_EXIT_STATE_KEEP,
};

struct led_options {
	char *name;                 /* device name: /dev/NAME */
	unsigned int major, minor;  /* used when fixed_devno */
	bool fixed_devno;
	struct gpio_backend_config gpio;
	enum button_action button_action;
	unsigned int hold_ms, double_click_ms;  /* 0: off */
	/* The systemd unit each button event kind starts (on-press, on-hold,
	 * on-double), indexed by enum button_event_kind; NULL: none. */
	char *on_unit[LED_CUSE_EVENT_KINDS];
	bool hold_feedback;         /* blink when a hold starts on-hold's unit */
	enum led_exit_state exit_state;
	char *state_file;           /* NULL: do not persist */
	unsigned int state_save_interval_s; /* at most one save per interval */
	unsigned int wait_for_gpio; /* seconds to wait at start for an absent chip */
	char *config_path;
	int log_level;              /* syslog level */
	int verbosity;              /* -v counts up, -q sets it below zero */
	bool help, version;
};

struct led_option;

/*
 * Store value (NULL for a flag given on the command line) into the option's
 * destination in o. Returns 0, -EINVAL if the value is not acceptable (the
 * row's why, or the enum names, say what is) or -ENOMEM.
 */
typedef int (*led_option_parser)(const struct led_option *opt, const char *value, struct led_options *o);

struct led_option {
	const char *key;            /* long option and INI key */
	char short_name;            /* 0: none */
	bool flag;                  /* no argument on the command line; yes/no in the file */
	bool cli_only;              /* not an INI key */
	const char *arg;            /* the value's name in the usage text (enums: their names) */
	led_option_parser parse;
	size_t offset, size;        /* destination in struct led_options */
	const char *const *names;   /* enum: accepted values, the index is the value stored */
	unsigned int min, max;      /* numbers: accepted range */
	const char *why;            /* reason shown for a rejected value (enums: derived) */
	const char *(*explain)(const char *value); /* or the reason, from the value */
	const char *help;
};

extern const struct led_option led_option_table[];
extern const size_t led_option_count;

/*
 * Fill opts from argv (and the file named by --config). Returns 0,
 * LED_EXIT_USAGE or LED_EXIT_CONFIG (positive, never an errno) after
 * writing a message naming the option or file:line, key and reason to err,
 * or -ENOMEM.
 */
int led_options_parse(int argc, char **argv, struct led_options *opts, char *err, size_t errlen);
void led_options_free(struct led_options *opts);
/* The --help text, derived from led_option_table. */
void led_options_usage(FILE *f, const char *argv0);

#endif
