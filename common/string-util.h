/* SPDX-License-Identifier: MIT */
/* String helpers shared by the daemon's modules. */
#ifndef LED_CUSE_STRING_UTIL_H
#define LED_CUSE_STRING_UTIL_H

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Replace *p by a copy of s (systemd's free_and_strdup): 0, or -ENOMEM leaving *p as it was. */
static inline int free_and_strdup(char **p, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return -ENOMEM;
	free(*p);
	*p = copy;
	return 0;
}

/* Free a NULL-terminated array of strings and the array (systemd's strv_free): NULL. */
static inline char **strv_free(char **l)
{
	for (char **i = l; i && *i; i++)
		free(*i);
	free(l);
	return NULL;
}

static inline void strv_freep(char ***l)
{
	strv_free(*l);
}

#define _cleanup_strv_free_ __attribute__((cleanup(strv_freep)))

/* s, or "unknown" for a word a newer daemon or kernel has and this build lacks. */
static inline const char *strunknown(const char *s)
{
	return s ? s : "unknown";
}

/*
 * Copy src into dst (size bytes, NUL-terminated) with each ASCII control
 * character written as \xNN: text from outside the daemon (a chip label, a
 * line name) printed in a log line, sent as STATUS= or returned by GET_INFO
 * cannot start a line, a field or a terminal escape sequence of its own.
 * When dst is too small the copy ends before the first character or escape
 * that does not fit. Returns dst.
 */
char *escape_control_chars(char *dst, size_t size, const char *src);

#endif
