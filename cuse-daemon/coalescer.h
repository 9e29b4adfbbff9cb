/* SPDX-License-Identifier: MIT */
/*
 * Coalescing writer: keeps something outside the daemon (the state file,
 * systemd's STATUS=) up to date with a value that may change at any rate,
 * writing at most once per interval.
 *
 * The owner says that the value may have changed (coalescer_touch());
 * the value itself is formatted only when a write is due: at once if the
 * last write was an interval or more ago, else when the interval is over,
 * as one write of whatever the value is then. So a burst of changes costs
 * one formatting per interval, not one per change. A value equal to the one
 * written last is no change. A write that fails is retried an interval
 * later (at least COALESCER_MIN_RETRY_USEC), never forgotten;
 * coalescer_flush() writes a due value at once (at exit). So the
 * outside copy is never more than one interval behind.
 * The ops do the logging; this module never logs.
 */
#ifndef LED_CUSE_COALESCER_H
#define LED_CUSE_COALESCER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "time-util.h"

#define COALESCER_MIN_RETRY_USEC 1000000ULL
/* The longest value, with its terminating NUL. */
#define COALESCER_VALUE_MAX 512

struct coalescer;

struct coalescer_ops {
	/* The value the outside should hold now, into buf (size bytes, NUL-terminated):
	 * its length, or 0 to keep what the outside holds. */
	int (*format)(void *userdata, char *buf, size_t size);
	/* Write value out; a negative errno keeps the write due, for a retry. */
	int (*write)(void *userdata, const char *value);
};

int coalescer_new(sd_event *event, usec_t interval_usec, const struct coalescer_ops *ops, void *userdata,
		  struct coalescer **ret);
/* Drops a due write: flush first to keep it. */
struct coalescer *coalescer_free(struct coalescer *c);

/* value is what the outside holds already (e.g. read at start): no write for it. */
int coalescer_assume_written(struct coalescer *c, const char *value);
/* The value may have changed: formatted and written now or within the interval. */
void coalescer_touch(struct coalescer *c);
/* Format and write a due value now. 0 if none was due or it was no change,
 * else the write's result. */
int coalescer_flush(struct coalescer *c);

#endif
