/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "led-command.h"

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

/* One mode command: parses, and formats back to canon (the state file's form). */
static void assert_mode(const char *input, const char *canon)
{
	struct led_command c[2];
	char buf[LED_COMMAND_MAX_WRITE + 1];

	ck_assert_msg(parse(input, c, 2) == 1, "'%s' should parse", input);
	ck_assert_int_eq(c[0].type, LED_COMMAND_MODE);
	ck_assert_int_eq(led_mode_validate(&c[0].mode), 0);
	ck_assert_int_gt(led_mode_format(&c[0].mode, buf, sizeof(buf)), 0);
	ck_assert_msg(strcmp(buf, canon) == 0, "'%s' gave '%s', not '%s'", input, buf, canon);
}

LED_TEST_CASE(test_blink)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("blink 100\n", c, 2), 1);
	ck_assert_int_eq(c[0].type, LED_COMMAND_MODE);
	ck_assert_int_eq(c[0].mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(c[0].mode.count, 0);
	ck_assert_uint_eq(c[0].mode.nsteps, 2);
	ck_assert(c[0].mode.steps[0].on && !c[0].mode.steps[1].on);
	ck_assert_uint_eq(c[0].mode.steps[0].ms, 100);
	ck_assert_uint_eq(c[0].mode.steps[1].ms, 100);
	ck_assert_int_eq(c[0].mode.end, LED_MODE_END_RESTORE);
	assert_mode("  blink\t250   750 \n", "blink 250 750");
	assert_mode("blink 3600000 1", "blink 3600000 1");
	assert_mode("BLINK 10 20 3\n", "blink 10 20 3");
	assert_mode("blink 1 1 1000000", "blink 1 1 1000000");
	ck_assert_int_eq(parse("blink 10 20 3\n", c, 2), 1);
	ck_assert_uint_eq(c[0].mode.count, 3);
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
	assert_invalid("blink 0x10\n");
	assert_invalid("blink 1 2 0\n");          /* COUNT 0: leave COUNT out for forever */
	assert_invalid("blink 1 2 1000001\n");
	assert_invalid("blink 1 2 -3\n");
	assert_invalid("blink 1 2 3 4\n");
}

LED_TEST_CASE(test_pattern)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("pattern 1 100 0 400\n", c, 2), 1);
	ck_assert_int_eq(c[0].mode.kind, LED_CUSE_MODE_PATTERN);
	ck_assert_uint_eq(c[0].mode.count, 0);
	ck_assert_uint_eq(c[0].mode.nsteps, 2);
	ck_assert(c[0].mode.steps[0].on && !c[0].mode.steps[1].on);
	ck_assert_uint_eq(c[0].mode.steps[1].ms, 400);
	assert_mode("pattern 0 5", "pattern 0 5");
	assert_mode("Pattern\t1 1  1 3600000 0 7", "pattern 1 1 1 3600000 0 7");
	assert_mode("pattern 1 1 0 2 1 3 0 4 1 5 0 6 1 7 0 8 1 9 0 10 1 11 0 12 1 13 0 14 1 15 0 16",
		    "pattern 1 1 0 2 1 3 0 4 1 5 0 6 1 7 0 8 1 9 0 10 1 11 0 12 1 13 0 14 1 15 0 16");
}

LED_TEST_CASE(test_pattern_invalid)
{
	assert_invalid("pattern\n");
	assert_invalid("pattern 1\n");                  /* a level without its time */
	assert_invalid("pattern 1 100 0\n");
	assert_invalid("pattern 2 100\n");              /* levels are 0 or 1 */
	assert_invalid("pattern 01 100\n");
	assert_invalid("pattern on 100\n");
	assert_invalid("pattern 1 0\n");
	assert_invalid("pattern 1 3600001\n");
	assert_invalid("pattern 1 -1\n");
	assert_invalid("pattern 1 1 0 2 1 3 0 4 1 5 0 6 1 7 0 8 1 9 0 10 1 11 0 12 1 13 0 14 1 15 0 16 1 17\n");
}

