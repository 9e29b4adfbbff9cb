/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <string.h>

#include "macro.h"
#include "unit-name.h"

struct unit_name_case {
	const char *name;
	const char *reason; /* a piece of the reason; NULL: valid */
};

static const struct unit_name_case cases[] = {
	/* valid: every unit type, instances, all allowed characters */
	{ "poweroff.target", NULL },
	{ "reboot.target", NULL },
	{ "foo.service", NULL },
	{ "foo.socket", NULL },
	{ "foo.timer", NULL },
	{ "foo.path", NULL },
	{ "foo.mount", NULL },
	{ "foo.automount", NULL },
	{ "foo.swap", NULL },
	{ "foo.slice", NULL },
	{ "foo.scope", NULL },
	{ "dev-sda.device", NULL },
	{ "getty@tty1.service", NULL },
	{ "a@b@c.service", NULL },              /* more @ in the instance */
	{ "x.y.service", NULL },                /* dots in the prefix */
	{ "A-Za-z0-9:_.\\x2d.service", NULL },  /* every allowed character */
	{ "led-cuse@led.service", NULL },
	/* no type, an unknown type, nothing before the type */
	{ "x", "NAME.TYPE" },
	{ "foo", "NAME.TYPE" },
	{ "foo.", "NAME.TYPE" },
	{ "foo.Service", "NAME.TYPE" },
	{ "foo.service.bak", "NAME.TYPE" },
	{ "foo.conf", "NAME.TYPE" },
	{ ".service", "NAME.TYPE" },
	{ "", "required" },
	/* characters */
	{ "foo bar.service", "characters" },
	{ "foo/bar.service", "characters" },
	{ "foo$.service", "characters" },
	{ "f\303\266\303\266.service", "characters" },  /* UTF-8 */
	{ "foo\n.service", "characters" },
	{ "getty@tty 1.service", "characters" },
	{ "foo*.service", "characters" },       /* a glob is not a name */
	/* @ */
	{ "@foo.service", "start with @" },
	{ "@.service", "start with @" },
	{ "getty@.service", "template" },
};

LED_TEST_CASE(test_unit_name_table)
{
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		const char *why = unit_name_invalid_reason(cases[i].name);

		if (!cases[i].reason) {
			ck_assert_msg(!why, "'%s' refused: %s", cases[i].name, why);
			ck_assert(unit_name_is_valid(cases[i].name));
		} else {
			ck_assert_msg(why, "'%s' accepted", cases[i].name);
			ck_assert_msg(strstr(why, cases[i].reason), "'%s': '%s' lacks '%s'", cases[i].name, why,
				      cases[i].reason);
			ck_assert(!unit_name_is_valid(cases[i].name));
		}
	}
	ck_assert(!unit_name_is_valid(NULL));
}

/* 255 characters is the most systemd takes (UNIT_NAME_MAX 256 with the NUL). */
LED_TEST_CASE(test_unit_name_length)
{
	char name[UNIT_NAME_MAX + 1];
	const size_t suffix = strlen(".service");

	memset(name, 'a', sizeof(name));
	memcpy(name + UNIT_NAME_MAX - 1 - suffix, ".service", suffix + 1);
	ck_assert_uint_eq(strlen(name), 255);
	ck_assert(unit_name_is_valid(name));

	memset(name, 'a', sizeof(name));
	memcpy(name + UNIT_NAME_MAX - suffix, ".service", suffix + 1);
	ck_assert_uint_eq(strlen(name), 256);
	ck_assert_ptr_nonnull(strstr(unit_name_invalid_reason(name), "255"));
}
