/* SPDX-License-Identifier: MIT */
#include "fanout.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/queue.h>

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

int fanout_new(const struct fanout_ops *ops, struct fanout **ret)
{
	struct fanout *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->ops = ops;
	TAILQ_INIT(&f->clients);
	TAILQ_INIT(&f->waiters);
	*ret = f;
	return 0;
}

struct fanout *fanout_free(struct fanout *f)
{
	struct fanout_client *c;

	if (!f)
		return NULL;
	fanout_complete_waiters(f, -ENODEV, NULL);
	while ((c = TAILQ_FIRST(&f->clients)))
		fanout_client_free(c);
	free(f);
	return NULL;
}

int fanout_client_new(struct fanout *f, bool writable, struct fanout_client **ret)
{
	struct fanout_client *c;

	if (f->n_clients >= LED_CUSE_MAX_OPEN_FILES)
		return -ENFILE;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fanout = f;
	c->event_mask = LED_CUSE_EVENT_MASK_DEFAULT;
	c->writable = writable;
	TAILQ_INSERT_TAIL(&f->clients, c, link);
	f->n_clients++;
	*ret = c;
	return 0;
}

struct fanout_client *fanout_client_free(struct fanout_client *c)
{
	struct fanout_waiter *w;

	if (!c)
		return NULL;
	/* The kernel releases a file only after its ioctls returned; should a
	 * wait still be parked, it outlives the file and is answered as usual. */
	TAILQ_FOREACH(w, &c->fanout->waiters, link)
		if (w->client == c)
			w->client = NULL;
	fanout_client_set_poll_handle(c, NULL);
	TAILQ_REMOVE(&c->fanout->clients, c, link);
	c->fanout->n_clients--;
	free(c);
	return NULL;
}

bool fanout_client_has_unread(const struct fanout_client *c, uint64_t generation)
{
	return c->seen_generation != generation;
}

bool fanout_client_writable(const struct fanout_client *c)
{
	return c->writable;
}

size_t fanout_client_read(struct fanout_client *c, uint64_t generation, bool on, size_t size, const char **data)
{
	size_t n;

	/* No delivery under way, or a change since it began: a fresh snapshot. */
	if (c->snap_off == 0 || c->snap_generation != generation) {
		if (c->snap_off == 0 && c->seen_generation == generation)
			return 0; /* read already: end of file */
		c->snap[0] = on ? '1' : '0';
		c->snap[1] = '\n';
		c->snap_generation = generation;
		c->snap_off = 0;
	}
	n = sizeof(c->snap) - c->snap_off;
	if (size < n)
		n = size;
	*data = c->snap + c->snap_off;
	return n;
}

void fanout_client_consume(struct fanout_client *c, size_t n)
{
	c->snap_off += n;
	if (c->snap_off >= sizeof(c->snap)) {
		c->seen_generation = c->snap_generation;
		c->snap_off = 0;
	}
}

void fanout_client_set_poll_handle(struct fanout_client *c, void *ph)
{
	if (c->poll_handle && c->poll_handle != ph)
		c->fanout->ops->poll_release(c->poll_handle);
	c->poll_handle = ph;
}

int fanout_add_waiter(struct fanout *f, struct fanout_client *c, void *req, struct fanout_waiter **ret)
{
	struct fanout_waiter *w;

	if (f->n_waiters >= LED_CUSE_MAX_WAITS || c->n_waiters >= LED_CUSE_MAX_WAITS_PER_FILE)
		return -EBUSY;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->fanout = f;
	w->client = c;
	w->req = req;
	w->event_mask = c->event_mask;
	TAILQ_INSERT_TAIL(&f->waiters, w, link);
	f->n_waiters++;
	c->n_waiters++;
	*ret = w;
	return 0;
}

static void waiter_finish(struct fanout_waiter *w, int error, const struct led_cuse_event *event)
{
	struct fanout *f = w->fanout;

	TAILQ_REMOVE(&f->waiters, w, link);
	f->n_waiters--;
	if (w->client)
		w->client->n_waiters--;
	f->ops->wait_reply(w->req, error < 0 ? -error : error, event);
	free(w);
}

