/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the write() command parser, led_command_parse_buffer,
 * fed exactly what a write(2) to /dev/led hands the daemon.
 *
 * Invariants besides "no crash, no sanitizer report":
 *   - the result is -EFBIG (len > LED_COMMAND_MAX_WRITE), -EINVAL or
 *     1..LED_COMMAND_MAX_PER_WRITE commands;
 *   - every command is well formed (known type; a mode passes
 *     led_mode_validate() and its text, as saved in the state file, parses
 *     back to the same mode);
 *   - a buffer that parses has as many non-blank lines as commands, and
 *     each of them parses alone to the same command.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <led-cuse/led.h>

#include "led-command.h"

#define CHECK(c)                                                                                       \
	do {                                                                                           \
		if (!(c))                                                                              \
			__builtin_trap();                                                              \
	} while (0)

static int is_blank_line(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] == '\0' || !strchr(" \t\r\v\f", p[i]))
			return 0;
	return 1;
}

static bool same_trigger(const struct trigger_spec *a, const struct trigger_spec *b)
{
	return a->kind == b->kind && strcmp(a->name, b->name) == 0 && a->link == b->link && a->tx == b->tx &&
	       a->rx == b->rx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct led_command cmds[LED_COMMAND_MAX_PER_WRITE + 1];
	const char *buf = (const char *)data;
	int n;

	/* Sentinel after the array slice the parser may use. */
	memset(&cmds[LED_COMMAND_MAX_PER_WRITE], 0xA5, sizeof(cmds[0]));
	n = led_command_parse_buffer(buf, size, cmds, LED_COMMAND_MAX_PER_WRITE);
	{
		struct led_command sentinel;

		memset(&sentinel, 0xA5, sizeof(sentinel));
		CHECK(memcmp(&cmds[LED_COMMAND_MAX_PER_WRITE], &sentinel, sizeof(sentinel)) == 0);
	}
	if (size > LED_COMMAND_MAX_WRITE) {
		CHECK(n == -EFBIG);
		return 0;
	}
	CHECK(n == -EINVAL || (n >= 1 && n <= LED_COMMAND_MAX_PER_WRITE));
	if (n < 0)
		return 0;

	const char *p = buf, *end = buf + size;
	int i = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);

		if (!is_blank_line(p, len)) {
			struct led_command one;

			CHECK(i < n);
			CHECK(led_command_parse_line(p, len, &one) == 0);
			CHECK(one.type == cmds[i].type);
			switch (one.type) {
			case LED_COMMAND_SET:
				CHECK(one.on == cmds[i].on);
				break;
			case LED_COMMAND_TOGGLE:
				break;
			case LED_COMMAND_MODE: {
				char text[LED_COMMAND_MAX_WRITE + 1];
				struct led_command again;
				int len2;

				/* Every mode parsed is one the device accepts, and its
				 * text (the state file's) parses back to it. */
				CHECK(led_mode_validate(&one.mode) == 0);
				CHECK(led_mode_validate(&cmds[i].mode) == 0);
				len2 = led_mode_format(&one.mode, text, sizeof(text));
				CHECK(len2 > 0);
				CHECK(led_command_parse_line(text, (size_t)len2, &again) == 0);
				CHECK(again.type == LED_COMMAND_MODE);
				CHECK(led_mode_format(&again.mode, text, sizeof(text)) == len2);
				CHECK(led_mode_format(&cmds[i].mode, text, sizeof(text)) == len2);
				break;
			}
			case LED_COMMAND_TRIGGER: {
				char text[LED_COMMAND_MAX_WRITE + 1];
				struct led_command again;
				int len2;

				/* Its words print back as a command that parses to the same trigger. */
				CHECK(same_trigger(&one.trigger, &cmds[i].trigger));
				len2 = snprintf(text, sizeof(text), "trigger ");
				len2 += trigger_spec_format(&one.trigger, text + len2, sizeof(text) - (size_t)len2);
				CHECK(len2 > (int)strlen("trigger "));
				CHECK(led_command_parse_line(text, (size_t)len2, &again) == 0);
				CHECK(again.type == LED_COMMAND_TRIGGER);
				CHECK(same_trigger(&again.trigger, &one.trigger));
				break;
			}
			default:
				CHECK(0);
			}
			i++;
		}
		p += len + (nl ? 1 : 0);
	}
	CHECK(i == n);
	/* Capacity is honoured: with room for fewer commands it must refuse, not overflow. */
	if (n > 1)
		CHECK(led_command_parse_buffer(buf, size, cmds, (size_t)n - 1) == -EINVAL);
	return 0;
}
