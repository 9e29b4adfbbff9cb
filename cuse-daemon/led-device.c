/* SPDX-License-Identifier: MIT */
#include "led-device.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <time.h>

#include "uapi.h"
#include "log.h"
#include "macro.h"
#include "string-util.h"

#define USEC_PER_MSEC 1000ULL
/* Blink edges should be where they were asked for, not sd-event's 250 ms default slack. */
#define BLINK_ACCURACY_USEC 1000ULL
#define EVENTS_PER_READ 16
/* Mode steps in a row whose GPIO write may fail (an I2C expander NAK)
 * before the mode is stopped and reported: one glitch does not end it. */
#define BLINK_MAX_FAILURES 3
#define NSEC_PER_USEC 1000ULL
/* Hold and double-click deadlines: a millisecond late at most. */
#define BUTTON_ACCURACY_USEC 1000ULL
/* A button read that failed with the chip still there is tried again this
 * much later: the fd may stay readable, and must not spin the loop. */
#define BUTTON_RETRY_USEC 100000ULL

_Static_assert((int)BUTTON_PRESS == (int)LED_CUSE_EVENT_PRESS &&
	       (int)BUTTON_RELEASE == (int)LED_CUSE_EVENT_RELEASE &&
	       (int)BUTTON_HOLD == (int)LED_CUSE_EVENT_HOLD &&
	       (int)BUTTON_DOUBLE == (int)LED_CUSE_EVENT_DOUBLE && BUTTON_DOUBLE + 1 == LED_CUSE_EVENT_KINDS,
	       "button kinds are the public kinds");

struct led_device {
	sd_event *event;
	struct gpio_backend *backend;
	char name[LED_CUSE_NAME_LEN];
	char *dev_dir;
	bool active_low;

	bool on;
	/* The running mode (kind NONE: a steady level), driven by the blink timer. */
	struct led_mode mode;
	unsigned int step;              /* the step the LED is in */
	unsigned int runs;              /* runs of the steps completed */
	bool end_on;                    /* a finite LED_MODE_END_RESTORE mode ends at this level... */
	struct led_mode end_mode;       /* ... or in this endless mode, unless kind NONE */
	unsigned int blink_failures;    /* consecutive failed step writes */
	bool present;                   /* the LED's chip: false while it is unplugged */
	bool button_present;            /* the button's chip (true without a button) */
	uint64_t generation;
	struct led_cuse_change last_change;
	uint64_t counts[LED_CUSE_EVENT_KINDS]; /* [LED_CUSE_EVENT_PRESS]: the presses */
	/* In led_device_apply_all(): the changes are told once the whole write took effect. */
	bool batch;
	bool batch_changed, batch_recorded;

	/* The button: edges go through the recogniser. */
	struct button *button;
	enum button_action button_action;
	bool press_rising;      /* physical direction of a press edge */
	bool releases;          /* the backend reports releases too */
	int reconnect_error;            /* why the last reconnect failed, logged once */
	char reconnect_why[256];
	int button_read_error;          /* of the failing reads in a row, logged once */

	sd_event_source *button_source;
	sd_event_source *button_timer_source;
	sd_event_source *button_retry_source;
	sd_event_source *blink_source;
	sd_event_source *dev_watch_source;

	const struct led_device_listener *listener;
	void *listener_data;
};

/* What the daemon changes by itself. */
static const struct led_origin origin_button = { .source = LED_CUSE_CHANGE_BUTTON };
static const struct led_origin origin_timer = { .source = LED_CUSE_CHANGE_TIMER };

/* The state right now, by origin, stamped with the current generation. */
static void record_change(struct led_device *dev, const struct led_origin *origin)
{
	bool client = origin->source == LED_CUSE_CHANGE_WRITE || origin->source == LED_CUSE_CHANGE_IOCTL;
	struct led_cuse_state st;
	struct timespec ts;

	led_device_get_state(dev, &st);
	clock_gettime(CLOCK_REALTIME, &ts);
	dev->last_change = (struct led_cuse_change){
		.generation = dev->generation,
		.realtime_ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec,
		.source = origin->source,
		.uid = client ? (uint32_t)origin->uid : LED_CUSE_CHANGE_NO_UID,
		.pid = client ? (uint32_t)origin->pid : 0,
		.state = st.state,
		.flags = st.flags,
	};
}

static void tell_changed(struct led_device *dev, const struct led_cuse_change *change)
{
	if (dev->listener && dev->listener->changed)
		dev->listener->changed(dev->listener_data, change);
}

