/* SPDX-License-Identifier: MIT */
/* The coalescing writer behind the state file and STATUS=, on a real sd-event loop. */
#include "led-test.h"
#include "internals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalescer.h"

#define HOUR_USEC (3600ULL * 1000000ULL)

static sd_event *event;
static struct coalescer *c;
static char written[64][32];
static const char *value; /* what the outside should hold; NULL: keep what it holds */
static int n_writes, n_attempts, n_formats, fail_next;

static int rec_format(void *userdata, char *buf, size_t size)
{
	n_formats++;
	return value ? snprintf(buf, size, "%s", value) : 0;
}

/* The value changed to v. */
static void change(const char *v)
{
	value = v;
	coalescer_touch(c);
}

static int rec_write(void *userdata, const char *v)
{
	n_attempts++;
	if (fail_next > 0) {
		fail_next--;
		return -EIO;
	}
	ck_assert_int_lt(n_writes, 64);
	snprintf(written[n_writes++], sizeof(written[0]), "%s", v);
	return 0;
}

static const struct coalescer_ops rec_ops = { .format = rec_format, .write = rec_write };

static void setup(void)
{
	n_writes = n_attempts = n_formats = fail_next = 0;
	value = NULL;
	ck_assert_int_eq(sd_event_new(&event), 0);
}

static void teardown(void)
{
	c = coalescer_free(c);
	event = sd_event_unref(event);
}

/* Run the loop until cond holds: waits for the timer, asserts no time. */
#define RUN_UNTIL(cond)                                                        \
	do {                                                                   \
		for (int i_ = 0; !(cond); i_++) {                              \
			ck_assert_int_lt(i_, 1000);                            \
			ck_assert_int_ge(sd_event_run(event, UINT64_MAX), 0);  \
		}                                                              \
	} while (0)

/* 300 toggles within an interval: written at once, then once more. */
LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_burst_is_coalesced)
{
	char v[16];

	ck_assert_int_eq(coalescer_new(event, HOUR_USEC, &rec_ops, NULL, &c), 0);
	change("on");
	ck_assert_int_eq(n_writes, 1); /* the first change of a quiet period: at once */
	ck_assert_str_eq(written[0], "on");
	ck_assert(!coalescer_pending(c));
	for (int i = 0; i < 300; i++) {
		snprintf(v, sizeof(v), "%s", i % 2 ? "on" : "off");
		change(v);
	}
	change("blink 1 2");
	ck_assert_int_eq(n_writes, 1);
	/* The 301 changes of the interval cost no formatting: it waits for the write. */
	ck_assert_int_eq(n_formats, 1);
	ck_assert(coalescer_pending(c));
	/* Nothing is due within the hour: the loop has nothing to do now. */
	ck_assert_int_eq(sd_event_run(event, 0), 0);
	ck_assert_int_eq(n_writes, 1);
	/* An orderly exit writes the last value. */
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert_int_eq(n_writes, 2);
	ck_assert_str_eq(written[1], "blink 1 2");
	ck_assert_int_eq(n_formats, 2);
	ck_assert(!coalescer_pending(c));
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert_int_eq(n_writes, 2);
	ck_assert_int_eq(n_formats, 2);
}

/* Changed and changed back within the interval: nothing to write. */
LED_TEST_CASE(test_back_to_written_is_no_change)
{
	ck_assert_int_eq(coalescer_new(event, HOUR_USEC, &rec_ops, NULL, &c), 0);
	ck_assert_int_eq(coalescer_assume_written(c, "off"), 0);
	change("off");
	ck_assert_int_eq(n_attempts, 0);
	change("on");
	ck_assert_int_eq(n_writes, 1);
	change("off");
	ck_assert(coalescer_pending(c));
	change("on");
	/* Due until formatted: then it is what was written, and nothing is written. */
	ck_assert(coalescer_pending(c));
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert(!coalescer_pending(c));
	ck_assert_int_eq(n_attempts, 1);
}

/* A format that has nothing to say (the LED unplugged) keeps what is written. */
LED_TEST_CASE(test_nothing_to_say_keeps_written)
{
	ck_assert_int_eq(coalescer_new(event, HOUR_USEC, &rec_ops, NULL, &c), 0);
	change("on");
	change(NULL);
	ck_assert(coalescer_pending(c));
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert(!coalescer_pending(c));
	ck_assert_int_eq(n_attempts, 1);
	ck_assert_int_eq(n_formats, 2);
	change("off");
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert_str_eq(written[n_writes - 1], "off");
}

/* The value pending at the end of the interval is written by the timer. */
LED_TEST_CASE(test_timer_writes_latest)
{
	ck_assert_int_eq(coalescer_new(event, 20000, &rec_ops, NULL, &c), 0);
	change("a");
	change("b");
	change("c");
	RUN_UNTIL(!coalescer_pending(c));
	ck_assert_str_eq(written[n_writes - 1], "c");
	ck_assert_int_le(n_writes, 3);
	ck_assert_str_eq(written[0], "a");
}

/* A failed write is retried, not forgotten. */
LED_TEST_CASE(test_failure_is_retried)
{
	ck_assert_int_eq(coalescer_new(event, 0, &rec_ops, NULL, &c), 0);
	fail_next = 2;
	change("on");
	ck_assert_int_eq(n_attempts, 1);
	ck_assert(coalescer_pending(c));
	/* Retries are paced (COALESCER_MIN_RETRY_USEC) even at interval 0. */
	ck_assert_int_eq(sd_event_run(event, 0), 0);
	ck_assert_int_eq(n_attempts, 1);
	RUN_UNTIL(!coalescer_pending(c));
	ck_assert_int_eq(n_attempts, 3);
	ck_assert_int_eq(n_writes, 1);
	ck_assert_str_eq(written[0], "on");
	/* Interval 0: every later change is written at once. */
	change("off");
	ck_assert_int_eq(n_writes, 2);
}

/* At exit: a failing flush reports the error and keeps the value. */
LED_TEST_CASE(test_flush_failure)
{
	ck_assert_int_eq(coalescer_new(event, HOUR_USEC, &rec_ops, NULL, &c), 0);
	change("on");
	change("off");
	fail_next = 1;
	ck_assert_int_eq(coalescer_flush(c), -EIO);
	ck_assert(coalescer_pending(c));
	ck_assert_int_eq(coalescer_flush(c), 0);
	ck_assert_str_eq(written[n_writes - 1], "off");
}
