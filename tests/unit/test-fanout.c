/* SPDX-License-Identifier: MIT */
#include "led-test.h"
#include "internals.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fanout.h"

/* Recording ops: poll handles and requests are small integers cast to pointers. */
static int notified[16], n_notified;
static int released[16], n_released;
static struct {
	int req, error;
	struct led_cuse_event ev;
} replies[LED_CUSE_MAX_WAITS + 16];
static int n_replies;

static void rec_notify(void *ph)
{
	notified[n_notified++] = (int)(intptr_t)ph;
}

static void rec_release(void *ph)
{
	released[n_released++] = (int)(intptr_t)ph;
}

static void rec_reply(void *req, int error, const struct led_cuse_event *ev)
{
	replies[n_replies].req = (int)(intptr_t)req;
	replies[n_replies].error = error;
	if (ev)
		replies[n_replies].ev = *ev;
	n_replies++;
}

static const struct fanout_ops ops = { rec_notify, rec_release, rec_reply };
static struct fanout *f;

static void setup(void)
{
	n_notified = n_released = n_replies = 0;
	ck_assert_int_eq(fanout_new(&ops, &f), 0);
}

static void teardown(void)
{
	f = fanout_free(f);
}

#define P(n) ((void *)(intptr_t)(n))

static struct fanout_client *new_client(void)
{
	struct fanout_client *c = NULL;

	ck_assert_int_eq(fanout_client_new(f, true, &c), 0);
	ck_assert_ptr_nonnull(c);
	return c;
}

static struct fanout_waiter *add_waiter(struct fanout_client *c, int req)
{
	struct fanout_waiter *w = NULL;

	ck_assert_int_eq(fanout_add_waiter(f, c, P(req), &w), 0);
	ck_assert_ptr_nonnull(w);
	return w;
}

/* Deliver what a read of size bytes gets, as cuse_read does. */
static size_t rd(struct fanout_client *c, uint64_t gen, bool on, size_t size, char *buf)
{
	const char *data = NULL;
	size_t n = fanout_client_read(c, gen, on, size, &data);

	ck_assert_uint_le(n, size);
	if (n)
		memcpy(buf, data, n);
	buf[n] = '\0';
	fanout_client_consume(c, n);
	return n;
}

LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_client_unread_tracking)
{
	struct fanout_client *c = new_client();
	char buf[8];

	/* A fresh open has the current state to read. */
	ck_assert(fanout_client_has_unread(c, 1));
	ck_assert_uint_eq(rd(c, 1, true, 64, buf), 2);
	ck_assert_str_eq(buf, "1\n");
	ck_assert(!fanout_client_has_unread(c, 1));
	ck_assert_uint_eq(rd(c, 1, true, 64, buf), 0);
	ck_assert(fanout_client_has_unread(c, 2));
	ck_assert_uint_eq(rd(c, 2, false, 64, buf), 2);
	ck_assert_str_eq(buf, "0\n");
	ck_assert(!fanout_client_has_unread(c, 2));
	ck_assert_uint_eq(fanout_count_clients(f), 1);
	fanout_client_free(c);
	ck_assert_uint_eq(fanout_count_clients(f), 0);
}

LED_TEST_CASE(test_poll_handles_woken_once)
{
	struct fanout_client *a = new_client(), *b = new_client(), *c = new_client();

	fanout_client_set_poll_handle(a, P(1));
	fanout_client_set_poll_handle(b, P(2));
	fanout_wake_pollers(f);
	ck_assert_int_eq(n_notified, 2);
	ck_assert_int_eq(notified[0], 1);
	ck_assert_int_eq(notified[1], 2);
	/* Handles are one-shot: a second change wakes nobody until they poll again. */
	fanout_wake_pollers(f);
	ck_assert_int_eq(n_notified, 2);
	ck_assert_int_eq(n_released, 0);
	fanout_client_free(a);
	fanout_client_free(b);
	fanout_client_free(c);
}

