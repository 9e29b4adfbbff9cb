/* SPDX-License-Identifier: MIT */
#include "button-source.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include "event-util.h"
#include "log.h"
#include "time-util.h"

#define EVENTS_PER_READ 16
/* Hold and double-click deadlines: a millisecond late at most. */
#define BUTTON_ACCURACY_USEC 1000ULL
/* A read that failed with the chip still there is tried again this much
 * later: the fd may stay readable, and must not spin the loop. */
#define BUTTON_RETRY_USEC 100000ULL

struct button_source {
	sd_event *event;
	struct gpio_backend *backend;
	const char *name;
	bool press_rising;
	bool accepting;
	int read_error;                 /* of the failing reads in a row, logged once */
	struct button *button;
	const struct button_source_ops *ops;
	void *userdata;

	sd_event_source *io;
	sd_event_source *deadline;      /* the recogniser's timer */
	sd_event_source *retry;
};

static int on_deadline(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct button_source *b = userdata;
	int r;

	/* usec is the deadline rounded up to a microsecond: never early. */
	r = button_timer_expired(b->button, usec * NSEC_PER_USEC);
	if (r < 0)
		log_error_errno(r, "cannot re-arm the button timer: %m");
	return 0;
}

static int deadline_arm(void *userdata, uint64_t deadline_ns)
{
	struct button_source *b = userdata;

	/* Behind the edge events: an edge already read settles its deadline first. */
	return event_reset_time(b->event, &b->deadline, CLOCK_MONOTONIC, nsec_to_usec_ceil(deadline_ns),
				BUTTON_ACCURACY_USEC, on_deadline, b, SD_EVENT_PRIORITY_NORMAL + 1);
}

static void deadline_disarm(void *userdata)
{
	struct button_source *b = userdata;

	if (b->deadline)
		(void)sd_event_source_set_enabled(b->deadline, SD_EVENT_OFF);
}

static void on_button_event(void *userdata, const struct button_event *event)
{
	struct button_source *b = userdata;

	b->ops->event(b->userdata, event);
}

static const struct button_ops button_ops = {
	.arm = deadline_arm,
	.disarm = deadline_disarm,
	.event = on_button_event,
};

static void edge(struct button_source *b, bool pressed, uint64_t timestamp_ns)
{
	int r = button_edge(b->button, pressed, timestamp_ns);

	if (r < 0)
		log_error_errno(r, "cannot arm the button timer: %m");
}

static int on_retry(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct button_source *b = userdata;

	if (b->io)
		(void)sd_event_source_set_enabled(b->io, SD_EVENT_ON);
	return 0;
}

/* Stop reading for BUTTON_RETRY_USEC; what is pending waits in the kernel. */
static int pause_reading(struct button_source *b)
{
	int r;

	r = event_reset_time_relative(b->event, &b->retry, CLOCK_MONOTONIC, BUTTON_RETRY_USEC, BUTTON_ACCURACY_USEC,
				      on_retry, b, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(b->io, SD_EVENT_OFF);
}

/*
 * Reading failed with error. Only its chip really gone ends the button: an
 * ENODEV from the read, or a chip the lines' probe finds gone after another
 * error. A transient error is no news (the fd is level-triggered: what is
 * pending comes again); any other is retried a moment later.
 */
static void read_failed(struct button_source *b, int error)
{
	int r;

	if (error == -EINTR || error == -EAGAIN)
		return;
	if (error != -ENODEV)
		(void)gpio_backend_check(b->backend);
	b->ops->read_failed(b->userdata, error);
	if (!b->io)
		return; /* stopped: its chip is gone until it is back */
	if (error != b->read_error)
		log_warning_errno(error, "cannot read the button of /dev/%s (%m); retrying", b->name);
	b->read_error = error;
	r = pause_reading(b);
	if (r < 0) {
		/* Without a retry timer the readable fd would spin the loop: the
		 * button is off until the next reconnect (a /dev event) finds it. */
		log_error_errno(r, "cannot pause the button of /dev/%s: %m", b->name);
		button_source_stop(b);
		b->ops->stopped(b->userdata, r);
	}
}

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct button_source *b = userdata;
	struct gpio_button_event events[EVENTS_PER_READ];
	int n;

	n = gpio_backend_read_events(b->backend, events, EVENTS_PER_READ);
	if (n < 0) {
		read_failed(b, n);
		return 0;
	}
	if (n == 0 && (revents & (EPOLLHUP | EPOLLERR))) {
		/* A hang-up with nothing to read: the probe tells whether the chip went. */
		read_failed(b, -EPIPE);
		return 0;
	}
	if (b->read_error) {
		log_info("button of /dev/%s read again", b->name);
		b->read_error = 0;
	}
	for (int i = 0; i < n && b->accepting; i++)
		edge(b, events[i].rising == b->press_rising, events[i].timestamp_ns);
	return 0;
}

enum gpio_edge button_source_edges(unsigned int hold_ms, enum button_action action, enum gpio_edge edge)
{
	if (hold_ms || action == BUTTON_ACTION_MOMENTARY)
		return GPIO_EDGE_BOTH;
	return edge;
}

int button_source_new(sd_event *event, struct gpio_backend *backend, const struct button_source_config *config,
		      const struct button_source_ops *ops, void *userdata, struct button_source **ret)
{
	_cleanup_(button_source_freep) struct button_source *b = NULL;
	struct button_config bc = {
		.hold_ms = config->hold_ms,
		.double_click_ms = config->double_click_ms,
		.releases = button_source_edges(config->hold_ms, config->action, config->edge) == GPIO_EDGE_BOTH,
	};
	int r;

	assert(event && backend && config && config->name && ops && ops->event && ops->read_failed && ops->stopped);
	assert(ret);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->event = sd_event_ref(event);
	b->backend = backend;
	b->name = config->name;
	/* --edge=both: a press is the active edge; otherwise the configured one. */
	b->press_rising = config->edge == GPIO_EDGE_BOTH ? !config->active_low : config->edge == GPIO_EDGE_RISING;
	b->accepting = true;
	b->ops = ops;
	b->userdata = userdata;
	r = button_new(&bc, &button_ops, b, &b->button);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(b);
	return 0;
}

struct button_source *button_source_free(struct button_source *b)
{
	if (!b)
		return NULL;
	sd_event_source_disable_unref(b->io);
	sd_event_source_disable_unref(b->retry);
	button_free(b->button);
	sd_event_source_disable_unref(b->deadline);
	sd_event_unref(b->event);
	free(b);
	return NULL;
}

int button_source_watch(struct button_source *b)
{
	int fd = gpio_backend_get_event_fd(b->backend);

	b->io = sd_event_source_disable_unref(b->io);
	if (fd < 0)
		return 0;
	return sd_event_add_io(b->event, &b->io, fd, EPOLLIN, on_io, b);
}

void button_source_stop(struct button_source *b)
{
	b->io = sd_event_source_disable_unref(b->io);
}

void button_source_set_accepting(struct button_source *b, bool accepting)
{
	b->accepting = accepting;
}

void button_source_reset(struct button_source *b)
{
	button_reset(b->button);
}
