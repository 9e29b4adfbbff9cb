/* SPDX-License-Identifier: MIT */
/* String helpers shared by the daemon's modules. */
#ifndef LED_CUSE_STRING_UTIL_H
#define LED_CUSE_STRING_UTIL_H

#include <errno.h>
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

#endif
