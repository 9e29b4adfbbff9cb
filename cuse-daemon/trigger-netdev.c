/* SPDX-License-Identifier: MIT */
#include "trigger-netdev.h"

/* glibc's first, then the kernel's, for IFF_LOWER_UP. */
#include <net/if.h>
#include <linux/if.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event-util.h"
#include "log.h"
#include "parse-util.h"
#include "time-util.h"

/* A sample should come when it is due, not with sd-event's 250 ms default slack. */
#define SAMPLE_ACCURACY_USEC 1000ULL
/* One datagram: a link message is a few KiB; a bigger one is lost (MSG_TRUNC) and asked again. */
#define NETLINK_BUFFER_SIZE (32U * 1024U)
/* A shared socket's backlog, dropped before the first request: at most its receive buffer's worth. */
#define NETLINK_DRAIN_MAX 4096U

struct trigger_netdev {
	sd_event *event;
	const struct trigger_sink_ops *sink;
	void *userdata;
	char name[IFNAMSIZ];
	bool link, tx, rx;
	char stats_dir[PATH_MAX];       /* SYSFS/class/net/NAME/statistics */

	sd_event_source *netlink_source; /* owns the socket */
	uint32_t request_seq;           /* of the RTM_GETLINK not answered yet; 0: none */

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

static int on_sample(sd_event_source *s, uint64_t usec, void *userdata);

/* The counter at stats_dir/file: 0 or a negative errno. */
static int read_counter(const struct trigger_netdev *n, const char *file, uint64_t *ret)
{
	char path[PATH_MAX + 16], buf[32];
	_cleanup_close_ int fd = -1;
	ssize_t k;

	snprintf(path, sizeof(path), "%s/%s", n->stats_dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	k = read(fd, buf, sizeof(buf));
	if (k < 0)
		return -errno;
	if (k > 0 && buf[k - 1] == '\n')
		k--;
	return parse_decimal_n(buf, (size_t)k, UINT64_MAX, ret);
}

/* The packets counted in the directions asked for (wrapping, as only a change matters). */
static int read_packets(const struct trigger_netdev *n, uint64_t *ret)
{
	uint64_t sum = 0, v;
	int r;

	if (n->tx) {
		r = read_counter(n, "tx_packets", &v);
		if (r < 0)
			return r;
		sum += v;
	}
	if (n->rx) {
		r = read_counter(n, "rx_packets", &v);
		if (r < 0)
			return r;
		sum += v;
	}
	*ret = sum;
	return 0;
}

static int arm_sample(struct trigger_netdev *n)
{
	return event_reset_time_relative(n->event, &n->sample_source, CLOCK_MONOTONIC,
					 TRIGGER_NETDEV_SAMPLE_MS * USEC_PER_MSEC, SAMPLE_ACCURACY_USEC, on_sample, n,
					 SD_EVENT_PRIORITY_NORMAL);
}

static void stop_sampling(struct trigger_netdev *n)
{
	n->sampling = false;
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
	/* The counters as they are now are the base: what came before is no news. */
	n->have_packets = read_packets(n, &n->packets) >= 0;
	r = arm_sample(n);
	if (r < 0) {
		log_warning_errno(r, "netdev trigger on %s: cannot start sampling its statistics: %m", n->name);
		return;
	}
	n->sampling = true;
}

static int on_sample(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct trigger_netdev *n = userdata;
	uint64_t packets;
	int r;

	if (read_packets(n, &packets) < 0)
		/* Gone under us: its RTM_DELLINK is on its way. */
		n->have_packets = false;
	else {
		if (n->have_packets && packets != n->packets)
			n->sink->flash(n->userdata, TRIGGER_NETDEV_FLASH_MS);
		n->packets = packets;
		n->have_packets = true;
	}
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

static int send_request(struct trigger_netdev *n)
{
	struct {
		struct nlmsghdr hdr;
		struct ifinfomsg ifi;
		uint8_t attr[RTA_SPACE(IFNAMSIZ)];
	} req = {};
	struct rtattr *rta = (struct rtattr *)req.attr;
	size_t len = strlen(n->name) + 1;
	uint32_t seq = n->request_seq + 1;

	/* Asked by name (ifi_index 0), answered with RTM_NEWLINK, or NLMSG_ERROR -ENODEV. */
	if (seq == 0)
		seq = 1;
	rta->rta_type = IFLA_IFNAME;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), n->name, len);
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi)) + RTA_SPACE(len);
	req.hdr.nlmsg_type = RTM_GETLINK;
	req.hdr.nlmsg_flags = NLM_F_REQUEST;
	req.hdr.nlmsg_seq = seq;
	req.ifi.ifi_family = AF_UNSPEC;
	/* Unconnected, a netlink socket sends to the kernel. */
	if (send(sd_event_source_get_io_fd(n->netlink_source), &req, req.hdr.nlmsg_len, MSG_DONTWAIT) < 0)
		return -errno;
	n->request_seq = seq;
	return 0;
}

