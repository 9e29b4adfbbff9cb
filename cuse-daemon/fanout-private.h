/* SPDX-License-Identifier: MIT */
/*
 * Inside the fan-out, for fanout.c (the fan-out and its parked waits) and
 * fanout-client.c (an open file): the lists that tie them together.
 */
#ifndef LED_CUSE_FANOUT_PRIVATE_H
#define LED_CUSE_FANOUT_PRIVATE_H

#include <sys/queue.h>

#include "fanout.h"

struct fanout_client {
	TAILQ_ENTRY(fanout_client) link;
	struct fanout *fanout;
	uint64_t seen_generation; /* 0: never read, so the first read returns the state */
	/* The "N\n" being delivered: short reads take it piece by piece. */
	uint64_t snap_generation;
	size_t snap_off;          /* bytes of snap delivered; 0: no delivery under way */
	char snap[2];
	bool writable;
	size_t n_waiters;
	void *poll_handle;
	uint32_t event_mask;
	/* Set by SET_EVENT_MASK: events that find no wait of this file are kept. */
	bool queue_events;
	bool answered;            /* during a delivery: one of its waits got the event */
	struct led_cuse_event queue[LED_CUSE_EVENT_QUEUE_LEN];
	unsigned int queue_head, queue_len;
};

struct fanout_waiter {
	TAILQ_ENTRY(fanout_waiter) link;
	struct fanout *fanout;
	struct fanout_client *client; /* NULL once the file is released */
	void *req;
	uint32_t event_mask;       /* its file's, when it was parked */
};

TAILQ_HEAD(client_list, fanout_client);
TAILQ_HEAD(waiter_list, fanout_waiter);

struct fanout {
	const struct fanout_ops *ops;
	struct client_list clients;
	struct waiter_list waiters;
	size_t n_clients, n_waiters;
};

/* Keep event for c's next wait (its queue is full: the oldest goes). */
void fanout_client_push_event(struct fanout_client *c, const struct led_cuse_event *event);

#endif
