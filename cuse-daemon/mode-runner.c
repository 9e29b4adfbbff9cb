/* SPDX-License-Identifier: MIT */
#include "mode-runner.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "event-util.h"
#include "log.h"

/* Step edges should be where they were asked for, not sd-event's 250 ms default slack. */
#define STEP_ACCURACY_USEC 1000ULL

struct mode_runner {
	sd_event *event;
	const char *name;
	const struct mode_runner_ops *ops;
	void *userdata;

	struct led_mode mode;           /* kind NONE: none runs */
	unsigned int step;              /* the step the LED is in */
	unsigned int runs;              /* runs of the steps completed */
	bool end_on;                    /* a finite LED_MODE_END_RESTORE mode ends at this level... */
	struct led_mode end_mode;       /* ... or in this endless mode, unless kind NONE */
	unsigned int failures;          /* step writes that failed in a row */
	bool on;                        /* the level the LED last took from the mode */
	sd_event_source *timer;
};

static const struct led_mode no_mode = { .kind = LED_CUSE_MODE_NONE };

static int on_step_end(sd_event_source *s, uint64_t usec, void *userdata);

int mode_runner_new(sd_event *event, const char *name, const struct mode_runner_ops *ops, void *userdata,
		    struct mode_runner **ret)
{
	struct mode_runner *m;

	assert(event && name && ops && ops->drive && ops->changed && ret);
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->event = sd_event_ref(event);
	m->name = name;
	m->ops = ops;
	m->userdata = userdata;
	m->mode = no_mode;
	m->end_mode = no_mode;
	*ret = m;
	return 0;
}

struct mode_runner *mode_runner_free(struct mode_runner *m)
{
	if (!m)
		return NULL;
	sd_event_source_disable_unref(m->timer);
	sd_event_unref(m->event);
	free(m);
	return NULL;
}

const struct led_mode *mode_runner_mode(const struct mode_runner *m)
{
	return &m->mode;
}

bool mode_runner_running(const struct mode_runner *m)
{
	return m->mode.kind != LED_CUSE_MODE_NONE;
}

void mode_runner_lasting(const struct mode_runner *m, bool on, bool *ret_on, struct led_mode *ret_mode)
{
	*ret_mode = no_mode;
	*ret_on = on;
	if (led_mode_forever(&m->mode))
		*ret_mode = m->mode;
	else if (mode_runner_running(m) && m->mode.end == LED_MODE_END_OFF)
		*ret_on = false;
	else if (mode_runner_running(m)) {
		*ret_on = m->end_on;
		*ret_mode = m->end_mode;
	}
}

/* The source is kept: a failed write puts a mode back on it without allocating. */
void mode_runner_pause(struct mode_runner *m)
{
	if (m->timer)
		(void)sd_event_source_set_enabled(m->timer, SD_EVENT_OFF);
}

void mode_runner_stop(struct mode_runner *m)
{
	mode_runner_pause(m);
	m->mode = no_mode;
	m->end_mode = no_mode;
}

