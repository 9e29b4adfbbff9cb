/* SPDX-License-Identifier: MIT */
/* Run a check suite and turn its result into the test's exit status. */
#ifndef LED_CUSE_CHECK_MAIN_H
#define LED_CUSE_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
