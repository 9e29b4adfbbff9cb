/* SPDX-License-Identifier: MIT */
#include "cuse-device.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ioctl-dispatch.h"
#include "led-command.h"
#include "log.h"

struct cuse_device {
	struct led_device *dev;
	struct fanout *fanout;
	const struct cuse_device_ops *ops;
	void *userdata;
};

static struct fanout_client *client_of(struct fuse_file_info *fi)
{
	return (struct fanout_client *)(uintptr_t)fi->fh;
}

static struct cuse_device *device_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* --- fan-out ops: the FUSE side of fanout --- */

static void poll_notify(void *ph)
{
	int r = fuse_lowlevel_notify_poll(ph);

	/* ENOENT: the poller is gone already, nothing to wake. */
	if (r < 0 && r != -ENOENT)
		log_debug_errno(r, "poll notification failed: %m");
	fuse_pollhandle_destroy(ph);
}

static void poll_release(void *ph)
{
	fuse_pollhandle_destroy(ph);
}

static void wait_reply(void *req, int error, const struct led_cuse_event *event)
{
	if (error)
		fuse_reply_err(req, error);
	else
		fuse_reply_ioctl(req, 0, event, sizeof(*event));
}

static const struct fanout_ops fanout_ops = {
	.poll_notify = poll_notify,
	.poll_release = poll_release,
	.wait_reply = wait_reply,
};

/* --- what it hears from the LED device --- */

static void on_changed(void *userdata, const struct led_cuse_change *change)
{
	struct cuse_device *cd = userdata;

	fanout_wake_pollers(cd->fanout);
}

static void on_button(void *userdata, const struct led_cuse_event *event, const uint64_t *counts)
{
	struct cuse_device *cd = userdata;

	fanout_deliver_event(cd->fanout, event, counts);
}

static void on_gone(void *userdata)
{
	struct cuse_device *cd = userdata;

	fanout_complete_waiters(cd->fanout, -ENODEV, NULL);
}

static const struct led_listener device_listener = {
	.changed = on_changed,
	.button = on_button,
	.gone = on_gone,
};

int cuse_device_new(struct led_device *dev, const struct cuse_device_ops *ops, void *userdata,
		    struct cuse_device **ret)
{
	_cleanup_(cuse_device_freep) struct cuse_device *cd = NULL;
	int r;

	assert(dev && ops && ops->init_done && ret);
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return -ENOMEM;
	cd->ops = ops;
	cd->userdata = userdata;
	r = fanout_new(&fanout_ops, &cd->fanout);
	if (r < 0)
		return r;
	r = led_device_add_listener(dev, &device_listener, cd);
	if (r < 0)
		return r;
	cd->dev = dev;
	*ret = TAKE_PTR(cd);
	return 0;
}

/* For the tests (tests/fakes/internals.h). */
struct fanout *cuse_device_get_fanout(struct cuse_device *cd);
struct fanout *cuse_device_get_fanout(struct cuse_device *cd)
{
	return cd->fanout;
}

struct cuse_device *cuse_device_free(struct cuse_device *cd)
{
	if (!cd)
		return NULL;
	if (cd->dev)
		led_device_remove_listener(cd->dev, &device_listener, cd);
	fanout_free(cd->fanout);
	free(cd);
	return NULL;
}

/* --- file operations --- */

static void cuse_init(void *userdata, struct fuse_conn_info *conn)
{
	conn->max_write = CUSE_DEVICE_MAX_WRITE;
}

static void cuse_init_done(void *userdata)
{
	struct cuse_device *cd = userdata;

	cd->ops->init_done(cd->userdata);
}

/* The client behind req: FUSE passes its uid and pid (thread id) with each request. */
static struct led_origin origin_of(fuse_req_t req, enum led_cuse_change_source source)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);

	return (struct led_origin){ .source = source, .uid = ctx->uid, .pid = ctx->pid };
}

static void cuse_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct fanout_client *c;
	int r;

	/* The kernel itself refuses write() on an O_RDONLY file; the ioctls
	 * that change the LED need to know too. */
	r = fanout_client_new(device_of(req)->fanout, (fi->flags & O_ACCMODE) != O_RDONLY, &c);
	if (r < 0) {
		fuse_reply_err(req, -r);
		return;
	}
	fi->fh = (uintptr_t)c;
	fi->nonseekable = 1;
	fi->direct_io = 1;
	if (fuse_reply_open(req, fi) < 0)
		fanout_client_free(c); /* the opener was interrupted; no release will come */
}

