/* SPDX-License-Identifier: MIT */
/*
 * The CUSE channel's draining, on a real libfuse session whose "device" is a
 * SOCK_SEQPACKET socket (fuse_session_custom_io): one message per request,
 * like /dev/cuse. Loop iterations are driven one at a time and counted.
 */
#include "led-test.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cuse-channel.h"

static int peer = -1; /* the kernel's end */
static struct fuse_session *se;
static sd_event *ev;
static struct cuse_channel *ch;
static int handled, hooks, ended = -100;
static uint64_t unique = 1;

static void on_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs st = {0};

	handled++;
	fuse_reply_statfs(req, &st);
}

static const struct fuse_lowlevel_ops ll_ops = { .statfs = on_statfs };

static ssize_t io_read(int fd, void *buf, size_t len, void *userdata)
{
	return read(fd, buf, len);
}

static ssize_t io_writev(int fd, struct iovec *iov, int count, void *userdata)
{
	return writev(fd, iov, count);
}

static const struct fuse_custom_io io = { .writev = io_writev, .read = io_read };

static int rec_ended(void *userdata, enum cuse_channel_end end, int error)
{
	ended = (int)end;
	return sd_event_exit(ev, 0);
}

static void rec_before_sleep(void *userdata)
{
	hooks++;
}

static const struct cuse_channel_ops ch_ops = { .ended = rec_ended, .before_sleep = rec_before_sleep };

static void send_request(uint32_t opcode, const void *arg, size_t len)
{
	char msg[256];
	struct fuse_in_header h = {
		.len = (uint32_t)(sizeof(h) + len), .opcode = opcode, .unique = unique++, .nodeid = 1,
	};

	memcpy(msg, &h, sizeof(h));
	if (len)
		memcpy(msg + sizeof(h), arg, len);
	ck_assert_int_eq(write(peer, msg, h.len), (ssize_t)h.len);
}

static void send_statfs(int n)
{
	for (int i = 0; i < n; i++)
		send_request(FUSE_STATFS, NULL, 0);
}

/* Replies the channel sent back, read without blocking. */
static int drain_replies(void)
{
	char buf[4096];
	int n = 0;

	while (recv(peer, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	return n;
}

static void setup(void)
{
	char *argv[] = { "test-cuse-channel", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	struct fuse_init_in init = { .major = FUSE_KERNEL_VERSION, .minor = 31, .max_readahead = 65536 };
	int sv[2];

	/* Without fork (valgrind) the counters outlive the previous test. */
	handled = hooks = 0;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	peer = sv[1];
	se = fuse_session_new(&args, &ll_ops, sizeof(ll_ops), NULL);
	fuse_opt_free_args(&args); /* fuse_session_new may have copied argv */
	ck_assert_ptr_nonnull(se);
	ck_assert_int_eq(fuse_session_custom_io(se, &io, sv[0]), 0);
	ck_assert_int_ge(sd_event_new(&ev), 0);
	ck_assert_int_eq(cuse_channel_new(ev, se, &ch_ops, NULL, &ch), 0);

	/* INIT and a request queued together: the channel starts out draining. */
	send_request(FUSE_INIT, &init, sizeof(init));
	send_statfs(1);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(drain_replies(), 2);
	handled = hooks = 0;
	ended = -100;
}

static void teardown(void)
{
	ch = cuse_channel_free(ch);
	fuse_session_destroy(se); /* closes sv[0] */
	ev = sd_event_unref(ev);
	close(peer);
}

LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_queue_drained_in_bounded_batches)
{
	/* 40 queued requests: served CUSE_CHANNEL_BATCH per wake-up, not one. */
	send_statfs(40);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, CUSE_CHANNEL_BATCH);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 2 * CUSE_CHANNEL_BATCH);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 40);
	ck_assert_int_eq(drain_replies(), 40);
	/* Nothing left: the next iteration finds no event and does not block. */
	ck_assert_int_eq(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 40);
	ck_assert_int_eq(ended, -100);
}

