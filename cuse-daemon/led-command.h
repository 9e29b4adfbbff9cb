/* SPDX-License-Identifier: MIT */
/*
 * The text protocol of /dev/led: what write() accepts.
 *
 * One command per line, surrounding whitespace ignored, words matched
 * case-insensitively:
 *   1 | on                 LED on
 *   0 | off                LED off
 *   N                      brightness, any non-negative decimal: 0 off, >0 on
 *   toggle                 invert the LED
 *   blink ON_MS [OFF_MS [COUNT]]
 *                          blink until the next command (OFF_MS defaults to
 *                          ON_MS), or COUNT times then back to the state before
 *   pattern LEVEL MS [LEVEL MS ...]
 *                          the steps (LEVEL 0 or 1, 1..16 of them), forever
 *   heartbeat [PERIOD_MS]  the kernel heartbeat trigger's double beat
 *   oneshot MS             on for MS, then off
 *   trigger KIND [ARGS]    follow a source (trigger-spec.h): none, netdev
 *                          IFACE [link] [tx] [rx], unit UNIT, system, cpu, disk
 * Every MS is in 1..LED_CUSE_BLINK_MAX_MS, COUNT in 1..LED_CUSE_MODE_MAX_COUNT,
 * PERIOD_MS in LED_CUSE_HEARTBEAT_MIN_MS..MAX_MS (default 1000): see led-mode.h.
 * A write holds whole lines: a command split across two writes is two bad
 * commands, as with the kernel's sysfs attributes.
 */
#ifndef LED_CUSE_COMMAND_H
#define LED_CUSE_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "led-mode.h"
#include "trigger-spec.h"

/* Longest write accepted, in bytes; longer ones fail with EFBIG. */
#define LED_COMMAND_MAX_WRITE 256
/* Most commands one write can carry (each needs at least "1\n"). */
#define LED_COMMAND_MAX_PER_WRITE (LED_COMMAND_MAX_WRITE / 2)

enum led_command_type {
	LED_COMMAND_SET,
	LED_COMMAND_TOGGLE,
	LED_COMMAND_MODE,     /* blink, pattern, heartbeat, oneshot */
	LED_COMMAND_TRIGGER,  /* trigger KIND ARGS */
};

struct led_command {
	enum led_command_type type;
	bool on;              /* LED_COMMAND_SET */
	struct led_mode mode; /* LED_COMMAND_MODE */
	struct trigger_spec trigger; /* LED_COMMAND_TRIGGER */
};

/*
 * Parse one line (no newline inside). Returns 0, or -EINVAL for anything
 * that is not exactly one valid command (including a blank line).
 */
int led_command_parse_line(const char *line, size_t len, struct led_command *ret);

/*
 * Parse everything a write() carried: all lines must be valid or nothing
 * is returned. Blank lines are skipped, but at least one command is
 * required. Returns the number of commands stored in cmds (at most max),
 * -EFBIG if len exceeds LED_COMMAND_MAX_WRITE, -EINVAL otherwise.
 */
int led_command_parse_buffer(const char *buf, size_t len, struct led_command *cmds, size_t max);

#endif
