/* SPDX-License-Identifier: MIT */
/*
 * The netdev trigger: crafted rtnetlink datagrams through a socketpair (the
 * test answers the requests as the kernel would), on a real sd-event loop;
 * and once on a real NETLINK_ROUTE socket.
 */
#include "led-test.h"

/* glibc's first, then the kernel's, for IFF_LOWER_UP. */
#include <net/if.h>
#include <linux/if.h>

#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trigger-netdev.h"

#define NAME "dummy0"
#define IFINDEX 2
#define UP (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

static sd_event *event;
static struct trigger_netdev *n;
static int fds[2] = { -1, -1 };         /* [0]: the trigger's "netlink" socket, [1]: the kernel's */
static uint64_t tx_packets, rx_packets; /* NAME's counters, as the "kernel" reports them */
static int n_shows, n_flashes;
static bool last_on;

static void rec_show(void *userdata, bool on, const struct led_mode *mode)
{
	ck_assert_ptr_null(mode);
	n_shows++;
	last_on = on;
}

static void rec_flash(void *userdata, unsigned int ms)
{
	ck_assert_uint_eq(ms, TRIGGER_NETDEV_FLASH_MS);
	n_flashes++;
}

static const struct trigger_sink_ops rec_ops = { .show = rec_show, .flash = rec_flash };