LED_TEST_CASE(test_poll_handle_replaced_and_freed)
{
	struct fanout_client *a = new_client();

	fanout_client_set_poll_handle(a, P(1));
	fanout_client_set_poll_handle(a, P(2));
	ck_assert_int_eq(n_released, 1);
	ck_assert_int_eq(released[0], 1);
	/* Closing the file releases what it held, without a wake-up. */
	fanout_client_free(a);
	ck_assert_int_eq(n_released, 2);
	ck_assert_int_eq(released[1], 2);
	ck_assert_int_eq(n_notified, 0);
}

LED_TEST_CASE(test_waiters_completed_in_order)
{
	struct led_cuse_event ev = { .seq = 7, .timestamp_ns = 123, .state = 1 };
	struct fanout_client *c = new_client();

	add_waiter(c, 10);
	add_waiter(c, 11);
	ck_assert_uint_eq(fanout_count_waiters(f), 2);
	fanout_complete_waiters(f, 0, &ev);
	ck_assert_int_eq(n_replies, 2);
	ck_assert_int_eq(replies[0].req, 10);
	ck_assert_int_eq(replies[1].req, 11);
	ck_assert_int_eq(replies[0].error, 0);
	ck_assert_uint_eq(replies[1].ev.seq, 7);
	ck_assert_uint_eq(replies[1].ev.timestamp_ns, 123);
	ck_assert_uint_eq(fanout_count_waiters(f), 0);
	/* Nobody left: the next event answers nothing. */
	fanout_complete_waiters(f, 0, &ev);
	ck_assert_int_eq(n_replies, 2);
}

LED_TEST_CASE(test_waiter_cancel)
{
	struct fanout_client *c = new_client();
	struct fanout_waiter *w1 = add_waiter(c, 1);
	struct led_cuse_event ev = { .seq = 1 };

	add_waiter(c, 2);
	fanout_waiter_cancel(w1, EINTR);
	ck_assert_int_eq(n_replies, 1);
	ck_assert_int_eq(replies[0].req, 1);
	ck_assert_int_eq(replies[0].error, EINTR);
	fanout_complete_waiters(f, 0, &ev);
	ck_assert_int_eq(n_replies, 2);
	ck_assert_int_eq(replies[1].req, 2);
	ck_assert_int_eq(replies[1].error, 0);
}

LED_TEST_CASE(test_errors_and_free)
{
	struct fanout_client *c = new_client();

	add_waiter(c, 1);
	fanout_complete_waiters(f, -ENODEV, NULL);
	ck_assert_int_eq(replies[0].error, ENODEV);
	add_waiter(c, 2);
	fanout_client_set_poll_handle(c, P(9));
	/* Shutting down answers the parked waits and releases handles. */
	f = fanout_free(f);
	ck_assert_int_eq(n_replies, 2);
	ck_assert_int_eq(replies[1].req, 2);
	ck_assert_int_eq(replies[1].error, ENODEV);
	ck_assert_int_eq(n_released, 1);
	ck_assert_int_eq(released[0], 9);
}

/* dd bs=1, head -c1, a shell's read: "N\n" arrives whole, then EOF. */
LED_TEST_CASE(test_short_reads)
{
	struct fanout_client *c = new_client();
	char buf[8];

	ck_assert_uint_eq(rd(c, 1, true, 1, buf), 1);
	ck_assert_str_eq(buf, "1");
	ck_assert(fanout_client_has_unread(c, 1)); /* poll() still says POLLIN */
	ck_assert_uint_eq(rd(c, 1, true, 1, buf), 1);
	ck_assert_str_eq(buf, "\n");
	ck_assert(!fanout_client_has_unread(c, 1));
	ck_assert_uint_eq(rd(c, 1, true, 1, buf), 0);

	/* The snapshot holds: a blink phase (same generation) does not tear it. */
	ck_assert_uint_eq(rd(c, 2, false, 1, buf), 1);
	ck_assert_str_eq(buf, "0");
	ck_assert_uint_eq(rd(c, 2, true, 1, buf), 1);
	ck_assert_str_eq(buf, "\n");

	/* A change in the middle starts a fresh snapshot of the new state. */
	ck_assert_uint_eq(rd(c, 3, true, 1, buf), 1);
	ck_assert_str_eq(buf, "1");
	ck_assert_uint_eq(rd(c, 4, false, 8, buf), 2);
	ck_assert_str_eq(buf, "0\n");
	ck_assert_uint_eq(rd(c, 4, false, 8, buf), 0);

	/* A reply the kernel did not take is offered again. */
	{
		const char *data;

		ck_assert_uint_eq(fanout_client_read(c, 5, true, 8, &data), 2);
		ck_assert_uint_eq(fanout_client_read(c, 5, true, 8, &data), 2);
		ck_assert(memcmp(data, "1\n", 2) == 0);
	}
	fanout_client_free(c);
}