LED_TEST_CASE(test_heartbeat)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("heartbeat\n", c, 2), 1);
	ck_assert_int_eq(c[0].mode.kind, LED_CUSE_MODE_HEARTBEAT);
	ck_assert_uint_eq(c[0].mode.count, 0);
	/* ledtrig-heartbeat.c: on 70, off to period/4, on 70, off to the period. */
	ck_assert_uint_eq(c[0].mode.nsteps, 4);
	ck_assert(c[0].mode.steps[0].on && !c[0].mode.steps[1].on);
	ck_assert(c[0].mode.steps[2].on && !c[0].mode.steps[3].on);
	ck_assert_uint_eq(c[0].mode.steps[0].ms, 70);
	ck_assert_uint_eq(c[0].mode.steps[1].ms, 180);
	ck_assert_uint_eq(c[0].mode.steps[2].ms, 70);
	ck_assert_uint_eq(c[0].mode.steps[3].ms, 680);
	assert_mode("heartbeat", "heartbeat 1000");
	assert_mode("heartbeat 300", "heartbeat 300");
	assert_mode("HEARTBEAT 60000\n", "heartbeat 60000");
	assert_mode("heartbeat 2401", "heartbeat 2401");
	ck_assert_int_eq(parse("heartbeat 2401", c, 2), 1);
	ck_assert_uint_eq(c[0].mode.steps[1].ms, 600 - 70);
	ck_assert_uint_eq(c[0].mode.steps[3].ms, 2401 - 600 - 70);
}

LED_TEST_CASE(test_heartbeat_invalid)
{
	assert_invalid("heartbeat 299\n");
	assert_invalid("heartbeat 60001\n");
	assert_invalid("heartbeat 0\n");
	assert_invalid("heartbeat 1000 2\n");
	assert_invalid("heartbeat fast\n");
}

LED_TEST_CASE(test_oneshot)
{
	struct led_command c[2];

	ck_assert_int_eq(parse("oneshot 500\n", c, 2), 1);
	ck_assert_int_eq(c[0].mode.kind, LED_CUSE_MODE_ONESHOT);
	ck_assert_uint_eq(c[0].mode.count, 1);
	ck_assert_int_eq(c[0].mode.end, LED_MODE_END_OFF);
	ck_assert_uint_eq(c[0].mode.nsteps, 1);
	ck_assert(c[0].mode.steps[0].on);
	assert_mode("oneshot 1", "oneshot 1");
	assert_mode("ONESHOT 3600000", "oneshot 3600000");
	assert_invalid("oneshot\n");
	assert_invalid("oneshot 0\n");
	assert_invalid("oneshot 3600001\n");
	assert_invalid("oneshot 5 5\n");
}

/* A bad mode among good commands: the whole write is refused. */
LED_TEST_CASE(test_modes_all_or_nothing)
{
	assert_invalid("on\nheartbeat 10\n");
	assert_invalid("pattern 1 100\noneshot 0\n");
	assert_invalid("blink 5 5 5\npattern 3 1\n");
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
	struct led_command c = { .type = LED_COMMAND_TOGGLE, .mode = { .nsteps = 7 } };

	ck_assert_int_eq(led_command_parse_line("blink 0", 7, &c), -EINVAL);
	ck_assert_int_eq(led_command_parse_line("pattern 1 5 0 0", 15, &c), -EINVAL);
	ck_assert_int_eq(c.type, LED_COMMAND_TOGGLE);
	ck_assert_uint_eq(c.mode.nsteps, 7);
}

LED_TEST_CASE(test_trigger_command)
{
	struct led_command c[4];

	ck_assert_int_eq(parse("  trigger   netdev eth0 tx  \n", c, 4), 1);
	ck_assert_int_eq(c[0].type, LED_COMMAND_TRIGGER);
	ck_assert_int_eq(c[0].trigger.kind, LED_CUSE_TRIGGER_NETDEV);
	ck_assert_str_eq(c[0].trigger.name, "eth0");
	ck_assert(c[0].trigger.tx && !c[0].trigger.link);
	ck_assert_int_eq(parse("TRIGGER none", c, 4), 1);
	ck_assert_int_eq(parse("trigger\tnone", c, 4), 1); /* the fuzzer's: a tab between the words */
	ck_assert_int_eq(c[0].trigger.kind, LED_CUSE_TRIGGER_NONE);
	assert_invalid("trigger");
	assert_invalid("trigger blink 100");
	assert_invalid("trigger cpu\n1\ntrigger");
}
