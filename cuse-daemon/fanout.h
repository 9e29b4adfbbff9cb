/* SPDX-License-Identifier: MIT */
/*
 * Event fan-out: who must hear about a change.
 *
 * Each open file is a led_client that remembers the last generation it read
 * (so read() can return EOF, and poll() POLLIN only for unread changes) and
 * holds at most one poll handle and its event mask (which button event kinds
 * its WAIT_EVENTs return). Blocked WAIT_EVENT requests are waiters, each
 * with the mask of its file when it was parked, completed in arrival order. Requests and poll handles are opaque here;
 * the ops turn them into FUSE replies (or test records).
 */
#ifndef LED_CUSE_FANOUT_H
#define LED_CUSE_FANOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <led-cuse/led.h>

struct led_fanout;
struct led_client;
struct led_waiter;

struct led_fanout_ops {
	/* Wake the poller behind ph and release ph. */
	void (*poll_notify)(void *ph);
	/* Release ph without waking anybody. */
	void (*poll_release)(void *ph);
	/* Answer a parked request: event on error == 0, else the (positive) errno. */
	void (*wait_reply)(void *req, int error, const struct led_cuse_event *event);
};

int led_fanout_new(const struct led_fanout_ops *ops, struct led_fanout **ret);
/* Fails the waiters left with ENODEV, releases the clients' poll handles. */
struct led_fanout *led_fanout_free(struct led_fanout *f);

struct led_client *led_client_new(struct led_fanout *f);
void led_client_free(struct led_client *c);
bool led_client_has_unread(const struct led_client *c, uint64_t generation);
void led_client_mark_read(struct led_client *c, uint64_t generation);
/* Keep ph for the next change, releasing the one held before. */
void led_client_set_poll_handle(struct led_client *c, void *ph);
/*
 * LED_CUSE_EVENT_MASK_* bits; a new client has LED_CUSE_EVENT_MASK_DEFAULT
 * and keeps nothing between two waits, as in 1.0. Setting a mask (which
 * forgets the events kept so far) makes it keep the events of its mask that
 * none of its waits took, up to LED_CUSE_EVENT_QUEUE_LEN, dropping the oldest.
 */
void led_client_set_event_mask(struct led_client *c, uint32_t mask);
uint32_t led_client_get_event_mask(const struct led_client *c);
/* Take the oldest kept event: false if there is none (then park the wait). */
bool led_client_pop_event(struct led_client *c, struct led_cuse_event *event);

struct led_waiter *led_fanout_add_waiter(struct led_fanout *f, void *req);
/* Answer one waiter with -error (e.g. EINTR on a FUSE interrupt) and free it. */
void led_waiter_cancel(struct led_waiter *w, int error);
/* w is a wait of file c: it takes c's mask now (default: presses) and answers for c. */
void led_waiter_set_client(struct led_waiter *w, struct led_client *c);

/* A change happened: wake and forget every held poll handle. */
void led_fanout_wake_pollers(struct led_fanout *f);
/*
 * Answer every waiter parked so far with -error; with error 0, every waiter
 * whose mask has event's kind, with event as it is.
 */
void led_fanout_complete_waiters(struct led_fanout *f, int error, const struct led_cuse_event *event);
/*
 * A button event: answer every waiter whose mask has its kind, each with
 * seq = the events of the kinds in its mask so far (counts, indexed by
 * kind, LED_CUSE_EVENT_KINDS entries), so a file that keeps its mask sees
 * consecutive numbers; files that set a mask and had no wait answered keep
 * it for their next wait.
 */
void led_fanout_deliver_event(struct led_fanout *f, const struct led_cuse_event *event, const uint64_t *counts);

size_t led_fanout_count_clients(const struct led_fanout *f);
size_t led_fanout_count_waiters(const struct led_fanout *f);

#endif
