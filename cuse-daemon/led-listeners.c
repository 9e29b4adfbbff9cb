/* SPDX-License-Identifier: MIT */
#include "led-listeners.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

int led_listeners_add(struct led_listeners *ls, const struct led_listener *ops, void *userdata)
{
	assert(ls && ops);
	if (ls->n >= LED_LISTENERS_MAX)
		return -ENOSPC;
	ls->entries[ls->n].ops = ops;
	ls->entries[ls->n].userdata = userdata;
	ls->n++;
	return 0;
}

void led_listeners_remove(struct led_listeners *ls, const struct led_listener *ops, void *userdata)
{
	assert(ls && ops);
	for (size_t i = 0; i < ls->n; i++) {
		if (ls->entries[i].ops != ops || ls->entries[i].userdata != userdata)
			continue;
		memmove(ls->entries + i, ls->entries + i + 1, (ls->n - i - 1) * sizeof(ls->entries[0]));
		ls->n--;
		return;
	}
}

/* A listener that subscribes or leaves while being told hears from the next event on. */
#define FOREACH_LISTENER(ls, i) for (size_t i = 0; i < (ls)->n; i++)

void led_listeners_changed(const struct led_listeners *ls, const struct led_cuse_change *change)
{
	FOREACH_LISTENER(ls, i)
		if (ls->entries[i].ops->changed)
			ls->entries[i].ops->changed(ls->entries[i].userdata, change);
}

void led_listeners_button(const struct led_listeners *ls, const struct led_cuse_event *event, const uint64_t *counts)
{
	FOREACH_LISTENER(ls, i)
		if (ls->entries[i].ops->button)
			ls->entries[i].ops->button(ls->entries[i].userdata, event, counts);
}

void led_listeners_gone(const struct led_listeners *ls)
{
	FOREACH_LISTENER(ls, i)
		if (ls->entries[i].ops->gone)
			ls->entries[i].ops->gone(ls->entries[i].userdata);
}