static void setup(void)
{
	n_shows = n_flashes = 0;
	last_on = false;
	tx_packets = 10;
	rx_packets = 20;
	ck_assert_int_eq(sd_event_new(&event), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
}

static void teardown(void)
{
	n = trigger_netdev_free(n);
	if (fds[0] >= 0)
		close(fds[0]);
	close(fds[1]);
	fds[0] = fds[1] = -1;
	event = sd_event_unref(event);
}

LED_TEST_FIXTURE(setup, teardown)

/* Dispatch what is pending now, without waiting. */
static void drain(void)
{
	for (int i = 0; sd_event_run(event, 0) > 0; i++)
		ck_assert_int_lt(i, 100);
}

/* Run the loop for ms: how many times it woke up for something. */
static int wakeups_within(unsigned int ms)
{
	uint64_t end = 0, now;
	int wakeups = 0, r;

	ck_assert_int_eq(sd_event_now(event, CLOCK_MONOTONIC, &now), 0);
	end = now + ms * 1000ULL;
	for (;;) {
		ck_assert_int_ge(sd_event_now(event, CLOCK_MONOTONIC, &now), 0);
		if (now >= end)
			return wakeups;
		r = sd_event_run(event, end - now);
		ck_assert_int_ge(r, 0);
		if (r == 0)
			return wakeups;
		wakeups++;
	}
}

/* The trigger's RTM_GETLINK request for the name: asserts it asks for NAME, returns its sequence number. */
static uint32_t read_request(void)
{
	union {
		struct nlmsghdr hdr;
		uint8_t bytes[512];
	} buf;
	const struct ifinfomsg *ifi;
	const struct rtattr *rta;
	ssize_t k = recv(fds[1], &buf, sizeof(buf), 0);

	ck_assert_int_ge(k, (ssize_t)NLMSG_LENGTH(sizeof(*ifi)) + RTA_LENGTH(sizeof(NAME)));
	ck_assert_uint_eq(buf.hdr.nlmsg_len, (size_t)k);
	ck_assert_uint_eq(buf.hdr.nlmsg_type, RTM_GETLINK);
	ck_assert_uint_eq(buf.hdr.nlmsg_flags, NLM_F_REQUEST);
	ck_assert_uint_ne(buf.hdr.nlmsg_seq, 0);
	ifi = NLMSG_DATA(&buf.hdr);
	ck_assert_int_eq(ifi->ifi_index, 0);
	rta = IFLA_RTA(ifi);
	ck_assert_uint_eq(rta->rta_type, IFLA_IFNAME);
	ck_assert_uint_eq(rta->rta_len, RTA_LENGTH(sizeof(NAME)));
	ck_assert_str_eq(RTA_DATA(rta), NAME);
	return buf.hdr.nlmsg_seq;
}

/* The trigger's RTM_GETLINK request of a sample: asserts it asks for IFINDEX, returns its sequence number. */
static uint32_t read_sample_request(void)
{
	union {
		struct nlmsghdr hdr;
		uint8_t bytes[512];
	} buf;
	const struct ifinfomsg *ifi = NLMSG_DATA(&buf.hdr);
	ssize_t k = recv(fds[1], &buf, sizeof(buf), 0);

	/* By index alone: no name attribute. */
	ck_assert_int_eq(k, (ssize_t)NLMSG_LENGTH(sizeof(*ifi)));
	ck_assert_uint_eq(buf.hdr.nlmsg_len, (size_t)k);
	ck_assert_uint_eq(buf.hdr.nlmsg_type, RTM_GETLINK);
	ck_assert_uint_eq(buf.hdr.nlmsg_flags, NLM_F_REQUEST);
	ck_assert_uint_ne(buf.hdr.nlmsg_seq, 0);
	ck_assert_uint_eq(ifi->ifi_family, AF_UNSPEC);
	ck_assert_int_eq(ifi->ifi_index, IFINDEX);
	return buf.hdr.nlmsg_seq;
}

/*
 * A link message as the kernel's: the name (its attribute NUL-padded to
 * IFNAMSIZ, so that the statistics are at a fixed place), then IFLA_STATS64
 * (unaligned bytes, as in a datagram). hdr.nlmsg_len is its size: cut short
 * at stats_rta, it has no statistics.
 */
struct link_msg {
	struct nlmsghdr hdr;
	struct ifinfomsg ifi;
	struct rtattr rta;
	char name[IFNAMSIZ];
	struct rtattr stats_rta;
	uint8_t stats[sizeof(struct rtnl_link_stats64)];
};

/* A link message about name, with the counters tx_packets and rx_packets. */
static struct link_msg link_msg(uint16_t type, uint32_t seq, int ifindex, unsigned int flags, const char *name)
{
	struct rtnl_link_stats64 stats = { .tx_packets = tx_packets, .rx_packets = rx_packets };
	struct link_msg m = {};
	size_t len = strlen(name) + 1;

	ck_assert_uint_le(len, sizeof(m.name));
	m.hdr.nlmsg_type = type;
	m.hdr.nlmsg_seq = seq;
	m.ifi.ifi_family = AF_UNSPEC;
	m.ifi.ifi_index = ifindex;
	m.ifi.ifi_flags = flags;
	m.rta.rta_type = IFLA_IFNAME;
	m.rta.rta_len = RTA_LENGTH(sizeof(m.name));
	memcpy(m.name, name, len);
	m.stats_rta.rta_type = IFLA_STATS64;
	m.stats_rta.rta_len = RTA_LENGTH(sizeof(stats));
	memcpy(m.stats, &stats, sizeof(stats));
	m.hdr.nlmsg_len = sizeof(m);
	return m;
}

static void send_bytes(const void *p, size_t size)
{
	ck_assert_int_eq(send(fds[1], p, size, 0), (ssize_t)size);
	drain();
}

static void send_link(uint16_t type, uint32_t seq, int ifindex, unsigned int flags, const char *name)
{
	struct link_msg m = link_msg(type, seq, ifindex, flags, name);

	send_bytes(&m, m.hdr.nlmsg_len);
}

static void send_error(uint32_t seq, int error)
{
	struct {
		struct nlmsghdr hdr;
		struct nlmsgerr err;
	} m = {};

	m.hdr.nlmsg_len = sizeof(m);
	m.hdr.nlmsg_type = NLMSG_ERROR;
	m.hdr.nlmsg_seq = seq;
	m.err.error = error;
	send_bytes(&m, sizeof(m));
}

/* Wait for the next sample (the only thing the loop has to do while sampling): its request's sequence number. */
static uint32_t sample_request(void)
{
	ck_assert_int_eq(sd_event_run(event, 2 * 1000000ULL), 1);
	return read_sample_request();
}

/* A sample: answered with the counters. */
static void sample(void)
{
	send_link(RTM_NEWLINK, sample_request(), IFINDEX, UP, NAME);
}

static void start(bool link, bool tx, bool rx)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_NETDEV, .name = NAME, .link = link, .tx = tx, .rx = rx };

	ck_assert_int_eq(trigger_netdev_new_on(event, &spec, fds[0], &rec_ops, NULL, &n), 0);
	fds[0] = -1;
}

