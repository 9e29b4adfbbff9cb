/* SPDX-License-Identifier: MIT */
/*
 * The trigger a LED device runs, on a fake kind that shows and flashes on
 * command: it replaces the mode, a level or a mode set stops it, its state
 * changes are changes (recorded as TRIGGER) and its flashes are not, and a
 * write is all or nothing with it too.
 */
#include "led-test.h"

#include "internals.h"
#include "led-device-test.h"
#include "state-file.h"
#include "trigger.h"

/* The fake kind: the running instance's sink, and how many ran. */
static const struct trigger_sink_ops *sink;
static void *sink_data;
static int instances, fail_new;

static int fake_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		    const struct trigger_sink_ops *ops, void *userdata, void **ret)
{
	if (fail_new)
		return fail_new;
	sink = ops;
	sink_data = userdata;
	instances++;
	*ret = &instances;
	return 0;
}

static void *fake_free(void *impl)
{
	instances--;
	sink = NULL;
	return NULL;
}

static const struct trigger_kind fake_kind = { .new = fake_new, .free = fake_free };

static struct trigger_spec spec_of(const char *words)
{
	struct trigger_spec spec;

	ck_assert_int_eq(trigger_spec_parse(words, strlen(words), &spec), 0);
	return spec;
}

static void setup(void)
{
	instances = fail_new = 0;
	trigger_set_kind(LED_CUSE_TRIGGER_CPU, &fake_kind);
	trigger_set_kind(LED_CUSE_TRIGGER_SYSTEM, &fake_kind);
}

static void cleanup(void)
{
	teardown();
	ck_assert_int_eq(instances, 0); /* the device stopped what it ran */
	trigger_set_kind(LED_CUSE_TRIGGER_CPU, &trigger_cpu_kind);
	trigger_set_kind(LED_CUSE_TRIGGER_SYSTEM, &trigger_system_kind);
}

LED_TEST_FIXTURE(setup, cleanup)

LED_TEST_CASE(test_start_replaces_the_mode_and_is_a_change)
{
	struct trigger_spec cpu = spec_of("cpu");
	struct led_cuse_state st;

	start(false, true);
	ck_assert_int_eq(fixture_blink(&fx, 100, 100, &client), 0);
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	ck_assert_int_eq(instances, 1);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_NONE);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_CPU);
	assert_record(&last_record, LED_CUSE_CHANGE_WRITE, 1000, 42, 1, LED_CUSE_STATE_TRIGGER);
	fixture_get_state(&fx, &st);
	ck_assert_uint_eq(st.flags, LED_CUSE_STATE_TRIGGER);
	/* The source's state: a change of its own. */
	sink->show(sink_data, false, NULL);
	ck_assert(!status().on);
	ck_assert(!gpio_fake_led(fx.backend));
	assert_record(&last_record, LED_CUSE_CHANGE_TRIGGER, LED_CUSE_CHANGE_NO_UID, 0, 0, LED_CUSE_STATE_TRIGGER);
	/* The same state again is none. */
	records = 0;
	sink->show(sink_data, false, NULL);
	ck_assert_int_eq(records, 0);
}

LED_TEST_CASE(test_shown_blink_is_the_trigger_s)
{
	struct trigger_spec sys = spec_of("system");
	struct led_mode fast;
	char line[STATE_FILE_LINE_MAX];
	struct led_device_status st;

	start(false, false);
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &sys, &client), 0);
	ck_assert_int_eq(led_mode_blink(TRIGGER_FAST_BLINK_MS, TRIGGER_FAST_BLINK_MS, 0, &fast), 0);
	sink->show(sink_data, true, &fast);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert(status().on);
	assert_record(&last_record, LED_CUSE_CHANGE_TRIGGER, LED_CUSE_CHANGE_NO_UID, 0, 1,
		      LED_CUSE_STATE_TRIGGER | BLINK_FLAGS(LED_CUSE_MODE_BLINK));
	/* Its steps are the mode's: no changes. */
	records = 0;
	run_steps(2);
	ck_assert_int_eq(records, 0);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_SYSTEM);
	/* A restart brings back the trigger, not what it shows. */
	led_device_get_status(fx.dev, &st);
	ck_assert_int_gt(state_file_format(&st, line, sizeof(line)), 0);
	ck_assert_str_eq(line, "trigger system\n");
	/* Back to a level: the blink stops. */
	sink->show(sink_data, true, NULL);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_NONE);
	ck_assert(status().on);
}

