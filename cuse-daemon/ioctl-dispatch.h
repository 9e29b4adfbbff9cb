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

#include "led-device.h"

/* Returned (positive) when the request must be parked until the next button press. */
#define LED_IOCTL_WAIT 1
/* Returned (positive) when out->event_mask is valid and must become the file's mask. */
#define LED_IOCTL_SET_EVENT_MASK 2

union ioctl_out {
	struct led_cuse_state state;
	struct led_cuse_info info;
	struct led_cuse_event event;
	struct led_cuse_event_mask event_mask;
	struct led_cuse_mode mode;
	struct led_cuse_change change;
};

/*
 * Run request cmd for a file opened with write access or not, on behalf of
 * origin (source LED_CUSE_CHANGE_IOCTL and the requester). Returns 0
 * with *out_len bytes of *out to send back, LED_IOCTL_WAIT for WAIT_EVENT,
 * LED_IOCTL_SET_EVENT_MASK for a valid SET_EVENT_MASK (nothing to send
 * back), or a negative errno: -ENOTTY for an unknown request, -EBADF for a
 * request that changes the LED on a file without write access, -EINVAL for
 * wrong sizes or values, -ENODEV while the chip is gone, -EOPNOTSUPP for
 * WAIT_EVENT and SET_EVENT_MASK without a button.
 */
int ioctl_dispatch(struct led_device *dev, unsigned int cmd, bool writable, const struct led_origin *origin,
		       const void *in, size_t in_size, size_t out_size, union ioctl_out *out, size_t *out_len);

#endif