/* Started on an interface that is up: shown on at the answer, whose counters are the base. */
static void start_up(bool link, bool tx, bool rx)
{
	start(link, tx, rx);
	send_link(RTM_NEWLINK, read_request(), IFINDEX, UP, NAME);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(last_on == link);
}

/* Nothing is shown before the answer; absent, the first state is off. */
LED_TEST_CASE(test_absent_at_start)
{
	start(true, true, false);
	drain();
	ck_assert_int_eq(n_shows, 0);
	send_error(read_request(), -ENODEV);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(!last_on);
	/* Waiting for it costs nothing. */
	ck_assert_int_eq(wakeups_within(250), 0);
	/* Created: followed. */
	send_link(RTM_NEWLINK, 0, 7, UP, NAME);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(last_on);
}

/* link: on with carrier, off without; repeats show nothing. */
LED_TEST_CASE(test_link_up_down)
{
	start_up(true, false, false);
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	ck_assert_int_eq(n_shows, 1);
	/* Up without carrier (IFF_LOWER_UP) is off, as netif_carrier_ok(). */
	send_link(RTM_NEWLINK, 0, 2, IFF_UP, NAME);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
	send_link(RTM_NEWLINK, 0, 2, 0, NAME);
	ck_assert_int_eq(n_shows, 2);
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	ck_assert_int_eq(n_shows, 3);
	ck_assert(last_on);
	send_link(RTM_DELLINK, 0, 2, 0, NAME);
	ck_assert_int_eq(n_shows, 4);
	ck_assert(!last_on);
	send_link(RTM_DELLINK, 0, 2, 0, NAME);
	ck_assert_int_eq(n_shows, 4);
}

/* Without link the LED's level is off, shown once, whatever the link does. */
LED_TEST_CASE(test_without_link_is_off)
{
	start_up(false, false, false);
	send_link(RTM_NEWLINK, 0, 2, 0, NAME);
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	send_link(RTM_DELLINK, 0, 2, UP, NAME);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(!last_on);
}

/* Other interfaces, a bridge's port messages and stale answers change nothing. */
LED_TEST_CASE(test_others_ignored)
{
	struct link_msg m;

	start_up(true, false, false);
	send_link(RTM_NEWLINK, 0, 3, 0, "eth1");
	send_link(RTM_DELLINK, 0, 3, 0, "eth1");
	send_link(RTM_NEWLINK, 0, 3, 0, "dummy00");
	send_link(RTM_NEWLINK, 0, 3, 0, "dummy");
	m = link_msg(RTM_DELLINK, 0, 2, 0, NAME);
	m.ifi.ifi_family = AF_BRIDGE;
	send_bytes(&m, m.hdr.nlmsg_len);
	send_error(1, -ENODEV);
	send_link(RTM_NEWLINK, 0, 0, 0, NAME);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(last_on);
}

/* Renamed away: off; an interface renamed to the name, or created with it: followed. */
LED_TEST_CASE(test_renamed)
{
	start_up(true, false, false);
	send_link(RTM_NEWLINK, 0, 2, UP, "wan0");
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
	/* The old one's messages are no longer about it. */
	send_link(RTM_NEWLINK, 0, 2, 0, "wan0");
	ck_assert_int_eq(n_shows, 2);
	send_link(RTM_NEWLINK, 0, 5, UP, NAME);
	ck_assert_int_eq(n_shows, 3);
	ck_assert(last_on);
	send_link(RTM_DELLINK, 0, 2, 0, "wan0");
	ck_assert_int_eq(n_shows, 3);
	send_link(RTM_DELLINK, 0, 5, 0, NAME);
	ck_assert_int_eq(n_shows, 4);
	ck_assert(!last_on);
}

