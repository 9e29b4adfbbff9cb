/* SPDX-License-Identifier: MIT */
/* The words of a recorded change: ledctl info and the daemon's journal. */
#include "led-test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <led-cuse/led.h>

#include "change-util.h"

LED_TEST_CASE(test_source_words)
{
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_START), "start");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_RESTORE), "restore");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_WRITE), "write");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_IOCTL), "ioctl");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_BUTTON), "button");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_ACTION), "action");
	ck_assert_str_eq(led_change_source_to_string(LED_CUSE_CHANGE_TIMER), "timer");
	/* A newer daemon's source: the caller says "unknown". */
	ck_assert_ptr_null(led_change_source_to_string(LED_CUSE_CHANGE_SOURCES));
	ck_assert_ptr_null(led_change_source_to_string(0xffffffffu));
}

LED_TEST_CASE(test_local_time)
{
	char buf[64];

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(led_change_format_time(0, buf, sizeof(buf)), "1970-01-01 00:00:00.000 UTC");
	ck_assert_str_eq(led_change_format_time(1700000000123456789ULL, buf, sizeof(buf)),
			 "2023-11-14 22:13:20.123 UTC");
	/* Local time, with the zone's name. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	ck_assert_str_eq(led_change_format_time(1700000000999000000ULL, buf, sizeof(buf)),
			 "2023-11-14 23:13:20.999 CET");
	ck_assert_str_eq(led_change_format_time(1690000000000000000ULL, buf, sizeof(buf)),
			 "2023-07-22 06:26:40.000 CEST");
	/* Too small a buffer: NULL and an empty string, never a cut time. */
	ck_assert_ptr_null(led_change_format_time(0, buf, 20));
	ck_assert_str_eq(buf, "");
	unsetenv("TZ");
	tzset();
}

LED_TEST_CASE(test_user_name)
{
	char buf[64];

	ck_assert_str_eq(led_change_format_user(0, buf, sizeof(buf)), "root");
	/* No such user: the number. */
	ck_assert_str_eq(led_change_format_user(3999999, buf, sizeof(buf)), "3999999");
}
