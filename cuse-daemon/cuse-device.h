/* SPDX-License-Identifier: MIT */
/*
 * The file operations of /dev/led, as CUSE low-level handlers: the
 * userspace twin of the seed driver's struct file_operations.
 */
#ifndef LED_CUSE_CUSE_OPS_H
#define LED_CUSE_CUSE_OPS_H

#include <cuse_lowlevel.h> /* FUSE_USE_VERSION comes from the build */

#include "fanout.h"
#include "led-device.h"

/* The kernel splits writes into chunks of at most this; bounds our buffering. */
#define CUSE_DEVICE_MAX_WRITE 4096

struct cuse_device {
	struct led_device *dev;
	struct fanout *fanout;
	/* Called once the kernel has created the device node. */
	void (*ready)(void *userdata);
	/* Called for each recorded change of the LED, after pollers were woken. */
	void (*recorded)(void *userdata, const struct led_cuse_change *change);
	void *userdata;         /* of ready and recorded */
	/* Optional: each button event, after the waiters had it (actions). */
	void (*button)(void *userdata, const struct led_cuse_event *event);
	void *button_userdata;
};

extern const struct cuse_lowlevel_ops cuse_device_ops;

/*
 * Wire lc to dev: creates the fan-out and makes the device's changes,
 * presses and unplugs reach pollers and waiters. lc is the session's
 * userdata.
 */
int cuse_device_init(struct cuse_device *lc, struct led_device *dev);
/* Fails parked waits with ENODEV and drops every client. */
void cuse_device_done(struct cuse_device *lc);

#endif