/* Several messages in a datagram are each handled. */
LED_TEST_CASE(test_several_in_a_datagram)
{
	uint8_t buf[2 * sizeof(struct link_msg)];
	struct link_msg a, b;

	start_up(true, false, false);
	a = link_msg(RTM_NEWLINK, 0, 2, 0, NAME);
	b = link_msg(RTM_NEWLINK, 0, 2, UP, NAME);
	memcpy(buf, &a, a.hdr.nlmsg_len);
	memcpy(buf + NLMSG_ALIGN(a.hdr.nlmsg_len), &b, b.hdr.nlmsg_len);
	send_bytes(buf, NLMSG_ALIGN(a.hdr.nlmsg_len) + b.hdr.nlmsg_len);
	ck_assert_int_eq(n_shows, 3);
	ck_assert(last_on);
}

/* Packets in the directions asked for flash the LED; others do not. */
LED_TEST_CASE(test_counters_flash)
{
	start_up(true, true, false);
	/* Sent since the carrier came (the base), before the first sample. */
	tx_packets = 11;
	sample();
	ck_assert_int_eq(n_flashes, 1);
	/* Sampled, but nothing moved. */
	sample();
	ck_assert_int_eq(n_flashes, 1);
	/* Received packets are not asked for. */
	rx_packets = 25;
	sample();
	ck_assert_int_eq(n_flashes, 1);
	tx_packets = 12;
	sample();
	ck_assert_int_eq(n_flashes, 2);
	/* Counters wrap or restart: a change all the same. */
	tx_packets = 0;
	sample();
	ck_assert_int_eq(n_flashes, 3);
	/* A flash is activity: no state change. */
	ck_assert_int_eq(n_shows, 1);
}

/* rx alone; the counters at carrier are the base, not news. */
LED_TEST_CASE(test_rx_base_at_carrier)
{
	start_up(false, false, true);
	send_link(RTM_NEWLINK, 0, 2, 0, NAME);
	rx_packets = 99;
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	sample();
	ck_assert_int_eq(n_flashes, 0);
	rx_packets = 100;
	sample();
	ck_assert_int_eq(n_flashes, 1);
}

/* No sampling without carrier, while absent, or without tx/rx: no wake-ups. */
LED_TEST_CASE(test_sampling_only_with_carrier)
{
	start_up(true, true, true);
	sample();
	send_link(RTM_NEWLINK, 0, 2, IFF_UP, NAME);
	tx_packets = 1000;
	ck_assert_int_eq(wakeups_within(300), 0);
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	sample();
	send_link(RTM_DELLINK, 0, 2, 0, NAME);
	ck_assert_int_eq(wakeups_within(300), 0);
	ck_assert_int_eq(n_flashes, 0);
}

LED_TEST_CASE(test_no_sampling_without_tx_rx)
{
	start_up(true, false, false);
	ck_assert_int_eq(wakeups_within(300), 0);
}

/* An answer without statistics counts for nothing: the last counters seen stay the base. */
LED_TEST_CASE(test_answer_without_stats)
{
	struct link_msg m;

	start_up(true, true, false);
	tx_packets = 11;
	m = link_msg(RTM_NEWLINK, sample_request(), IFINDEX, UP, NAME);
	m.hdr.nlmsg_len = offsetof(struct link_msg, stats_rta);
	send_bytes(&m, m.hdr.nlmsg_len);
	ck_assert_int_eq(n_flashes, 0);
	/* Sampled on: the next answer has them, against the base's. */
	sample();
	ck_assert_int_eq(n_flashes, 1);
	ck_assert_int_eq(n_shows, 1);
}