LED_TEST_CASE(test_wait_caps)
{
	struct fanout_client *a = new_client(), *b = new_client();
	struct fanout_client *many[LED_CUSE_MAX_WAITS / LED_CUSE_MAX_WAITS_PER_FILE];
	struct fanout_waiter *w;
	int req = 1;

	for (int i = 0; i < LED_CUSE_MAX_WAITS_PER_FILE; i++)
		add_waiter(a, req++);
	/* One file cannot park more... */
	ck_assert_int_eq(fanout_add_waiter(f, a, P(999), &w), -EBUSY);
	/* ... but another one can, up to the total. */
	add_waiter(b, req++);
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		many[i] = new_client();
		for (int j = 0; j < LED_CUSE_MAX_WAITS_PER_FILE; j++) {
			int r = fanout_add_waiter(f, many[i], P(req), &w);

			if (fanout_count_waiters(f) == LED_CUSE_MAX_WAITS && r < 0)
				break;
			ck_assert_int_eq(r, 0);
			req++;
		}
	}
	ck_assert_uint_eq(fanout_count_waiters(f), LED_CUSE_MAX_WAITS);
	ck_assert_int_eq(fanout_add_waiter(f, b, P(999), &w), -EBUSY);
	ck_assert_int_eq(n_replies, 0); /* refusing is the caller's reply, not ours */
	/* An event answers them all; then there is room again. */
	fanout_complete_waiters(f, -ENODEV, NULL);
	ck_assert_int_eq(n_replies, LED_CUSE_MAX_WAITS);
	add_waiter(a, req++);
	fanout_waiter_cancel(w = add_waiter(a, req++), EINTR);
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		fanout_client_free(many[i]);
	fanout_client_free(a);
	fanout_client_free(b);
}

LED_TEST_CASE(test_open_cap)
{
	static struct fanout_client *c[LED_CUSE_MAX_OPEN_FILES];
	struct fanout_client *extra = NULL;

	for (int i = 0; i < LED_CUSE_MAX_OPEN_FILES; i++)
		c[i] = new_client();
	ck_assert_int_eq(fanout_client_new(f, false, &extra), -ENFILE);
	ck_assert_ptr_null(extra);
	fanout_client_free(c[0]);
	c[0] = new_client();
	for (int i = 0; i < LED_CUSE_MAX_OPEN_FILES; i++)
		fanout_client_free(c[i]);
	ck_assert_uint_eq(fanout_count_clients(f), 0);
}

LED_TEST_CASE(test_access_mode)
{
	struct fanout_client *ro = NULL, *rw = NULL;

	ck_assert_int_eq(fanout_client_new(f, false, &ro), 0);
	ck_assert_int_eq(fanout_client_new(f, true, &rw), 0);
	ck_assert(!fanout_client_writable(ro));
	ck_assert(fanout_client_writable(rw));
	fanout_client_free(ro);
	fanout_client_free(rw);
}

/* A wait that outlives its file is answered normally (no use after free). */
LED_TEST_CASE(test_waiter_outlives_client)
{
	struct fanout_client *c = new_client();
	struct led_cuse_event ev = { .seq = 3 };

	add_waiter(c, 5);
	fanout_client_free(c);
	fanout_complete_waiters(f, 0, &ev);
	ck_assert_int_eq(n_replies, 1);
	ck_assert_int_eq(replies[0].req, 5);
}

