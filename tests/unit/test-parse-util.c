/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "parse-util.h"

LED_TEST_CASE(test_decimal)
{
	uint64_t v = 99;
	unsigned int u = 7;

	ck_assert_int_eq(parse_decimal("0", 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_decimal("0010", 10, &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(parse_decimal("18446744073709551615", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse_uint("65535", 65535, &u), 0);
	ck_assert_uint_eq(u, 65535);
	/* Only the first len bytes count. */
	ck_assert_int_eq(parse_decimal_n("42x", 2, 100, &v), 0);
	ck_assert_uint_eq(v, 42);
}

LED_TEST_CASE(test_decimal_rejects)
{
	static const char *const bad[] = { "", " 1", "1 ", "+1", "-1", "1x", "x1", "0x10", "1.5", "1\n" };
	uint64_t v = 99;
	unsigned int u = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse_decimal(bad[i], UINT64_MAX, &v) == -EINVAL, "'%s' accepted", bad[i]);
	ck_assert_int_eq(parse_decimal(NULL, 10, &v), -EINVAL);
	ck_assert_int_eq(parse_decimal_n("12", 0, 100, &v), -EINVAL);
	/* Above max, and far beyond 64 bits: no overflow, no wrap-around. */
	ck_assert_int_eq(parse_decimal("11", 10, &v), -ERANGE);
	ck_assert_int_eq(parse_decimal("18446744073709551616", UINT64_MAX, &v), -ERANGE);
	ck_assert_int_eq(parse_decimal("99999999999999999999999999999999", UINT64_MAX, &v), -ERANGE);
	ck_assert_int_eq(parse_decimal("9", 0, &v), -ERANGE);
	ck_assert_int_eq(parse_decimal("99999999999999999999999x", 10, &v), -EINVAL);
	ck_assert_int_eq(parse_uint("65536", 65535, &u), -ERANGE);
	/* Failure leaves the output alone. */
	ck_assert_uint_eq(v, 99);
	ck_assert_uint_eq(u, 7);
}
