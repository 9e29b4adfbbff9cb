/* SPDX-License-Identifier: MIT */
/* The main() of every unit test: runs what LED_TEST_CASE registered, as one check suite. */
#include <stdlib.h>
#include <string.h>

#include "led-test.h"

static struct led_test *first, **last = &first;
static SFun fixture_setup, fixture_teardown;

void led_test_register(struct led_test *t)
{
	/* Constructors run in the order the tests are written: keep it. */
	*last = t;
	last = &t->next;
}

void led_test_set_fixture(SFun setup, SFun teardown)
{
	fixture_setup = setup;
	fixture_teardown = teardown;
}

/* The test case called name, created (and added to s) on first use. */
static TCase *tcase_of(Suite *s, TCase **made, const char **names, size_t *n, const char *name)
{
	TCase *tc;

	for (size_t i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return made[i];
	tc = tcase_create(name);
	if (strcmp(name, LED_TEST_DEFAULT_TCASE) == 0 && (fixture_setup || fixture_teardown))
		tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	suite_add_tcase(s, tc);
	names[*n] = name;
	made[(*n)++] = tc;
	return tc;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	size_t count = 0, n = 0;
	const char **names;
	SRunner *sr;
	TCase **made;
	Suite *s;
	int failed;

	if (strncmp(name, "test-", 5) == 0)
		name += 5;
	for (struct led_test *t = first; t; t = t->next)
		count++;
	names = calloc(count + 1, sizeof(*names));
	made = calloc(count + 1, sizeof(*made));
	if (!names || !made)
		return EXIT_FAILURE;

	s = suite_create(name);
	for (struct led_test *t = first; t; t = t->next)
		tcase_add_test(tcase_of(s, made, names, &n, t->tcase), t->test);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(names);
	free(made);
	return failed || count == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
