/* SPDX-License-Identifier: MIT */
/*
 * Test doubles for the libfuse calls the CUSE handlers make. Each
 * fuse_reply_* records what it was given in the request, so a test can
 * assert every reply, errno and payload without a kernel.
 */
#ifndef LED_CUSE_FUSE_FAKE_H
#define LED_CUSE_FUSE_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "cuse-device.h"

enum fake_reply {
	FAKE_REPLY_NONE,  /* not answered (yet) */
	FAKE_REPLY_ERR,   /* fuse_reply_err; error 0 is a plain success (release) */
	FAKE_REPLY_BUF,
	FAKE_REPLY_OPEN,
	FAKE_REPLY_WRITE,
	FAKE_REPLY_IOCTL,
	FAKE_REPLY_POLL,
};

struct fuse_req {
	void *userdata;
	enum fake_reply reply;
	int replies;             /* must end up exactly 1 */
	int error;
	unsigned char data[512];
	size_t size;             /* bytes of data (buf, ioctl) or count (write) */
	int ioctl_result;
	unsigned int revents;
	fuse_interrupt_func_t interrupt_func;
	void *interrupt_data;
	bool interrupted;
	int reply_return;        /* what the next fuse_reply_* returns */
	struct fuse_ctx ctx;     /* the requester (fuse_req_ctx): uid, gid, pid, umask */
};

struct fuse_pollhandle {
	int id;
};

/* A request from uid FAKE_UID, pid FAKE_PID unless the test sets req->ctx. */
#define FAKE_UID 1000
#define FAKE_PID 4321
fuse_req_t fake_req_new(void *userdata);
void fake_req_free(fuse_req_t req);
/* Deliver a FUSE_INTERRUPT for req, as libfuse would. */
void fake_req_interrupt(fuse_req_t req);

struct fuse_pollhandle *fake_pollhandle_new(int id);
/* Counters since the last fake_reset(). */
extern int fake_polls_notified;
extern int fake_polls_destroyed;
extern int fake_poll_last_notified_id;
void fake_reset(void);

#endif
