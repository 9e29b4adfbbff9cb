/* SPDX-License-Identifier: MIT */
/*
 * The body of the triggers that flash on a /proc file's counters (cpu:
 * /proc/stat, disk: /proc/diskstats): a proc_sampler reads the file every
 * interval, the kind's ops parse a reading into counters and say, from the
 * last reading's counters and this one's, how long the LED flashes for
 * that interval (sink->flash), if at all. The base level, off, is shown
 * once at start (sink->show(false, NULL)); nothing else is.
 *
 * The first reading is only compared with; a reading that cannot be read
 * or parsed is skipped (proc-sampler.h: one warning), and the next good one
 * is compared with the last good one.
 */
#ifndef LED_CUSE_PROC_TRIGGER_H
#define LED_CUSE_PROC_TRIGGER_H

#include <stdint.h>

#include <systemd/sd-event.h>

#include "macro.h"
#include "trigger.h"

/* The most counters a kind keeps per reading. */
#define PROC_TRIGGER_COUNTERS 3

struct proc_trigger;

struct proc_trigger_ops {
	const char *file;               /* under the /proc root: "stat" */
	unsigned int interval_ms;       /* the sampling interval */
	/* A reading's counters into ret (the unused ones left 0): 0, or -EBADMSG. */
	int (*parse)(const char *text, uint64_t ret[PROC_TRIGGER_COUNTERS]);
	/* The ms to flash for the interval between two readings' counters, or 0. */
	unsigned int (*flash_ms)(const uint64_t last[PROC_TRIGGER_COUNTERS], const uint64_t now[PROC_TRIGGER_COUNTERS]);
};

/* Follow proc_root/ops->file on sink. Fails only for resources: a missing file is waited for. */
int proc_trigger_new(sd_event *event, const struct proc_trigger_ops *ops, const char *proc_root,
		     const struct trigger_sink_ops *sink, void *userdata, struct proc_trigger **ret);
/* Stops sampling: nothing more is shown. */
struct proc_trigger *proc_trigger_free(struct proc_trigger *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct proc_trigger *, proc_trigger_free)

/* proc_trigger_free() as a struct trigger_kind's free. */
void *proc_trigger_free_kind(void *impl);

#endif