/*
 * The kernel passes offset 0 on every CUSE read, so "has this open file
 * seen the current state?" is what makes cat reach EOF: the first reads
 * return "0\n" or "1\n" (piecewise to a small buffer), the next one 0 bytes
 * until the state changes.
 */
static void cuse_read(fuse_req_t req, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct cuse_device *cd = device_of(req);
	struct fanout_client *c = client_of(fi);
	struct led_device_status st;
	const char *data = NULL;
	size_t n;

	led_device_get_status(cd->dev, &st);
	if (!st.present) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	n = fanout_client_read(c, st.generation, st.on, size, &data);
	/* Count the bytes as read only once the kernel took them. */
	if (fuse_reply_buf(req, data, n) == 0)
		fanout_client_consume(c, n);
}

static void cuse_write(fuse_req_t req, const char *buf, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct cuse_device *cd = device_of(req);
	struct led_command cmds[LED_COMMAND_MAX_PER_WRITE];
	struct led_origin origin = origin_of(req, LED_CUSE_CHANGE_WRITE);
	int n, r;

	n = led_command_parse_buffer(buf, size, cmds, LED_COMMAND_MAX_PER_WRITE);
	if (n < 0) {
		log_debug_errno(n, "rejected write of %zu bytes: %m", size);
		fuse_reply_err(req, -n);
		return;
	}
	r = led_device_apply_all(cd->dev, cmds, (size_t)n, &origin);
	if (r < 0) {
		fuse_reply_err(req, -r);
		return;
	}
	fuse_reply_write(req, size);
}

static void wait_interrupted(fuse_req_t req, void *data)
{
	fanout_waiter_cancel(data, EINTR);
}

static void cuse_ioctl(fuse_req_t req, int cmd, void *arg, struct fuse_file_info *fi,
		       unsigned int flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	struct cuse_device *cd = device_of(req);
	struct led_origin origin = origin_of(req, LED_CUSE_CHANGE_IOCTL);
	union ioctl_out out;
	struct fanout_waiter *w;
	size_t out_len = 0;
	int r;

	/* FUSE_IOCTL_COMPAT (a 32-bit caller) needs nothing special: every
	 * argument has the same layout and request number on both ABIs. We never
	 * ask for unrestricted mode, so no retry round trip exists. */
	if (flags & FUSE_IOCTL_UNRESTRICTED) {
		fuse_reply_err(req, ENOTTY);
		return;
	}
	r = ioctl_dispatch(cd->dev, client_of(fi), (unsigned int)cmd, &origin, in_buf, in_bufsz, out_bufsz, &out,
			   &out_len);
	if (r < 0) {
		fuse_reply_err(req, -r);
		return;
	}
	if (r == IOCTL_PARK) {
		/* Park the request; the loop goes on and answers it on the next press. */
		r = fanout_add_waiter(cd->fanout, client_of(fi), req, &w);
		if (r < 0) {
			fuse_reply_err(req, -r);
			return;
		}
		/* May call wait_interrupted at once if the signal came already. */
		fuse_req_interrupt_func(req, wait_interrupted, w);
		return;
	}
	fuse_reply_ioctl(req, 0, out_len ? &out : NULL, out_len);
}

static void cuse_poll(fuse_req_t req, struct fuse_file_info *fi, struct fuse_pollhandle *ph)
{
	struct cuse_device *cd = device_of(req);
	struct fanout_client *c = client_of(fi);
	struct led_device_status st;
	unsigned int revents = POLLOUT | POLLWRNORM; /* writes never block */

	led_device_get_status(cd->dev, &st);
	if (!st.present)
		revents |= POLLERR;
	if (fanout_client_has_unread(c, st.generation))
		revents |= POLLIN | POLLRDNORM;
	if (ph)
		fanout_client_set_poll_handle(c, ph);
	fuse_reply_poll(req, revents);
}

static void cuse_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fanout_client_free(client_of(fi));
	fuse_reply_err(req, 0);
}

const struct cuse_lowlevel_ops cuse_device_ops = {
	.init = cuse_init,
	.init_done = cuse_init_done,
	.open = cuse_open,
	.read = cuse_read,
	.write = cuse_write,
	.ioctl = cuse_ioctl,
	.poll = cuse_poll,
	.release = cuse_release,
};
