/* SPDX-License-Identifier: MIT */
#include "button.h"

#include <assert.h>

#include <errno.h>
#include <stdlib.h>

#define NSEC_PER_MSEC 1000000ULL

struct button {
	struct button_config config;
	const struct button_ops *ops;
	void *userdata;

	uint64_t now;           /* latest time seen: timestamps never go back */
	bool down;              /* only tracked with releases */
	bool held;              /* the press in progress became a HOLD */
	uint64_t hold_at;       /* press + hold_ms, while down && !held */
	/* The last press that may still be a CLICK. */
	bool candidate;
	bool candidate_short;   /* released before hold_ms, or no hold_ms */
	bool window_open;       /* a second press now makes a DOUBLE */
	uint64_t window_end;
};

static bool hold_enabled(const struct button *b)
{
	return b->config.hold_ms && b->config.releases;
}

static void emit(struct button *b, enum button_event_kind kind, bool long_press, uint64_t ts)
{
	struct button_event ev = { .kind = kind, .long_press = long_press, .timestamp_ns = ts };

	b->ops->event(b->userdata, &ev);
}

int button_new(const struct button_config *config, const struct button_ops *ops, void *userdata,
	       struct button **ret)
{
	struct button *b;

	assert(config && ops && ops->arm && ops->disarm && ops->event && ret);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->config = *config;
	b->ops = ops;
	b->userdata = userdata;
	*ret = b;
	return 0;
}

struct button *button_free(struct button *b)
{
	if (b)
		button_reset(b);
	free(b);
	return NULL;
}

/* Arm the timer for the earliest deadline still ahead, or disarm it. */
static int rearm(struct button *b)
{
	bool hold_pending = b->down && !b->held && hold_enabled(b);
	uint64_t next;

	if (!hold_pending && !b->window_open) {
		b->ops->disarm(b->userdata);
		return 0;
	}
	next = hold_pending ? b->hold_at : b->window_end;
	if (b->window_open && b->window_end < next)
		next = b->window_end;
	return b->ops->arm(b->userdata, next);
}

/* Settle every deadline at or before t, in time order. */
static void advance(struct button *b, uint64_t t)
{
	bool hold_due, window_due;

	if (t > b->now)
		b->now = t;
	for (;;) {
		hold_due = b->down && !b->held && hold_enabled(b) && b->now >= b->hold_at;
		window_due = b->window_open && b->now >= b->window_end;
		if (hold_due && (!window_due || b->hold_at <= b->window_end)) {
			b->held = true;
			/* A hold is no click and opens no double-click window. */
			b->candidate = false;
			b->window_open = false;
			emit(b, BUTTON_HOLD, false, b->hold_at);
		} else if (window_due) {
			b->window_open = false;
			if (b->candidate && b->candidate_short) {
				b->candidate = false;
				emit(b, BUTTON_CLICK, false, b->window_end);
			}
			/* Still down: the release (or the hold) decides. */
		} else {
			return;
		}
	}
}

static void press(struct button *b, uint64_t ts)
{
	if (b->config.releases) {
		if (b->down)
			return; /* bounce: a press without a release between */
		b->down = true;
		b->held = false;
		b->hold_at = b->now + b->config.hold_ms * NSEC_PER_MSEC;
	}
	if (b->window_open) {
		/* The second press of a double click; the sequence ends here. */
		b->window_open = false;
		b->candidate = false;
		emit(b, BUTTON_PRESS, false, ts);
		emit(b, BUTTON_DOUBLE, false, ts);
		return;
	}
	b->candidate = true;
	b->candidate_short = !hold_enabled(b);
	if (b->config.double_click_ms) {
		b->window_open = true;
		b->window_end = b->now + b->config.double_click_ms * NSEC_PER_MSEC;
	} else if (b->candidate_short) {
		/* Nothing can turn it into anything else: act on the edge. */
		b->candidate = false;
		emit(b, BUTTON_CLICK, false, ts);
	}
	emit(b, BUTTON_PRESS, false, ts);
}

static void release(struct button *b, uint64_t ts)
{
	bool was_held = b->held;

	if (!b->config.releases || !b->down)
		return; /* bounce: a release without a press */
	b->down = false;
	b->held = false;
	emit(b, BUTTON_RELEASE, was_held, ts);
	if (!b->candidate)
		return;
	b->candidate_short = true;
	if (!b->window_open) {
		b->candidate = false;
		emit(b, BUTTON_CLICK, false, ts);
	}
}

int button_edge(struct button *b, bool pressed, uint64_t timestamp_ns)
{
	advance(b, timestamp_ns);
	if (pressed || !b->config.releases)
		press(b, timestamp_ns);
	else
		release(b, timestamp_ns);
	return rearm(b);
}

int button_timer_expired(struct button *b, uint64_t now_ns)
{
	advance(b, now_ns);
	return rearm(b);
}

void button_reset(struct button *b)
{
	b->down = b->held = b->candidate = b->window_open = false;
	b->ops->disarm(b->userdata);
}
