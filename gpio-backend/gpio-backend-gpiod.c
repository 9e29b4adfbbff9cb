/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_backend_gpiod: gpio-backend on libgpiod v2. It owns the
 * requests of the LED's and the button's lines (gpio-line-requests.c) and
 * implements the gpio_backend ops on them: LED value, button edges, and the
 * loss and return of each line's chip.
 *
 * Edges are physical at this interface (gpio_button_event.rising); the
 * kernel reports them logical, so they are swapped back for an active-low
 * button.
 *
 * Hot-unplug: once a chip is gone the kernel fails line ioctls and reads
 * with ENODEV and the request fd polls POLLHUP | POLLERR (but Linux 6.1
 * wakes no poller: gpio_backend_check() reads every request to find out).
 * The backend then reports -ENODEV for the lines of that chip only (the LED
 * goes on working while the button's own chip is gone) and keeps their dead
 * requests (so the event fd the caller holds stays valid) until
 * gpio_backend_reconnect() finds those lines again; it releases them just
 * before requesting anew.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "gpio-backend-config.h"
#include "gpio-backend-gpiod.h"
#include "gpio-backend-private.h"
#include "gpio-line-chips.h"
#include "gpio-line-requests.h"
#include "gpio-line-search.h"
#include "libgpiod-cleanup.h"

#define EVENT_BUFFER_CAPACITY 64

struct gpio_backend_gpiod {
	struct gpio_backend base;
	struct gpio_backend_config config; /* own copy, for reconnect */
	struct gpio_line_search led_replug, button_replug; /* see gpio_line_search_for_replug() */
	struct gpiod_edge_event_buffer *events;
	struct gpio_line_requests lines;
	/* What the last successful request found: kept while a chip is away,
	 * and when a request fails, for GET_INFO and the logs. */
	struct gpio_backend_info info;
	unsigned int gone;              /* GPIO_LINE_* whose chip went away */
};

static struct gpio_backend_gpiod *to_gpiod(struct gpio_backend *b)
{
	return (struct gpio_backend_gpiod *)b;
}

/* -ENODEV once the chip of this request was unplugged (see top of file). */
static int request_check(struct gpiod_line_request *req, unsigned int offset)
{
	if (gpiod_line_request_get_value(req, offset) == GPIOD_LINE_VALUE_ERROR)
		return -errno;
	return 0;
}

/* r is what a call on req returned: -ENODEV says the chip of its lines is gone. */
static int gone(struct gpio_backend_gpiod *b, const struct gpiod_line_request *req, int r)
{
	if (r == -ENODEV)
		b->gone |= gpio_line_requests_lines_of(&b->lines, req);
	return r;
}

/* Probe every request whose lines are believed held, not only the LED's:
 * the button may be on another chip. -ENODEV if any line is gone. */
static int probe(struct gpio_backend_gpiod *b)
{
	struct gpio_line_requests *l = &b->lines;
	int r = 0, k;

	if (!(b->gone & GPIO_LINE_LED))
		r = gone(b, l->led_req, request_check(l->led_req, l->led_offset));
	if (l->button_req && l->button_req != l->led_req && !(b->gone & GPIO_LINE_BUTTON)) {
		k = gone(b, l->button_req, request_check(l->button_req, l->button_offset));
		if (r >= 0)
			r = k;
	}
	return b->gone ? -ENODEV : r;
}

static int backend_set_led(struct gpio_backend *base, bool on)
{
	struct gpio_backend_gpiod *b = to_gpiod(base);

	if (b->gone & GPIO_LINE_LED)
		return -ENODEV;
	if (gpiod_line_request_set_value(b->lines.led_req, b->lines.led_offset,
					 on ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0)
		return gone(b, b->lines.led_req, -errno);
	return 0;
}

static int backend_get_led(struct gpio_backend *base, bool *on)
{
	struct gpio_backend_gpiod *b = to_gpiod(base);
	enum gpiod_line_value v;

	if (b->gone & GPIO_LINE_LED)
		return -ENODEV;
	v = gpiod_line_request_get_value(b->lines.led_req, b->lines.led_offset);
	if (v == GPIOD_LINE_VALUE_ERROR)
		return gone(b, b->lines.led_req, -errno);
	*on = v == GPIOD_LINE_VALUE_ACTIVE;
	return 0;
}

static int backend_get_event_fd(struct gpio_backend *base)
{
	struct gpio_backend_gpiod *b = to_gpiod(base);

	return b->lines.button_req ? gpiod_line_request_get_fd(b->lines.button_req) : -1;
}

static int backend_read_events(struct gpio_backend *base, struct gpio_button_event *events, size_t max)
{
	struct gpio_backend_gpiod *b = to_gpiod(base);
	struct gpiod_line_request *req = b->lines.button_req;
	size_t n = 0;

	if (b->gone & GPIO_LINE_BUTTON)
		return -ENODEV;
	if (!req)
		return 0;

	while (n < max) {
		size_t want = max - n;
		int k;

		if (want > EVENT_BUFFER_CAPACITY)
			want = EVENT_BUFFER_CAPACITY;
		/* One read per press: the fd is non-blocking (see gpio_line_requests_request()). */
		k = gpiod_line_request_read_edge_events(req, b->events, want);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno == EAGAIN)
			break;
		if (k < 0)
			return gone(b, req, -errno);

		for (int i = 0; i < k; i++) {
			struct gpiod_edge_event *ev = gpiod_edge_event_buffer_get_event(b->events, (unsigned long)i);
			bool logical_rising;

			/* A shared request also holds the LED, which has no edge detection. */
			if (gpiod_edge_event_get_line_offset(ev) != b->lines.button_offset)
				continue;
			logical_rising = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE;
			events[n++] = (struct gpio_button_event){
				.timestamp_ns = gpiod_edge_event_get_timestamp_ns(ev),
				.rising = logical_rising != b->config.button_active_low,
			};
		}
		/* The kernel returns fewer than asked only when its queue is empty:
		 * no second read needed (one system call per press). */
		if ((size_t)k < want)
			break;
	}

	return (int)(n > INT_MAX ? INT_MAX : n);
}

static int backend_check(struct gpio_backend *base)
{
	return probe(to_gpiod(base));
}

static unsigned int backend_gone(struct gpio_backend *base)
{
	return to_gpiod(base)->gone;
}

/* Keep the first error (and its why): *r unless it is one already. */
static void first_error(int *r, int k)
{
	if (*r >= 0 && k < 0)
		*r = k;
}

/*
 * The lines of chips were found again: release their old requests (a line
 * on a chip that stayed is still held by its old request, and requesting it
 * again would fail with EBUSY), request them anew and take them.
 */
static int reconnect_found(struct gpio_backend_gpiod *b, const struct gpio_line_chips *chips, bool led_value,
			   char *why, size_t whylen)
{
	unsigned int lines = (chips->led_chip ? GPIO_LINE_LED : 0) | (chips->button_chip ? GPIO_LINE_BUTTON : 0);
	struct gpio_line_requests l;
	int r;

	gpio_line_requests_release(&b->lines, lines);
	r = gpio_line_requests_request(&b->config, chips, led_value, &l, &b->info, why, whylen);
	if (r < 0)
		return r; /* nothing held for them now: the next attempt starts afresh */
	if (chips->led_chip) {
		b->lines.led_req = l.led_req;
		b->lines.led_offset = l.led_offset;
	}
	if (chips->button_chip) {
		b->lines.button_req = l.button_req;
		b->lines.button_offset = l.button_offset;
	}
	b->gone &= ~lines;
	return 0;
}

/*
 * The lines believed held are probed first: if none is gone there is
 * nothing to reconnect. Each gone line is looked up with its own chip, and
 * one that is found is requested again even while the other is missing;
 * both found on one chip share a request again. A lookup changes nothing,
 * so an attempt while a chip is still missing leaves its line as it was.
 */
static int backend_reconnect(struct gpio_backend *base, bool led_value, char *why, size_t whylen)
{
	struct gpio_backend_gpiod *b = to_gpiod(base);
	_cleanup_(gpio_line_chips_done) struct gpio_line_chips f = {};
	int r;

	r = probe(b);
	if (!b->gone)
		return r < 0 ? r : backend_set_led(base, led_value);

	r = 0;
	if (b->gone & GPIO_LINE_LED)
		first_error(&r, gpio_line_search_find(&b->led_replug, "LED", &f.led_chip, &f.led_offset, why,
						      whylen));
	if (b->gone & GPIO_LINE_BUTTON)
		first_error(&r, gpio_line_search_find(&b->button_replug, "button", &f.button_chip,
						      &f.button_offset, r < 0 ? NULL : why, whylen));
	if (f.led_chip && f.button_chip) {
		int k = gpio_line_chips_pair(&f, why, whylen);

		if (k < 0)
			return k;
	}
	if (f.shared) {
		first_error(&r, reconnect_found(b, &f, led_value, r < 0 ? NULL : why, whylen));
		return r;
	}
	if (f.led_chip)
		first_error(&r, reconnect_found(b, &(struct gpio_line_chips){ .led_chip = f.led_chip,
									      .led_offset = f.led_offset },
						led_value, r < 0 ? NULL : why, whylen));
	if (f.button_chip)
		first_error(&r, reconnect_found(b, &(struct gpio_line_chips){ .button_chip = f.button_chip,
									      .button_offset = f.button_offset },
						led_value, r < 0 ? NULL : why, whylen));
	return r;
}

static void backend_get_info(struct gpio_backend *base, struct gpio_backend_info *info)
{
	*info = to_gpiod(base)->info;
}

static struct gpio_backend_gpiod *gpio_backend_gpiod_free(struct gpio_backend_gpiod *b)
{
	if (!b)
		return NULL;

	gpio_line_requests_done(&b->lines);
	if (b->events)
		gpiod_edge_event_buffer_free(b->events);
	gpio_line_search_done(&b->led_replug);
	gpio_line_search_done(&b->button_replug);
	gpio_backend_config_done(&b->config);
	free(b);
	return NULL;
}

DEFINE_TRIVIAL_CLEANUP_FUNC(struct gpio_backend_gpiod *, gpio_backend_gpiod_free)

static void backend_free(struct gpio_backend *base)
{
	gpio_backend_gpiod_free(to_gpiod(base));
}

static const struct gpio_backend_ops gpio_backend_gpiod_ops = {
	.set_led = backend_set_led,
	.get_led = backend_get_led,
	.get_event_fd = backend_get_event_fd,
	.read_events = backend_read_events,
	.check = backend_check,
	.gone = backend_gone,
	.reconnect = backend_reconnect,
	.get_info = backend_get_info,
	.free = backend_free,
};

int gpio_backend_new_gpiod(const struct gpio_backend_config *config, struct gpio_backend **ret,
			   char *why, size_t whylen)
{
	_cleanup_(gpio_backend_gpiod_freep) struct gpio_backend_gpiod *b = NULL;
	_cleanup_(gpio_line_chips_done) struct gpio_line_chips f = {};
	int r;

	assert(config);
	assert(ret);

	if (why && whylen)
		*why = '\0';

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->base.ops = &gpio_backend_gpiod_ops;

	r = gpio_backend_config_copy(&b->config, config);
	if (r < 0)
		return r;

	if (b->config.has_button) {
		b->events = gpiod_edge_event_buffer_new(EVENT_BUFFER_CAPACITY);
		if (!b->events)
			return -ENOMEM;
	}

	r = gpio_line_chips_find(&(struct gpio_line_search){ .spec = b->config.led },
				 b->config.has_button ? &(struct gpio_line_search){ .spec = b->config.button } : NULL,
				 &f, why, whylen);
	if (r < 0)
		return r;
	r = gpio_line_search_for_replug(&b->config.led, f.led_chip, &b->led_replug);
	if (r >= 0 && b->config.has_button)
		r = gpio_line_search_for_replug(&b->config.button, f.button_chip, &b->button_replug);
	if (r < 0)
		return r;
	r = gpio_line_requests_request(&b->config, &f, b->config.led_initial, &b->lines, &b->info, why, whylen);
	if (r < 0)
		return r;

	*ret = &TAKE_PTR(b)->base;
	return 0;
}
