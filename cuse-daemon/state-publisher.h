/* SPDX-License-Identifier: MIT */
/*
 * The state publisher: keeps the outside up to date with the LED, each
 * through a coalescer (at most one write per interval): systemd's STATUS=
 * (once a second), and the state file (every state-save-interval, when one
 * is configured). It looks before the loop sleeps, once per batch of
 * events (state_publisher_sync()), and publishes when the device's
 * generation or mode moved; a mode's steps are no change.
 */
#ifndef LED_CUSE_STATE_PUBLISHER_H
#define LED_CUSE_STATE_PUBLISHER_H

#include <systemd/sd-event.h>

#include "led-device.h"
#include "macro.h"
#include "time-util.h"

/* STATUS= is throttled like the state file: at most one update per second. */
#define STATE_PUBLISHER_STATUS_INTERVAL_USEC USEC_PER_SEC

struct state_publisher;

/*
 * Publish dev's state: STATUS= always, the state file at state_file (NULL:
 * none) at most every save_interval_usec. saved: the line the state file
 * holds already (read at start), so no write for it; NULL if unknown.
 */
int state_publisher_new(sd_event *event, struct led_device *dev, const char *state_file, usec_t save_interval_usec,
			const char *saved, struct state_publisher **ret);
/* Drops what is due: flush first to keep it. */
struct state_publisher *state_publisher_free(struct state_publisher *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct state_publisher *, state_publisher_free)

/* Before the loop sleeps: publish what moved since the last look. */
void state_publisher_sync(struct state_publisher *p);
/* At exit: save what the interval had not saved yet. */
void state_publisher_flush(struct state_publisher *p);

/* The STATUS= text for dev into buf (size bytes): as snprintf. */
int state_publisher_format_status(struct led_device *dev, char *buf, size_t size);

#endif
