/* SPDX-License-Identifier: MIT */
/*
 * What ledctl's files share: the device it opens, its ways to fail (exit 2
 * for a usage error, 1 for a failed call), and the row of its verb table.
 */
#ifndef LED_CUSE_LEDCTL_H
#define LED_CUSE_LEDCTL_H

#include <stdbool.h>

#define EXIT_USAGE 2

/* -d DEVICE, else $LEDCTL_DEVICE, else /dev/led. */
extern const char *arg_device;

/* One row of the verb table: a command word and what runs it. */
struct verb {
	const char *name;
	/* argv[0] is the command word, argv[1..argc - 1] its arguments (counted already). */
	int (*run)(const struct verb *verb, int argc, char **argv);
	const char *usage;          /* the arguments, for the usage text; NULL: none */
	unsigned int min_args, max_args;
	bool pairs;                 /* an even number of arguments */
	const char *count_error;    /* after the word if the count is wrong; NULL: "unexpected argument" */
};

/* "ledctl: MESSAGE" and the usage text on stderr, exit 2. */
__attribute__((format(printf, 1, 2), noreturn))
void die_usage(const char *fmt, ...);
/* For getopt() with a leading ':' in optstring, which then stays quiet. */
__attribute__((noreturn))
void bad_option(int c, const char *arg);
/* "ledctl: DEVICE: OPERATION: strerror(errno)", exit 1. */
__attribute__((noreturn))
void die_errno(const char *operation);
/* Decimal in min..max, else a usage error naming what. */
unsigned long parse_ulong(const char *what, const char *s, unsigned long min, unsigned long max);
/* The device, opened with flags (and O_CLOEXEC), or exit 1. */
int open_device(int flags);

/* ledctl wait (ledctl-wait.c). */
int run_wait(const struct verb *verb, int argc, char **argv);

#endif
