/* SPDX-License-Identifier: MIT */
/*
 * What the daemon's code defines for its tests alone: declared here, not in
 * the daemon's headers, so no caller of those can come to depend on it.
 */
#ifndef LED_CUSE_TEST_INTERNALS_H
#define LED_CUSE_TEST_INTERNALS_H

#include <stdbool.h>
#include <stddef.h>

#include <led-cuse/led.h>

struct coalescer;
struct trigger_kind;
struct cuse_device;
struct fanout;

/* A write is due (coalescing, or retrying after a failure). */
bool coalescer_pending(const struct coalescer *c);
/* Open files and parked waits. */
size_t fanout_count_clients(const struct fanout *f);
size_t fanout_count_waiters(const struct fanout *f);
/* The fan-out of a CUSE device. */
struct fanout *cuse_device_get_fanout(struct cuse_device *cd);
/* Run kind for triggers of kind k (NULL: as if not built in). */
void trigger_set_kind(enum led_cuse_trigger_kind k, const struct trigger_kind *kind);

#endif
