/* SPDX-License-Identifier: MIT */
#include "cuse-channel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

struct cuse_channel {
	struct fuse_session *se;
	struct fuse_buf buf;
	sd_event_source *source;
	struct cuse_drain drain;
	const struct cuse_channel_ops *ops;
	void *userdata;
};

bool cuse_drain_more(const struct cuse_drain *d, unsigned int n)
{
	if (n >= CUSE_CHANNEL_BATCH)
		return false;
	/* A second request in this wake-up means clients queue: keep reading. */
	return n >= 2 || d->skip == 0;
}

void cuse_drain_done(struct cuse_drain *d, unsigned int n, bool empty)
{
	if (n >= 2) {
		*d = (struct cuse_drain) {};
	} else if (n == 1 && empty) {
		/* The probe was wasted: wait longer before the next one. */
		d->interval = d->interval == 0 ? CUSE_CHANNEL_PROBE_INTERVAL : 2 * d->interval;
		if (d->interval > CUSE_CHANNEL_PROBE_INTERVAL_MAX)
			d->interval = CUSE_CHANNEL_PROBE_INTERVAL_MAX;
		d->skip = d->interval - 1;
	} else if (n == 1 && d->skip > 0) {
		d->skip--;
	}
}

static int on_request(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct cuse_channel *ch = userdata;
	unsigned int n = 0;
	bool empty = false;
	int r;

	for (;;) {
		/* libfuse returns -EAGAIN silently on a non-blocking fd. */
		r = fuse_session_receive_buf(ch->se, &ch->buf);
		if (r == -EAGAIN) {
			empty = true;
			break;
		}
		if (r == -EINTR)
			break;
		if (r == 0)
			return ch->ops->ended(ch->userdata, CUSE_CHANNEL_CLOSED, 0);
		if (r < 0)
			return ch->ops->ended(ch->userdata, CUSE_CHANNEL_FAILED, r);
		fuse_session_process_buf(ch->se, &ch->buf);
		n++;
		if (fuse_session_exited(ch->se))
			return ch->ops->ended(ch->userdata, CUSE_CHANNEL_EXITED, 0);
		if (!cuse_drain_more(&ch->drain, n))
			break;
	}
	cuse_drain_done(&ch->drain, n, empty);
	return 0;
}

static int on_prepare(sd_event_source *s, void *userdata)
{
	struct cuse_channel *ch = userdata;

	ch->ops->before_sleep(ch->userdata);
	return 0;
}

int cuse_channel_new(sd_event *event, struct fuse_session *se, const struct cuse_channel_ops *ops,
		     void *userdata, struct cuse_channel **ret)
{
	int fd = fuse_session_fd(se), flags, r;
	struct cuse_channel *ch;

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	ch = calloc(1, sizeof(*ch));
	if (!ch)
		return -ENOMEM;
	ch->se = se;
	ch->ops = ops;
	ch->userdata = userdata;
	r = sd_event_add_io(event, &ch->source, fd, EPOLLIN, on_request, ch);
	if (r >= 0 && ops->before_sleep)
		r = sd_event_source_set_prepare(ch->source, on_prepare);
	if (r < 0) {
		cuse_channel_free(ch);
		return r;
	}
	*ret = ch;
	return 0;
}

struct cuse_channel *cuse_channel_free(struct cuse_channel *ch)
{
	if (!ch)
		return NULL;
	sd_event_source_disable_unref(ch->source);
	free(ch->buf.mem);
	free(ch);
	return NULL;
}
