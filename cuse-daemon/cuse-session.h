/* SPDX-License-Identifier: MIT */
/*
 * The CUSE session: registers /dev/NAME with the kernel (libfuse's
 * cuse_lowlevel_setup(), the CUSE device's handlers), serves it on the
 * loop (cuse-channel.c), says when the node is there (READY=1) and, when
 * the channel ends, why, ending the loop: EXIT_SUCCESS for the session's
 * orderly end after it was ready, EXIT_FAILURE for anything else.
 */
#ifndef LED_CUSE_CUSE_SESSION_H
#define LED_CUSE_CUSE_SESSION_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "led-device.h"
#include "macro.h"

struct cuse_session_config {
	const char *name;               /* /dev/NAME */
	bool fixed_devno;               /* major:minor below, else the kernel picks */
	unsigned int major, minor;
};

struct cuse_session_ops {
	/* The device node is there, READY=1 was sent. */
	void (*ready)(void *userdata);
	/* Before the loop sleeps, once ready: once per iteration, after a batch
	 * of requests, presses or timer ticks (see cuse-channel.h). */
	void (*before_sleep)(void *userdata);
};

struct cuse_session;

/* Errors are logged here: /dev/cuse missing (the module), the session refused. */
int cuse_session_new(sd_event *event, struct led_device *dev, const struct cuse_session_config *config,
		     const struct cuse_session_ops *ops, void *userdata, struct cuse_session **ret);
/* /dev/NAME disappears here; parked waits fail with ENODEV. */
struct cuse_session *cuse_session_free(struct cuse_session *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct cuse_session *, cuse_session_free)

#endif
