/* SPDX-License-Identifier: MIT */
/*
 * Event fan-out: who must hear about a change.
 *
 * Each open file is a client that remembers the last generation it read
 * (so read() can return EOF, and poll() POLLIN only for unread changes),
 * how far it got into the "N\n" it is reading (short reads), whether it was
 * opened for writing, its event mask (which button event kinds its
 * WAIT_EVENTs return) and holds at most one poll handle. Blocked WAIT_EVENT
 * requests are waiters, each with the mask of its file when it was parked,
 * completed in arrival order. Open files and waiters are capped
 * (LED_CUSE_MAX_* in led.h): each costs the daemon memory. Requests and poll handles are opaque here;
 * the ops turn them into FUSE replies (or test records).
 */
#ifndef LED_CUSE_FANOUT_H
#define LED_CUSE_FANOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <led-cuse/led.h>

struct fanout;
struct fanout_client;
struct fanout_waiter;

struct fanout_ops {
	/* Wake the poller behind ph and release ph. */
	void (*poll_notify)(void *ph);
	/* Release ph without waking anybody. */
	void (*poll_release)(void *ph);
	/* Answer a parked request: event on error == 0, else the (positive) errno. */
	void (*wait_reply)(void *req, int error, const struct led_cuse_event *event);
};

int fanout_new(const struct fanout_ops *ops, struct fanout **ret);
/* Fails the waiters left with ENODEV, releases the clients' poll handles. */
struct fanout *fanout_free(struct fanout *f);

/* A new open file; -ENFILE with LED_CUSE_MAX_OPEN_FILES open already. */
int fanout_client_new(struct fanout *f, bool writable, struct fanout_client **ret);
struct fanout_client *fanout_client_free(struct fanout_client *c);
/* Opened with write access (O_WRONLY or O_RDWR): may change the LED. */
bool fanout_client_writable(const struct fanout_client *c);
/* Has not read the state of this generation to the end. */
bool fanout_client_has_unread(const struct fanout_client *c, uint64_t generation);
/*
 * What a read() of size bytes returns now, given the current generation
 * and state: points *data at up to size bytes of "N\n" and returns their
 * count, 0 for end of file. A read that continues a snapshot gets its rest;
 * a change since the snapshot began starts a fresh one. Call
 * fanout_client_consume() once the bytes were delivered.
 */
size_t fanout_client_read(struct fanout_client *c, uint64_t generation, bool on, size_t size, const char **data);
void fanout_client_consume(struct fanout_client *c, size_t n);
/* Keep ph for the next change, releasing the one held before. */
void fanout_client_set_poll_handle(struct fanout_client *c, void *ph);
/*
 * LED_CUSE_EVENT_MASK_* bits; a new client has LED_CUSE_EVENT_MASK_DEFAULT
 * and keeps nothing between two waits, as in 1.0. Setting a mask (which
 * forgets the events kept so far) makes it keep the events of its mask that
 * none of its waits took, up to LED_CUSE_EVENT_QUEUE_LEN, dropping the oldest.
 */
void fanout_client_set_event_mask(struct fanout_client *c, uint32_t mask);
/* Take the oldest kept event: false if there is none (then park the wait). */
bool fanout_client_pop_event(struct fanout_client *c, struct led_cuse_event *event);

/*
 * Park req, a WAIT_EVENT of file c, for the kinds in c's event mask now.
 * -EBUSY when c has LED_CUSE_MAX_WAITS_PER_FILE
 * parked already or all files together LED_CUSE_MAX_WAITS.
 */
int fanout_add_waiter(struct fanout *f, struct fanout_client *c, void *req, struct fanout_waiter **ret);
/* Answer one waiter with -error (e.g. EINTR on a FUSE interrupt) and free it. */
void fanout_waiter_cancel(struct fanout_waiter *w, int error);

/* A change happened: wake and forget every held poll handle. */
void fanout_wake_pollers(struct fanout *f);
/*
 * Answer every waiter parked so far with -error; with error 0, every waiter
 * whose mask has event's kind, with event as it is.
 */
void fanout_complete_waiters(struct fanout *f, int error, const struct led_cuse_event *event);
/*
 * A button event: answer every waiter whose mask has its kind, each with
 * seq = the events of the kinds in its mask so far (counts, indexed by
 * kind, LED_CUSE_EVENT_KINDS entries), so a file that keeps its mask sees
 * consecutive numbers; files that set a mask and had no wait answered keep
 * it for their next wait.
 */
void fanout_deliver_event(struct fanout *f, const struct led_cuse_event *event, const uint64_t *counts);


#endif