LED_TEST_CASE(test_flash_is_no_change)
{
	struct trigger_spec cpu = spec_of("cpu");
	uint64_t generation;

	start(false, false);
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	generation = status().generation;
	records = 0;
	sink->flash(sink_data, 20);
	ck_assert(status().on);
	ck_assert(gpio_fake_led(fx.backend));
	/* Another one meanwhile only makes it last. */
	sink->flash(sink_data, 20);
	fixture_run_for(&fx, 100);
	ck_assert(!status().on);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_uint_eq(status().generation, generation);
	ck_assert_int_eq(records, 0);
}

LED_TEST_CASE(test_level_or_mode_stops_it)
{
	struct trigger_spec cpu = spec_of("cpu"), none = spec_of("none");

	start(false, false);
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	sink->flash(sink_data, 1000);
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	ck_assert_int_eq(instances, 0);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_NONE);
	ck_assert(!status().on);
	/* Setting the level it has is a change all the same: the trigger went. */
	assert_record(&last_record, LED_CUSE_CHANGE_WRITE, 1000, 42, 0, 0);

	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	ck_assert_int_eq(fixture_blink(&fx, 100, 100, &client), 0);
	ck_assert_int_eq(instances, 0);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK);

	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	records = 0;
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &none, &client), 0);
	ck_assert_int_eq(instances, 0);
	ck_assert_int_eq(records, 1);
	/* none with none running is no change. */
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &none, &client), 0);
	ck_assert_int_eq(records, 1);
}

LED_TEST_CASE(test_kind_not_built_in)
{
	struct trigger_spec disk = spec_of("disk");

	trigger_set_kind(LED_CUSE_TRIGGER_DISK, NULL); /* as in a build without it */
	start(false, true);
	ck_assert_int_eq(fixture_blink(&fx, 100, 100, &client), 0);
	records = 0;
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &disk, &client), -EOPNOTSUPP);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK); /* as it was */
	ck_assert_int_eq(records, 0);
	fail_new = -ENOMEM;
	disk = spec_of("cpu");
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &disk, &client), -ENOMEM);
	ck_assert_int_eq(status().mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_NONE);
	trigger_set_kind(LED_CUSE_TRIGGER_DISK, &trigger_disk_kind);
}

static int write_lines(const char *text)
{
	struct led_command cmds[LED_COMMAND_MAX_PER_WRITE];
	int n = led_command_parse_buffer(text, strlen(text), cmds, LED_COMMAND_MAX_PER_WRITE);

	ck_assert_int_gt(n, 0);
	return led_device_apply_all(fx.dev, cmds, (size_t)n, &client);
}

LED_TEST_CASE(test_write_with_a_trigger)
{
	start(false, false);
	/* The last word wins: a level after the trigger stops it. */
	ck_assert_int_eq(write_lines("trigger cpu\n1\n"), 0);
	ck_assert_int_eq(instances, 0);
	ck_assert(status().on);
	ck_assert_int_eq(write_lines("0\ntrigger cpu\n"), 0);
	ck_assert_int_eq(instances, 1);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_CPU);
	ck_assert_uint_eq(last_change().source, LED_CUSE_CHANGE_WRITE);
	/* A write that fails partway leaves the trigger running. */
	records = 0;
	gpio_fake_fail_next_set(fx.backend, -EIO);
	ck_assert_int_eq(write_lines("trigger system\n1\n"), -EIO);
	ck_assert_int_eq(instances, 1);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_CPU);
	ck_assert_int_eq(records, 0);
}

/* A trigger goes on through an unplug: what it shows meanwhile is driven when the chip is back. */
LED_TEST_CASE(test_trigger_survives_an_unplug)
{
	struct trigger_spec cpu = spec_of("cpu");

	start(true, false);
	ck_assert_int_eq(led_device_start_trigger(fx.dev, &cpu, &client), 0);
	unplug();
	sink->show(sink_data, true, NULL);
	sink->flash(sink_data, 10); /* no chip: nothing to flash */
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_CPU);
	ck_assert(status().on);
	replug();
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_int_eq(instances, 1);
	ck_assert_int_eq(status().trigger.kind, LED_CUSE_TRIGGER_CPU);
}
