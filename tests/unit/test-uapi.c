/* SPDX-License-Identifier: MIT */
#include <led-cuse/led.h>

#include "led-test.h"
#include "macro.h"
#include "uapi.h"

LED_TEST_CASE(test_event_kind_words)
{
	ck_assert_str_eq(uapi_event_kind_to_string(LED_CUSE_EVENT_PRESS), "press");
	ck_assert_str_eq(uapi_event_kind_to_string(LED_CUSE_EVENT_RELEASE), "release");
	ck_assert_str_eq(uapi_event_kind_to_string(LED_CUSE_EVENT_HOLD), "hold");
	ck_assert_str_eq(uapi_event_kind_to_string(LED_CUSE_EVENT_DOUBLE), "double");
	/* The LONG flag is not part of the kind. */
	ck_assert_str_eq(uapi_event_kind_to_string(LED_CUSE_EVENT_RELEASE | LED_CUSE_EVENT_LONG), "release");
	ck_assert_ptr_null(uapi_event_kind_to_string(LED_CUSE_EVENT_KINDS));
	ck_assert_ptr_null(uapi_event_kind_to_string(0xff));
}

LED_TEST_CASE(test_source_words)
{
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_START), "start");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_RESTORE), "restore");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_WRITE), "write");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_IOCTL), "ioctl");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_BUTTON), "button");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_ACTION), "action");
	ck_assert_str_eq(uapi_change_source_to_string(LED_CUSE_CHANGE_TIMER), "timer");
	/* A newer daemon's source: the caller says "unknown". */
	ck_assert_ptr_null(uapi_change_source_to_string(LED_CUSE_CHANGE_SOURCES));
	ck_assert_ptr_null(uapi_change_source_to_string(0xffffffffu));
}

LED_TEST_CASE(test_mode_kind_words)
{
	/* By value: the uapi numbers them in this order. */
	static const char *const words[] = { "none", "blink", "pattern", "heartbeat", "oneshot" };

	ck_assert_uint_eq(LED_CUSE_MODE_ONESHOT + 1, ELEMENTSOF(words));
	for (unsigned int kind = 0; kind < ELEMENTSOF(words); kind++)
		ck_assert_str_eq(uapi_mode_kind_to_string(kind), words[kind]);
	ck_assert_ptr_null(uapi_mode_kind_to_string(ELEMENTSOF(words)));
}

LED_TEST_CASE(test_trigger_kind_words)
{
	/* By value, as the trigger command spells them. */
	static const char *const words[] = { "none", "netdev", "unit", "system", "cpu", "disk" };

	ck_assert_uint_eq(LED_CUSE_TRIGGER_KINDS, ELEMENTSOF(words));
	for (unsigned int kind = 0; kind < ELEMENTSOF(words); kind++)
		ck_assert_str_eq(uapi_trigger_kind_to_string(kind), words[kind]);
	ck_assert_ptr_null(uapi_trigger_kind_to_string(ELEMENTSOF(words)));
}
