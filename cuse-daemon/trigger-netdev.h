/* SPDX-License-Identifier: MIT */
/*
 * The netdev trigger, "netdev IFACE [link] [tx] [rx]", as the kernel's
 * ledtrig-netdev (drivers/leds/trigger/ledtrig-netdev.c):
 *
 * - The interface is followed by its name (not an alternative name): an
 *   interface that does not exist yet, goes away or is renamed away is
 *   waited for, with the LED off, and one created (or renamed) with the name
 *   is followed from then on.
 * - With link, the LED is on while the interface has carrier (IFF_LOWER_UP:
 *   it is up and netif_carrier_ok()), off otherwise; without link it is off.
 *   Link changes come from rtnetlink (RTM_NEWLINK/RTM_DELLINK on
 *   RTMGRP_LINK), the first state from an RTM_GETLINK request for the name:
 *   the LED shows (sink->show) that first state, then each change of level.
 * - With tx and/or rx, while the interface has carrier, its statistics are
 *   sampled every TRIGGER_NETDEV_SAMPLE_MS, from rtnetlink too: an
 *   RTM_GETLINK by ifindex, whose answer carries IFLA_STATS64 (else
 *   IFLA_STATS), as events do; the counters of the message that brings
 *   carrier are the base. When the packets counted in the asked directions
 *   moved since the last counters seen, the LED flashes (sink->flash) for
 *   TRIGGER_NETDEV_FLASH_MS. As in the kernel, a flash is the interval
 *   (50 ms) and the sampling period twice that, so that steady traffic
 *   blinks at 10 Hz. Without carrier (or tx/rx) nothing is sampled: a quiet
 *   interface costs no wake-up. An error answering a sample (-ENODEV) is the
 *   interface gone.
 */
#ifndef LED_CUSE_TRIGGER_NETDEV_H
#define LED_CUSE_TRIGGER_NETDEV_H

#include <systemd/sd-event.h>

#include "macro.h"
#include "trigger.h"

#define TRIGGER_NETDEV_FLASH_MS 50      /* the kernel trigger's default interval */
#define TRIGGER_NETDEV_SAMPLE_MS 100    /* twice that, as the kernel re-samples */

struct trigger_netdev;

/*
 * Follow spec's interface (kind NETDEV) on netlink_fd, a NETLINK_ROUTE
 * socket in RTNLGRP_LINK (blocking or not: every call on it passes
 * MSG_DONTWAIT), or anything that carries rtnetlink datagrams likewise: the
 * RTM_GETLINK requests (for the name, for the statistics) are sent on it, so
 * that the interface is the socket's network namespace's, not necessarily
 * the daemon's. netlink_fd is taken on success only; trigger_netdev_free()
 * takes it out of RTNLGRP_LINK (a shared one stays quiet) and closes it.
 */
int trigger_netdev_new_on(sd_event *event, const struct trigger_spec *spec, int netlink_fd,
			  const struct trigger_sink_ops *sink, void *userdata, struct trigger_netdev **ret);
struct trigger_netdev *trigger_netdev_free(struct trigger_netdev *n);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct trigger_netdev *, trigger_netdev_free)

#endif
