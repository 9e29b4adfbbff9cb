/* SPDX-License-Identifier: MIT */
#include "trigger-disk.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "proc-sampler.h"

/* A line: major minor name, then the statistics (Documentation/admin-guide/iostats.rst). */
#define LINE_WORDS 3
#define STATS_MIN 11     /* up to weighted time in queue: every kernel */
#define STATS_MAX 17     /* with discards (4.18) and flushes (5.5) */
/* The requests completed, as indexes into the statistics. */
#define READS 0
#define WRITES 4
#define DISCARDS 11
#define FLUSHES 15

int trigger_disk_parse_diskstats(const char *text, uint64_t *ret_requests)
{
	static const unsigned int completed[] = { READS, WRITES, DISCARDS, FLUSHES };
	uint64_t sum = 0;

	assert(text && ret_requests);
	for (const char *l = text; *l != '\0';) {
		const char *end = strchrnul(l, '\n');
		uint64_t v[STATS_MAX];
		int n;

		if (end != l) {
			n = proc_sampler_parse_line(l, LINE_WORDS, v, STATS_MAX);
			if (n < STATS_MIN)
				return -EBADMSG;
			for (size_t i = 0; i < ELEMENTSOF(completed); i++)
				if ((int)completed[i] < n)
					sum += v[completed[i]];
		}
		l = *end == '\n' ? end + 1 : end;
	}
	*ret_requests = sum;
	return 0;
}

static int parse(const char *text, uint64_t ret[PROC_TRIGGER_COUNTERS])
{
	return trigger_disk_parse_diskstats(text, &ret[0]);
}

static unsigned int flash_ms(const uint64_t last[PROC_TRIGGER_COUNTERS], const uint64_t now[PROC_TRIGGER_COUNTERS])
{
	return now[0] != last[0] ? TRIGGER_DISK_FLASH_MS : 0;
}

static const struct proc_trigger_ops ops = {
	.file = "diskstats",
	.interval_ms = TRIGGER_DISK_SAMPLE_MS,
	.parse = parse,
	.flash_ms = flash_ms,
};

int trigger_disk_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
			const char *proc_root, struct proc_trigger **ret)
{
	return proc_trigger_new(event, &ops, proc_root, sink, userdata, ret);
}

static int kind_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		    const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	struct proc_trigger *t;
	int r;

	assert(spec && spec->kind == LED_CUSE_TRIGGER_DISK);
	r = trigger_disk_new_at(event, sink, userdata, "/proc", &t);
	if (r < 0)
		return r;
	*ret = t;
	return 0;
}

const struct trigger_kind trigger_disk_kind = { .new = kind_new, .free = proc_trigger_free_kind };
