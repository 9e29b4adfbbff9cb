/* SPDX-License-Identifier: MIT */
/*
 * A /proc file sampled at a fixed interval, for the triggers whose source
 * has no events (trigger-cpu.c: /proc/stat, trigger-disk.c:
 * /proc/diskstats). The file is read whole when the sampler is made and
 * then every interval, for as long as the sampler exists (one wake-up per
 * interval, nothing more), and each reading goes to ops->sample.
 *
 * A file that cannot be read, or that sample finds garbled, is skipped:
 * one warning, logged again only after a good reading; the sampler goes
 * on, so a file that comes back is followed again.
 */
#ifndef LED_CUSE_PROC_SAMPLER_H
#define LED_CUSE_PROC_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "macro.h"
#include "time-util.h"

/* The largest file read; a longer one is a failed reading (EFBIG). */
#define PROC_SAMPLER_MAX_BYTES (4U * 1024U * 1024U)

struct proc_sampler;

struct proc_sampler_ops {
	/* One reading: the whole file, NUL-terminated. 0, or -EBADMSG if it
	 * is not what the owner expects (warned about by the sampler). */
	int (*sample)(void *userdata, const char *text);
};

/*
 * Sample path now and every interval_usec (CLOCK_MONOTONIC) after. Fails
 * only for resources (-ENOMEM, the timer): a missing file is not an error.
 */
int proc_sampler_new(sd_event *event, const char *path, usec_t interval_usec, const struct proc_sampler_ops *ops,
		     void *userdata, struct proc_sampler **ret);
/* Stops the timer: no sample after this. */
struct proc_sampler *proc_sampler_free(struct proc_sampler *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct proc_sampler *, proc_sampler_free)

/*
 * For the samples' parsers: the line at line (to '\n' or the end), its
 * first skip_words words passed over, then up to max decimal numbers
 * (blank-separated) into values. How many were read, or -EBADMSG (fewer
 * words, or something else than a number where one belongs).
 */
int proc_sampler_parse_line(const char *line, size_t skip_words, uint64_t *values, size_t max);

#endif
