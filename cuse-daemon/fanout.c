/* SPDX-License-Identifier: MIT */
/*
 * The fan-out: the open files (fanout-client.c) and the parked waits of a
 * device, and who of them hears of a change or a button event.
 */
#include <errno.h>
#include <stdlib.h>

#include "fanout-private.h"

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
