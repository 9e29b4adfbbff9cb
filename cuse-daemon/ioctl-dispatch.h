/* SPDX-License-Identifier: MIT */
/*
 * The ioctls of include/led-cuse/led.h, decoded without any FUSE types.
 *
 * led-cuse registers its device in CUSE's restricted ioctl mode: the kernel
 * copies _IOC_SIZE(cmd) bytes in for _IOW and out for _IOR requests, and
 * fails bad user pointers with EFAULT itself, before or after the daemon.
 * The sizes it hands over are therefore checked here as exact invariants.
 */
#ifndef LED_CUSE_IOCTL_DISPATCH_H
#define LED_CUSE_IOCTL_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include <led-cuse/led.h>

#include "fanout.h"
#include "led-device.h"

/* What to do with a request that succeeded. */
enum ioctl_result {
	IOCTL_REPLY,    /* send back *out_len bytes of *out */
	IOCTL_PARK,     /* a WAIT_EVENT with no event kept: park it until the next one */
};

union ioctl_out {
	struct led_cuse_state state;
	struct led_cuse_info info;
	struct led_cuse_event event;
	struct led_cuse_mode mode;
	struct led_cuse_change change;
	struct led_cuse_trigger trigger;
};

/*
 * Run request cmd of the open file client on behalf of origin (source
 * LED_CUSE_CHANGE_IOCTL and the requester). Returns IOCTL_REPLY with
 * *out_len bytes of *out to send back (a valid SET_EVENT_MASK has become
 * the file's mask; a WAIT_EVENT took an event the file kept), IOCTL_PARK
 * for a WAIT_EVENT that must wait, or a negative errno: -ENOTTY for an
 * unknown request, -EBADF for a request that changes the LED on a file
 * without write access, -EINVAL for wrong sizes or values, -ENODEV while
 * the chip is gone, -EOPNOTSUPP for WAIT_EVENT and SET_EVENT_MASK without
 * a button and for SET_TRIGGER of a kind not built in.
 */
int ioctl_dispatch(struct led_device *dev, struct fanout_client *client, unsigned int cmd,
		   const struct led_origin *origin, const void *in, size_t in_size, size_t out_size,
		   union ioctl_out *out, size_t *out_len);

#endif
