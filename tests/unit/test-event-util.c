/* SPDX-License-Identifier: MIT */
#include <led-cuse/led.h>

#include "event-util.h"
#include "led-test.h"

LED_TEST_CASE(test_event_kind_words)
{
	ck_assert_str_eq(led_event_kind_to_string(LED_CUSE_EVENT_PRESS), "press");
	ck_assert_str_eq(led_event_kind_to_string(LED_CUSE_EVENT_RELEASE), "release");
	ck_assert_str_eq(led_event_kind_to_string(LED_CUSE_EVENT_HOLD), "hold");
	ck_assert_str_eq(led_event_kind_to_string(LED_CUSE_EVENT_DOUBLE), "double");
	/* The LONG flag is not part of the kind. */
	ck_assert_str_eq(led_event_kind_to_string(LED_CUSE_EVENT_RELEASE | LED_CUSE_EVENT_LONG), "release");
	ck_assert_ptr_null(led_event_kind_to_string(LED_CUSE_EVENT_KINDS));
	ck_assert_ptr_null(led_event_kind_to_string(0xff));
}
