/* SPDX-License-Identifier: MIT */
/*
 * The words of a trigger, as the write command, the configuration key and
 * ledctl have them, and SET_/GET_TRIGGER's struct: one parser for all.
 */
#include "led-test.h"

#include <errno.h>
#include <string.h>

#include "trigger-spec.h"

static int parse(const char *words, struct trigger_spec *spec)
{
	return trigger_spec_parse(words, strlen(words), spec);
}

/* words parse, and print back as want. */
static void round_trip(const char *words, const char *want)
{
	struct trigger_spec spec, again;
	struct led_cuse_trigger t;
	char buf[160];

	ck_assert_msg(parse(words, &spec) == 0, "%s refused", words);
	ck_assert_int_gt(trigger_spec_format(&spec, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, want);
	trigger_spec_to_cuse(&spec, &t);
	ck_assert_uint_eq(t.version, LED_CUSE_TRIGGER_VERSION);
	ck_assert_uint_eq(t.kind, spec.kind);
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &again), 0);
	ck_assert_int_gt(trigger_spec_format(&again, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, want);
}

LED_TEST_CASE(test_every_kind)
{
	round_trip("none", "none");
	round_trip("netdev eth0", "netdev eth0");
	round_trip("netdev eth0 link", "netdev eth0 link");
	/* Flags in any order, case-insensitive, printed in one order. */
	round_trip("NetDev wlan0  RX tx\tlink", "netdev wlan0 link tx rx");
	round_trip("unit nginx.service", "unit nginx.service");
	round_trip("unit getty@tty1.service", "unit getty@tty1.service");
	round_trip("system", "system");
	round_trip("CPU", "cpu");
	round_trip("disk", "disk");
}

LED_TEST_CASE(test_bad_words)
{
	static const char *const bad[] = {
		"", "  ", "blink", "nonesuch", "none extra", "system now", "cpu 0", "disk sda",
		"netdev", "netdev eth0 link link", "netdev eth0 carrier", "netdev eth0/1", "netdev .",
		"netdev ..", "netdev eth:0", "netdev 0123456789abcdef", "unit", "unit foo",
		"unit foo@.service", "unit a.service b.service", "unit nginx", "unit x.service\x01",
	};
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_DISK };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i], &spec) == -EINVAL, "'%s' accepted", bad[i]);
		ck_assert_int_eq(spec.kind, LED_CUSE_TRIGGER_DISK); /* untouched */
	}
	/* The longest interface name the kernel takes: 15 bytes. */
	ck_assert_int_eq(parse("netdev 0123456789abcde", &spec), 0);
}

LED_TEST_CASE(test_unit_name_fits_the_struct)
{
	char words[160] = "unit ";
	struct trigger_spec spec;

	memset(words + 5, 'a', LED_CUSE_TRIGGER_ARGS_LEN - 1 - 8);
	strcpy(words + 5 + LED_CUSE_TRIGGER_ARGS_LEN - 1 - 8, ".service"); /* 111 bytes */
	ck_assert_int_eq(parse(words, &spec), 0);
	strcpy(words + 5 + LED_CUSE_TRIGGER_ARGS_LEN - 1 - 8, "a.service"); /* 112 */
	ck_assert_int_eq(parse(words, &spec), -EINVAL);
}

LED_TEST_CASE(test_struct_checked)
{
	struct led_cuse_trigger t = { .version = LED_CUSE_TRIGGER_VERSION, .kind = LED_CUSE_TRIGGER_NETDEV };
	struct trigger_spec spec;

	strcpy(t.args, "eth0 link");
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), 0);
	ck_assert_str_eq(spec.name, "eth0");
	ck_assert(spec.link && !spec.tx && !spec.rx);
	t.version = 2;
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), -EINVAL);
	t.version = LED_CUSE_TRIGGER_VERSION;
	t.reserved[1] = 1;
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), -EINVAL);
	t.reserved[1] = 0;
	t.kind = LED_CUSE_TRIGGER_KINDS;
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), -EINVAL);
	/* The arguments are the kind's own: no second kind smuggled in. */
	t.kind = LED_CUSE_TRIGGER_CPU;
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), -EINVAL);
	t.args[0] = '\0';
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), 0);
	/* Not NUL-terminated. */
	t.kind = LED_CUSE_TRIGGER_UNIT;
	memset(t.args, 'a', sizeof(t.args));
	ck_assert_int_eq(trigger_spec_from_cuse(&t, &spec), -EINVAL);
}