int mode_runner_prepare(struct mode_runner *m)
{
	int r;

	if (m->timer)
		return 0;
	r = event_reset_time(m->event, &m->timer, CLOCK_MONOTONIC, UINT64_MAX, STEP_ACCURACY_USEC, on_step_end, m,
			     SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		return r;
	r = sd_event_source_set_enabled(m->timer, SD_EVENT_OFF);
	if (r < 0)
		m->timer = sd_event_source_disable_unref(m->timer);
	return r;
}

static int arm(struct mode_runner *m, unsigned int ms)
{
	return event_reset_time_relative(m->event, &m->timer, CLOCK_MONOTONIC, ms * USEC_PER_MSEC, STEP_ACCURACY_USEC,
					 on_step_end, m, SD_EVENT_PRIORITY_NORMAL);
}

/*
 * The next step ends ms after the deadline that just fired, not after the
 * moment the loop got to it: a late wake-up (a busy loop, a loaded host)
 * shortens the next step instead of stretching the whole pattern, so
 * periods keep their length on average. More than a step behind, the
 * pattern restarts its clock from now rather than rushing to catch up.
 */
static int arm_after(struct mode_runner *m, usec_t deadline_usec, unsigned int ms)
{
	usec_t now, next = deadline_usec + ms * USEC_PER_MSEC;
	int r;

	r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
	if (r < 0)
		return r;
	if (next <= now)
		return arm(m, ms);
	return event_reset_time(m->event, &m->timer, CLOCK_MONOTONIC, next, STEP_ACCURACY_USEC, on_step_end, m,
				SD_EVENT_PRIORITY_NORMAL);
}

/* The mode cannot go on: stop it and say so, so nothing reports a mode
 * that no timer drives (GET_STATE, STATUS=, the state file). */
static void fail(struct mode_runner *m, int error, const char *what)
{
	log_error_errno(error, "mode on /dev/%s stopped: %s: %m; LED left %s", m->name, what, m->on ? "on" : "off");
	mode_runner_stop(m);
	m->ops->changed(m->userdata);
}

int mode_runner_start(struct mode_runner *m, const struct led_mode *mode, bool end_on, const struct led_mode *end_mode)
{
	int r;

	assert(led_mode_validate(mode) == 0);
	m->mode = *mode;
	m->step = 0;
	m->runs = 0;
	m->failures = 0;
	m->on = mode->steps[0].on;
	m->end_on = end_on;
	m->end_mode = *end_mode;
	r = arm(m, mode->steps[0].ms);
	if (r < 0)
		mode_runner_stop(m);
	return r;
}

void mode_runner_resume(struct mode_runner *m)
{
	m->failures = 0;
	if (mode_runner_running(m) && arm(m, m->mode.steps[m->step].ms) < 0)
		mode_runner_stop(m);
}

/*
 * A step ended: drive the next one, or what a finite mode ends in. Steps
 * are not changes for readers: waking every poller at the blink rate
 * would turn the daemon into a busy loop for them. The end is one.
 */
static int on_step_end(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct mode_runner *m = userdata;
	unsigned int next = m->step + 1, ms;
	bool ending = false, level, end_on = false;
	struct led_mode end_mode = no_mode;
	int r;

	if (next == m->mode.nsteps) {
		next = 0;
		ending = m->mode.count && m->runs + 1 == m->mode.count;
	}
	/* A finite mode ends in its lasting state: the level, or an endless mode from its first step. */
	if (ending) {
		end_mode = m->mode.end == LED_MODE_END_OFF ? no_mode : m->end_mode;
		end_on = m->mode.end == LED_MODE_END_OFF ? false : m->end_on;
	}
	if (!ending)
		level = m->mode.steps[next].on;
	else if (end_mode.kind != LED_CUSE_MODE_NONE)
		level = end_mode.steps[0].on;
	else
		level = end_on;

	r = m->ops->drive(m->userdata, level);
	if (r == -ENODEV)
		return 0; /* the owner paused the runner; the chip's return resumes it */
	if (r < 0) {
		/* The line kept its level: try this edge again when the step would
		 * have ended, unless the line keeps refusing. */
		if (++m->failures >= MODE_RUNNER_MAX_FAILURES) {
			fail(m, r, "cannot set the GPIO line");
			return 0;
		}
		log_warning_errno(r, "mode on /dev/%s: cannot set the GPIO line (%m); retrying", m->name);
		ms = m->mode.steps[ending ? m->step : next].ms;
	} else {
		m->failures = 0;
		m->on = level;
		if (ending && end_mode.kind == LED_CUSE_MODE_NONE) {
			mode_runner_stop(m);
			m->ops->changed(m->userdata);
			return 0;
		}
		if (ending) {
			/* Back to the endless mode that ran before, from its first step. */
			m->mode = end_mode;
			m->end_mode = no_mode;
			m->runs = 0;
			m->ops->changed(m->userdata);
		} else if (next == 0) {
			m->runs++;
		}
		m->step = next;
		ms = m->mode.steps[next].ms;
	}
	r = arm_after(m, usec, ms);
	if (r < 0)
		fail(m, r, "cannot re-arm the mode's timer");
	return 0;
}

void mode_runner_snapshot(const struct mode_runner *m, struct mode_runner_snapshot *ret)
{
	int enabled = SD_EVENT_OFF;

	*ret = (struct mode_runner_snapshot){
		.mode = m->mode,
		.end_mode = m->end_mode,
		.end_on = m->end_on,
		.step = m->step,
		.runs = m->runs,
		.failures = m->failures,
		.on = m->on,
	};
	if (m->timer && sd_event_source_get_enabled(m->timer, &enabled) > 0)
		ret->armed = sd_event_source_get_time(m->timer, &ret->deadline_usec) >= 0;
}

void mode_runner_restore(struct mode_runner *m, const struct mode_runner_snapshot *s, bool timer)
{
	int r;

	m->mode = s->mode;
	m->end_mode = s->end_mode;
	m->end_on = s->end_on;
	m->step = s->step;
	m->runs = s->runs;
	m->failures = s->failures;
	m->on = s->on;
	if (!timer)
		return;
	if (!s->armed) {
		mode_runner_pause(m);
		return;
	}
	/* Armed before, so the source is there: setting it allocates nothing. */
	r = event_reset_time(m->event, &m->timer, CLOCK_MONOTONIC, s->deadline_usec, STEP_ACCURACY_USEC, on_step_end, m,
			     SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		fail(m, r, "cannot re-arm the mode's timer");
}
