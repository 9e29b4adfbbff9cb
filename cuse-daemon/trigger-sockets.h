/* SPDX-License-Identifier: MIT */
/*
 * The sockets the triggers may use instead of opening their own, from
 * systemd's socket passing (sd_listen_fds(3)): led-cuse-rtnetlink.socket
 * (ListenNetlink=route 1, FileDescriptorName=rtnetlink) gives the netdev
 * trigger the host's rtnetlink, which a service with PrivateNetwork=yes and
 * RestrictAddressFamilies=AF_UNIX could not open. The kinds borrow them
 * (each dups what it uses); the daemon owns them.
 */
#ifndef LED_CUSE_TRIGGER_SOCKETS_H
#define LED_CUSE_TRIGGER_SOCKETS_H

struct trigger_sockets {
	/* NETLINK_ROUTE, bound to RTMGRP_LINK, of the host's network; -1: none. */
	int rtnetlink;
};

#define TRIGGER_SOCKETS_NONE ((const struct trigger_sockets){ .rtnetlink = -1 })
#define TRIGGER_SOCKETS_FD_NAME_RTNETLINK "rtnetlink"

/*
 * Take the sockets systemd passed by their names and unset LISTEN_FDS.
 * A socket with another name, or "rtnetlink" that is not NETLINK_ROUTE, is
 * closed with a warning: a unit's mistake costs the trigger its socket,
 * not the LED. The passed rtnetlink leaves RTNLGRP_LINK until a netdev
 * trigger joins it: no messages pile up, none wake systemd. 0, or a
 * negative errno (LISTEN_FDS unreadable); *ret is set in any case.
 */
int trigger_sockets_take(struct trigger_sockets *ret);
/*
 * A NETLINK_ROUTE socket for the netdev trigger (CLOEXEC, in
 * RTNLGRP_LINK; a dup is blocking or not as systemd made it, which does not
 * matter: the trigger passes MSG_DONTWAIT): a dup of s->rtnetlink, joined to the links' group again
 * and drained of what came before, else one of its own. The caller owns
 * it. A negative errno; EAFNOSUPPORT (a unit withholding AF_NETLINK) is
 * logged with what to change.
 */
int trigger_sockets_open_rtnetlink(const struct trigger_sockets *s);
/* Close them; *s is then TRIGGER_SOCKETS_NONE. */
void trigger_sockets_done(struct trigger_sockets *s);

#endif