/* An error answering a sample (the interface gone): off, no sampling, until it is back. */
LED_TEST_CASE(test_sample_error_is_off)
{
	uint32_t seq;

	start_up(true, true, false);
	send_error(sample_request(), -ENODEV);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
	ck_assert_int_eq(wakeups_within(300), 0);
	send_link(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	ck_assert_int_eq(n_shows, 3);
	ck_assert(last_on);
	/* An error answering a sample from before the carrier went and came back is not about now. */
	seq = sample_request();
	send_link(RTM_NEWLINK, 0, IFINDEX, IFF_UP, NAME);
	send_link(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	send_error(seq, -ENODEV);
	ck_assert_int_eq(n_shows, 5);
	ck_assert(last_on);
	tx_packets = 11;
	sample();
	ck_assert_int_eq(n_flashes, 1);
}

/* The counters an event carries (the kernel's RTM_NEWLINK all do) flash too, while sampling. */
LED_TEST_CASE(test_event_stats_flash)
{
	start_up(true, true, false);
	tx_packets = 11;
	send_link(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	ck_assert_int_eq(n_flashes, 1);
	sample();
	ck_assert_int_eq(n_flashes, 1);
	/* Without carrier, nothing is news. */
	send_link(RTM_NEWLINK, 0, IFINDEX, IFF_UP, NAME);
	tx_packets = 12;
	send_link(RTM_NEWLINK, 0, IFINDEX, IFF_UP, NAME);
	ck_assert_int_eq(n_flashes, 1);
}

/* Without IFLA_STATS64, IFLA_STATS counts; with both (as the kernel sends them), IFLA_STATS64. */
LED_TEST_CASE(test_stats32_fallback)
{
	struct {
		struct link_msg m;
		struct rtattr rta;
		uint8_t stats[sizeof(struct rtnl_link_stats)];
	} both;
	struct rtnl_link_stats s32 = { .tx_packets = 99 };

	start_up(true, true, false);
	both.m = link_msg(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	both.rta.rta_type = IFLA_STATS;
	both.rta.rta_len = RTA_LENGTH(sizeof(s32));
	memcpy(both.stats, &s32, sizeof(s32));
	both.m.hdr.nlmsg_len = sizeof(both);
	send_bytes(&both, sizeof(both));
	ck_assert_int_eq(n_flashes, 0);
	both.m.stats_rta.rta_type = IFLA_STATS;
	both.m.stats_rta.rta_len = RTA_LENGTH(sizeof(s32));
	memcpy(both.m.stats, &s32, sizeof(s32));
	both.m.hdr.nlmsg_len = offsetof(struct link_msg, stats) + RTA_ALIGN(sizeof(s32));
	send_bytes(&both, both.m.hdr.nlmsg_len);
	ck_assert_int_eq(n_flashes, 1);
}

/*
 * A statistics attribute too short for the counters, or longer than the
 * message, is none (the message is still about the link); an older kernel's
 * struct, shorter than these headers', counts.
 */
LED_TEST_CASE(test_short_stats_ignored)
{
	struct link_msg m;
	size_t counters_end = offsetof(struct rtnl_link_stats64, tx_packets) + sizeof(uint64_t);
	size_t old_size = offsetof(struct rtnl_link_stats64, rx_nohandler) + sizeof(uint64_t);

	start_up(true, true, false);
	tx_packets = 11;
	m = link_msg(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	m.stats_rta.rta_len = RTA_LENGTH(counters_end - 1);
	m.hdr.nlmsg_len = offsetof(struct link_msg, stats) + RTA_ALIGN(counters_end - 1);
	send_bytes(&m, m.hdr.nlmsg_len);
	m.stats_rta.rta_len = RTA_LENGTH(sizeof(m.stats));
	send_bytes(&m, m.hdr.nlmsg_len);
	ck_assert_int_eq(n_flashes, 0);
	/* The link part counted: carrier lost. */
	m.ifi.ifi_flags = IFF_UP;
	send_bytes(&m, m.hdr.nlmsg_len);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
	send_link(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	/* Kernels before 5.19: without rx_otherhost_dropped. */
	tx_packets = 12;
	m = link_msg(RTM_NEWLINK, 0, IFINDEX, UP, NAME);
	m.stats_rta.rta_len = RTA_LENGTH(old_size);
	m.hdr.nlmsg_len = offsetof(struct link_msg, stats_rta) + RTA_SPACE(old_size);
	send_bytes(&m, m.hdr.nlmsg_len);
	ck_assert_int_eq(n_flashes, 1);
}

/*
 * Truncated and malformed messages are dropped without reading past them
 * or changing anything: each is a "down" for the name, broken.
 */
LED_TEST_CASE(test_malformed_ignored)
{
	struct link_msg good, m;
	uint8_t *bytes;
	uint8_t zero = 0;

	start_up(true, false, false);
	good = link_msg(RTM_NEWLINK, 0, 2, 0, NAME);
	/* The datagram cut short, at every length (nlmsg_len then says more). */
	for (size_t len = 0; len < good.hdr.nlmsg_len; len++) {
		m = good;
		send_bytes(&m, len);
	}
	/* nlmsg_len cut short too, down to within the name's attribute. */
	for (size_t len = 0; len < offsetof(struct link_msg, stats_rta); len++) {
		m = good;
		m.hdr.nlmsg_len = len;
		send_bytes(&m, len);
	}
	/* The attribute longer than the message, too short, or without its NUL. */
	m = good;
	m.rta.rta_len = sizeof(m);
	send_bytes(&m, m.hdr.nlmsg_len);
	m.rta.rta_len = 2;
	send_bytes(&m, m.hdr.nlmsg_len);
	m = good;
	m.rta.rta_len = RTA_LENGTH(strlen(NAME));
	send_bytes(&m, m.hdr.nlmsg_len);
	/* A name filling IFNAMSIZ without its NUL; one of 63 bytes with it. */
	m = good;
	memset(m.name, 'x', sizeof(m.name));
	m.rta.rta_len = RTA_LENGTH(sizeof(m.name));
	m.hdr.nlmsg_len = sizeof(m);
	send_bytes(&m, sizeof(m));
	bytes = calloc(1, 4096);
	ck_assert_ptr_nonnull(bytes);
	m = good;
	m.rta.rta_len = RTA_LENGTH(64);
	m.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(m.ifi)) + RTA_SPACE(64);
	memcpy(bytes, &m, sizeof(m));
	memset(bytes + offsetof(struct link_msg, name), 'x', 63);
	send_bytes(bytes, m.hdr.nlmsg_len);
	free(bytes);
	/* No attributes at all. */
	m = good;
	m.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(m.ifi));
	send_bytes(&m, m.hdr.nlmsg_len);
	/* A short NLMSG_ERROR, an empty datagram. */
	send_bytes(&zero, 0);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(last_on);
	/* The good one still works. */
	send_bytes(&good, good.hdr.nlmsg_len);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
}

/* The answer is recognised only in full, and only once. */
LED_TEST_CASE(test_answer_malformed_or_repeated)
{
	struct {
		struct nlmsghdr hdr;
		struct nlmsgerr err;
	} e = {};
	uint32_t seq;

	start(true, false, false);
	seq = read_request();
	e.hdr.nlmsg_type = NLMSG_ERROR;
	e.hdr.nlmsg_seq = seq;
	e.err.error = -ENODEV;
	e.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(int));
	send_bytes(&e, e.hdr.nlmsg_len);
	/* An acknowledgement is no answer. */
	send_error(seq, 0);
	ck_assert_int_eq(n_shows, 0);
	send_link(RTM_NEWLINK, seq, 2, UP, NAME);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(last_on);
	send_error(seq, -ENODEV);
	ck_assert_int_eq(n_shows, 1);
	ck_assert(last_on);
}

/* Answered about another name (IFACE an alternative name): off, not waited for forever. */
LED_TEST_CASE(test_answer_other_name)
{
	start(true, false, false);
	send_link(RTM_NEWLINK, read_request(), 4, UP, "enp0s1");
	ck_assert_int_eq(n_shows, 1);
	ck_assert(!last_on);
}

/* A datagram too big for the buffer lost events: the state is asked again. */
LED_TEST_CASE(test_truncated_datagram_resyncs)
{
	size_t size = 64 * 1024;
	uint8_t *big = calloc(1, size);
	struct link_msg m = link_msg(RTM_NEWLINK, 0, 2, 0, NAME);

	ck_assert_ptr_nonnull(big);
	start_up(true, false, false);
	memcpy(big, &m, sizeof(m));
	send_bytes(big, size);
	free(big);
	ck_assert_int_eq(n_shows, 1);
	send_link(RTM_NEWLINK, read_request(), 2, 0, NAME);
	ck_assert_int_eq(n_shows, 2);
	ck_assert(!last_on);
}

/* Freed: the socket is closed, nothing runs. */
LED_TEST_CASE(test_free_closes)
{
	start_up(true, true, false);
	n = trigger_netdev_free(n);
	ck_assert_int_lt(send(fds[1], "x", 1, 0), 0);
	ck_assert_int_eq(wakeups_within(250), 0);
}

/*
 * Up, lo has carrier, so tx is sampled: a UDP datagram to ourselves over it
 * flashes the LED, as the kernel counts it. Unless this sandbox allows no
 * IPv4 on lo.
 */
static void lo_traffic_flashes(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	_cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	uint64_t start, now;

	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
		return;
	ck_assert_int_ge(sd_event_now(event, CLOCK_MONOTONIC, &start), 0);
	/* A datagram before each turn of the loop (a sample, its answer, an event), for 2 s at most. */
	while (n_flashes == 0) {
		ck_assert_int_ge(sd_event_now(event, CLOCK_MONOTONIC, &now), 0);
		ck_assert_uint_lt(now - start, 2 * 1000000ULL);
		if (sendto(fd, "x", 1, 0, (struct sockaddr *)&addr, len) < 0)
			return;
		ck_assert_int_ge(sd_event_run(event, 100000), 0);
	}
	/* The samples' answers kept it followed, with carrier. */
	ck_assert(last_on);
}

/* The real thing: rtnetlink's answer about lo, as getifaddrs() sees it, its traffic, and no interface. */
LED_TEST_CASE(test_real_netlink)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_NETDEV, .name = "lo", .link = true, .tx = true };
	struct ifaddrs *ifa = NULL;
	bool lo_up = false;
	void *impl = NULL;

	ck_assert_int_eq(getifaddrs(&ifa), 0);
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next)
		if (strcmp(i->ifa_name, "lo") == 0 && (i->ifa_flags & IFF_LOWER_UP))
			lo_up = true;
	freeifaddrs(ifa);
	ck_assert_int_eq(trigger_netdev_kind.new(event, &spec, &TRIGGER_SOCKETS_NONE, &rec_ops, NULL, &impl), 0);
	for (int i = 0; n_shows == 0; i++) {
		ck_assert_int_lt(i, 100);
		ck_assert_int_ge(sd_event_run(event, 100000), 0);
	}
	ck_assert(last_on == lo_up);
	if (lo_up)
		lo_traffic_flashes();
	ck_assert_ptr_null(trigger_netdev_kind.free(impl));

	snprintf(spec.name, sizeof(spec.name), "nosuch%d", (int)getpid() % 100000);
	spec.tx = false;
	ck_assert_int_eq(trigger_netdev_kind.new(event, &spec, &TRIGGER_SOCKETS_NONE, &rec_ops, NULL, &impl), 0);
	for (int i = 0; n_shows == 1; i++) {
		ck_assert_int_lt(i, 100);
		ck_assert_int_ge(sd_event_run(event, 100000), 0);
	}
	ck_assert(!last_on);
	ck_assert_ptr_null(trigger_netdev_kind.free(impl));
}
