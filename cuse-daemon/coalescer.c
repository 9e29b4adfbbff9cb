/* SPDX-License-Identifier: MIT */
#include "coalescer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "string-util.h"

struct led_coalescer {
	sd_event_source *timer;
	uint64_t interval_usec;
	led_coalescer_write_t write;
	void *userdata;
	char *wanted;        /* the value the outside should hold */
	char *written;       /* the value it holds, as far as we know; NULL: unknown */
	bool armed;
	uint64_t last_write; /* CLOCK_MONOTONIC of the last attempt; 0: never */
};

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000ULL;
}

static bool streq_null(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

bool led_coalescer_pending(const struct led_coalescer *c)
{
	return c->wanted && !streq_null(c->wanted, c->written);
}

static void arm(struct led_coalescer *c, uint64_t usec)
{
	/* Without a timer the value stays pending until the next set or flush. */
	if (sd_event_source_set_time(c->timer, usec) < 0 ||
	    sd_event_source_set_enabled(c->timer, SD_EVENT_ONESHOT) < 0)
		return;
	c->armed = true;
}

static int write_now(struct led_coalescer *c)
{
	uint64_t retry = c->interval_usec > LED_COALESCER_MIN_RETRY_USEC ? c->interval_usec
									 : LED_COALESCER_MIN_RETRY_USEC;
	char *copy;
	int r;

	c->last_write = now_usec();
	r = c->write(c->userdata, c->wanted);
	if (r < 0) {
		arm(c, c->last_write + retry);
		return r;
	}
	copy = strdup(c->wanted);
	free(c->written);
	c->written = copy; /* NULL on ENOMEM: "unknown", so the next set writes again */
	return 0;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct led_coalescer *c = userdata;

	c->armed = false;
	if (led_coalescer_pending(c))
		(void)write_now(c); /* a failure re-arms the timer: retried, not forgotten */
	return 0;
}

int led_coalescer_new(sd_event *event, uint64_t interval_usec, led_coalescer_write_t write, void *userdata,
		      struct led_coalescer **ret)
{
	struct led_coalescer *c = calloc(1, sizeof(*c));
	int r;

	if (!c)
		return -ENOMEM;
	c->interval_usec = interval_usec;
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

struct led_coalescer *led_coalescer_free(struct led_coalescer *c)
{
	if (!c)
		return NULL;
	sd_event_source_disable_unref(c->timer);
	free(c->wanted);
	free(c->written);
	free(c);
	return NULL;
}

int led_coalescer_assume_written(struct led_coalescer *c, const char *value)
{
	int r = free_and_strdup(&c->written, value);

	return r < 0 ? r : free_and_strdup(&c->wanted, value);
}

int led_coalescer_set(struct led_coalescer *c, const char *value)
{
	int r;

	if (streq_null(c->wanted, value))
		return 0;
	r = free_and_strdup(&c->wanted, value);
	if (r < 0)
		return r;
	/* Back to what is written (toggled twice), or a write is due anyway. */
	if (!led_coalescer_pending(c) || c->armed)
		return 0;
	if (c->last_write == 0 || now_usec() >= c->last_write + c->interval_usec)
		(void)write_now(c); /* the callback reports failures; the timer retries */
	else
		arm(c, c->last_write + c->interval_usec);
	return 0;
}

int led_coalescer_flush(struct led_coalescer *c)
{
	if (c->armed) {
		(void)sd_event_source_set_enabled(c->timer, SD_EVENT_OFF);
		c->armed = false;
	}
	return led_coalescer_pending(c) ? write_now(c) : 0;
}
