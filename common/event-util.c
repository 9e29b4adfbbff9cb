/* SPDX-License-Identifier: MIT */
#include "event-util.h"

#include <led-cuse/led.h>

#include "macro.h"

static const char *const kinds[] = {
	[LED_CUSE_EVENT_PRESS] = "press",
	[LED_CUSE_EVENT_RELEASE] = "release",
	[LED_CUSE_EVENT_HOLD] = "hold",
	[LED_CUSE_EVENT_DOUBLE] = "double",
};
_Static_assert(ELEMENTSOF(kinds) == LED_CUSE_EVENT_KINDS, "a word per event kind");

const char *led_event_kind_to_string(uint32_t kind)
{
	kind &= LED_CUSE_EVENT_KIND_MASK;
	return kind < LED_CUSE_EVENT_KINDS ? kinds[kind] : NULL;
}