/* origin NULL: not recorded (the chip going or coming back, the exit state). */
static void notify_changed(struct led_device *dev, const struct led_origin *origin)
{
	dev->generation++;
	if (origin)
		record_change(dev, origin);
	if (dev->batch) {
		dev->batch_changed = true;
		dev->batch_recorded = dev->batch_recorded || origin;
		return;
	}
	tell_changed(dev, origin ? &dev->last_change : NULL);
}

static int watch_button(struct led_device *dev);
static int blink_arm(struct led_device *dev, unsigned int ms);
static int blink_arm_after(struct led_device *dev, uint64_t deadline_usec, unsigned int ms);

/* The source is kept: a failed write puts a mode back on it without allocating. */
static void blink_stop(struct led_device *dev)
{
	if (dev->blink_source)
		(void)sd_event_source_set_enabled(dev->blink_source, SD_EVENT_OFF);
}

static bool mode_running(const struct led_device *dev)
{
	return dev->mode.kind != LED_CUSE_MODE_NONE;
}

/* No mode any more: the timer stops and what a finite mode would restore is forgotten. */
static void mode_clear(struct led_device *dev)
{
	blink_stop(dev);
	dev->mode = (struct led_mode){ .kind = LED_CUSE_MODE_NONE };
	dev->end_mode = (struct led_mode){ .kind = LED_CUSE_MODE_NONE };
}

/*
 * The state the LED settles in: the endless mode that runs (*mode), or
 * that a finite mode returns to, else the level (*on): now, or once the
 * running finite mode has ended. What a finite mode restores, and what a
 * restart brings back.
 */
static void lasting_state(const struct led_device *dev, bool *on, struct led_mode *mode)
{
	*mode = (struct led_mode){ .kind = LED_CUSE_MODE_NONE };
	*on = dev->on;
	if (led_mode_forever(&dev->mode))
		*mode = dev->mode;
	else if (mode_running(dev) && dev->mode.end == LED_MODE_END_OFF)
		*on = false;
	else if (mode_running(dev)) {
		*on = dev->end_on;
		*mode = dev->end_mode;
	}
}

/*
 * The LED's line, the button's or both are lost. Without the LED's, fail
 * fast until it is back; without the button's, the LED goes on working,
 * and nothing is left to wait for.
 */
static void lines_lost(struct led_device *dev, bool led, bool button, int error)
{
	if (!led && !button)
		return;
	log_warning_errno(error, "GPIO %s of /dev/%s lost (%m); waiting for %s chip to come back",
			  led && button ? "lines" : led ? "line of the LED" : "line of the button", dev->name,
			  led && button ? "the" : "its");
	if (led) {
		dev->present = false;
		blink_stop(dev);
	}
	if (button) {
		dev->button_present = false;
		dev->button_source = sd_event_source_disable_unref(dev->button_source);
	}
	/* A press in progress ends here: its line, or the LED it acts on, is gone. */
	button_reset(dev->button);
	notify_changed(dev, NULL);
	if (dev->listener && dev->listener->gone)
		dev->listener->gone(dev->listener_data);
}

/* A call met -ENODEV: the chips gone (hot-unplug) are those the backend found gone. */
static void handle_gone(struct led_device *dev, int error)
{
	unsigned int gone = gpio_backend_gone(dev->backend);

	lines_lost(dev, dev->present && (gone & GPIO_LINE_LED), dev->button_present && (gone & GPIO_LINE_BUTTON),
		   error);
}

/* Drive the line; a failure leaves dev->on as it was. */
static int drive(struct led_device *dev, bool on)
{
	int r = gpio_backend_set_led(dev->backend, on);

	if (r == -ENODEV)
		handle_gone(dev, r);
	return r;
}

/* The LED's line, the button's or both are held again. */
static void lines_back(struct led_device *dev, bool led, bool button)
{
	int r;

	if (led) {
		dev->present = true;
		dev->blink_failures = 0;
		/* The mode goes on with the step it was in (reconnect drove its level). */
		if (mode_running(dev) && blink_arm(dev, dev->mode.steps[dev->step].ms) < 0)
			mode_clear(dev);
	}
	if (button)
		dev->button_present = true;
	if (led)
		log_notice("GPIO %s of /dev/%s back; LED restored to %s", button ? "lines" : "line of the LED",
			   dev->name, mode_running(dev) ? "its mode" : dev->on ? "on" : "off");
	else
		log_notice("GPIO line of the button of /dev/%s back", dev->name);
	/* A line requested again may have another event fd. */
	r = watch_button(dev);
	if (r < 0)
		log_error_errno(r, "cannot watch the button after reconnecting: %m");
	notify_changed(dev, NULL);
}

