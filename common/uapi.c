/* SPDX-License-Identifier: MIT */
#include "uapi.h"

#include <led-cuse/led.h>

#include "macro.h"

static const char *const event_kinds[] = {
	[LED_CUSE_EVENT_PRESS] = "press",
	[LED_CUSE_EVENT_RELEASE] = "release",
	[LED_CUSE_EVENT_HOLD] = "hold",
	[LED_CUSE_EVENT_DOUBLE] = "double",
};
_Static_assert(ELEMENTSOF(event_kinds) == LED_CUSE_EVENT_KINDS, "a word per event kind");

static const char *const change_sources[] = {
	[LED_CUSE_CHANGE_START] = "start",
	[LED_CUSE_CHANGE_RESTORE] = "restore",
	[LED_CUSE_CHANGE_WRITE] = "write",
	[LED_CUSE_CHANGE_IOCTL] = "ioctl",
	[LED_CUSE_CHANGE_BUTTON] = "button",
	[LED_CUSE_CHANGE_ACTION] = "action",
	[LED_CUSE_CHANGE_TIMER] = "timer",
	[LED_CUSE_CHANGE_TRIGGER] = "trigger",
};
_Static_assert(ELEMENTSOF(change_sources) == LED_CUSE_CHANGE_SOURCES, "a word per source");

static const char *const mode_kinds[] = {
	[LED_CUSE_MODE_NONE] = "none",
	[LED_CUSE_MODE_BLINK] = "blink",
	[LED_CUSE_MODE_PATTERN] = "pattern",
	[LED_CUSE_MODE_HEARTBEAT] = "heartbeat",
	[LED_CUSE_MODE_ONESHOT] = "oneshot",
};

static const char *const trigger_kinds[] = {
	[LED_CUSE_TRIGGER_NONE] = "none",
	[LED_CUSE_TRIGGER_NETDEV] = "netdev",
	[LED_CUSE_TRIGGER_UNIT] = "unit",
	[LED_CUSE_TRIGGER_SYSTEM] = "system",
	[LED_CUSE_TRIGGER_CPU] = "cpu",
	[LED_CUSE_TRIGGER_DISK] = "disk",
};
_Static_assert(ELEMENTSOF(trigger_kinds) == LED_CUSE_TRIGGER_KINDS, "a word per trigger kind");

const char *uapi_event_kind_to_string(uint32_t kind)
{
	kind &= LED_CUSE_EVENT_KIND_MASK;
	return kind < ELEMENTSOF(event_kinds) ? event_kinds[kind] : NULL;
}

const char *uapi_change_source_to_string(uint32_t source)
{
	return source < ELEMENTSOF(change_sources) ? change_sources[source] : NULL;
}

const char *uapi_mode_kind_to_string(uint32_t kind)
{
	return kind < ELEMENTSOF(mode_kinds) ? mode_kinds[kind] : NULL;
}

const char *uapi_trigger_kind_to_string(uint32_t kind)
{
	return kind < ELEMENTSOF(trigger_kinds) ? trigger_kinds[kind] : NULL;
}
