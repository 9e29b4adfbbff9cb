/* SPDX-License-Identifier: MIT */
#include "coalescer.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event-util.h"
#include "string-util.h"

/* 1 ms: the interval is the documented bound, not a hint. */
#define ACCURACY_USEC 1000ULL

struct coalescer {
	sd_event *event;
	sd_event_source *timer;
	usec_t interval_usec;
	const struct coalescer_ops *ops;
	void *userdata;
	char *written;       /* the value the outside holds, as far as we know; NULL: unknown */
	bool due;            /* the value may differ from written: a write is due */
	bool armed;          /* the timer is set for it */
	usec_t last_write;   /* CLOCK_MONOTONIC of the last attempt; 0: never */
};

/* For the tests (tests/fakes/internals.h): a write is due. */
bool coalescer_pending(const struct coalescer *c);
bool coalescer_pending(const struct coalescer *c)
{
	return c->due;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata);

static void arm(struct coalescer *c, usec_t usec)
{
	c->due = true;
	/* Without a timer the write stays due until the next touch or flush. */
	if (event_reset_time(c->event, &c->timer, CLOCK_MONOTONIC, usec, ACCURACY_USEC, on_timer, c,
			     SD_EVENT_PRIORITY_NORMAL) < 0)
		return;
	c->armed = true;
}

static void disarm(struct coalescer *c)
{
	if (c->armed)
		(void)sd_event_source_set_enabled(c->timer, SD_EVENT_OFF);
	c->armed = false;
	c->due = false;
}

/* Format the value and write it if it is a change. */
static int write_now(struct coalescer *c)
{
	usec_t retry = c->interval_usec > COALESCER_MIN_RETRY_USEC ? c->interval_usec
									 : COALESCER_MIN_RETRY_USEC;
	char value[COALESCER_VALUE_MAX];
	char *copy;
	int r;

	disarm(c);
	if (c->ops->format(c->userdata, value, sizeof(value)) <= 0 || (c->written && strcmp(value, c->written) == 0))
		return 0;
	c->last_write = now_usec(CLOCK_MONOTONIC);
	r = c->ops->write(c->userdata, value);
	if (r < 0) {
		arm(c, c->last_write + retry);
		return r;
	}
	copy = strdup(value);
	free(c->written);
	c->written = copy; /* NULL on ENOMEM: "unknown", so the next change writes again */
	return 0;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct coalescer *c = userdata;

	c->armed = false; /* a oneshot timer is off once it fired */
	(void)write_now(c); /* a failure re-arms the timer: retried, not forgotten */
	return 0;
}

int coalescer_new(sd_event *event, usec_t interval_usec, const struct coalescer_ops *ops, void *userdata,
		  struct coalescer **ret)
{
	struct coalescer *c;
	int r;

	assert(event && ops && ops->format && ops->write && ret);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->event = sd_event_ref(event);
	c->interval_usec = interval_usec;
	c->ops = ops;
	c->userdata = userdata;
	/* Created now, so that arming later allocates nothing. */
	r = event_reset_time(event, &c->timer, CLOCK_MONOTONIC, UINT64_MAX, ACCURACY_USEC, on_timer, c,
			     SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		coalescer_free(c);
		return r;
	}
	(void)sd_event_source_set_enabled(c->timer, SD_EVENT_OFF);
	*ret = c;
	return 0;
}

struct coalescer *coalescer_free(struct coalescer *c)
{
	if (!c)
		return NULL;
	sd_event_source_disable_unref(c->timer);
	sd_event_unref(c->event);
	free(c->written);
	free(c);
	return NULL;
}

int coalescer_assume_written(struct coalescer *c, const char *value)
{
	return free_and_strdup(&c->written, value);
}

void coalescer_touch(struct coalescer *c)
{
	/* Whatever changes until then is formatted when the timer fires. */
	if (c->armed)
		return;
	if (c->last_write == 0 || now_usec(CLOCK_MONOTONIC) >= c->last_write + c->interval_usec)
		(void)write_now(c); /* the callback reports failures; the timer retries */
	else
		arm(c, c->last_write + c->interval_usec);
}

int coalescer_flush(struct coalescer *c)
{
	return c->due ? write_now(c) : 0;
}
