/* SPDX-License-Identifier: MIT */
/*
 * The chip watch: /dev watched for GPIO chips coming (and going), and the
 * reason last given for waiting on one, so that each reason is logged once
 * however many /dev events retry. The start (gpio-wait.c) waits on it for
 * chips to appear; the running daemon (led-device.c) for them to go and
 * come back.
 */
#ifndef LED_CUSE_CHIP_WATCH_H
#define LED_CUSE_CHIP_WATCH_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "macro.h"

struct chip_watch_ops {
	/*
	 * Something changed in the directory. gone: a node went, or the
	 * inotify queue overflowed and events were lost (then overflowed too):
	 * chips may have gone as well as come.
	 */
	void (*changed)(void *userdata, bool gone, bool overflowed);
};

struct chip_watch;

/*
 * Watch dir for nodes appearing, and with removals for nodes going too;
 * the watch's source gets priority (the daemon's ahead of the CUSE channel:
 * a request that follows an unplug in the same wake-up must see it).
 */
int chip_watch_new(sd_event *event, const char *dir, bool removals, int64_t priority,
		   const struct chip_watch_ops *ops, void *userdata, struct chip_watch **ret);
struct chip_watch *chip_watch_free(struct chip_watch *w);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct chip_watch *, chip_watch_free)

/*
 * Whether error and why (the backend's explanation, may be "") are a new
 * reason, not the one given last: then the caller logs it. Either way it
 * becomes the last one. chip_watch_forget_reason() after success: the next
 * failure is news again.
 */
bool chip_watch_new_reason(struct chip_watch *w, int error, const char *why);
void chip_watch_forget_reason(struct chip_watch *w);

#endif
