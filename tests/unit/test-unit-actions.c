/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <string.h>

#include "unit-actions.h"

/* The fake: records what it was asked to start. */
struct fake_starter {
	char started[8][64];
	int count;
	int error;      /* returned instead of starting */
};

static int fake_start_unit(void *userdata, const char *unit)
{
	struct fake_starter *f = userdata;

	if (f->error)
		return f->error;
	ck_assert_int_lt(f->count, 8);
	strncpy(f->started[f->count++], unit, sizeof(f->started[0]) - 1);
	return 0;
}

static const struct unit_actions_ops fake_starter = {
	.start_unit = fake_start_unit,
};

static struct fake_starter fake;
static struct unit_actions *actions;
static char *units[LED_CUSE_EVENT_KINDS];

static void setup(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(units, 0, sizeof(units));
	actions = NULL;
}

static void teardown(void)
{
	actions = unit_actions_free(actions);
}

LED_TEST_FIXTURE(setup, teardown)

static int event(unsigned int kind)
{
	struct led_cuse_event ev = { .seq = 1, .kind = kind };

	return unit_actions_handle(actions, &ev);
}

LED_TEST_CASE(test_each_event_starts_its_unit)
{
	units[LED_CUSE_EVENT_PRESS] = "press.service";
	units[LED_CUSE_EVENT_HOLD] = "poweroff.target";
	units[LED_CUSE_EVENT_DOUBLE] = "getty@tty2.service";
	ck_assert(unit_actions_configured(units));
	ck_assert_int_eq(unit_actions_new(units, &fake_starter, &fake, &actions), 0);

	ck_assert_int_eq(event(LED_CUSE_EVENT_PRESS), UNIT_ACTIONS_STARTED);
	ck_assert_int_eq(fake.count, 1);
	ck_assert_str_eq(fake.started[0], "press.service");
	ck_assert_int_eq(event(LED_CUSE_EVENT_HOLD), UNIT_ACTIONS_STARTED);
	ck_assert_int_eq(fake.count, 2);
	ck_assert_str_eq(fake.started[1], "poweroff.target");
	ck_assert_int_eq(event(LED_CUSE_EVENT_DOUBLE), UNIT_ACTIONS_STARTED);
	ck_assert_int_eq(fake.count, 3);
	ck_assert_str_eq(fake.started[2], "getty@tty2.service");
	/* A release, long or not, starts nothing. */
	ck_assert_int_eq(event(LED_CUSE_EVENT_RELEASE), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(event(LED_CUSE_EVENT_RELEASE | LED_CUSE_EVENT_LONG), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(fake.count, 3);
	/* Kinds from a newer header start nothing either. */
	ck_assert_int_eq(event(LED_CUSE_EVENT_KINDS), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(event(LED_CUSE_EVENT_KIND_MASK), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(fake.count, 3);
}

/* The table is copied: the options may be freed (or change) after. */
LED_TEST_CASE(test_units_are_copied)
{
	char name[] = "poweroff.target";

	units[LED_CUSE_EVENT_HOLD] = name;
	ck_assert_int_eq(unit_actions_new(units, &fake_starter, &fake, &actions), 0);
	strcpy(name, "reboot.target");
	ck_assert_int_eq(event(LED_CUSE_EVENT_HOLD), UNIT_ACTIONS_STARTED);
	ck_assert_str_eq(fake.started[0], "poweroff.target");
}

LED_TEST_CASE(test_only_the_configured_kinds)
{
	units[LED_CUSE_EVENT_HOLD] = "poweroff.target";
	ck_assert_int_eq(unit_actions_new(units, &fake_starter, &fake, &actions), 0);
	ck_assert_int_eq(event(LED_CUSE_EVENT_PRESS), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(event(LED_CUSE_EVENT_DOUBLE), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(fake.count, 0);
	ck_assert_int_eq(event(LED_CUSE_EVENT_HOLD), UNIT_ACTIONS_STARTED);
	ck_assert_int_eq(fake.count, 1);
}

LED_TEST_CASE(test_nothing_configured)
{
	ck_assert(!unit_actions_configured(units));
	ck_assert_int_eq(unit_actions_new(units, &fake_starter, &fake, &actions), 0);
	for (unsigned int k = 0; k < LED_CUSE_EVENT_KINDS; k++)
		ck_assert_int_eq(event(k), UNIT_ACTIONS_NONE);
	ck_assert_int_eq(fake.count, 0);
}

/* A failed start is the starter's error, and the next event is handled as usual. */
LED_TEST_CASE(test_failed_start)
{
	units[LED_CUSE_EVENT_PRESS] = "press.service";
	ck_assert_int_eq(unit_actions_new(units, &fake_starter, &fake, &actions), 0);
	fake.error = -ENOTCONN;
	ck_assert_int_eq(event(LED_CUSE_EVENT_PRESS), -ENOTCONN);
	fake.error = 0;
	ck_assert_int_eq(event(LED_CUSE_EVENT_PRESS), UNIT_ACTIONS_STARTED);
	ck_assert_int_eq(fake.count, 1);
}
