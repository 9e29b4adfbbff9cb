/* SPDX-License-Identifier: MIT */
#include "trigger-cpu.h"

#include <assert.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "proc-sampler.h"

/* user nice system idle iowait irq softirq steal: the fields that add up
 * to the time; guest and guest_nice (9th, 10th) are in user and nice. */
#define STAT_TIME_FIELDS 8
#define STAT_MIN_FIELDS 4
#define STAT_IDLE 3
#define STAT_IOWAIT 4

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

enum { BUSY, TOTAL, NCPUS };

static int parse(const char *text, uint64_t ret[PROC_TRIGGER_COUNTERS])
{
	unsigned int ncpus;
	int r;

	r = trigger_cpu_parse_stat(text, &ret[BUSY], &ret[TOTAL], &ncpus);
	if (r < 0)
		return r;
	if (ncpus == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		ncpus = n > 0 ? (unsigned int)n : 1;
	}
	ret[NCPUS] = ncpus;
	return 0;
}

static unsigned int flash_ms(const uint64_t last[PROC_TRIGGER_COUNTERS], const uint64_t now[PROC_TRIGGER_COUNTERS])
{
	/* The counters never go back; if they seem to, no verdict. */
	if (now[BUSY] < last[BUSY] || now[TOTAL] < last[TOTAL])
		return 0;
	return trigger_cpu_interval_is_busy(now[BUSY] - last[BUSY], now[TOTAL] - last[TOTAL], (unsigned int)now[NCPUS])
		       ? TRIGGER_CPU_SAMPLE_MS
		       : 0;
}

static const struct proc_trigger_ops ops = {
	.file = "stat",
	.interval_ms = TRIGGER_CPU_SAMPLE_MS,
	.parse = parse,
	.flash_ms = flash_ms,
};

int trigger_cpu_new_at(sd_event *event, const struct trigger_sink_ops *sink, void *userdata, const char *proc_root,
		       struct proc_trigger **ret)
{
	return proc_trigger_new(event, &ops, proc_root, sink, userdata, ret);
}

static int kind_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		    const struct trigger_sink_ops *sink, void *userdata, void **ret)
{
	struct proc_trigger *t;
	int r;

	assert(spec && spec->kind == LED_CUSE_TRIGGER_CPU);
	r = trigger_cpu_new_at(event, sink, userdata, "/proc", &t);
	if (r < 0)
		return r;
	*ret = t;
	return 0;
}

const struct trigger_kind trigger_cpu_kind = { .new = kind_new, .free = proc_trigger_free_kind };
