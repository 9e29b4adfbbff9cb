/* SPDX-License-Identifier: MIT */
#include "coalescer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "string-util.h"

struct coalescer {
	sd_event_source *timer;
	uint64_t interval_usec;
	coalescer_format_t format;
	coalescer_write_t write;
	void *userdata;
	char *written;       /* the value the outside holds, as far as we know; NULL: unknown */
	bool due;            /* the value may differ from written: a write is due */
	bool armed;          /* the timer is set for it */
	uint64_t last_write; /* CLOCK_MONOTONIC of the last attempt; 0: never */
};

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000ULL;
}

bool coalescer_pending(const struct coalescer *c)
{
	return c->due;
}

static void arm(struct coalescer *c, uint64_t usec)
{
	c->due = true;
	/* Without a timer the write stays due until the next touch or flush. */
	if (sd_event_source_set_time(c->timer, usec) < 0 ||
	    sd_event_source_set_enabled(c->timer, SD_EVENT_ONESHOT) < 0)
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
	uint64_t retry = c->interval_usec > COALESCER_MIN_RETRY_USEC ? c->interval_usec
									 : COALESCER_MIN_RETRY_USEC;
	char value[COALESCER_VALUE_MAX];
	char *copy;
	int r;

	disarm(c);
	if (c->format(c->userdata, value, sizeof(value)) <= 0 || (c->written && strcmp(value, c->written) == 0))
		return 0;
	c->last_write = now_usec();
	r = c->write(c->userdata, value);
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

int coalescer_new(sd_event *event, uint64_t interval_usec, coalescer_format_t format,
		      coalescer_write_t write, void *userdata, struct coalescer **ret)
{
	struct coalescer *c = calloc(1, sizeof(*c));
	int r;

	if (!c)
		return -ENOMEM;
	c->interval_usec = interval_usec;
	c->format = format;
	c->write = write;
	c->userdata = userdata;
	/* 1 ms accuracy: the interval is the documented bound, not a hint. */
	r = sd_event_add_time(event, &c->timer, CLOCK_MONOTONIC, UINT64_MAX, 1000, on_timer, c);
	if (r < 0) {
		free(c);
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
	if (c->last_write == 0 || now_usec() >= c->last_write + c->interval_usec)
		(void)write_now(c); /* the callback reports failures; the timer retries */
	else
		arm(c, c->last_write + c->interval_usec);
}

int coalescer_flush(struct coalescer *c)
{
	return c->due ? write_now(c) : 0;
}
