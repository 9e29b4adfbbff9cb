/* SPDX-License-Identifier: MIT */
/*
 * The CUSE device: /dev/NAME's file operations as CUSE low-level handlers
 * (the userspace twin of struct file_operations in the kernel's classic LED
 * character-device driver), over a LED device, with the open files and
 * parked waits of its fan-out. It listens to the LED device: a change wakes
 * pollers, a button event answers waiters, a lost chip fails them.
 */
#ifndef LED_CUSE_CUSE_OPS_H
#define LED_CUSE_CUSE_OPS_H

#include <cuse_lowlevel.h> /* FUSE_USE_VERSION comes from the build */

#include "fanout.h"
#include "led-device.h"

/* The kernel splits writes into chunks of at most this; bounds our buffering. */
#define CUSE_DEVICE_MAX_WRITE 4096

struct cuse_device_ops {
	/* The kernel answered CUSE_INIT: the node is created, unless it refused (see cuse-session.c). */
	void (*init_done)(void *userdata);
};

struct cuse_device;

/* The handlers; their userdata (the session's) is the struct cuse_device. */
extern const struct cuse_lowlevel_ops cuse_device_ops;

/*
 * A CUSE device over dev: creates the fan-out and subscribes to dev's
 * changes, button events and lost chips.
 */
int cuse_device_new(struct led_device *dev, const struct cuse_device_ops *ops, void *userdata,
		    struct cuse_device **ret);
/* Fails parked waits with ENODEV, drops every client and unsubscribes. */
struct cuse_device *cuse_device_free(struct cuse_device *cd);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct cuse_device *, cuse_device_free)

#endif
