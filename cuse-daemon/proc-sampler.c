/* SPDX-License-Identifier: MIT */
#include "proc-sampler.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event-util.h"
#include "log.h"

/* 1 ms: the interval is the rate documented by the triggers. */
#define ACCURACY_USEC USEC_PER_MSEC
/* The first buffer: /proc/stat of a few CPUs, /proc/diskstats of a few disks. */
#define INITIAL_BYTES 4096U

struct proc_sampler {
	sd_event *event;
	sd_event_source *timer;
	char *path;
	usec_t interval_usec;
	const struct proc_sampler_ops *ops;
	void *userdata;
	char *buf;              /* the last reading, kept to be reused */
	size_t size;
	bool warned;            /* a failure was logged; cleared by a good reading */
};

/* The whole file into s->buf, NUL-terminated: /proc files say size 0, so
 * read to the end, growing the buffer. */
static int read_file(struct proc_sampler *s)
{
	_cleanup_close_ int fd = -EBADF;
	size_t len = 0;

	fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (len + 1 >= s->size) {
			size_t size = s->size ? s->size * 2 : INITIAL_BYTES;
			char *buf;

			if (size > PROC_SAMPLER_MAX_BYTES)
				return -EFBIG;
			buf = realloc(s->buf, size);
			if (!buf)
				return -ENOMEM;
			s->buf = buf;
			s->size = size;
		}
		n = read(fd, s->buf + len, s->size - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	s->buf[len] = '\0';
	return 0;
}

static void sample(struct proc_sampler *s)
{
	int r;

	r = read_file(s);
	if (r < 0) {
		if (!s->warned)
			log_warning_errno(r, "cannot read %s (%m): no activity shown until it can be read", s->path);
		s->warned = true;
		return;
	}
	r = s->ops->sample(s->userdata, s->buf);
	if (r < 0) {
		if (!s->warned)
			log_warning("%s is not in the expected format: no activity shown until it is", s->path);
		s->warned = true;
		return;
	}
	if (s->warned)
		log_info("%s read again: showing its activity", s->path);
	s->warned = false;
}

static int on_timer(sd_event_source *source, uint64_t usec, void *userdata)
{
	struct proc_sampler *s = userdata;
	int r;

	sample(s);
	/* From the time it was due, not from now: no drift, one wake-up per interval. */
	r = event_reset_time(s->event, &s->timer, CLOCK_MONOTONIC, usec + s->interval_usec, ACCURACY_USEC,
			     on_timer, s, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		log_warning_errno(r, "cannot re-arm the sampling timer of %s (%m): no activity shown", s->path);
	return 0;
}

int proc_sampler_new(sd_event *event, const char *path, usec_t interval_usec, const struct proc_sampler_ops *ops,
		     void *userdata, struct proc_sampler **ret)
{
	_cleanup_(proc_sampler_freep) struct proc_sampler *s = NULL;
	int r;

	assert(event && path && interval_usec > 0 && ops && ops->sample && ret);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->event = sd_event_ref(event);
	s->interval_usec = interval_usec;
	s->ops = ops;
	s->userdata = userdata;
	s->path = strdup(path);
	if (!s->path)
		return -ENOMEM;
	r = event_reset_time_relative(event, &s->timer, CLOCK_MONOTONIC, interval_usec, ACCURACY_USEC, on_timer, s,
				      SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		return r;
	sample(s);
	*ret = TAKE_PTR(s);
	return 0;
}

struct proc_sampler *proc_sampler_free(struct proc_sampler *s)
{
	if (!s)
		return NULL;
	sd_event_source_disable_unref(s->timer);
	sd_event_unref(s->event);
	free(s->path);
	free(s->buf);
	free(s);
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_line_end(char c)
{
	return c == '\n' || c == '\0';
}

int proc_sampler_parse_line(const char *line, size_t skip_words, uint64_t *values, size_t max)
{
	const char *p = line;
	size_t n = 0;

	assert(line && (values || max == 0));
	for (size_t i = 0; i < skip_words; i++) {
		while (is_blank(*p))
			p++;
		if (is_line_end(*p))
			return -EBADMSG;
		while (!is_blank(*p) && !is_line_end(*p))
			p++;
	}
	while (n < max) {
		char *end;

		while (is_blank(*p))
			p++;
		if (is_line_end(*p))
			break;
		if (*p < '0' || *p > '9')
			return -EBADMSG;
		errno = 0;
		values[n] = strtoull(p, &end, 10);
		if (errno != 0 || (!is_blank(*end) && !is_line_end(*end)))
			return -EBADMSG;
		n++;
		p = end;
	}
	return (int)n;
}
