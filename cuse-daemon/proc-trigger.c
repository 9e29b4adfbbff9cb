/* SPDX-License-Identifier: MIT */
#include "proc-trigger.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc-sampler.h"

struct proc_trigger {
	const struct proc_trigger_ops *ops;
	const struct trigger_sink_ops *sink;
	void *userdata;
	struct proc_sampler *sampler;
	bool have_last;
	uint64_t last[PROC_TRIGGER_COUNTERS];
};

static int on_sample(void *userdata, const char *text)
{
	struct proc_trigger *t = userdata;
	uint64_t now[PROC_TRIGGER_COUNTERS] = { 0 };
	unsigned int ms = 0;
	int r;

	r = t->ops->parse(text, now);
	if (r < 0)
		return r;
	if (t->have_last)
		ms = t->ops->flash_ms(t->last, now);
	t->have_last = true;
	memcpy(t->last, now, sizeof(now));
	if (ms > 0)
		t->sink->flash(t->userdata, ms);
	return 0;
}

static const struct proc_sampler_ops sampler_ops = { .sample = on_sample };

int proc_trigger_new(sd_event *event, const struct proc_trigger_ops *ops, const char *proc_root,
		     const struct trigger_sink_ops *sink, void *userdata, struct proc_trigger **ret)
{
	_cleanup_(proc_trigger_freep) struct proc_trigger *t = NULL;
	_cleanup_free_ char *path = NULL;
	int r;

	assert(event && ops && ops->file && ops->interval_ms > 0 && ops->parse && ops->flash_ms && proc_root);
	assert(sink && sink->show && sink->flash && ret);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->ops = ops;
	t->sink = sink;
	t->userdata = userdata;
	if (asprintf(&path, "%s/%s", proc_root, ops->file) < 0)
		return -ENOMEM;
	sink->show(userdata, false, NULL);
	r = proc_sampler_new(event, path, (usec_t)ops->interval_ms * USEC_PER_MSEC, &sampler_ops, t, &t->sampler);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(t);
	return 0;
}

struct proc_trigger *proc_trigger_free(struct proc_trigger *t)
{
	if (!t)
		return NULL;
	proc_sampler_free(t->sampler);
	free(t);
	return NULL;
}

void *proc_trigger_free_kind(void *impl)
{
	return proc_trigger_free(impl);
}
