/* SPDX-License-Identifier: MIT */
/*
 * LED modes: what the LED does over time, as data. A mode is a list of
 * steps (a level held for some milliseconds) run from the first one,
 * repeated count times or forever, and what the LED does once a finite mode
 * ends. blink is two steps, heartbeat four computed from its period,
 * oneshot one step then off, a pattern the steps given. led_device runs
 * every mode on one timer (led_device_start_mode()); this file only builds,
 * checks and prints them.
 */
#ifndef LED_CUSE_LED_MODE_H
#define LED_CUSE_LED_MODE_H

#include <stdbool.h>
#include <stddef.h>

#include <led-cuse/led.h>

enum led_mode_end {
	LED_MODE_END_RESTORE,   /* the state from before the mode: its level, or the endless mode that ran */
	LED_MODE_END_OFF,       /* off */
};

struct led_mode_step {
	bool on;
	unsigned int ms;        /* 1..LED_CUSE_BLINK_MAX_MS */
};

struct led_mode {
	enum led_cuse_mode_kind kind;   /* LED_CUSE_MODE_NONE: no mode, a steady level */
	unsigned int count;             /* runs of the steps; 0: forever */
	enum led_mode_end end;          /* once count runs are done */
	unsigned int nsteps;            /* 1..LED_CUSE_MODE_MAX_STEPS */
	struct led_mode_step steps[LED_CUSE_MODE_MAX_STEPS];
};

/*
 * The builders: each fills *ret and returns 0, or returns -EINVAL for an
 * argument out of range (see <led-cuse/led.h>) and leaves *ret untouched.
 */
/* on_ms on, off_ms off; count blinks then the previous state, or 0 for forever. */
int led_mode_blink(unsigned int on_ms, unsigned int off_ms, unsigned int count, struct led_mode *ret);
/* The n steps, forever. */
int led_mode_pattern(const struct led_mode_step *steps, unsigned int n, struct led_mode *ret);
/* The kernel heartbeat trigger's double beat over period_ms, forever. */
int led_mode_heartbeat(unsigned int period_ms, struct led_mode *ret);
/* On for ms, then off. */
int led_mode_oneshot(unsigned int ms, struct led_mode *ret);

/* 0 if mode is exactly what its builder makes (kind NONE is not a mode), else -EINVAL. */
int led_mode_validate(const struct led_mode *mode);
static inline bool led_mode_forever(const struct led_mode *mode)
{
	return mode->kind != LED_CUSE_MODE_NONE && mode->count == 0;
}
/* Sum of the steps' ms: one run. */
unsigned int led_mode_period_ms(const struct led_mode *mode);

/*
 * The mode as a write() command, without newline ("blink 100 200",
 * "blink 100 200 3", "pattern 1 100 0 400", "heartbeat 1000", "oneshot 500"):
 * parsing it gives the mode back. Its length, or -ENOBUFS / -EINVAL.
 */
int led_mode_format(const struct led_mode *mode, char *buf, size_t len);

/* The public struct: from SET_MODE (-EINVAL unless exactly as documented), for GET_MODE. */
int led_mode_from_cuse(const struct led_cuse_mode *in, struct led_mode *ret);
void led_mode_to_cuse(const struct led_mode *mode, struct led_cuse_mode *out);

#endif