static void try_reconnect(struct led_device *dev)
{
	bool led_back, button_back;
	unsigned int gone;
	char why[256];
	int r;

	r = gpio_backend_reconnect(dev->backend, dev->on, why, sizeof(why));
	/* Each line comes back with its own chip, even while the other is missing. */
	gone = gpio_backend_gone(dev->backend);
	led_back = !dev->present && !(gone & GPIO_LINE_LED);
	button_back = !dev->button_present && !(gone & GPIO_LINE_BUTTON);
	if (led_back || button_back)
		lines_back(dev, led_back, button_back);
	if (r < 0) {
		/* Say why the device stays unplugged, once per reason (every /dev
		 * event retries). A missing chip or line is the normal wait. */
		if (r != dev->reconnect_error || strcmp(why, dev->reconnect_why) != 0) {
			if (*why)
				log_full_errno(r == -ENODEV || r == -ENOENT ? LOG_NOTICE : LOG_WARNING, r,
					       "GPIO lines of /dev/%s not back: %s", dev->name, why);
			else
				log_warning_errno(r, "GPIO lines of /dev/%s not back: %m", dev->name);
			dev->reconnect_error = r;
			snprintf(dev->reconnect_why, sizeof(dev->reconnect_why), "%s", why);
		}
		return;
	}
	dev->reconnect_error = 0;
	dev->reconnect_why[0] = '\0';
}

/*
 * Something changed in /dev. Linux 6.1 does not wake a line request's
 * pollers when its chip is removed, but devtmpfs deletes the chip's node:
 * that is when to probe the lines, every one of them (the button may be on
 * another chip than the LED). A node appearing may be the chip back. When
 * the inotify queue overflowed, events were lost: probe and retry both.
 */
static int on_dev_change(sd_event_source *s, const struct inotify_event *ev, void *userdata)
{
	struct led_device *dev = userdata;
	int r;

	if (ev->mask & IN_Q_OVERFLOW)
		log_debug("/dev watch overflowed: probing the GPIO lines of /dev/%s", dev->name);
	if ((dev->present || dev->button_present) && (ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_Q_OVERFLOW))) {
		r = gpio_backend_check(dev->backend);
		if (r == -ENODEV)
			handle_gone(dev, r);
		else if (r < 0)
			log_warning_errno(r, "cannot probe the GPIO lines of /dev/%s: %m", dev->name);
	}
	if (!dev->present || !dev->button_present)
		try_reconnect(dev);
	return 0;
}

static int watch_dev_dir(struct led_device *dev)
{
	int r;

	r = sd_event_add_inotify(dev->event, &dev->dev_watch_source, dev->dev_dir,
				 IN_CREATE | IN_ATTRIB | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM,
				 on_dev_change, dev);
	if (r < 0)
		return r;
	/* Ahead of the CUSE channel: a request that follows an unplug in the same
	 * wake-up must see the device gone. */
	return sd_event_source_set_priority(dev->dev_watch_source, SD_EVENT_PRIORITY_IMPORTANT);
}

/* --- the button: recogniser, its timer, what it does to the LED --- */

static int on_button_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct led_device *dev = userdata;
	int r;

	/* usec is the deadline rounded up to a microsecond: never early. */
	r = button_timer_expired(dev->button, usec * NSEC_PER_USEC);
	if (r < 0)
		log_error_errno(r, "cannot re-arm the button timer: %m");
	return 0;
}

