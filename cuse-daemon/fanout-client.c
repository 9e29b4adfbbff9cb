/* SPDX-License-Identifier: MIT */
/*
 * An open file of the device, in its fan-out (fanout.h): what it has read,
 * whether it may write, its poll handle and its event mask and queue.
 */
#include <errno.h>
#include <stdlib.h>

#include "fanout-private.h"

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

void fanout_client_push_event(struct fanout_client *c, const struct led_cuse_event *event)
{
	if (c->queue_len == LED_CUSE_EVENT_QUEUE_LEN) {
		/* Full: the oldest goes (the reader sees a gap in seq). */
		c->queue_head = (c->queue_head + 1) % LED_CUSE_EVENT_QUEUE_LEN;
		c->queue_len--;
	}
	c->queue[(c->queue_head + c->queue_len) % LED_CUSE_EVENT_QUEUE_LEN] = *event;
	c->queue_len++;
}
