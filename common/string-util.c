/* SPDX-License-Identifier: MIT */
#include "string-util.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>

char *escape_control_chars(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	assert(dst && size > 0 && src);
	for (; *src; src++) {
		unsigned char c = (unsigned char)*src;
		bool control = c < 0x20 || c == 0x7f;
		size_t len = control ? 4 : 1;

		/* Room for the whole character or escape, and the NUL. */
		if (n + len >= size)
			break;
		if (control)
			snprintf(dst + n, len + 1, "\\x%02x", c);
		else
			dst[n] = (char)c;
		n += len;
	}
	dst[n] = '\0';
	return dst;
}
