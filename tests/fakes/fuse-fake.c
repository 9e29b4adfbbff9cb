/* SPDX-License-Identifier: MIT */
#include "fuse-fake.h"

#include <stdlib.h>
#include <string.h>

int fake_polls_notified;
int fake_polls_destroyed;
int fake_poll_last_notified_id;

void fake_reset(void)
{
	fake_polls_notified = 0;
	fake_polls_destroyed = 0;
	fake_poll_last_notified_id = 0;
}

fuse_req_t fake_req_new(void *userdata)
{
	fuse_req_t req = calloc(1, sizeof(*req));

	if (req) {
		req->userdata = userdata;
		req->ctx = (struct fuse_ctx){ .uid = FAKE_UID, .gid = FAKE_UID, .pid = FAKE_PID };
	}
	return req;
}

void fake_req_free(fuse_req_t req)
{
	free(req);
}

void fake_req_interrupt(fuse_req_t req)
{
	req->interrupted = true;
	if (req->interrupt_func)
		req->interrupt_func(req, req->interrupt_data);
}

struct fuse_pollhandle *fake_pollhandle_new(int id)
{
	struct fuse_pollhandle *ph = calloc(1, sizeof(*ph));

	if (ph)
		ph->id = id;
	return ph;
}

static int record(fuse_req_t req, enum fake_reply kind, const void *data, size_t size)
{
	req->reply = kind;
	req->replies++;
	req->interrupt_func = NULL; /* a replied request is gone, as in libfuse */
	if (data && size <= sizeof(req->data))
		memcpy(req->data, data, size);
	req->size = size;
	return req->reply_return;
}

void *fuse_req_userdata(fuse_req_t req)
{
	return req->userdata;
}

const struct fuse_ctx *fuse_req_ctx(fuse_req_t req)
{
	return &req->ctx;
}

int fuse_reply_err(fuse_req_t req, int err)
{
	req->error = err;
	return record(req, FAKE_REPLY_ERR, NULL, 0);
}

int fuse_reply_buf(fuse_req_t req, const char *buf, size_t size)
{
	return record(req, FAKE_REPLY_BUF, buf, size);
}

int fuse_reply_open(fuse_req_t req, const struct fuse_file_info *fi)
{
	return record(req, FAKE_REPLY_OPEN, fi, sizeof(*fi));
}

int fuse_reply_write(fuse_req_t req, size_t count)
{
	return record(req, FAKE_REPLY_WRITE, NULL, count);
}

int fuse_reply_ioctl(fuse_req_t req, int result, const void *buf, size_t size)
{
	req->ioctl_result = result;
	return record(req, FAKE_REPLY_IOCTL, buf, size);
}

int fuse_reply_poll(fuse_req_t req, unsigned revents)
{
	req->revents = revents;
	return record(req, FAKE_REPLY_POLL, NULL, 0);
}

void fuse_req_interrupt_func(fuse_req_t req, fuse_interrupt_func_t func, void *data)
{
	req->interrupt_func = func;
	req->interrupt_data = data;
	if (req->interrupted && func)
		func(req, data);
}

int fuse_lowlevel_notify_poll(struct fuse_pollhandle *ph)
{
	fake_polls_notified++;
	fake_poll_last_notified_id = ph->id;
	return 0;
}

void fuse_pollhandle_destroy(struct fuse_pollhandle *ph)
{
	fake_polls_destroyed++;
	free(ph);
}
