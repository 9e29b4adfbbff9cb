/* SPDX-License-Identifier: MIT */
/*
 * The cpu trigger, as the kernel's (drivers/leds/trigger/ledtrig-cpu.c,
 * trigger "cpu"): the LED is on while the CPUs are busy.
 *
 * The kernel switches its LED on every idle exit and entry (where the
 * architecture calls ledtrig_cpu() from its idle loop); userspace has no
 * such event, so this samples the aggregate "cpu" line of
 * /proc/stat every TRIGGER_CPU_SAMPLE_MS (10 wake-ups a second, only while
 * the trigger runs). Busy time is every field of that line but idle and
 * iowait (user nice system irq softirq steal; guest and guest_nice are
 * part of user and nice already, so not added again). An interval is busy
 * when its busy time is at least half of one CPU's time:
 *
 *	2 * busy_delta * ncpus >= total_delta   (total_delta > 0)
 *
 * ncpus is the number of "cpuN" lines (else sysconf(_SC_NPROCESSORS_ONLN)).
 * A busy interval flashes the LED for TRIGGER_CPU_SAMPLE_MS (sink->flash),
 * so consecutive busy intervals keep it lit (the next sample is due before
 * the flash ends, and renews it) and the first idle one lets it go dark. Base level: off, shown once at start (sink->show(false, NULL)).
 * An unreadable or garbled /proc/stat shows nothing (one warning).
 */
#ifndef LED_CUSE_TRIGGER_CPU_H
#define LED_CUSE_TRIGGER_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "proc-trigger.h"
#include "trigger.h"

#define TRIGGER_CPU_SAMPLE_MS 100

/* The cpu trigger on proc_root/stat (the kind uses "/proc"). Fails only
 * for resources; proc_trigger_free() stops it. */
int trigger_cpu_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
		       const char *proc_root, struct proc_trigger **ret);

/*
 * From /proc/stat's text: the aggregate line's busy and total jiffies and
 * the number of "cpuN" lines (0 if none). 0, or -EBADMSG without a "cpu"
 * first line of at least 4 numbers.
 */
int trigger_cpu_parse_stat(const char *text, uint64_t *ret_busy, uint64_t *ret_total, unsigned int *ret_ncpus);
/* The rule above: is an interval with these deltas busy? */
bool trigger_cpu_interval_is_busy(uint64_t busy_delta, uint64_t total_delta, unsigned int ncpus);

#endif
