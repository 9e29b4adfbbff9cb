/* SPDX-License-Identifier: MIT */
/*
 * options_usage(): the --help text, one line per row of the option table.
 */
#include "options.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "option-spec.h"

void options_usage(FILE *f, const char *argv0)
{
	assert(f);
	assert(argv0);

	fprintf(f, "Usage: %s -l LINE [OPTIONS]\n"
		"Serve a GPIO LED (and optional button) as a character device over CUSE.\n\n"
		"LINE is a GPIO line name (GPIO17) or CHIP:OFFSET, CHIP being a path\n"
		"(/dev/gpiochip0), a chip name (gpiochip0) or a chip label.\n\n"
		"The configuration file (INI, in [led] or before any section) takes every\n"
		"long option as a key, except",
		argv0);
	for (size_t i = 0, n = 0; i < option_spec_count; i++)
		if (option_spec_table[i].cli_only)
			fprintf(f, "%s --%s", n++ ? "," : "", option_spec_table[i].key);
	fprintf(f, ".\n\n");
	for (size_t i = 0; i < option_spec_count; i++) {
		const struct option_spec *spec = &option_spec_table[i];
		char names[128] = "", left[160];

		if (!spec->arg && spec->names)
			option_spec_join_names(spec, "|", "|", names, sizeof(names));
		if (spec->short_name)
			snprintf(left, sizeof(left), "-%c, --%s", spec->short_name, spec->key);
		else
			snprintf(left, sizeof(left), "    --%s", spec->key);
		if (!spec->flag)
			snprintf(left + strlen(left), sizeof(left) - strlen(left), "=%s", spec->arg ? spec->arg : names);
		/* Help in a column, or two spaces after a long left side. */
		fprintf(f, "  %-27s%s%s\n", left, strlen(left) >= 27 ? "  " : "", spec->help);
	}
}
