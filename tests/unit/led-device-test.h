/* SPDX-License-Identifier: MIT */
/*
 * What the tests of a LED device and its parts share (test-led-device.c,
 * test-mode-runner.c, test-chip-presence.c, test-button-source.c): a device
 * on the fake backend with a listener that counts what it hears, and the
 * helpers that unplug its chip, press its button, read its record and step
 * its mode.
 */
#ifndef LED_CUSE_LED_DEVICE_TEST_H
#define LED_CUSE_LED_DEVICE_TEST_H

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "button-source.h"
#include "device-fixture.h"
#include "time-util.h"

static struct fixture fx;
static int changes, presses, gones, records;
static struct led_cuse_event last_event;
static uint64_t last_counts[LED_CUSE_EVENT_KINDS];
static struct led_cuse_change last_record;
/* A client's write: uid 1000, pid 42. */
__attribute__((unused))
static const struct led_origin client = { .source = LED_CUSE_CHANGE_WRITE, .uid = 1000, .pid = 42 };

static inline void on_changed(void *u, const struct led_cuse_change *change)
{
	changes++;
	if (change) {
		records++;
		last_record = *change;
	}
}

static inline void on_button(void *u, const struct led_cuse_event *ev, const uint64_t *counts)
{
	presses++;
	last_event = *ev;
	memcpy(last_counts, counts, sizeof(last_counts));
}

static inline void on_gone(void *u)
{
	gones++;
}

__attribute__((unused))
static const struct led_listener listener = { on_changed, on_button, on_gone };

static inline struct led_device_status status(void)
{
	struct led_device_status st;

	led_device_get_status(fx.dev, &st);
	return st;
}

static inline void start(bool has_button, bool initial)
{
	changes = presses = gones = records = 0;
	fixture_start(&fx, has_button, initial);
	ck_assert_int_eq(led_device_add_listener(fx.dev, &listener, NULL), 0);
}

static inline void teardown(void)
{
	fixture_stop(&fx);
}

/* The chip goes away (the event fd reports the dead request)... */
static inline void unplug(void)
{
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert(!status().present);
}

/* ... and comes back as gpiochip0. */
static inline void replug(void)
{
	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(status().present);
}

static inline void start_button(enum gpio_edge edge, bool active_low, enum button_action action,
			 unsigned int hold_ms, unsigned int double_ms)
{
	struct led_device_config cfg = {
		.button_edge = edge, .button_active_low = active_low, .button_action = action,
		.hold_ms = hold_ms, .double_click_ms = double_ms,
	};

	changes = presses = gones = records = 0;
	fixture_start_config(&fx, true, false, cfg);
	ck_assert_int_eq(led_device_add_listener(fx.dev, &listener, NULL), 0);
}

static inline void edge(uint64_t ts, bool rising)
{
	gpio_fake_edge(fx.backend, ts, rising);
	fixture_run_pending(&fx);
}

static inline uint64_t realtime_ns(void)
{
	return now_nsec(CLOCK_REALTIME);
}

static inline struct led_cuse_change last_change(void)
{
	struct led_cuse_change c;

	led_device_get_last_change(fx.dev, &c);
	return c;
}

/* GET_STATE's flags while a mode of that kind runs. */
#define BLINK_FLAGS(kind) (LED_CUSE_STATE_BLINKING | (kind) << LED_CUSE_STATE_MODE_SHIFT)

static inline void assert_record(const struct led_cuse_change *c, enum led_cuse_change_source source, uint32_t uid,
			  uint32_t pid, uint32_t state, uint32_t flags)
{
	ck_assert_uint_eq(c->source, source);
	ck_assert_uint_eq(c->uid, uid);
	ck_assert_uint_eq(c->pid, pid);
	ck_assert_uint_eq(c->state, state);
	ck_assert_uint_eq(c->flags, flags);
	ck_assert_uint_eq(c->reserved, 0);
}

/* Run n steps of the loop, each one timer expiry. */
static inline void run_steps(int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
}

/*
 * The line took, from the mode's start, the levels of mode's steps over
 * `runs` runs, then the levels in tail. Steps are scheduled from the
 * mode's start (each ends ms after the previous deadline), and timers are
 * never early: the k-th set comes no earlier than the sum of the steps
 * before it, less the loop's cached-time gap at the start (SLACK).
 */
#define SLACK_NS 1000000ULL
static inline void assert_steps(const struct led_mode *mode, unsigned int runs, const bool *tail, unsigned int ntail)
{
	const struct gpio_fake_set *h;
	unsigned int n = gpio_fake_history(fx.backend, &h), k = 0;
	uint64_t due = 0;

	ck_assert_uint_eq(n, runs * mode->nsteps + ntail);
	for (unsigned int r = 0; r < runs; r++)
		for (unsigned int i = 0; i < mode->nsteps; i++, k++) {
			ck_assert_msg(h[k].on == mode->steps[i].on, "set %u: level %d, step %u wants %d", k,
				      h[k].on, i, mode->steps[i].on);
			ck_assert_msg(h[k].ns - h[0].ns + SLACK_NS >= due, "set %u at %llu ns, due at %llu ns", k,
				      (unsigned long long)(h[k].ns - h[0].ns), (unsigned long long)due);
			due += mode->steps[i].ms * 1000000ULL;
		}
	for (unsigned int i = 0; i < ntail; i++, k++)
		ck_assert_msg(h[k].on == tail[i], "tail %u: level %d", i, h[k].on);
}

static inline void start_mode(const struct led_mode *mode)
{
	gpio_fake_history_clear(fx.backend);
	ck_assert_int_eq(led_device_start_mode(fx.dev, mode, &client), 0);
}

#endif