static int button_timer_arm(void *userdata, uint64_t deadline_ns)
{
	struct led_device *dev = userdata;
	uint64_t usec = (deadline_ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
	int r;

	if (!dev->button_timer_source) {
		r = sd_event_add_time(dev->event, &dev->button_timer_source, CLOCK_MONOTONIC, usec,
				      BUTTON_ACCURACY_USEC, on_button_timer, dev);
		if (r < 0)
			return r;
		/* Behind the edge events: an edge already read settles its deadline first. */
		return sd_event_source_set_priority(dev->button_timer_source, SD_EVENT_PRIORITY_NORMAL + 1);
	}
	r = sd_event_source_set_time(dev->button_timer_source, usec);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(dev->button_timer_source, SD_EVENT_ONESHOT);
}

static void button_timer_disarm(void *userdata)
{
	struct led_device *dev = userdata;

	if (dev->button_timer_source)
		(void)sd_event_source_set_enabled(dev->button_timer_source, SD_EVENT_OFF);
}

static const struct button_timer button_timer = {
	.arm = button_timer_arm,
	.disarm = button_timer_disarm,
};

static void button_act(struct led_device *dev, const struct button_event *ev)
{
	int r = 0;

	if (dev->button_action == BUTTON_ACTION_TOGGLE && ev->kind == BUTTON_CLICK)
		r = led_device_toggle(dev, &origin_button);
	else if (dev->button_action == BUTTON_ACTION_MOMENTARY && ev->kind == BUTTON_PRESS)
		r = led_device_set(dev, true, &origin_button);
	else if (dev->button_action == BUTTON_ACTION_MOMENTARY && ev->kind == BUTTON_RELEASE)
		r = led_device_set(dev, false, &origin_button);
	if (r < 0)
		log_warning_errno(r, "button on /dev/%s could not change the LED: %m", dev->name);
}

static void on_button_event(void *userdata, const struct button_event *bev)
{
	struct led_device *dev = userdata;
	struct led_cuse_event ev = {0};

	if (!dev->present)
		return;
	button_act(dev, bev);
	if (bev->kind == BUTTON_CLICK)
		return; /* not an event for clients: its action is all it does */
	ev.seq = ++dev->counts[bev->kind];
	ev.timestamp_ns = bev->timestamp_ns;
	ev.state = dev->on;
	ev.kind = bev->kind | (bev->long_press ? LED_CUSE_EVENT_LONG : 0);
	log_debug("button %s%s #%llu: LED %s", uapi_event_kind_to_string(bev->kind), bev->long_press ? " (long)" : "",
		  (unsigned long long)ev.seq, dev->on ? "on" : "off");
	if (dev->listener && dev->listener->button)
		dev->listener->button(dev->listener_data, &ev);
}

static void button_edge_logged(struct led_device *dev, bool pressed, uint64_t timestamp_ns)
{
	int r = button_edge(dev->button, pressed, timestamp_ns);

	if (r < 0)
		log_error_errno(r, "cannot arm the button timer: %m");
}

enum gpio_edge led_device_button_edges(const struct led_device_config *config)
{
	if (config->hold_ms || config->button_action == BUTTON_ACTION_MOMENTARY)
		return GPIO_EDGE_BOTH;
	return config->button_edge;
}

const uint64_t *led_device_event_counts(struct led_device *dev)
{
	return dev->counts;
}

static int on_button_retry(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct led_device *dev = userdata;

	if (dev->button_source)
		(void)sd_event_source_set_enabled(dev->button_source, SD_EVENT_ON);
	return 0;
}

/* Stop reading the button for BUTTON_RETRY_USEC; what is pending waits in the kernel. */
static int button_pause(struct led_device *dev)
{
	int r;

	if (!dev->button_retry_source) {
		r = sd_event_add_time_relative(dev->event, &dev->button_retry_source, CLOCK_MONOTONIC,
					       BUTTON_RETRY_USEC, BUTTON_ACCURACY_USEC, on_button_retry, dev);
		if (r < 0)
			return r;
	} else {
		r = sd_event_source_set_time_relative(dev->button_retry_source, BUTTON_RETRY_USEC);
		if (r >= 0)
			r = sd_event_source_set_enabled(dev->button_retry_source, SD_EVENT_ONESHOT);
		if (r < 0)
			return r;
	}
	return sd_event_source_set_enabled(dev->button_source, SD_EVENT_OFF);
}

/*
 * Reading the button failed with error. Only its chip really gone ends the
 * button: an ENODEV from the read, or a chip the lines' probe finds gone
 * after another error. A transient error is no news (the fd is
 * level-triggered: what is pending comes again); any other is retried a
 * moment later.
 */
static void button_read_failed(struct led_device *dev, int error)
{
	int r;

	if (error == -EINTR || error == -EAGAIN)
		return;
	if (error != -ENODEV)
		(void)gpio_backend_check(dev->backend);
	handle_gone(dev, -ENODEV);
	if (!dev->button_present)
		return; /* its source is gone until its chip is back */
	if (error != dev->button_read_error)
		log_warning_errno(error, "cannot read the button of /dev/%s (%m); retrying", dev->name);
	dev->button_read_error = error;
	r = button_pause(dev);
	if (r < 0) {
		/* Without a retry timer the readable fd would spin the loop: the
		 * button is off until the next reconnect (a /dev event) finds it. */
		log_error_errno(r, "cannot pause the button of /dev/%s: %m", dev->name);
		lines_lost(dev, false, true, r);
	}
}

static int on_button(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct led_device *dev = userdata;
	struct gpio_button_event events[EVENTS_PER_READ];
	int n;

	n = gpio_backend_read_events(dev->backend, events, EVENTS_PER_READ);
	if (n < 0) {
		button_read_failed(dev, n);
		return 0;
	}
	if (n == 0 && (revents & (EPOLLHUP | EPOLLERR))) {
		/* A hang-up with nothing to read: the probe tells whether the chip went. */
		button_read_failed(dev, -EPIPE);
		return 0;
	}
	if (dev->button_read_error) {
		log_info("button of /dev/%s read again", dev->name);
		dev->button_read_error = 0;
	}
	for (int i = 0; i < n && dev->present; i++)
		button_edge_logged(dev, events[i].rising == dev->press_rising, events[i].timestamp_ns);
	return 0;
}

static int watch_button(struct led_device *dev)
{
	int fd = gpio_backend_get_event_fd(dev->backend);

	dev->button_source = sd_event_source_disable_unref(dev->button_source);
	/* A dead request's fd stays readable: it is not watched until its line is back. */
	if (fd < 0 || !dev->button_present)
		return 0;
	return sd_event_add_io(dev->event, &dev->button_source, fd, EPOLLIN, on_button, dev);
}

/* The mode cannot go on: stop it and say so, so nothing reports a mode
 * that no timer drives (GET_STATE, STATUS=, the state file). */
static void blink_fail(struct led_device *dev, int error, const char *what)
{
	log_error_errno(error, "mode on /dev/%s stopped: %s: %m; LED left %s", dev->name, what,
			dev->on ? "on" : "off");
	mode_clear(dev);
	notify_changed(dev, &origin_timer);
}

/*
 * A step ended: drive the next one, or what a finite mode ends in. Steps
 * are not "changes" for readers: waking every poller at the blink rate
 * would turn the daemon into a busy loop for them. The end is one.
 */
static int on_blink(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct led_device *dev = userdata;
	unsigned int next = dev->step + 1, ms;
	bool ending = false, level, end_on;
	struct led_mode end_mode;
	int r;

	if (next == dev->mode.nsteps) {
		next = 0;
		ending = dev->mode.count && dev->runs + 1 == dev->mode.count;
	}
	/* A finite mode ends in its lasting state: the level, or an endless mode from its first step. */
	if (ending)
		lasting_state(dev, &end_on, &end_mode);
	if (!ending)
		level = dev->mode.steps[next].on;
	else if (end_mode.kind != LED_CUSE_MODE_NONE)
		level = end_mode.steps[0].on;
	else
		level = end_on;

	r = drive(dev, level);
	if (r == -ENODEV)
		return 0; /* handle_gone() stopped the timer; replug resumes the mode */
	if (r < 0) {
		/* The line kept its level: try this edge again when the step would
		 * have ended, unless the line keeps refusing. */
		if (++dev->blink_failures >= BLINK_MAX_FAILURES) {
			blink_fail(dev, r, "cannot set the GPIO line");
			return 0;
		}
		log_warning_errno(r, "mode on /dev/%s: cannot set the GPIO line (%m); retrying", dev->name);
		ms = dev->mode.steps[ending ? dev->step : next].ms;
	} else {
		dev->blink_failures = 0;
		dev->on = level;
		if (ending && end_mode.kind == LED_CUSE_MODE_NONE) {
			mode_clear(dev);
			notify_changed(dev, &origin_timer);
			return 0;
		}
		if (ending) {
			/* Back to the endless mode that ran before, from its first step. */
			dev->mode = end_mode;
			dev->end_mode = (struct led_mode){ .kind = LED_CUSE_MODE_NONE };
			dev->runs = 0;
			notify_changed(dev, &origin_timer);
		} else if (next == 0) {
			dev->runs++;
		}
		dev->step = next;
		ms = dev->mode.steps[next].ms;
	}
	r = blink_arm_after(dev, usec, ms);
	if (r < 0)
		blink_fail(dev, r, "cannot re-arm the blink timer");
	return 0;
}

/*
 * The next step ends ms after the deadline that just fired, not after the
 * moment the loop got to it: a late wake-up (a busy loop, a loaded host)
 * shortens the next step instead of stretching the whole pattern, so
 * periods keep their length on average. More than a step behind, the
 * pattern restarts its clock from now rather than rushing to catch up.
 */
static int blink_arm_after(struct led_device *dev, uint64_t deadline_usec, unsigned int ms)
{
	uint64_t now, next = deadline_usec + (uint64_t)ms * USEC_PER_MSEC;
	int r;

	r = sd_event_now(dev->event, CLOCK_MONOTONIC, &now);
	if (r < 0)
		return r;
	if (next <= now)
		return blink_arm(dev, ms);
	r = sd_event_source_set_time(dev->blink_source, next);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(dev->blink_source, SD_EVENT_ONESHOT);
}

/* The mode's timer, created disabled: the one step of starting a mode that
 * can fail (an allocation), taken before the LED moves. */
static int blink_source_ensure(struct led_device *dev)
{
	int r;

	if (dev->blink_source)
		return 0;
	r = sd_event_add_time_relative(dev->event, &dev->blink_source, CLOCK_MONOTONIC, 0, BLINK_ACCURACY_USEC,
				       on_blink, dev);
	if (r < 0)
		return r;
	r = sd_event_source_set_enabled(dev->blink_source, SD_EVENT_OFF);
	if (r < 0)
		dev->blink_source = sd_event_source_disable_unref(dev->blink_source);
	return r;
}

static int blink_arm(struct led_device *dev, unsigned int ms)
{
	int r = blink_source_ensure(dev);

	if (r < 0)
		return r;
	r = sd_event_source_set_time_relative(dev->blink_source, ms * USEC_PER_MSEC);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(dev->blink_source, SD_EVENT_ONESHOT);
}

int led_device_new(sd_event *event, struct gpio_backend *backend,
		   const struct led_device_config *config, struct led_device **ret)
{
	_cleanup_(led_device_freep) struct led_device *dev = NULL;
	struct button_config bc = {
		.hold_ms = config->hold_ms,
		.double_click_ms = config->double_click_ms,
	};
	enum gpio_edge edges = led_device_button_edges(config);
	int r;

	if (!config->name || strlen(config->name) >= LED_CUSE_NAME_LEN)
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->dev_dir = strdup(config->dev_dir ? config->dev_dir : "/dev");
	if (!dev->dev_dir)
		return -ENOMEM;
	dev->event = sd_event_ref(event);
	dev->backend = backend;
	strcpy(dev->name, config->name);
	dev->active_low = config->active_low;
	dev->on = config->initial_on;
	dev->present = true;
	dev->button_present = true;
	dev->generation = 1;
	record_change(dev, &(struct led_origin){ .source = config->initial_source });
	dev->button_action = config->button_action;
	/* --edge=both: a press is the active edge; otherwise the configured one. */
	dev->press_rising = config->button_edge == GPIO_EDGE_BOTH ? !config->button_active_low :
			    config->button_edge == GPIO_EDGE_RISING;
	dev->releases = edges == GPIO_EDGE_BOTH;
	bc.releases = dev->releases;
	r = button_new(&bc, &button_timer, on_button_event, dev, &dev->button);
	if (r < 0)
		return r;

	r = watch_button(dev);
	if (r < 0)
		return r;
	r = watch_dev_dir(dev);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(dev);
	return 0;
}

struct led_device *led_device_free(struct led_device *dev)
{
	if (!dev)
		return NULL;
	sd_event_source_disable_unref(dev->dev_watch_source);
	sd_event_source_disable_unref(dev->blink_source);
	sd_event_source_disable_unref(dev->button_source);
	sd_event_source_disable_unref(dev->button_retry_source);
	button_free(dev->button);
	sd_event_source_disable_unref(dev->button_timer_source);
	sd_event_unref(dev->event);
	free(dev->dev_dir);
	free(dev);
	return NULL;
}

void led_device_set_listener(struct led_device *dev, const struct led_device_listener *listener,
			     void *userdata)
{
	dev->listener = listener;
	dev->listener_data = userdata;
}

int led_device_set(struct led_device *dev, bool on, const struct led_origin *origin)
{
	bool changed;
	int r;

	if (!dev->present)
		return -ENODEV;
	r = drive(dev, on);
	if (r < 0)
		return r;
	changed = dev->on != on || mode_running(dev);
	mode_clear(dev);
	dev->on = on;
	if (changed)
		notify_changed(dev, origin);
	return 0;
}

int led_device_toggle(struct led_device *dev, const struct led_origin *origin)
{
	return led_device_set(dev, !dev->on, origin);
}

int led_device_start_mode(struct led_device *dev, const struct led_mode *mode, const struct led_origin *origin)
{
	struct led_mode end_mode;
	bool end_on;
	int r;

	if (led_mode_validate(mode) < 0)
		return -EINVAL;
	if (!dev->present)
		return -ENODEV;
	/* Taken before the first step changes the level: what a finite mode restores. */
	lasting_state(dev, &end_on, &end_mode);
	r = blink_source_ensure(dev);
	if (r < 0)
		return r;
	/* Each mode starts with its first step, like the LED class's triggers. */
	r = drive(dev, mode->steps[0].on);
	if (r < 0)
		return r;
	dev->on = mode->steps[0].on;
	dev->mode = *mode;
	dev->step = 0;
	dev->runs = 0;
	dev->blink_failures = 0;
	dev->end_on = end_on;
	dev->end_mode = end_mode;
	r = blink_arm(dev, mode->steps[0].ms);
	if (r < 0)
		mode_clear(dev);
	notify_changed(dev, origin);
	return r;
}

int led_device_blink(struct led_device *dev, unsigned int on_ms, unsigned int off_ms,
		     const struct led_origin *origin)
{
	struct led_mode mode;
	int r = led_mode_blink(on_ms, off_ms, 0, &mode);

	return r < 0 ? r : led_device_start_mode(dev, &mode, origin);
}

int led_device_apply(struct led_device *dev, const struct led_command *cmd, const struct led_origin *origin)
{
	switch (cmd->type) {
	case LED_COMMAND_SET:
		return led_device_set(dev, cmd->on, origin);
	case LED_COMMAND_TOGGLE:
		return led_device_toggle(dev, origin);
	case LED_COMMAND_MODE:
		return led_device_start_mode(dev, &cmd->mode, origin);
	}
	return -EINVAL;
}

/* What the lines of one write may change, to put back when one of them fails. */
struct led_snapshot {
	bool on, present, end_on;
	struct led_mode mode, end_mode;
	unsigned int step, runs, blink_failures;
	uint64_t generation;
	struct led_cuse_change last_change;
	bool blink_armed;               /* the mode's timer, and when it fires */
	uint64_t blink_deadline;
};

static void snapshot_take(struct led_device *dev, struct led_snapshot *s)
{
	int enabled = SD_EVENT_OFF;

	*s = (struct led_snapshot){
		.on = dev->on,
		.present = dev->present,
		.end_on = dev->end_on,
		.mode = dev->mode,
		.end_mode = dev->end_mode,
		.step = dev->step,
		.runs = dev->runs,
		.blink_failures = dev->blink_failures,
		.generation = dev->generation,
		.last_change = dev->last_change,
	};
	if (dev->blink_source && sd_event_source_get_enabled(dev->blink_source, &enabled) > 0)
		s->blink_armed = sd_event_source_get_time(dev->blink_source, &s->blink_deadline) >= 0;
}

/*
 * Put back the state of s, in a batch: the line first, then the mode with
 * its timer where it was, the record and the generation, so that nothing
 * is told. If the chip went meanwhile, that alone is told, and its return
 * drives the state put back and resumes the mode. Returns 0, or the error
 * of a line that refuses to go back: the state is then the batch's.
 */
static int snapshot_restore(struct led_device *dev, const struct led_snapshot *s)
{
	int r;

	assert(dev->batch);
	if (dev->present && dev->on != s->on) {
		r = drive(dev, s->on);
		if (r < 0 && r != -ENODEV)
			return r;
	}
	dev->on = s->on;
	dev->end_on = s->end_on;
	dev->mode = s->mode;
	dev->end_mode = s->end_mode;
	dev->step = s->step;
	dev->runs = s->runs;
	dev->blink_failures = s->blink_failures;
	dev->generation = s->generation;
	dev->last_change = s->last_change;
	dev->batch_changed = dev->batch_recorded = false;
	if (s->present && !dev->present) {
		notify_changed(dev, NULL);
		return 0;
	}
	if (!s->blink_armed) {
		blink_stop(dev);
		return 0;
	}
	/* Armed before, so the source is there: setting it allocates nothing. */
	r = sd_event_source_set_time(dev->blink_source, s->blink_deadline);
	if (r >= 0)
		r = sd_event_source_set_enabled(dev->blink_source, SD_EVENT_ONESHOT);
	if (r < 0)
		blink_fail(dev, r, "cannot re-arm the blink timer");
	return 0;
}

int led_device_apply_all(struct led_device *dev, const struct led_command *cmds, size_t n,
			 const struct led_origin *origin)
{
	struct led_snapshot before;
	int r = 0, q;

	assert(!dev->batch);
	snapshot_take(dev, &before);
	dev->batch = true;
	dev->batch_changed = dev->batch_recorded = false;
	for (size_t i = 0; i < n && r >= 0; i++)
		r = led_device_apply(dev, &cmds[i], origin);
	if (r < 0) {
		q = snapshot_restore(dev, &before);
		if (q < 0)
			log_warning_errno(q, "a write to /dev/%s failed partway and its GPIO line cannot go back (%m): "
					  "the LED is left as the write's earlier lines set it", dev->name);
	}
	dev->batch = false;
	if (dev->batch_changed)
		tell_changed(dev, dev->batch_recorded ? &dev->last_change : NULL);
	return r;
}

void led_device_button_press(struct led_device *dev, uint64_t timestamp_ns)
{
	if (dev->present)
		button_edge_logged(dev, true, timestamp_ns);
}

void led_device_get_status(struct led_device *dev, struct led_device_status *status)
{
	*status = (struct led_device_status){
		.on = dev->on,
		.blinking = mode_running(dev),
		.mode = dev->mode,
		.present = dev->present,
		.button_present = dev->button_present,
		.generation = dev->generation,
		.presses = dev->counts[LED_CUSE_EVENT_PRESS],
	};
	lasting_state(dev, &status->lasting_on, &status->lasting_mode);
}

int led_device_format_status(struct led_device *dev, char *buf, size_t size)
{
	char led_chip[LED_CUSE_CHIP_LEN], button_chip[LED_CUSE_CHIP_LEN];
	struct led_device_status st;
	struct gpio_backend_info bi;

	led_device_get_status(dev, &st);
	gpio_backend_get_info(dev->backend, &bi);
	/* STATUS= is one field of a newline-separated message: the labels as GET_INFO has them. */
	escape_control_chars(led_chip, sizeof(led_chip), bi.led_chip);
	escape_control_chars(button_chip, sizeof(button_chip), bi.button_chip);
	return snprintf(buf, size, "/dev/%s: LED %s (%s:%u)%s%s%s, %llu button presses", dev->name,
			!st.present ? "unplugged" : st.mode.kind == LED_CUSE_MODE_BLINK ? "blinking" :
			st.blinking ? uapi_mode_kind_to_string(st.mode.kind) : st.on ? "on" : "off",
			led_chip, bi.led_offset, bi.has_button ? ", button on " : "",
			bi.has_button ? button_chip : "", st.button_present ? "" : " (unplugged)",
			(unsigned long long)st.presses);
}

void led_device_get_state(struct led_device *dev, struct led_cuse_state *state)
{
	*state = (struct led_cuse_state){
		.state = dev->on,
		.flags = mode_running(dev) ? LED_CUSE_STATE_BLINKING | (unsigned int)dev->mode.kind << LED_CUSE_STATE_MODE_SHIFT : 0,
	};
}

void led_device_get_mode(struct led_device *dev, struct led_cuse_mode *mode)
{
	led_mode_to_cuse(&dev->mode, mode);
}

bool led_device_has_button(struct led_device *dev)
{
	struct gpio_backend_info bi;

	gpio_backend_get_info(dev->backend, &bi);
	return bi.has_button;
}

void led_device_get_last_change(struct led_device *dev, struct led_cuse_change *change)
{
	*change = dev->last_change;
}

void led_device_get_info(struct led_device *dev, struct led_cuse_info *info)
{
	struct gpio_backend_info bi;

	gpio_backend_get_info(dev->backend, &bi);
	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", dev->name);
	/* Labels are the kernel's: a client prints them, ledctl info to a terminal. */
	escape_control_chars(info->led_chip, sizeof(info->led_chip), bi.led_chip);
	info->led_offset = bi.led_offset;
	if (bi.has_button) {
		escape_control_chars(info->button_chip, sizeof(info->button_chip), bi.button_chip);
		info->button_offset = bi.button_offset;
		info->flags |= LED_CUSE_INFO_HAS_BUTTON;
	}
	if (dev->active_low)
		info->flags |= LED_CUSE_INFO_ACTIVE_LOW;
	if (dev->present && dev->button_present)
		info->flags |= LED_CUSE_INFO_GPIO_PRESENT;
	info->version = LED_CUSE_VERSION;
	info->button_presses = dev->counts[LED_CUSE_EVENT_PRESS];
}
