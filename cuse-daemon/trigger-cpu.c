/* SPDX-License-Identifier: MIT */
#include "trigger-cpu.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc-sampler.h"

/* user nice system idle iowait irq softirq steal: the fields that add up
 * to the time; guest and guest_nice (9th, 10th) are in user and nice. */
#define STAT_TIME_FIELDS 8
#define STAT_MIN_FIELDS 4
#define STAT_IDLE 3
#define STAT_IOWAIT 4

struct trigger_cpu {
	const struct trigger_sink_ops *sink;
	void *userdata;
	struct proc_sampler *sampler;
	bool have_last;
	uint64_t last_busy, last_total;
};

int trigger_cpu_parse_stat(const char *text, uint64_t *ret_busy, uint64_t *ret_total, unsigned int *ret_ncpus)
{
	uint64_t v[STAT_TIME_FIELDS] = { 0 };
	uint64_t total = 0, idle;
	unsigned int ncpus = 0;
	int n;

	assert(text && ret_busy && ret_total && ret_ncpus);
	if (strncmp(text, "cpu ", 4) != 0)
		return -EBADMSG;
	n = proc_sampler_parse_line(text, 1, v, STAT_TIME_FIELDS);
	if (n < STAT_MIN_FIELDS)
		return -EBADMSG;
	for (int i = 0; i < n; i++)
		total += v[i];
	idle = v[STAT_IDLE] + v[STAT_IOWAIT];
	for (const char *l = strchr(text, '\n'); l && strncmp(l + 1, "cpu", 3) == 0; l = strchr(l + 1, '\n'))
		if (l[4] >= '0' && l[4] <= '9')
			ncpus++;
	*ret_busy = total - idle;
	*ret_total = total;
	*ret_ncpus = ncpus;
	return 0;
}

bool trigger_cpu_interval_is_busy(uint64_t busy_delta, uint64_t total_delta, unsigned int ncpus)
{
	return total_delta > 0 && 2 * busy_delta * ncpus >= total_delta;
}

static int on_sample(void *userdata, const char *text)
{
	struct trigger_cpu *t = userdata;
	uint64_t busy, total;
	unsigned int ncpus;
	bool busy_interval;
	int r;

	r = trigger_cpu_parse_stat(text, &busy, &total, &ncpus);
	if (r < 0)
		return r;
	if (ncpus == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		ncpus = n > 0 ? (unsigned int)n : 1;
	}
	/* Counters that went back (they do not, but a garbled reading might
	 * have been taken) start the comparison again. */
	busy_interval = t->have_last && total >= t->last_total && busy >= t->last_busy &&
			trigger_cpu_interval_is_busy(busy - t->last_busy, total - t->last_total, ncpus);
	t->have_last = true;
	t->last_busy = busy;
	t->last_total = total;
	if (busy_interval)
		t->sink->flash(t->userdata, TRIGGER_CPU_SAMPLE_MS);
	return 0;
}

static const struct proc_sampler_ops sampler_ops = { .sample = on_sample };

int trigger_cpu_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata, const char *proc_root,
		       struct trigger_cpu **ret)
{
	_cleanup_(trigger_cpu_freep) struct trigger_cpu *t = NULL;
	_cleanup_free_ char *path = NULL;
	int r;

	assert(event && sink && sink->show && sink->flash && proc_root && ret);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->sink = sink;
	t->userdata = userdata;
	if (asprintf(&path, "%s/stat", proc_root) < 0)
		return -ENOMEM;
	sink->show(userdata, false, NULL);
	r = proc_sampler_new(event, path, TRIGGER_CPU_SAMPLE_MS * USEC_PER_MSEC, &sampler_ops, t, &t->sampler);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(t);
	return 0;
}

struct trigger_cpu *trigger_cpu_free(struct trigger_cpu *t)
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
	struct trigger_cpu *t;
	int r;

	assert(spec && spec->kind == LED_CUSE_TRIGGER_CPU);
	r = trigger_cpu_new_at(event, sink, userdata, "/proc", &t);
	if (r < 0)
		return r;
	*ret = t;
	return 0;
}

static void *kind_free(void *impl)
{
	return trigger_cpu_free(impl);
}

const struct trigger_kind trigger_cpu_kind = { .new = kind_new, .free = kind_free };
