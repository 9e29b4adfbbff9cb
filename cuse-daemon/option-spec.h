/* SPDX-License-Identifier: MIT */
/*
 * The option table: one struct option_spec per setting of struct options,
 * naming its long option (also its INI key), short letter, argument, value
 * parser, destination and help text. Everything else is derived from it:
 * getopt_long()'s tables (options.c), the INI keys (options-config.c), the
 * --help text (options-usage.c), and so the manual pages' drift test
 * (man/check-man.sh reads `led-cuse --help` and tries each long option as a
 * configuration key). Every INI key is a long option of the same name; the
 * converse holds except for the cli_only rows (--config, -v, -q, --help,
 * --version).
 */
#ifndef LED_CUSE_OPTION_SPEC_H
#define LED_CUSE_OPTION_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

struct option_spec {
	const char *key;            /* long option and INI key */
	char short_name;            /* 0: none */
	bool flag;                  /* no argument on the command line; yes/no in the file */
	bool cli_only;              /* not an INI key */
	const char *arg;            /* the value's name in the usage text (enums: their names) */
	/* Store value (NULL for a flag given on the command line) into the
	 * destination in o. Returns 0, -EINVAL if the value is not acceptable
	 * (why, or the enum names, say what is) or -ENOMEM. */
	int (*parse)(const struct option_spec *spec, const char *value, struct options *o);
	size_t offset, size;        /* destination in struct options */
	const char *const *names;   /* enum: accepted values, the index is the value stored */
	unsigned int min, max;      /* numbers: accepted range */
	const char *why;            /* reason shown for a rejected value (enums: derived) */
	const char *(*explain)(const char *value); /* or the reason, from the value */
	const char *help;
};

/* The most rows the table may have: the size of getopt_long()'s tables. */
#define OPTION_SPEC_MAX 48

extern const struct option_spec option_spec_table[];
extern const size_t option_spec_count;

/* The row of key, or NULL. */
const struct option_spec *option_spec_find(const char *key);

/*
 * Apply one setting, from either source. Returns 0, -ENOMEM, or -EINVAL with
 * the reason (what is accepted) in why.
 */
int option_spec_apply(const struct option_spec *spec, struct options *o, const char *value, char *why,
		      size_t whylen);

/* The enum names joined: "a|b|c" (sep "|", last_sep "|"), "a, b or c" (", ", " or "). */
void option_spec_join_names(const struct option_spec *spec, const char *sep, const char *last_sep, char *buf,
			    size_t len);

#endif
