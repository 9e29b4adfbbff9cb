/* SPDX-License-Identifier: MIT */
/*
 * The one number parser of led-cuse, for the command line, the configuration
 * file, line specifications and the write() protocol alike.
 */
#ifndef LED_CUSE_PARSE_UTIL_H
#define LED_CUSE_PARSE_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Strict decimal: the len bytes of s are all digits (no sign, no blanks, no
 * trailing garbage, at least one digit) and the value is at most max.
 * Arbitrarily long input cannot overflow. Returns 0 and sets *ret, -EINVAL
 * for anything that is not a decimal number, -ERANGE above max; *ret is
 * untouched on failure.
 */
int parse_decimal_n(const char *s, size_t len, uint64_t max, uint64_t *ret);

/* parse_decimal_n() on a NUL-terminated string (NULL is -EINVAL). */
int parse_decimal(const char *s, uint64_t max, uint64_t *ret);

/* parse_decimal() into an unsigned int, with max <= UINT_MAX. */
int parse_uint(const char *s, unsigned int max, unsigned int *ret);

#endif
