/* SPDX-License-Identifier: MIT */
#include "unit-actions.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uapi.h"
#include "log.h"

struct unit_actions {
	char *units[LED_CUSE_EVENT_KINDS];
	const struct unit_actions_ops *ops;
	void *userdata;
};

bool unit_actions_configured(char *const *units)
{
	for (size_t k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		if (units[k])
			return true;
	return false;
}

int unit_actions_new(char *const *units, const struct unit_actions_ops *ops, void *userdata,
		     struct unit_actions **ret)
{
	_cleanup_(unit_actions_freep) struct unit_actions *a = NULL;

	assert(units && ops && ops->start_unit && ret);
	a = calloc(1, sizeof(*a));

	if (!a)
		return -ENOMEM;
	for (size_t k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		if (units[k] && !(a->units[k] = strdup(units[k])))
			return -ENOMEM;
	a->ops = ops;
	a->userdata = userdata;
	*ret = TAKE_PTR(a);
	return 0;
}

struct unit_actions *unit_actions_free(struct unit_actions *a)
{
	if (!a)
		return NULL;
	for (size_t k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		free(a->units[k]);
	free(a);
	return NULL;
}

int unit_actions_handle(struct unit_actions *a, const struct led_cuse_event *event)
{
	unsigned int kind = event->kind & LED_CUSE_EVENT_KIND_MASK;
	const char *unit = kind < LED_CUSE_EVENT_KINDS ? a->units[kind] : NULL;
	int r;

	if (!unit)
		return UNIT_ACTIONS_NONE;
	log_info("button %s: starting %s", uapi_event_kind_to_string(kind), unit);
	r = a->ops->start_unit(a->userdata, unit);
	return r < 0 ? r : UNIT_ACTIONS_STARTED;
}
