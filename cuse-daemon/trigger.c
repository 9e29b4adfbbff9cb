/* SPDX-License-Identifier: MIT */
#include "trigger.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

struct trigger {
	struct trigger_spec spec;
	const struct trigger_kind *kind;
	void *impl;
};

/* The kinds built in; a kind without an entry fails with -EOPNOTSUPP. */
static const struct trigger_kind *kinds[LED_CUSE_TRIGGER_KINDS] = {
	[LED_CUSE_TRIGGER_NETDEV] = &trigger_netdev_kind,
	[LED_CUSE_TRIGGER_UNIT] = &trigger_unit_kind,
	[LED_CUSE_TRIGGER_SYSTEM] = &trigger_system_kind,
	[LED_CUSE_TRIGGER_CPU] = &trigger_cpu_kind,
	[LED_CUSE_TRIGGER_DISK] = &trigger_disk_kind,
};

/* For the tests (tests/fakes/internals.h): run kind for k instead. */
void trigger_set_kind(enum led_cuse_trigger_kind k, const struct trigger_kind *kind);
void trigger_set_kind(enum led_cuse_trigger_kind k, const struct trigger_kind *kind)
{
	assert((unsigned int)k < LED_CUSE_TRIGGER_KINDS);
	kinds[k] = kind;
}

int trigger_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		const struct trigger_sink_ops *sink, void *userdata, struct trigger **ret)
{
	_cleanup_(trigger_freep) struct trigger *t = NULL;
	int r;

	assert(event && spec && sockets && sink && sink->show && sink->flash && ret);
	assert((unsigned int)spec->kind < LED_CUSE_TRIGGER_KINDS && spec->kind != LED_CUSE_TRIGGER_NONE);
	if (!kinds[spec->kind])
		return -EOPNOTSUPP;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->spec = *spec;
	r = kinds[spec->kind]->new(event, &t->spec, sockets, sink, userdata, &t->impl);
	if (r < 0)
		return r;
	t->kind = kinds[spec->kind];
	*ret = TAKE_PTR(t);
	return 0;
}

struct trigger *trigger_free(struct trigger *t)
{
	if (!t)
		return NULL;
	if (t->kind)
		t->kind->free(t->impl);
	free(t);
	return NULL;
}

const struct trigger_spec *trigger_get_spec(const struct trigger *t)
{
	return &t->spec;
}
