/* SPDX-License-Identifier: MIT */
/*
 * The netdev trigger: crafted rtnetlink datagrams through a socketpair and a
 * temporary directory as sysfs, on a real sd-event loop; and once on a real
 * NETLINK_ROUTE socket.
 */
#include "led-test.h"

/* glibc's first, then the kernel's, for IFF_LOWER_UP. */
#include <net/if.h>
#include <linux/if.h>

#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trigger-netdev.h"

#define NAME "dummy0"
#define UP (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

static sd_event *event;
static struct trigger_netdev *n;
static int fds[2] = { -1, -1 };         /* [0]: the trigger's "netlink" socket, [1]: the kernel's */
static char sysfs[] = "/tmp/test-trigger-netdev-XXXXXX";
static char stats[PATH_MAX];
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

static void write_counter(const char *file, unsigned long long v)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", stats, file);
	f = fopen(path, "we");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%llu\n", v);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	char cmd[PATH_MAX + 32];

	n_shows = n_flashes = 0;
	last_on = false;
	ck_assert_int_eq(sd_event_new(&event), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
	strcpy(sysfs, "/tmp/test-trigger-netdev-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sysfs));
	snprintf(stats, sizeof(stats), "%s/class/net/" NAME "/statistics", sysfs);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", stats);
	ck_assert_int_eq(system(cmd), 0);
	write_counter("tx_packets", 10);
	write_counter("rx_packets", 20);
}

static void teardown(void)
{
	char cmd[PATH_MAX + 32];

	n = trigger_netdev_free(n);
	if (fds[0] >= 0)
		close(fds[0]);
	close(fds[1]);
	fds[0] = fds[1] = -1;
	event = sd_event_unref(event);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", sysfs);
	ck_assert_int_eq(system(cmd), 0);
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

/* Wait for the next sample: the only thing the loop has to do while sampling. */
static void sample(void)
{
	ck_assert_int_eq(sd_event_run(event, 2 * 1000000ULL), 1);
}

/* The trigger's RTM_GETLINK request: asserts it asks for NAME, returns its sequence number. */
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

struct link_msg {
	struct nlmsghdr hdr;
	struct ifinfomsg ifi;
	struct rtattr rta;
	char name[IFNAMSIZ];
};

/* A link message about name (its size is in hdr.nlmsg_len). */
static struct link_msg link_msg(uint16_t type, uint32_t seq, int ifindex, unsigned int flags, const char *name)
{
	struct link_msg m = {};
	size_t len = strlen(name) + 1;

	ck_assert_uint_le(len, sizeof(m.name));
	m.hdr.nlmsg_type = type;
	m.hdr.nlmsg_seq = seq;
	m.ifi.ifi_family = AF_UNSPEC;
	m.ifi.ifi_index = ifindex;
	m.ifi.ifi_flags = flags;
	m.rta.rta_type = IFLA_IFNAME;
	m.rta.rta_len = RTA_LENGTH(len);
	memcpy(m.name, name, len);
	m.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(m.ifi)) + RTA_SPACE(len);
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

static void start(bool link, bool tx, bool rx)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_NETDEV, .name = NAME, .link = link, .tx = tx, .rx = rx };

	ck_assert_int_eq(trigger_netdev_new_at(event, &spec, sysfs, fds[0], &rec_ops, NULL, &n), 0);
	fds[0] = -1;
}

/* Started on an interface that is up: shown on at the answer. */
static void start_up(bool link, bool tx, bool rx)
{
	start(link, tx, rx);
	send_link(RTM_NEWLINK, read_request(), 2, UP, NAME);
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
	write_counter("tx_packets", 11);
	sample();
	ck_assert_int_eq(n_flashes, 1);
	/* Sampled, but nothing moved. */
	sample();
	ck_assert_int_eq(n_flashes, 1);
	/* Received packets are not asked for. */
	write_counter("rx_packets", 25);
	sample();
	ck_assert_int_eq(n_flashes, 1);
	write_counter("tx_packets", 12);
	sample();
	ck_assert_int_eq(n_flashes, 2);
	/* Counters wrap or restart: a change all the same. */
	write_counter("tx_packets", 0);
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
	write_counter("rx_packets", 99);
	send_link(RTM_NEWLINK, 0, 2, UP, NAME);
	sample();
	ck_assert_int_eq(n_flashes, 0);
	write_counter("rx_packets", 100);
	sample();
	ck_assert_int_eq(n_flashes, 1);
}

/* No sampling without carrier, while absent, or without tx/rx: no wake-ups. */
LED_TEST_CASE(test_sampling_only_with_carrier)
{
	start_up(true, true, true);
	sample();
	send_link(RTM_NEWLINK, 0, 2, IFF_UP, NAME);
	write_counter("tx_packets", 1000);
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

/* Statistics that cannot be read (gone under us): no flash, no crash; then a new base. */
LED_TEST_CASE(test_unreadable_counters)
{
	char path[PATH_MAX + 16];

	start_up(true, true, false);
	snprintf(path, sizeof(path), "%s/tx_packets", stats);
	ck_assert_int_eq(unlink(path), 0);
	sample();
	write_counter("tx_packets", 5);
	sample();
	ck_assert_int_eq(n_flashes, 0);
	write_counter("tx_packets", 6);
	sample();
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
	/* nlmsg_len cut short too, down to before the name's NUL. */
	for (size_t len = 0; len < NLMSG_LENGTH(sizeof(m.ifi)) + RTA_LENGTH(sizeof(NAME)); len++) {
		m = good;
		m.hdr.nlmsg_len = len;
		send_bytes(&m, len);
	}
	/* The attribute longer than the message, too short, or without its NUL. */
	m = good;
	m.rta.rta_len = 200;
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

/* The real thing: rtnetlink's answer about lo, as getifaddrs() sees it, and about no interface. */
LED_TEST_CASE(test_real_netlink)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_NETDEV, .name = "lo", .link = true };
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
	ck_assert_ptr_null(trigger_netdev_kind.free(impl));

	snprintf(spec.name, sizeof(spec.name), "nosuch%d", (int)getpid() % 100000);
	ck_assert_int_eq(trigger_netdev_kind.new(event, &spec, &TRIGGER_SOCKETS_NONE, &rec_ops, NULL, &impl), 0);
	for (int i = 0; n_shows == 1; i++) {
		ck_assert_int_lt(i, 100);
		ck_assert_int_ge(sd_event_run(event, 100000), 0);
	}
	ck_assert(!last_on);
	ck_assert_ptr_null(trigger_netdev_kind.free(impl));
}
