/* SPDX-License-Identifier: MIT */
#include "parse-util.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

int parse_decimal_n(const char *s, size_t len, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;
	bool too_big = false;

	if (!s || len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned int digit = (unsigned char)s[i] - '0';

		if (digit > 9)
			return -EINVAL;
		/* Keep scanning after an overflow: "99999x" is not a number at all. */
		if (too_big || digit > max || v > (max - digit) / 10)
			too_big = true;
		else
			v = v * 10 + digit;
	}
	if (too_big)
		return -ERANGE;
	*ret = v;
	return 0;
}

int parse_decimal(const char *s, uint64_t max, uint64_t *ret)
{
	return parse_decimal_n(s, s ? strlen(s) : 0, max, ret);
}

int parse_uint(const char *s, unsigned int max, unsigned int *ret)
{
	uint64_t v;
	int r = parse_decimal(s, max, &v);

	if (r < 0)
		return r;
	*ret = (unsigned int)v;
	return 0;
}
