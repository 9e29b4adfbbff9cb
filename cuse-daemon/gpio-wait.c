/* SPDX-License-Identifier: MIT */
#include "gpio-wait.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <systemd/sd-daemon.h>

#include "chip-watch.h"
#include "log.h"
#include "macro.h"
#include "string-util.h"
#include "time-util.h"

/* Head room on top of the wait for the rest of the start (CUSE, READY=1). */
#define START_SLACK_S 30ULL

struct waiter {
	bool changed;   /* something appeared in /dev since the last attempt */
	bool expired;
};

static void on_dev(void *userdata, bool gone, bool overflowed)
{
	((struct waiter *)userdata)->changed = true;
}

static const struct chip_watch_ops watch_ops = {
	.changed = on_dev,
};

static int on_timeout(sd_event_source *s, uint64_t usec, void *userdata)
{
	((struct waiter *)userdata)->expired = true;
	return 0;
}

/* Everything but "a chip is absent" is final: say what and why. */
static int log_open_error(int r, const char *why)
{
	if (!*why)
		return log_error_errno(r, "cannot request the GPIO lines: %m");
	switch (r) {
	case -ENOENT:
	case -ERANGE:
		return log_error_errno(r, "GPIO line not found: %s", why);
	case -ENOTUNIQ:
		return log_error_errno(r, "GPIO chip not unique: %s (name the chip by path, or the line by name)",
				       why);
	case -EBUSY:
		return log_error_errno(r, "GPIO line busy: %s (requested by another consumer)", why);
	default:
		return log_error_errno(r, "cannot request the GPIO lines: %s", why);
	}
}

static void tell_waiting(unsigned int timeout_s, const char *why)
{
	char escaped[1024];

	log_notice("waiting up to %u s for GPIO: %s", timeout_s, why);
	/* why quotes labels and line names: one field of the message, whatever they hold. */
	sd_notifyf(0, "STATUS=Waiting up to %u s for GPIO: %s", timeout_s,
		   escape_control_chars(escaped, sizeof(escaped), why));
}

int gpio_wait_open(sd_event *event, const char *dev_dir, const struct gpio_backend_config *config,
		   const struct gpio_wait_ops *ops, void *userdata, unsigned int timeout_s, struct gpio_backend **ret)
{
	_cleanup_(chip_watch_freep) struct chip_watch *watch = NULL;
	_cleanup_(sd_event_source_disable_unrefp) sd_event_source *timer = NULL;
	struct waiter w = {};
	char why[256] = "";
	int r;

	/* Watch before the first attempt: a chip appearing in between is not missed. */
	r = chip_watch_new(event, dev_dir, false, SD_EVENT_PRIORITY_NORMAL, &watch_ops, &w, &watch);
	if (r < 0)
		return log_error_errno(r, "cannot watch %s for GPIO chips: %m", dev_dir);

	r = ops->open(userdata, config, ret, why, sizeof(why));
	if (r != -ENODEV)
		return r < 0 ? log_open_error(r, why) : 0;
	if (timeout_s == 0)
		return log_error_errno(-ETIMEDOUT, "GPIO chip not present: %s (not waiting: wait-for-gpio=0)", why);

	r = sd_event_add_time_relative(event, &timer, CLOCK_MONOTONIC, timeout_s * USEC_PER_SEC, 0,
				       on_timeout, &w);
	if (r < 0)
		return log_error_errno(r, "cannot arm the GPIO wait timer: %m");
	(void)chip_watch_new_reason(watch, r, why);
	tell_waiting(timeout_s, why);
	/* Type=notify: the start must not time out before the wait does. */
	sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%llu", (timeout_s + START_SLACK_S) * USEC_PER_SEC);

	for (;;) {
		r = sd_event_run(event, UINT64_MAX);
		if (r < 0)
			return log_error_errno(r, "event loop failed while waiting for GPIO: %m");
		if (sd_event_get_state(event) == SD_EVENT_FINISHED)
			return -ECANCELED;
		if (w.changed) {
			w.changed = false;
			r = ops->open(userdata, config, ret, why, sizeof(why));
			if (r == 0) {
				log_info("GPIO chip appeared: lines requested");
				return 0;
			}
			if (r != -ENODEV)
				return log_open_error(r, why);
			/* Each reason once, however many chips come and go meanwhile. */
			if (chip_watch_new_reason(watch, r, why))
				tell_waiting(timeout_s, why);
		}
		if (w.expired)
			return log_error_errno(-ETIMEDOUT, "GPIO chip not present after %u s: %s (see wait-for-gpio)",
					       timeout_s, why);
	}
}
