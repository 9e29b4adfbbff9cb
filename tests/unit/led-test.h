/* SPDX-License-Identifier: MIT */
/*
 * Unit tests register themselves, like libgpiod's GPIOD_TEST_CASE:
 *
 *	LED_TEST_CASE(test_toggle)
 *	{
 *		ck_assert(...);
 *	}
 *
 * A test file is one check suite, named after its executable (test-NAME),
 * and the one main() in led-test.c runs its tests in the order they are
 * written. Tests go to the file's default test case unless given a group:
 * LED_TEST_CASE_IN("config", test_x). LED_TEST_FIXTURE(setup, teardown) is a
 * checked fixture around every test of the default test case.
 */
#ifndef LED_CUSE_LED_TEST_H
#define LED_CUSE_LED_TEST_H

#include <check.h>

#define LED_TEST_DEFAULT_TCASE "default"

struct led_test {
	const TTest *test;
	const char *tcase;
	struct led_test *next;
};

void led_test_register(struct led_test *t);
void led_test_set_fixture(SFun setup, SFun teardown);

#define LED_TEST_CASE_IN(tc, tname)                                                      \
	static void tname##_fn(int _i CK_ATTRIBUTE_UNUSED);                              \
	static const TTest tname##_ttest = { #tname, tname##_fn, __FILE__, __LINE__ };   \
	static struct led_test tname##_entry = { &tname##_ttest, tc, NULL };             \
	__attribute__((constructor)) static void tname##_register(void)                  \
	{                                                                                \
		led_test_register(&tname##_entry);                                       \
	}                                                                                \
	static void tname##_fn(int _i CK_ATTRIBUTE_UNUSED)

#define LED_TEST_CASE(tname) LED_TEST_CASE_IN(LED_TEST_DEFAULT_TCASE, tname)

#define LED_TEST_FIXTURE(setup, teardown)                                                \
	__attribute__((constructor)) static void led_test_fixture_register(void)         \
	{                                                                                \
		led_test_set_fixture(setup, teardown);                                   \
	}

#endif
