/* SPDX-License-Identifier: MIT */
/*
 * The disk trigger, as the kernel's disk-activity trigger
 * (drivers/leds/trigger/ledtrig-disk.c): the LED flashes on disk I/O.
 *
 * The kernel blinks its LED 30 ms on each request its ATA layer sees;
 * userspace has no such event, so this samples /proc/diskstats every
 * TRIGGER_DISK_SAMPLE_MS (10 wake-ups a second, only while the trigger
 * runs). The count is the sum, over every line of the file, of requests
 * completed: reads, writes, and discards and flushes where the kernel lists
 * them. Every line counts (disks, partitions, loop, dm, md devices): a
 * request to a partition shows on the partition and on its disk alike,
 * and the rule only asks whether the count moved, so counting both changes
 * nothing. When the count changed since the last reading, the LED flashes
 * for TRIGGER_DISK_FLASH_MS (sink->flash): steady I/O blinks at 10 Hz
 * (50 ms on, 50 ms off; the kernel: 30 ms on, 30 ms off per request).
 * Base level: off, shown once at start (sink->show(false, NULL)).
 * An unreadable or garbled /proc/diskstats shows nothing (one warning).
 */
#ifndef LED_CUSE_TRIGGER_DISK_H
#define LED_CUSE_TRIGGER_DISK_H

#include <stdint.h>

#include <systemd/sd-event.h>

#include "proc-trigger.h"
#include "trigger.h"

#define TRIGGER_DISK_SAMPLE_MS 100
#define TRIGGER_DISK_FLASH_MS 50

/* The disk trigger on proc_root/diskstats (the kind uses "/proc"). Fails only
 * for resources; proc_trigger_free() stops it. */
int trigger_disk_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
			const char *proc_root, struct proc_trigger **ret);

/*
 * From /proc/diskstats' text: the requests completed over all lines (a sum
 * that wraps, compared for change only). 0, or -EBADMSG if a line has
 * fewer than the 11 statistics of the oldest format.
 */
int trigger_disk_parse_diskstats(const char *text, uint64_t *ret_requests);

#endif
