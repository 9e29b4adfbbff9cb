/* SPDX-License-Identifier: MIT */
/*
 * struct options: the settings of one led-cuse instance, from an INI file
 * (--config) and the command line, in that order: the command line wins.
 *
 * Every setting is one row of the option table (option-spec.h), which
 * derives the getopt_long() tables (options.c), the INI keys
 * (options-config.c) and the --help text (options-usage.c).
 */
#ifndef LED_CUSE_OPTIONS_H
#define LED_CUSE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <led-cuse/led.h>

#include "trigger-spec.h"

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
#define LED_DEFAULT_WAIT_FOR_GPIO_S 30u

/* A kill -9 loses at most the changes of the last interval. */
#define LED_DEFAULT_STATE_SAVE_INTERVAL_S 10u

enum led_exit_state {
	LED_EXIT_STATE_OFF,
	LED_EXIT_STATE_ON,
	LED_EXIT_STATE_KEEP,
};

struct options {
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
	struct trigger_spec trigger; /* kind NONE: none */
	enum led_exit_state exit_state;
	char *state_file;           /* NULL: do not persist */
	unsigned int state_save_interval_s; /* at most one save per interval */
	unsigned int wait_for_gpio_s; /* to wait at start for an absent chip */
	char *config_path;
	int log_level;              /* syslog level */
	int verbosity;              /* -v counts up, -q sets it below zero */
	bool help, version;
};

/*
 * Fill o from argv (and the file named by --config). Returns 0,
 * LED_EXIT_USAGE or LED_EXIT_CONFIG (positive, never an errno) after
 * writing a message naming the option or file:line, key and reason to err,
 * or -ENOMEM. Call options_done() afterwards in every case.
 */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen);
/* Frees what o holds and zeroes it; o itself is the caller's. */
void options_done(struct options *o);
/* The --help text, derived from the option table. */
void options_usage(FILE *f, const char *argv0);

#endif
