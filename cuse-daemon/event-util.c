/* SPDX-License-Identifier: MIT */
#include "event-util.h"

#include <assert.h>
#include <errno.h>

int event_reset_time(sd_event *e, sd_event_source **s, clockid_t clock, usec_t usec, usec_t accuracy,
		     sd_event_time_handler_t callback, void *userdata, int64_t priority)
{
	int r;

	assert(e);
	assert(s);
	if (!*s) {
		r = sd_event_add_time(e, s, clock, usec, accuracy, callback, userdata);
		if (r < 0)
			return r;
		if (priority == SD_EVENT_PRIORITY_NORMAL)
			return 0;
		return sd_event_source_set_priority(*s, priority);
	}
	r = sd_event_source_set_time(*s, usec);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(*s, SD_EVENT_ONESHOT);
}

int event_reset_time_relative(sd_event *e, sd_event_source **s, clockid_t clock, usec_t usec, usec_t accuracy,
			      sd_event_time_handler_t callback, void *userdata, int64_t priority)
{
	usec_t now;
	int r;

	assert(e);
	r = sd_event_now(e, clock, &now);
	if (r < 0)
		return r;
	return event_reset_time(e, s, clock, usec > UINT64_MAX - now ? UINT64_MAX : now + usec, accuracy,
				callback, userdata, priority);
}
