/* SPDX-License-Identifier: MIT */
/*
 * Coalescing writer: keeps something outside the daemon (the state file,
 * systemd's STATUS=) up to date with a value that may change at any rate,
 * writing at most once per interval.
 *
 * A new value is written at once if the last write was an interval or more
 * ago, else when the interval is over, as one write of whatever the value
 * is then. A value equal to the one written last is no change. A write that
 * fails is retried an interval later (at least LED_COALESCER_MIN_RETRY_USEC),
 * never forgotten; led_coalescer_flush() writes a pending value at once (at
 * exit). So the outside copy is never more than one interval behind.
 * The write callback does the logging; this module never logs.
 */
#ifndef LED_CUSE_COALESCER_H
#define LED_CUSE_COALESCER_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#define LED_COALESCER_MIN_RETRY_USEC 1000000ULL

struct led_coalescer;

/* Write value out; a negative errno keeps it pending for a retry. */
typedef int (*led_coalescer_write_t)(void *userdata, const char *value);

int led_coalescer_new(sd_event *event, uint64_t interval_usec, led_coalescer_write_t write, void *userdata,
		      struct led_coalescer **ret);
/* Drops a pending value: flush first to keep it. */
struct led_coalescer *led_coalescer_free(struct led_coalescer *c);

/* value is what the outside holds already (e.g. read at start): no write for it. */
int led_coalescer_assume_written(struct led_coalescer *c, const char *value);
/* The outside should hold value: write now or within the interval. -ENOMEM only. */
int led_coalescer_set(struct led_coalescer *c, const char *value);
/* Write a pending value now. 0 if none was pending, else the write's result. */
int led_coalescer_flush(struct led_coalescer *c);
/* A value waits to be written (coalescing, or retrying after a failure). */
bool led_coalescer_pending(const struct led_coalescer *c);

#endif
