/* SPDX-License-Identifier: MIT */
#include "trigger-disk.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

struct trigger_disk {
	const struct trigger_sink_ops *sink;
	void *userdata;
	struct proc_sampler *sampler;
	bool have_last;
	uint64_t last_requests;
};

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

static int on_sample(void *userdata, const char *text)
{
	struct trigger_disk *t = userdata;
	uint64_t requests;
	bool changed;
	int r;

	r = trigger_disk_parse_diskstats(text, &requests);
	if (r < 0)
		return r;
	changed = t->have_last && requests != t->last_requests;
	t->have_last = true;
	t->last_requests = requests;
	if (changed)
		t->sink->flash(t->userdata, TRIGGER_DISK_FLASH_MS);
	return 0;
}

static const struct proc_sampler_ops sampler_ops = { .sample = on_sample };

int trigger_disk_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata,
			const char *proc_root, struct trigger_disk **ret)
{
	_cleanup_(trigger_disk_freep) struct trigger_disk *t = NULL;
	_cleanup_free_ char *path = NULL;
	int r;

	assert(event && sink && sink->show && sink->flash && proc_root && ret);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->sink = sink;
	t->userdata = userdata;
	if (asprintf(&path, "%s/diskstats", proc_root) < 0)
		return -ENOMEM;
	sink->show(userdata, false, NULL);
	r = proc_sampler_new(event, path, TRIGGER_DISK_SAMPLE_MS * USEC_PER_MSEC, &sampler_ops, t, &t->sampler);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(t);
	return 0;
}

struct trigger_disk *trigger_disk_free(struct trigger_disk *t)
{
	if (!t)
		return NULL;
	proc_sampler_free(t->sampler);
	free(t);
	return NULL;
}

static int kind_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sink_ops *sink,
		    void *userdata, void **ret)
{
	struct trigger_disk *t;
	int r;

	assert(spec && spec->kind == LED_CUSE_TRIGGER_DISK);
	r = trigger_disk_new_at(event, sink, userdata, "/proc", &t);
	if (r < 0)
		return r;
	*ret = t;
	return 0;
}

static void *kind_free(void *impl)
{
	return trigger_disk_free(impl);
}

const struct trigger_kind trigger_disk_kind = { .new = kind_new, .free = kind_free };