/* The IFLA_IFNAME of a link message's attributes (size bytes at p), NUL-terminated, or NULL. */
static const char *link_name(const uint8_t *p, size_t size)
{
	while (size >= sizeof(struct rtattr)) {
		const struct rtattr *rta = (const struct rtattr *)p;
		size_t step;

		if (rta->rta_len < sizeof(*rta) || rta->rta_len > size)
			return NULL;
		if (rta->rta_type == IFLA_IFNAME) {
			size_t payload = rta->rta_len - RTA_LENGTH(0);
			const char *name = RTA_DATA(rta);

			/* A name is shorter than IFNAMSIZ and within its attribute. */
			if (strnlen(name, payload) >= payload || payload > IFNAMSIZ)
				return NULL;
			return name;
		}
		step = RTA_ALIGN(rta->rta_len);
		if (step >= size)
			return NULL;
		p += step;
		size -= step;
	}
	return NULL;
}

static void handle_link(struct trigger_netdev *n, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const char *name;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	/* A bridge's port messages (AF_BRIDGE) are about the port, not the link. */
	if (ifi->ifi_family != AF_UNSPEC || ifi->ifi_index <= 0)
		return;
	name = link_name((const uint8_t *)IFLA_RTA(ifi), h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	if (!name)
		return;
	if (strcmp(name, n->name) == 0) {
		if (h->nlmsg_type == RTM_NEWLINK)
			set_link(n, ifi->ifi_index, ifi->ifi_flags & IFF_LOWER_UP);
		else
			set_link(n, 0, false);
	} else if (ifi->ifi_index == n->ifindex)
		/* Renamed away (or gone under another name). */
		set_link(n, 0, false);
}

static void handle_message(struct trigger_netdev *n, const struct nlmsghdr *h)
{
	bool reply = n->request_seq != 0 && h->nlmsg_seq == n->request_seq;

	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		if (!reply || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
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
	int r = send_request(n);

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

int trigger_netdev_new_at(sd_event *event, const struct trigger_spec *spec, const char *sysfs_dir, int netlink_fd,
			  const struct trigger_sink_ops *sink, void *userdata, struct trigger_netdev **ret)
{
	_cleanup_(trigger_netdev_freep) struct trigger_netdev *n = NULL;
	int r;

	assert(event && spec && sysfs_dir && netlink_fd >= 0 && sink && sink->show && sink->flash && ret);
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
	if ((size_t)snprintf(n->stats_dir, sizeof(n->stats_dir), "%s/class/net/%s/statistics", sysfs_dir,
			     n->name) >= sizeof(n->stats_dir))
		return -ENAMETOOLONG;
	r = sd_event_add_io(event, &n->netlink_source, netlink_fd, EPOLLIN, on_netlink, n);
	if (r < 0)
		return r;
	r = send_request(n);
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

/*
 * The rtnetlink socket to follow the links on: the one systemd passed
 * (led-cuse-rtnetlink.socket: the host's network, which the service's own
 * could not see), shared: joined to the links' group again and drained of
 * what came before; else one of its own.
 */
static int open_rtnetlink(const struct trigger_sockets *sockets)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	_cleanup_close_ int fd = -1;
	int r;

	if (sockets->rtnetlink >= 0) {
		fd = fcntl(sockets->rtnetlink, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return -errno;
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &(int){ RTNLGRP_LINK }, sizeof(int)) < 0)
			return -errno;
		/* Bounded: what piles up meanwhile is newer than the state asked for next. */
		for (unsigned int i = 0; i < NETLINK_DRAIN_MAX; i++) {
			uint8_t byte;

			if (recv(fd, &byte, sizeof(byte), MSG_DONTWAIT | MSG_TRUNC) >= 0 || errno == EINTR ||
			    errno == ENOBUFS)
				continue;
			if (errno != EAGAIN)
				return -errno;
			break;
		}
	} else {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
		/* A unit without led-cuse-rtnetlink.socket withholds AF_NETLINK
		 * along with the host's network: say what to change. */
		if (fd < 0 && errno == EAFNOSUPPORT)
			return log_error_errno(errno, "the netdev trigger cannot open rtnetlink (%m): run it with the "
					       "socket led-cuse-rtnetlink.socket passes (Sockets=), or with AF_NETLINK "
					       "and the host's network; see led-cuse(8), TRIGGERS");
		if (fd < 0)
			return -errno;
		if (bind(fd, (const struct sockaddr *)&addr, sizeof(addr)) < 0)
			return -errno;
	}
	r = fd;
	fd = -1;
	return r;
}

static int netdev_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		      const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	_cleanup_close_ int fd = -1;
	struct trigger_netdev *n;
	int r;

	fd = open_rtnetlink(sockets);
	if (fd < 0)
		return fd;
	r = trigger_netdev_new_at(event, spec, "/sys", fd, sink, userdata, &n);
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