LED_TEST_CASE(test_hook_once_per_batch)
{
	send_statfs(10);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 10);
	/* The hook runs before the loop would sleep again, once for all 10. */
	ck_assert_int_eq(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(hooks, 2);
}

LED_TEST_CASE(test_single_requests_probe_rarely)
{
	/* One request per wake-up (a lone client): the first wake-up probes for
	 * a second one and finds the queue empty; the next ones do not probe
	 * until CUSE_CHANNEL_PROBE_INTERVAL wake-ups have passed. Observable:
	 * a request queued behind the first is served in the same wake-up only
	 * on a probing one. */
	send_statfs(1);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, 1);
	send_statfs(CUSE_CHANNEL_PROBE_INTERVAL + 1);
	for (int i = 1; i < CUSE_CHANNEL_PROBE_INTERVAL; i++) {
		ck_assert_int_gt(sd_event_run(ev, 0), 0);
		ck_assert_int_eq(handled, 1 + i); /* one per wake-up, the rest wait */
	}
	/* This wake-up probes, finds the last two and drains from now on. */
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, CUSE_CHANNEL_PROBE_INTERVAL + 2);
	send_statfs(3);
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	ck_assert_int_eq(handled, CUSE_CHANNEL_PROBE_INTERVAL + 5);
}

LED_TEST_CASE(test_drain_policy)
{
	struct cuse_drain d = {0};

	ck_assert(cuse_drain_more(&d, 1));
	ck_assert(cuse_drain_more(&d, CUSE_CHANNEL_BATCH - 1));
	ck_assert(!cuse_drain_more(&d, CUSE_CHANNEL_BATCH));
	cuse_drain_done(&d, 1, true);
	ck_assert(!cuse_drain_more(&d, 1));
	ck_assert(cuse_drain_more(&d, 2)); /* a queue seen: always keep going */
	for (int i = 1; i < CUSE_CHANNEL_PROBE_INTERVAL - 1; i++) {
		cuse_drain_done(&d, 1, false);
		ck_assert(!cuse_drain_more(&d, 1));
	}
	cuse_drain_done(&d, 1, false);
	ck_assert(cuse_drain_more(&d, 1));
	/* Every probe that finds nothing doubles the wait, up to the maximum. */
	const unsigned int waits[] = { 2 * CUSE_CHANNEL_PROBE_INTERVAL, 4 * CUSE_CHANNEL_PROBE_INTERVAL,
				       CUSE_CHANNEL_PROBE_INTERVAL_MAX, CUSE_CHANNEL_PROBE_INTERVAL_MAX };
	for (size_t w = 0; w < sizeof(waits) / sizeof(waits[0]); w++) {
		cuse_drain_done(&d, 1, true);
		for (unsigned int i = 1; i < waits[w]; i++) {
			ck_assert(!cuse_drain_more(&d, 1));
			cuse_drain_done(&d, 1, false);
		}
		ck_assert(cuse_drain_more(&d, 1));
	}
	/* A queue seen resets the back-off: the next probe comes early again. */
	cuse_drain_done(&d, 3, true);
	ck_assert(cuse_drain_more(&d, 1));
	cuse_drain_done(&d, 1, true);
	for (int i = 1; i < CUSE_CHANNEL_PROBE_INTERVAL; i++) {
		ck_assert(!cuse_drain_more(&d, 1));
		cuse_drain_done(&d, 1, false);
	}
	ck_assert(cuse_drain_more(&d, 1));
	cuse_drain_done(&d, 3, true);
	cuse_drain_done(&d, 0, true); /* a spurious wake-up changes nothing */
	ck_assert(cuse_drain_more(&d, 1));
}

LED_TEST_CASE(test_closed_channel_ends)
{
	close(peer);
	peer = -1;
	ck_assert_int_gt(sd_event_run(ev, 0), 0);
	/* Read as end of file or as an error: not an exit of the session. */
	ck_assert(ended == CUSE_CHANNEL_CLOSED || ended == CUSE_CHANNEL_FAILED);
	peer = open("/dev/null", O_RDONLY | O_CLOEXEC);
}
