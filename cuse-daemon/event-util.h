/* SPDX-License-Identifier: MIT */
/*
 * sd-event helpers, as systemd's src/shared/event-util.h: the daemon's
 * one-shot timers (a mode's steps, the button's deadlines and retries, the
 * coalesced writes) are created on first use and re-armed after that.
 */
#ifndef LED_CUSE_EVENT_UTIL_H
#define LED_CUSE_EVENT_UTIL_H

#include <systemd/sd-event.h>

#include "time-util.h"

/*
 * Make *s a one-shot timer firing at usec on clock: create it (with
 * priority) if *s is NULL, else move it and enable it again. accuracy as
 * for sd_event_add_time(). Returns 0 or a negative errno; a source that
 * exists stays, disabled or as it was, on failure.
 */
int event_reset_time(sd_event *e, sd_event_source **s, clockid_t clock, usec_t usec, usec_t accuracy,
		     sd_event_time_handler_t callback, void *userdata, int64_t priority);
/* event_reset_time() at usec from now. */
int event_reset_time_relative(sd_event *e, sd_event_source **s, clockid_t clock, usec_t usec, usec_t accuracy,
			      sd_event_time_handler_t callback, void *userdata, int64_t priority);

#endif
