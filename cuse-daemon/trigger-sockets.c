/* SPDX-License-Identifier: MIT */
#include "trigger-sockets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdbool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "log.h"
#include "macro.h"
#include "string-util.h"

/* A shared socket's backlog, dropped before the first request: at most its receive buffer's worth. */
#define NETLINK_DRAIN_MAX 4096U

/* 1 if fd is a NETLINK_ROUTE socket, 0 if not, or a negative errno. */
static int is_rtnetlink(int fd)
{
	int protocol;
	socklen_t len = sizeof(protocol);
	int r = sd_is_socket(fd, AF_NETLINK, SOCK_RAW, -1);

	if (r <= 0)
		return r;
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0)
		return -errno;
	return protocol == NETLINK_ROUTE;
}

int trigger_sockets_take(struct trigger_sockets *ret)
{
	_cleanup_strv_free_ char **names = NULL;
	int n, r;

	*ret = TRIGGER_SOCKETS_NONE;
	n = sd_listen_fds_with_names(true, &names);
	if (n <= 0)
		return n;
	for (int i = 0; i < n; i++) {
		int fd = SD_LISTEN_FDS_START + i;
		const char *name = strunknown(names ? names[i] : NULL);

		if (strcmp(name, TRIGGER_SOCKETS_FD_NAME_RTNETLINK) != 0 || ret->rtnetlink >= 0) {
			log_warning("closing the file descriptor %d systemd passed as \"%s\": led-cuse takes only "
				    "one, \"" TRIGGER_SOCKETS_FD_NAME_RTNETLINK "\" (led-cuse-rtnetlink.socket)",
				    fd, name);
			close(fd);
			continue;
		}
		r = is_rtnetlink(fd);
		if (r <= 0) {
			if (r < 0)
				log_warning_errno(r, "closing the \"%s\" socket systemd passed: cannot check it: %m", name);
			else
				log_warning("closing the \"%s\" socket systemd passed: not NETLINK_ROUTE "
					    "(ListenNetlink=route 1)", name);
			close(fd);
			continue;
		}
		/* Quiet until a netdev trigger joins the group again. */
		(void)setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &(int){ RTNLGRP_LINK }, sizeof(int));
		ret->rtnetlink = fd;
	}
	return 0;
}

int trigger_sockets_open_rtnetlink(const struct trigger_sockets *sockets)
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

void trigger_sockets_done(struct trigger_sockets *s)
{
	if (s->rtnetlink >= 0)
		close(s->rtnetlink);
	*s = TRIGGER_SOCKETS_NONE;
}
