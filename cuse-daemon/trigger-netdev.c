/* SPDX-License-Identifier: MIT */
#include "trigger-netdev.h"

/* glibc's first, then the kernel's, for IFF_LOWER_UP. */
#include <net/if.h>
#include <linux/if.h>

#include <assert.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "event-util.h"
#include "log.h"
#include "time-util.h"

/* A sample should come when it is due, not with sd-event's 250 ms default slack. */
#define SAMPLE_ACCURACY_USEC 1000ULL
/* One datagram: a link message is a few KiB; a bigger one is lost (MSG_TRUNC) and asked again. */
#define NETLINK_BUFFER_SIZE (32U * 1024U)
/*
 * A statistics struct up to its packet counters (rx_packets, tx_packets: its
 * first): older kernels send a shorter struct than these headers' (5.19 added
 * rx_otherhost_dropped), which counts all the same.
 */
#define COUNTERS_END(type) (offsetof(type, tx_packets) + sizeof(((type *)NULL)->tx_packets))

struct trigger_netdev {
	sd_event *event;
	const struct trigger_sink_ops *sink;
	void *userdata;
	char name[IFNAMSIZ];
	bool link, tx, rx;

	sd_event_source *netlink_source; /* owns the socket */
	uint32_t seq;                   /* of the last request sent */
	uint32_t request_seq;           /* of the RTM_GETLINK for the name not answered yet; 0: none */
	uint32_t sample_seq;            /* of the last sample's RTM_GETLINK, while sampling; 0: none */

	int ifindex;                    /* of the interface with the name; 0: absent */
	bool carrier;                   /* its IFF_LOWER_UP; false while absent */
	bool shown;                     /* a level was shown (the first state is learnt)... */
	bool shown_on;                  /* ... this one */

	sd_event_source *sample_source; /* the sampling timer: on only while sampling */
	bool sampling;
	bool have_packets;              /* packets holds the last sample */
	uint64_t packets;               /* tx + rx packets, as asked */

	union {
		struct nlmsghdr hdr;    /* aligns the messages */
		uint8_t bytes[NETLINK_BUFFER_SIZE];
	} buffer;
};

/* A link message's packet counters, if it has them. */
struct link_stats {
	bool have, is64;
	uint64_t tx_packets, rx_packets;
};

static int on_sample(sd_event_source *s, uint64_t usec, void *userdata);

static int arm_sample(struct trigger_netdev *n)
{
	return event_reset_time_relative(n->event, &n->sample_source, CLOCK_MONOTONIC,
					 TRIGGER_NETDEV_SAMPLE_MS * USEC_PER_MSEC, SAMPLE_ACCURACY_USEC, on_sample, n,
					 SD_EVENT_PRIORITY_NORMAL);
}

static void stop_sampling(struct trigger_netdev *n)
{
	n->sampling = false;
	/* An error answering an earlier sample is not about what is followed next. */
	n->sample_seq = 0;
	if (n->sample_source)
		(void)sd_event_source_set_enabled(n->sample_source, SD_EVENT_OFF);
}

/* Sample while there is carrier and traffic to show, and only then. */
static void update_sampling(struct trigger_netdev *n)
{
	bool want = n->ifindex > 0 && n->carrier && (n->tx || n->rx);
	int r;

	if (want == n->sampling)
		return;
	if (!want) {
		stop_sampling(n);
		return;
	}
	/* The next counters seen are the base: what came before is no news. */
	n->have_packets = false;
	r = arm_sample(n);
	if (r < 0) {
		log_warning_errno(r, "netdev trigger on %s: cannot start sampling its statistics: %m", n->name);
		return;
	}
	n->sampling = true;
}

/* Counters seen (an answer to a sample or an event): a change since the last ones is traffic. */
static void note_stats(struct trigger_netdev *n, const struct link_stats *stats)
{
	/* Wrapping, as only a change matters. */
	uint64_t packets = (n->tx ? stats->tx_packets : 0) + (n->rx ? stats->rx_packets : 0);

	if (!n->sampling || !stats->have)
		return;
	if (n->have_packets && packets != n->packets)
		n->sink->flash(n->userdata, TRIGGER_NETDEV_FLASH_MS);
	n->packets = packets;
	n->have_packets = true;
}

/*
 * RTM_GETLINK for the interface with ifindex, or with the name (0): answered
 * with RTM_NEWLINK, or NLMSG_ERROR (-ENODEV). Its sequence number in *ret_seq.
 */
static int send_getlink(struct trigger_netdev *n, int ifindex, uint32_t *ret_seq)
{
	struct {
		struct nlmsghdr hdr;
		struct ifinfomsg ifi;
		uint8_t attr[RTA_SPACE(IFNAMSIZ)];
	} req = {};
	uint32_t seq = n->seq + 1;

	if (seq == 0)
		seq = 1;
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.hdr.nlmsg_type = RTM_GETLINK;
	req.hdr.nlmsg_flags = NLM_F_REQUEST;
	req.hdr.nlmsg_seq = seq;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	if (ifindex == 0) {
		struct rtattr *rta = (struct rtattr *)req.attr;
		size_t len = strlen(n->name) + 1;

		rta->rta_type = IFLA_IFNAME;
		rta->rta_len = RTA_LENGTH(len);
		memcpy(RTA_DATA(rta), n->name, len);
		req.hdr.nlmsg_len += RTA_SPACE(len);
	}
	/* Unconnected, a netlink socket sends to the kernel. */
	if (send(sd_event_source_get_io_fd(n->netlink_source), &req, req.hdr.nlmsg_len, MSG_DONTWAIT) < 0)
		return -errno;
	n->seq = *ret_seq = seq;
	return 0;
}