LED_TEST_CASE(test_event_masks_and_seq)
{
	struct fanout_client *old = new_client(), *all = new_client(), *holds = new_client();
	/* So far: 3 presses, 2 releases, 1 hold (this one), 0 doubles. */
	const uint64_t counts[LED_CUSE_EVENT_KINDS] = { 3, 2, 1, 0 };
	struct led_cuse_event hold = { .seq = 1, .timestamp_ns = 9, .kind = LED_CUSE_EVENT_HOLD };
	struct led_cuse_event ev;

	/* old keeps the default mask (presses): its wait is not answered by the hold below. */
	fanout_client_set_event_mask(all, LED_CUSE_EVENT_MASK_ALL);
	fanout_client_set_event_mask(holds, LED_CUSE_EVENT_MASK_HOLD | LED_CUSE_EVENT_MASK_DOUBLE);
	add_waiter(old, 1);
	add_waiter(all, 2);
	add_waiter(holds, 3);

	fanout_deliver_event(f, &hold, counts);
	ck_assert_int_eq(n_replies, 2);
	ck_assert_int_eq(replies[0].req, 2);
	ck_assert_uint_eq(replies[0].ev.seq, 6);
	ck_assert_int_eq(replies[1].req, 3);
	ck_assert_uint_eq(replies[1].ev.seq, 1);
	ck_assert_uint_eq(replies[1].ev.kind, LED_CUSE_EVENT_HOLD);
	ck_assert_uint_eq(replies[1].ev.timestamp_ns, 9);
	ck_assert_uint_eq(fanout_count_waiters(f), 1);
	/* Answered files keep nothing; the old-style one never does. */
	ck_assert(!fanout_client_pop_event(all, &ev));
	ck_assert(!fanout_client_pop_event(old, &ev));
	fanout_client_free(old);
	fanout_client_free(all);
	fanout_client_free(holds);
}

LED_TEST_CASE(test_events_kept_between_waits)
{
	struct fanout_client *c = new_client(), *old = new_client();
	uint64_t counts[LED_CUSE_EVENT_KINDS] = {0};
	struct led_cuse_event press = { .kind = LED_CUSE_EVENT_PRESS }, ev;

	fanout_client_set_event_mask(c, LED_CUSE_EVENT_MASK_PRESS);
	for (uint64_t i = 1; i <= LED_CUSE_EVENT_QUEUE_LEN + 2; i++) {
		counts[LED_CUSE_EVENT_PRESS] = i;
		press.timestamp_ns = i;
		fanout_deliver_event(f, &press, counts);
	}
	ck_assert_int_eq(n_replies, 0);
	/* Full: the two oldest went, the reader sees seq jump from 0 to 3. */
	for (uint64_t i = 3; i <= LED_CUSE_EVENT_QUEUE_LEN + 2; i++) {
		ck_assert(fanout_client_pop_event(c, &ev));
		ck_assert_uint_eq(ev.seq, i);
		ck_assert_uint_eq(ev.timestamp_ns, i);
	}
	ck_assert(!fanout_client_pop_event(c, &ev));
	ck_assert(!fanout_client_pop_event(old, &ev));
	/* A new mask forgets what was kept. */
	fanout_deliver_event(f, &press, counts);
	fanout_client_set_event_mask(c, LED_CUSE_EVENT_MASK_ALL);
	ck_assert(!fanout_client_pop_event(c, &ev));
	/* A wait that outlives its file does not keep events for it. */
	add_waiter(c, 4);
	fanout_client_free(c);
	fanout_deliver_event(f, &press, counts);
	ck_assert_int_eq(n_replies, 1);
	ck_assert_int_eq(replies[0].req, 4);
	ck_assert_uint_eq(replies[0].ev.seq, LED_CUSE_EVENT_QUEUE_LEN + 2);
	fanout_client_free(old);
}