void fanout_waiter_cancel(struct fanout_waiter *w, int error)
{
	waiter_finish(w, error, NULL);
}

void fanout_client_set_event_mask(struct fanout_client *c, uint32_t mask)
{
	c->event_mask = mask;
	c->queue_events = true;
	c->queue_len = 0; /* what was kept belonged to the old mask */
}

bool fanout_client_pop_event(struct fanout_client *c, struct led_cuse_event *event)
{
	if (!c->queue_len)
		return false;
	*event = c->queue[c->queue_head];
	c->queue_head = (c->queue_head + 1) % LED_CUSE_EVENT_QUEUE_LEN;
	c->queue_len--;
	return true;
}

static void fanout_client_push_event(struct fanout_client *c, const struct led_cuse_event *event)
{
	if (c->queue_len == LED_CUSE_EVENT_QUEUE_LEN) {
		/* Full: the oldest goes (the reader sees a gap in seq). */
		c->queue_head = (c->queue_head + 1) % LED_CUSE_EVENT_QUEUE_LEN;
		c->queue_len--;
	}
	c->queue[(c->queue_head + c->queue_len) % LED_CUSE_EVENT_QUEUE_LEN] = *event;
	c->queue_len++;
}

void fanout_wake_pollers(struct fanout *f)
{
	struct fanout_client *c;

	TAILQ_FOREACH(c, &f->clients, link) {
		if (c->poll_handle) {
			f->ops->poll_notify(c->poll_handle);
			c->poll_handle = NULL;
		}
	}
}

void fanout_complete_waiters(struct fanout *f, int error, const struct led_cuse_event *event)
{
	struct fanout_waiter *w;

	if (!error) {
		fanout_deliver_event(f, event, NULL);
		return;
	}
	/* Replies go straight to the kernel and never park new waiters, so
	 * draining the list cannot pick up requests that came after the event. */
	while ((w = TAILQ_FIRST(&f->waiters)))
		waiter_finish(w, error, NULL);
}

static uint64_t seq_for_mask(const uint64_t *counts, uint32_t mask)
{
	uint64_t seq = 0;

	for (unsigned int k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		if (mask & LED_CUSE_EVENT_MASK_OF(k))
			seq += counts[k];
	return seq;
}

void fanout_deliver_event(struct fanout *f, const struct led_cuse_event *event, const uint64_t *counts)
{
	uint32_t bit = LED_CUSE_EVENT_MASK_OF(event->kind & LED_CUSE_EVENT_KIND_MASK);
	struct led_cuse_event ev = *event;
	struct fanout_waiter *w, *next;
	struct fanout_client *c;

	TAILQ_FOREACH(c, &f->clients, link)
		c->answered = false;
	/* As above, nothing parks while we reply; the list only shrinks. */
	for (w = TAILQ_FIRST(&f->waiters); w; w = next) {
		next = TAILQ_NEXT(w, link);
		if (!(w->event_mask & bit))
			continue;
		if (counts)
			ev.seq = seq_for_mask(counts, w->event_mask);
		if (w->client)
			w->client->answered = true;
		waiter_finish(w, 0, &ev);
	}
	TAILQ_FOREACH(c, &f->clients, link) {
		if (!c->queue_events || c->answered || !(c->event_mask & bit))
			continue;
		if (counts)
			ev.seq = seq_for_mask(counts, c->event_mask);
		fanout_client_push_event(c, &ev);
	}
}

/* For the tests (tests/fakes/internals.h). */
size_t fanout_count_clients(const struct fanout *f);
size_t fanout_count_waiters(const struct fanout *f);

size_t fanout_count_clients(const struct fanout *f)
{
	return f->n_clients;
}

size_t fanout_count_waiters(const struct fanout *f)
{
	return f->n_waiters;
}
