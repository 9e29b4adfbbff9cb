/* SPDX-License-Identifier: MIT */
/*
 * trigger_sockets_take(): the sockets systemd passes, by LISTEN_FDS and
 * LISTEN_FDNAMES, each case in a child of its own whose fds 3 and up are
 * what the case passes (check's own descriptors stay in the parent).
 */
#include "led-test.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trigger.h"
#include "trigger-sockets.h"

enum kind { RTNETLINK, UNIX_DGRAM };

static int open_kind(enum kind k)
{
	if (k == RTNETLINK) {
		struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

		/* As ListenNetlink=route 1 makes it. */
		if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
			_exit(17);
		return fd;
	}
	return socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/*
 * The first 32 groups fd's socket is in (NETLINK_LIST_MEMBERSHIPS), or
 * UINT32_MAX if it cannot say. rtnetlink has more than 32: the kernel
 * answers with the length of them all, so the buffer holds them all.
 */
static uint32_t groups_of(int fd)
{
	uint32_t groups[8] = {};
	socklen_t len = sizeof(groups);

	if (getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups, &len) < 0 || len > sizeof(groups))
		return UINT32_MAX;
	return groups[0];
}

/*
 * In a child: pass n sockets of kinds[] as names (colon-separated), take
 * them, and exit with 0 if the rtnetlink taken is want_fd (-1: none), the
 * fds from 3 not taken are closed and LISTEN_FDS is gone; else a code
 * naming what went wrong.
 */
static void check_take(int n, const enum kind *kinds, const char *names, int want_fd)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct trigger_sockets s;
		char num[16];

		for (int i = 0; i < n; i++) {
			int fd = open_kind(kinds[i]);

			if (fd < 0 || dup2(fd, 3 + i) < 0)
				_exit(10);
			if (fd != 3 + i)
				close(fd);
		}
		snprintf(num, sizeof(num), "%d", (int)getpid());
		setenv("LISTEN_PID", num, 1);
		snprintf(num, sizeof(num), "%d", n);
		setenv("LISTEN_FDS", num, 1);
		if (names)
			setenv("LISTEN_FDNAMES", names, 1);
		if (trigger_sockets_take(&s) < 0)
			_exit(11);
		if (s.rtnetlink != want_fd)
			_exit(12);
		if (want_fd >= 0) {
			/* Bound to RTMGRP_LINK by systemd, quiet until a trigger joins. */
			if (groups_of(want_fd) != 0)
				_exit(16);
		}
		for (int i = 0; i < n; i++)
			if (3 + i != want_fd && is_open(3 + i))
				_exit(13);
		if (getenv("LISTEN_FDS") || getenv("LISTEN_PID"))
			_exit(14);
		trigger_sockets_done(&s);
		if (s.rtnetlink != -1 || (want_fd >= 0 && is_open(want_fd)))
			_exit(15);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}

/* Not started by systemd: nothing, and nothing fails. */
LED_TEST_CASE(test_none_passed)
{
	struct trigger_sockets s = { .rtnetlink = 42 };

	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_PID");
	ck_assert_int_eq(trigger_sockets_take(&s), 0);
	ck_assert_int_eq(s.rtnetlink, -1);
	trigger_sockets_done(&s);
}

LED_TEST_CASE(test_rtnetlink_taken)
{
	check_take(1, (const enum kind[]){ RTNETLINK }, "rtnetlink", 3);
}

/* Another name, a second "rtnetlink", or no names at all: closed. */
LED_TEST_CASE(test_others_closed)
{
	check_take(3, (const enum kind[]){ UNIX_DGRAM, RTNETLINK, RTNETLINK }, "other:rtnetlink:rtnetlink", 4);
	check_take(1, (const enum kind[]){ RTNETLINK }, NULL, -1);
}

/* Named "rtnetlink" but not NETLINK_ROUTE: closed, the trigger opens its own. */
LED_TEST_CASE(test_wrong_socket_closed)
{
	check_take(1, (const enum kind[]){ UNIX_DGRAM }, "rtnetlink", -1);
}


/* Without a passed socket: one of its own, in the links' group, non-blocking. */
LED_TEST_CASE(test_open_own)
{
	int fd = trigger_sockets_open_rtnetlink(&TRIGGER_SOCKETS_NONE);

	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(groups_of(fd), 1U << (RTNLGRP_LINK - 1));
	ck_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

/* A passed one: shared (a dup), joined again, what waited on it dropped. */
LED_TEST_CASE(test_open_passed)
{
	struct {
		struct nlmsghdr hdr;
		struct ifinfomsg ifi;
	} req = {
		.hdr = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	struct trigger_sockets s = { .rtnetlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE) };
	struct sockaddr_nl a = {}, b = {};
	socklen_t la = sizeof(a), lb = sizeof(b);
	char byte;
	int fd;

	ck_assert_int_ge(s.rtnetlink, 0);
	/* The kernel's answer (every link) waits in the queue. */
	ck_assert_int_eq(send(s.rtnetlink, &req, sizeof(req), 0), (ssize_t)sizeof(req));
	ck_assert_uint_eq(groups_of(s.rtnetlink), 0);
	fd = trigger_sockets_open_rtnetlink(&s);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(fd, s.rtnetlink);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &la), 0);
	ck_assert_int_eq(getsockname(s.rtnetlink, (struct sockaddr *)&b, &lb), 0);
	ck_assert_uint_eq(a.nl_pid, b.nl_pid);
	ck_assert_uint_eq(groups_of(fd), 1U << (RTNLGRP_LINK - 1));
	ck_assert_int_lt(recv(fd, &byte, 1, MSG_DONTWAIT), 0);
	ck_assert_int_eq(errno, EAGAIN);
	close(fd);
	trigger_sockets_done(&s);
}

static void no_show(void *userdata, bool on, const struct led_mode *mode)
{
}

static void no_flash(void *userdata, unsigned int ms)
{
}

/* The netdev trigger on a passed socket: in the links' group while it runs, out of it after. */
LED_TEST_CASE(test_netdev_trigger_on_passed)
{
	static const struct trigger_sink_ops ops = { .show = no_show, .flash = no_flash };
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_NETDEV, .name = "lo", .link = true };
	struct trigger_sockets s = { .rtnetlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE) };
	struct trigger *t = NULL;
	sd_event *event = NULL;

	ck_assert_int_ge(s.rtnetlink, 0);
	ck_assert_int_eq(sd_event_new(&event), 0);
	ck_assert_int_eq(trigger_new(event, &spec, &s, &ops, NULL, &t), 0);
	ck_assert_uint_eq(groups_of(s.rtnetlink), 1U << (RTNLGRP_LINK - 1));
	t = trigger_free(t);
	ck_assert_uint_eq(groups_of(s.rtnetlink), 0);
	/* The daemon's socket stays open for the next one. */
	ck_assert(is_open(s.rtnetlink));
	trigger_sockets_done(&s);
	sd_event_unref(event);
}
