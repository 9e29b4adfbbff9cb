/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <string.h>

#include "string-util.h"

LED_TEST_CASE(test_escape_control_chars)
{
	char buf[64];

	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "pinctrl-bcm2711"), "pinctrl-bcm2711");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), ""), "");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "\x01\x1f\x7f\x1b[0m"), "\\x01\\x1f\\x7f\\x1b[0m");
	/* Printable text stays as it is, UTF-8 and backslashes included. */
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "caf\xc3\xa9 \\x0a ~"), "caf\xc3\xa9 \\x0a ~");
}

/* A buffer too small ends the copy before what does not fit: never half an escape. */
LED_TEST_CASE(test_escape_control_chars_truncates_whole)
{
	char buf[8];

	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "abcdefghij"), "abcdefg");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "abcd\n"), "abcd");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "abc\n"), "abc\\x0a");
	ck_assert_str_eq(escape_control_chars(buf, sizeof(buf), "\n\n"), "\\x0a");
	ck_assert_str_eq(escape_control_chars(buf, 1, "abc"), "");
}
