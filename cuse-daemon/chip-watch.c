/* SPDX-License-Identifier: MIT */
#include "chip-watch.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>

struct chip_watch {
	sd_event_source *source;
	const struct chip_watch_ops *ops;
	void *userdata;
	int reason_error;               /* 0: no reason given yet */
	char reason_why[256];
};

static int on_inotify(sd_event_source *s, const struct inotify_event *ev, void *userdata)
{
	struct chip_watch *w = userdata;

	w->ops->changed(w->userdata, ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_Q_OVERFLOW),
			ev->mask & IN_Q_OVERFLOW);
	return 0;
}

int chip_watch_new(sd_event *event, const char *dir, bool removals, int64_t priority,
		   const struct chip_watch_ops *ops, void *userdata, struct chip_watch **ret)
{
	_cleanup_(chip_watch_freep) struct chip_watch *w = NULL;
	uint32_t mask = IN_CREATE | IN_ATTRIB | IN_MOVED_TO;
	int r;

	assert(event && dir && ops && ops->changed && ret);
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->ops = ops;
	w->userdata = userdata;
	if (removals)
		mask |= IN_DELETE | IN_MOVED_FROM;
	r = sd_event_add_inotify(event, &w->source, dir, mask, on_inotify, w);
	if (r < 0)
		return r;
	if (priority != SD_EVENT_PRIORITY_NORMAL) {
		r = sd_event_source_set_priority(w->source, priority);
		if (r < 0)
			return r;
	}
	*ret = TAKE_PTR(w);
	return 0;
}

struct chip_watch *chip_watch_free(struct chip_watch *w)
{
	if (!w)
		return NULL;
	sd_event_source_disable_unref(w->source);
	free(w);
	return NULL;
}

bool chip_watch_new_reason(struct chip_watch *w, int error, const char *why)
{
	bool news = error != w->reason_error || strcmp(why, w->reason_why) != 0;

	w->reason_error = error;
	snprintf(w->reason_why, sizeof(w->reason_why), "%s", why);
	return news;
}

void chip_watch_forget_reason(struct chip_watch *w)
{
	w->reason_error = 0;
	w->reason_why[0] = '\0';
}