static int on_sample(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct trigger_netdev *n = userdata;
	int r;

	/* handle_link() notes the answer's counters. One still due is no matter, nor one not
	 * sent (the socket's buffer full): each sample asks once, whatever came of the last. */
	(void)send_getlink(n, n->ifindex, &n->sample_seq);
	r = arm_sample(n);
	if (r < 0) {
		log_warning_errno(r, "netdev trigger on %s: cannot sample its statistics: %m", n->name);
		n->sampling = false;
	}
	return 0;
}

/* What is now known of the interface with the name: ifindex 0 for none. */
static void set_link(struct trigger_netdev *n, int ifindex, bool carrier)
{
	bool on = n->link && carrier;

	/* Another interface took the name: its counters are not the last sample's. */
	if (ifindex != n->ifindex)
		stop_sampling(n);
	n->ifindex = ifindex;
	n->carrier = carrier;
	if (!n->shown || on != n->shown_on) {
		n->shown = true;
		n->shown_on = on;
		n->sink->show(n->userdata, on, NULL);
	}
	update_sampling(n);
}

/*
 * The IFLA_IFNAME (NUL-terminated) of a link message's attributes (size
 * bytes at p), or NULL; its packet counters in *ret_stats, from IFLA_STATS64,
 * else IFLA_STATS. A malformed attribute ends the walk (what came before
 * stands); a malformed name, the message.
 */
static const char *parse_link(const uint8_t *p, size_t size, struct link_stats *ret_stats)
{
	const char *name = NULL;

	*ret_stats = (struct link_stats){};
	while (size >= sizeof(struct rtattr)) {
		const struct rtattr *rta = (const struct rtattr *)p;
		size_t payload, step;

		if (rta->rta_len < sizeof(*rta) || rta->rta_len > size)
			break;
		payload = rta->rta_len - RTA_LENGTH(0);
		if (rta->rta_type == IFLA_IFNAME) {
			name = RTA_DATA(rta);
			/* A name is shorter than IFNAMSIZ and within its attribute. */
			if (strnlen(name, payload) >= payload || payload > IFNAMSIZ)
				return NULL;
		} else if (rta->rta_type == IFLA_STATS64 && payload >= COUNTERS_END(struct rtnl_link_stats64)) {
			struct rtnl_link_stats64 s;

			/* Copied: an attribute is only 4-byte aligned. */
			memcpy(&s, RTA_DATA(rta), COUNTERS_END(struct rtnl_link_stats64));
			*ret_stats = (struct link_stats){ .have = true, .is64 = true, .tx_packets = s.tx_packets,
							  .rx_packets = s.rx_packets };
		} else if (rta->rta_type == IFLA_STATS && payload >= COUNTERS_END(struct rtnl_link_stats) &&
			   !ret_stats->is64) {
			struct rtnl_link_stats s;

			memcpy(&s, RTA_DATA(rta), COUNTERS_END(struct rtnl_link_stats));
			*ret_stats = (struct link_stats){ .have = true, .tx_packets = s.tx_packets,
							  .rx_packets = s.rx_packets };
		}
		step = RTA_ALIGN(rta->rta_len);
		if (step >= size)
			break;
		p += step;
		size -= step;
	}
	return name;
}

static void handle_link(struct trigger_netdev *n, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct link_stats stats;
	const char *name;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	/* A bridge's port messages (AF_BRIDGE) are about the port, not the link. */
	if (ifi->ifi_family != AF_UNSPEC || ifi->ifi_index <= 0)
		return;
	name = parse_link((const uint8_t *)IFLA_RTA(ifi), h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)), &stats);
	if (!name)
		return;
	if (strcmp(name, n->name) == 0) {
		if (h->nlmsg_type == RTM_NEWLINK) {
			/* First the link: the message that brings carrier brings the base. */
			set_link(n, ifi->ifi_index, ifi->ifi_flags & IFF_LOWER_UP);
			note_stats(n, &stats);
		} else
			set_link(n, 0, false);
	} else if (ifi->ifi_index == n->ifindex)
		/* Renamed away (or gone under another name). */
		set_link(n, 0, false);
}

