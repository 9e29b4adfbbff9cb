/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"

static int parse(const char *s, struct led_command *cmds, size_t max)
{
	return led_command_parse_buffer(s, strlen(s), cmds, max);
}

static void assert_set(const char *input, bool on)
{
	struct led_command c[4];

	ck_assert_msg(parse(input, c, 4) == 1, "'%s' should parse", input);
	ck_assert_int_eq(c[0].type, LED_COMMAND_SET);
	ck_assert_msg(c[0].on == on, "'%s' should be %s", input, on ? "on" : "off");
}

static void assert_invalid(const char *input)
{
	struct led_command c[4];

	ck_assert_msg(parse(input, c, 4) == -EINVAL, "'%s' must be EINVAL", input);
}

LED_TEST_CASE(test_on_off_words)
{
	assert_set("1", true);
	assert_set("1\n", true);
	assert_set("on\n", true);
	assert_set("ON", true);
	assert_set("  on \t\r\n", true);
	assert_set("0", false);
	assert_set("0\n", false);
	assert_set("off\n", false);
	assert_set("Off", false);
}

LED_TEST_CASE(test_brightness)
{
	assert_set("255\n", true);
	assert_set("00\n", false);
	assert_set("000000000000000000000000000000000000000000000\n", false);
	assert_set("00000000000000000000000000000000000000000001\n", true);
	/* Far beyond 64 bits: still just "non-zero". */
	assert_set("99999999999999999999999999999999999999999999\n", true);
}

LED_TEST_CASE(test_toggle)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("toggle\n", c, 2), 1);
	ck_assert_int_eq(c[0].type, LED_COMMAND_TOGGLE);
	ck_assert_int_eq(parse("TOGGLE", c, 2), 1);
	ck_assert_int_eq(c[0].type, LED_COMMAND_TOGGLE);
}

LED_TEST_CASE(test_blink)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("blink 100\n", c, 2), 1);
	ck_assert_int_eq(c[0].type, LED_COMMAND_BLINK);
	ck_assert_uint_eq(c[0].on_ms, 100);
	ck_assert_uint_eq(c[0].off_ms, 100);
	ck_assert_int_eq(parse("  blink\t250   750 \n", c, 2), 1);
	ck_assert_uint_eq(c[0].on_ms, 250);
	ck_assert_uint_eq(c[0].off_ms, 750);
	ck_assert_int_eq(parse("blink 3600000 1", c, 2), 1);
	ck_assert_uint_eq(c[0].on_ms, 3600000);
	ck_assert_uint_eq(c[0].off_ms, 1);
}

LED_TEST_CASE(test_blink_invalid)
{
	assert_invalid("blink\n");
	assert_invalid("blink 0\n");
	assert_invalid("blink 100 0\n");
	assert_invalid("blink 3600001\n");
	assert_invalid("blink 99999999999999999999999\n");
	assert_invalid("blink -5\n");
	assert_invalid("blink 10ms\n");
	assert_invalid("blink 1 2 3\n");
	assert_invalid("blink 0x10\n");
}

LED_TEST_CASE(test_garbage)
{
	assert_invalid("");
	assert_invalid("\n");
	assert_invalid("   \n\n");
	assert_invalid("2 3\n");
	assert_invalid("-1\n");
	assert_invalid("+1\n");
	assert_invalid("0x1\n");
	assert_invalid("1.5\n");
	assert_invalid("onn\n");
	assert_invalid("o\n");
	assert_invalid("on off\n");
	assert_invalid("toggle now\n");
	assert_invalid("hello\n");
	assert_invalid("1\nbogus\n"); /* all or nothing */
}

LED_TEST_CASE(test_nul_bytes)
{
	struct led_command c[4];

	ck_assert_int_eq(led_command_parse_buffer("1\0", 2, c, 4), -EINVAL);
	ck_assert_int_eq(led_command_parse_buffer("\0", 1, c, 4), -EINVAL);
	ck_assert_int_eq(led_command_parse_buffer("o\0n", 3, c, 4), -EINVAL);
	ck_assert_int_eq(led_command_parse_line("on\0", 3, c), -EINVAL);
}

LED_TEST_CASE(test_multiple_lines)
{
	struct led_command c[4];

	ck_assert_int_eq(parse("1\n0\ntoggle\n", c, 4), 3);
	ck_assert_int_eq(c[0].type, LED_COMMAND_SET);
	ck_assert(c[0].on);
	ck_assert(!c[1].on);
	ck_assert_int_eq(c[2].type, LED_COMMAND_TOGGLE);
	/* Blank lines between commands are fine. */
	ck_assert_int_eq(parse("\n1\n\n  \n0", c, 4), 2);
	/* More commands than the caller can hold. */
	ck_assert_int_eq(parse("1\n1\n1\n", c, 2), -EINVAL);
}

LED_TEST_CASE(test_size_limit)
{
	struct led_command c[LED_COMMAND_MAX_PER_WRITE];
	char buf[LED_COMMAND_MAX_WRITE + 1];

	memset(buf, ' ', sizeof(buf));
	buf[0] = '1';
	ck_assert_int_eq(led_command_parse_buffer(buf, LED_COMMAND_MAX_WRITE, c, LED_COMMAND_MAX_PER_WRITE), 1);
	ck_assert_int_eq(led_command_parse_buffer(buf, LED_COMMAND_MAX_WRITE + 1, c, LED_COMMAND_MAX_PER_WRITE), -EFBIG);
	/* The longest legal write of single commands fits the command array. */
	for (size_t i = 0; i < LED_COMMAND_MAX_WRITE; i += 2) {
		buf[i] = '1';
		buf[i + 1] = '\n';
	}
	ck_assert_int_eq(led_command_parse_buffer(buf, LED_COMMAND_MAX_WRITE, c, LED_COMMAND_MAX_PER_WRITE),
			 LED_COMMAND_MAX_PER_WRITE);
}

LED_TEST_CASE(test_parse_line_keeps_output_on_error)
{
	struct led_command c = { .type = LED_COMMAND_TOGGLE, .on_ms = 7 };

	ck_assert_int_eq(led_command_parse_line("blink 0", 7, &c), -EINVAL);
	ck_assert_int_eq(c.type, LED_COMMAND_TOGGLE);
	ck_assert_uint_eq(c.on_ms, 7);
}
