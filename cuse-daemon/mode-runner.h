/* SPDX-License-Identifier: MIT */
/*
 * The mode runner: runs a mode (led-mode.h) step by step on one timer, the
 * way a kernel LED trigger drives its LED. It knows where in the mode the
 * LED is (step, runs), what a finite mode ends in, and how many step writes
 * failed in a row; its owner (led_device) holds the level and drives the
 * line when asked (ops->drive), and hears when the mode moves by itself
 * (ops->changed): a change for readers, while its steps are not.
 */
#ifndef LED_CUSE_MODE_RUNNER_H
#define LED_CUSE_MODE_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "led-mode.h"
#include "macro.h"
#include "time-util.h"

/* Step writes in a row that may fail (an I2C expander NAK) before the
 * mode is stopped and reported: one glitch does not end it. */
#define MODE_RUNNER_MAX_FAILURES 3

struct mode_runner_ops {
	/*
	 * Drive the LED to on, the next step's level: 0, or a negative errno.
	 * On -ENODEV (the chip went) the owner pauses the runner; any other
	 * error keeps the step, tried again when it would have ended.
	 */
	int (*drive)(void *userdata, bool on);
	/*
	 * The mode moved by itself: a finite mode ended (in its level, or in the
	 * endless mode it went back to), or it stopped after failed writes
	 * (logged here). The owner records it as a change (LED_CUSE_CHANGE_TIMER).
	 */
	void (*changed)(void *userdata);
};

struct mode_runner;

/* name: the device's, for the log; it must outlive the runner. */
int mode_runner_new(sd_event *event, const char *name, const struct mode_runner_ops *ops, void *userdata,
		    struct mode_runner **ret);
struct mode_runner *mode_runner_free(struct mode_runner *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct mode_runner *, mode_runner_free)

/* The mode that runs; kind LED_CUSE_MODE_NONE when none does. */
const struct led_mode *mode_runner_mode(const struct mode_runner *m);
bool mode_runner_running(const struct mode_runner *m);
/*
 * The state the LED settles in, given its level on now: the endless mode
 * that runs (*mode), or that a finite mode returns to, else the level (*on):
 * now, or once the running finite mode has ended. What a finite mode
 * restores, and what a restart brings back.
 */
void mode_runner_lasting(const struct mode_runner *m, bool on, bool *ret_on, struct led_mode *ret_mode);

/* Create the timer, disabled: the one step of starting a mode that can
 * fail (an allocation), taken before the LED moves. */
int mode_runner_prepare(struct mode_runner *m);
/*
 * Run mode (valid, the owner drove its first step's level) from its first
 * step; a finite LED_MODE_END_RESTORE mode ends at end_on, or in end_mode
 * unless its kind is NONE. On failure (the timer) nothing runs.
 */
int mode_runner_start(struct mode_runner *m, const struct led_mode *mode, bool end_on, const struct led_mode *end_mode);
/* No mode any more: the timer stops and what a finite mode would restore is forgotten. */
void mode_runner_stop(struct mode_runner *m);
/* The chip went: the timer stops, the mode stays where it is. */
void mode_runner_pause(struct mode_runner *m);
/* The chip is back (its level driven): go on with the step the mode was in. */
void mode_runner_resume(struct mode_runner *m);

/* Where the runner is, and when its timer fires: to undo a write that failed partway. */
struct mode_runner_snapshot {
	struct led_mode mode, end_mode;
	bool end_on, on;
	unsigned int step, runs, failures;
	bool armed;
	usec_t deadline_usec;
};

void mode_runner_snapshot(const struct mode_runner *m, struct mode_runner_snapshot *ret);
/*
 * Put the runner back where s has it. With timer, its timer too (allocating
 * nothing: a snapshot with armed set had a timer); should that fail, the
 * mode stops, logged and told as a change. Without (the chip is gone), the
 * timer stays off until mode_runner_resume().
 */
void mode_runner_restore(struct mode_runner *m, const struct mode_runner_snapshot *s, bool timer);

#endif
