/* SPDX-License-Identifier: MIT */
/*
 * Button event recogniser: turns debounced edges into press, release, hold
 * and double events, and says when a press is a plain short click.
 *
 * Pure logic on a clock it is given: every edge comes with its kernel
 * timestamp (CLOCK_MONOTONIC ns), and the one timer it needs (for a hold
 * or a double-click window ending while nothing happens) is armed through
 * struct button_ops, an sd-event time source in the daemon (button-source.c)
 * and a fake clock in the unit tests. Decisions depend on timestamps only, never on
 * when the code runs: an edge that arrives after a deadline it belongs
 * behind first settles that deadline.
 *
 * Timing rules (hold_ms or double_click_ms 0 means off):
 *  - HOLD: the button is still down hold_ms after its press (a release at
 *    exactly press + hold_ms comes after the HOLD). Once per press; the
 *    release that ends it carries long_press. Needs releases.
 *  - DOUBLE: a press less than double_click_ms after the press that opened
 *    the window (exactly double_click_ms is too late). Comes right after
 *    that second PRESS and closes the sequence: a third press opens a new
 *    window (a triple click is a DOUBLE, then a click of its own). A press
 *    that became a HOLD opens no window.
 *  - CLICK: a press that is neither a HOLD nor half of a DOUBLE, known as
 *    soon as both its release (or hold_ms off) and the end of its window
 *    (or double_click_ms off) are behind. With both off it is certain at
 *    once and reported before its PRESS, so whatever it triggers has
 *    happened when the PRESS is reported.
 *  - Bounce the debouncer let through is absorbed: a press while down and
 *    a release while up are dropped (with releases on).
 */
#ifndef LED_CUSE_BUTTON_H
#define LED_CUSE_BUTTON_H

#include <stdbool.h>
#include <stdint.h>

#include "macro.h"

/* The public kinds have the values of enum led_cuse_event_kind (led.h). */
enum button_event_kind {
	BUTTON_PRESS = 0,
	BUTTON_RELEASE = 1,
	BUTTON_HOLD = 2,
	BUTTON_DOUBLE = 3,
	BUTTON_CLICK,         /* internal: the moment for the short-press action */
};

struct button_event {
	enum button_event_kind kind;
	bool long_press;      /* RELEASE: the press had become a HOLD */
	uint64_t timestamp_ns;
};

/* What the daemon does to the LED with the button. */
enum button_action {
	BUTTON_ACTION_TOGGLE,    /* each CLICK toggles the LED */
	BUTTON_ACTION_MOMENTARY, /* the LED is on while the button is down */
	BUTTON_ACTION_NONE,
};

struct button_config {
	unsigned int hold_ms;         /* 0: no HOLD */
	unsigned int double_click_ms; /* 0: no DOUBLE */
	bool releases;                /* edges include releases; without, every edge is a press */
};

/* What the recogniser needs: its one timer (deadlines in CLOCK_MONOTONIC ns), and whom to tell. */
struct button_ops {
	/* Fire button_timer_expired() at deadline_ns (replaces any earlier arming). */
	int (*arm)(void *userdata, uint64_t deadline_ns);
	void (*disarm)(void *userdata);
	/* An event was recognised. */
	void (*event)(void *userdata, const struct button_event *event);
};

struct button;

int button_new(const struct button_config *config, const struct button_ops *ops, void *userdata,
	       struct button **ret);
struct button *button_free(struct button *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct button *, button_free)

/*
 * A debounced edge: pressed (logical, the direction already resolved) at
 * timestamp_ns. Events are reported through ops->event before this
 * returns. Returns 0, or the timer's negative errno (the events are
 * reported all the same; only a later deadline may be late).
 */
int button_edge(struct button *b, bool pressed, uint64_t timestamp_ns);
/* The armed deadline passed; now_ns is at or after it. Returns as button_edge(). */
int button_timer_expired(struct button *b, uint64_t now_ns);
/* Forget the press in progress and disarm (the line went away). */
void button_reset(struct button *b);

#endif
