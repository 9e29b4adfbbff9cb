/* SPDX-License-Identifier: MIT */
/*
 * The INI configuration file (options-config.h): read here a line at a time,
 * parsed by inih, each key applied through the option table.
 */
#include "options-config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "option-spec.h"

struct ini_ctx {
	struct options *opts;
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
	const struct option_spec *spec = option_spec_find(key);
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
	if (!spec || spec->cli_only || option_spec_apply(spec, ctx->opts, value, why, sizeof(why)) < 0) {
		snprintf(ctx->err, ctx->errlen, "%s:%d: key '%s' = '%s': %s", ctx->opts->config_path,
			 lineno, key, value, why);
		ctx->error_line = lineno;
		return 0;
	}
	return 1;
}


int options_config_load(struct options *o, char *err, size_t errlen)
{
	struct ini_ctx ctx = { .opts = o, .err = err, .errlen = errlen };
	int r;

	assert(o);
	assert(o->config_path);
	assert(err && errlen > 0);

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