static void handle_message(struct trigger_netdev *n, const struct nlmsghdr *h)
{
	bool reply = n->request_seq != 0 && h->nlmsg_seq == n->request_seq;
	bool sample_reply = n->sample_seq != 0 && h->nlmsg_seq == n->sample_seq;

	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		if (!(reply || sample_reply) || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			return;
		/* 0 would be an acknowledgement; anything else (-ENODEV): no such interface. */
		if (((const struct nlmsgerr *)NLMSG_DATA(h))->error == 0)
			return;
		set_link(n, 0, false);
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		handle_link(n, h);
		break;
	default:
		return;
	}
	if (reply) {
		n->request_seq = 0;
		/* Answered about another name (IFACE an alternative name): not the interface followed. */
		if (!n->shown)
			set_link(n, 0, false);
	}
}

/* The messages of one datagram (size bytes): a malformed one ends it. */
static void handle_datagram(struct trigger_netdev *n, const uint8_t *p, size_t size)
{
	while (size >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)p;
		size_t step;

		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > size)
			return;
		handle_message(n, h);
		step = NLMSG_ALIGN(h->nlmsg_len);
		if (step >= size)
			return;
		p += step;
		size -= step;
	}
}

/* Events were lost: ask for the state again. */
static void resync(struct trigger_netdev *n)
{
	int r = send_getlink(n, 0, &n->request_seq);

	if (r < 0)
		log_warning_errno(r, "netdev trigger on %s: cannot ask for its state: %m", n->name);
}

static int on_netlink(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct trigger_netdev *n = userdata;

	for (;;) {
		union {
			struct sockaddr sa;
			struct sockaddr_nl nl;
		} sender = {};
		struct iovec iov = { .iov_base = n->buffer.bytes, .iov_len = sizeof(n->buffer.bytes) };
		struct msghdr msg = { .msg_name = &sender, .msg_namelen = sizeof(sender), .msg_iov = &iov,
				      .msg_iovlen = 1 };
		ssize_t k = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			if (errno == ENOBUFS) {
				resync(n);
				continue;
			}
			/* Negative: sd-event disables the source; the LED keeps what it shows. */
			return log_warning_errno(errno, "netdev trigger on %s: cannot read rtnetlink: %m", n->name);
		}
		if (k == 0 && (revents & (EPOLLHUP | EPOLLERR)))
			/* Not netlink (a test's socket) and closed: nothing more will come. */
			return sd_event_source_set_enabled(s, SD_EVENT_OFF);
		if (msg.msg_flags & MSG_TRUNC) {
			resync(n);
			continue;
		}
		/* Only the kernel speaks for the links (another process could write to our port). */
		if (msg.msg_namelen >= sizeof(sender.nl) && sender.sa.sa_family == AF_NETLINK && sender.nl.nl_pid != 0)
			continue;
		handle_datagram(n, n->buffer.bytes, (size_t)k);
	}
}

int trigger_netdev_new_on(sd_event *event, const struct trigger_spec *spec, int netlink_fd,
			  const struct trigger_sink_ops *sink, void *userdata, struct trigger_netdev **ret)
{
	_cleanup_(trigger_netdev_freep) struct trigger_netdev *n = NULL;
	int r;

	assert(event && spec && netlink_fd >= 0 && sink && sink->show && sink->flash && ret);
	assert(spec->kind == LED_CUSE_TRIGGER_NETDEV);
	assert(spec->name[0] && strlen(spec->name) < IFNAMSIZ);
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->event = sd_event_ref(event);
	n->sink = sink;
	n->userdata = userdata;
	memcpy(n->name, spec->name, strlen(spec->name) + 1);
	n->link = spec->link;
	n->tx = spec->tx;
	n->rx = spec->rx;
	r = sd_event_add_io(event, &n->netlink_source, netlink_fd, EPOLLIN, on_netlink, n);
	if (r < 0)
		return r;
	r = send_getlink(n, 0, &n->request_seq);
	if (r < 0)
		return r;
	/* Last: from here the socket is ours, and nothing fails. */
	r = sd_event_source_set_io_fd_own(n->netlink_source, true);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(n);
	return 0;
}

struct trigger_netdev *trigger_netdev_free(struct trigger_netdev *n)
{
	if (!n)
		return NULL;
	sd_event_source_disable_unref(n->sample_source);
	/* A shared socket (systemd's) stays quiet until the next trigger; anything else is closed anyway. */
	if (n->netlink_source)
		(void)setsockopt(sd_event_source_get_io_fd(n->netlink_source), SOL_NETLINK, NETLINK_DROP_MEMBERSHIP,
				 &(int){ RTNLGRP_LINK }, sizeof(int));
	sd_event_source_disable_unref(n->netlink_source);
	sd_event_unref(n->event);
	free(n);
	return NULL;
}

static int netdev_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		      const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	_cleanup_close_ int fd = -1;
	struct trigger_netdev *n;
	int r;

	fd = trigger_sockets_open_rtnetlink(sockets);
	if (fd < 0)
		return fd;
	r = trigger_netdev_new_on(event, spec, fd, sink, userdata, &n);
	if (r < 0)
		return r;
	fd = -1;
	*ret = n;
	return 0;
}

static void *netdev_free(void *impl)
{
	return trigger_netdev_free(impl);
}

const struct trigger_kind trigger_netdev_kind = {
	.new = netdev_new,
	.free = netdev_free,
};
