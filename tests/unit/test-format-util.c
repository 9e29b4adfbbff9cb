/* SPDX-License-Identifier: MIT */
/* The time and the user of a recorded change, as ledctl info prints them. */
#include "led-test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <led-cuse/led.h>

#include "format-util.h"

LED_TEST_CASE(test_local_time)
{
	char buf[64];

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(format_timestamp_ns(0, buf, sizeof(buf)), "1970-01-01 00:00:00.000 UTC");
	ck_assert_str_eq(format_timestamp_ns(1700000000123456789ULL, buf, sizeof(buf)),
			 "2023-11-14 22:13:20.123 UTC");
	/* Local time, with the zone's name. */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	ck_assert_str_eq(format_timestamp_ns(1700000000999000000ULL, buf, sizeof(buf)),
			 "2023-11-14 23:13:20.999 CET");
	ck_assert_str_eq(format_timestamp_ns(1690000000000000000ULL, buf, sizeof(buf)),
			 "2023-07-22 06:26:40.000 CEST");
	/* Too small a buffer: NULL and an empty string, never a cut time. */
	ck_assert_ptr_null(format_timestamp_ns(0, buf, 20));
	ck_assert_str_eq(buf, "");
	unsetenv("TZ");
	tzset();
}

LED_TEST_CASE(test_user_name)
{
	char buf[64];

	ck_assert_str_eq(format_user(0, buf, sizeof(buf)), "root");
	/* No such user: the number. */
	ck_assert_str_eq(format_user(3999999, buf, sizeof(buf)), "3999999");
}
