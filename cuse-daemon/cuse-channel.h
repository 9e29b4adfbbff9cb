/* SPDX-License-Identifier: MIT */
/*
 * The CUSE channel in the event loop: an io source on the session fd that
 * reads requests and hands them to libfuse, several per wake-up when clients
 * have queued them.
 */
#ifndef LED_CUSE_CUSE_CHANNEL_H
#define LED_CUSE_CUSE_CHANNEL_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include <fuse_lowlevel.h> /* FUSE_USE_VERSION comes from the build */

/* At most this many requests per wake-up, so presses and timers are not starved. */
#define CUSE_CHANNEL_BATCH 16
/* After a probe that found the queue empty, probe again only every this many
 * wake-ups; each further empty probe doubles that, up to the maximum. */
#define CUSE_CHANNEL_PROBE_INTERVAL 8
#define CUSE_CHANNEL_PROBE_INTERVAL_MAX 64

/*
 * Whether to read once more in this wake-up. Reading until the kernel says
 * EAGAIN costs one system call per wake-up; with one client the queue is
 * empty after each request, so that read would always be wasted. Hence:
 * drain while requests turn up; after a probe that found nothing, try again
 * only every CUSE_CHANNEL_PROBE_INTERVAL-th wake-up, backing off to every
 * CUSE_CHANNEL_PROBE_INTERVAL_MAX-th while the probes keep finding nothing.
 * A lone client then pays 1/64 of a read per request, and queued clients
 * are noticed within 64 wake-ups (each of them still serves a request).
 */
struct cuse_drain {
	unsigned int skip;     /* wake-ups left before the next probe */
	unsigned int interval; /* between probes; 0 before any empty probe */
};

/* n requests were read so far in this wake-up: read another one? */
bool cuse_drain_more(const struct cuse_drain *d, unsigned int n);
/* The wake-up ended with n requests read; empty: the last read found none. */
void cuse_drain_done(struct cuse_drain *d, unsigned int n, bool empty);

/* Why the channel ended. */
enum cuse_channel_end {
	CUSE_CHANNEL_EXITED,    /* libfuse ended the session (the kernel's DESTROY) */
	CUSE_CHANNEL_CLOSED,    /* the kernel closed the channel (or refused the device) */
	CUSE_CHANNEL_FAILED,    /* reading it failed */
};

struct cuse_channel_ops {
	/*
	 * The channel ended, for reason end; error is the read's (-errno) with
	 * CUSE_CHANNEL_FAILED, else 0. Returns what the io handler returns
	 * (e.g. sd_event_exit()).
	 */
	int (*ended)(void *userdata, enum cuse_channel_end end, int error);
	/* Before the loop sleeps: once per iteration, after a batch of requests,
	 * presses or timer ticks (an sd-event prepare callback: no wake-up, no
	 * extra loop iteration as a post source would cost). May be NULL. */
	void (*before_sleep)(void *userdata);
};

struct cuse_channel;

/* Watch se's fd in event; the fd is made non-blocking for draining. */
int cuse_channel_new(sd_event *event, struct fuse_session *se, const struct cuse_channel_ops *ops,
		     void *userdata, struct cuse_channel **ret);
/* Stop watching and free; NULL is fine. Returns NULL. */
struct cuse_channel *cuse_channel_free(struct cuse_channel *ch);

#endif
