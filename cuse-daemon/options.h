/* SPDX-License-Identifier: MIT */
/*
 * Settings of one led-cuse instance, from an INI file (--config) and the
 * command line, in that order: the command line wins. Every key of the
 * file is also a long option of the same name.
 */
#ifndef LED_CUSE_OPTIONS_H
#define LED_CUSE_OPTIONS_H

#include <stdbool.h>

#include "gpio-backend.h"

/* Exit codes (sysexits.h / systemd): bad command line, bad config file. */
#define LED_EXIT_USAGE 64
#define LED_EXIT_CONFIG 78

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
	enum led_exit_state exit_state;
	char *state_file;           /* NULL: do not persist */
	unsigned int state_save_interval_s; /* at most one save per interval */
	char *config_path;
	int log_level;              /* syslog level */
	bool help, version;
};

/*
 * Fill opts from argv (and the file named by --config). Returns 0,
 * -LED_EXIT_USAGE or -LED_EXIT_CONFIG after writing a message naming the
 * option or file:line, key and reason to err.
 */
int led_options_parse(int argc, char **argv, struct led_options *opts, char *err, size_t errlen);
void led_options_free(struct led_options *opts);
void led_options_usage(const char *argv0);

#endif
