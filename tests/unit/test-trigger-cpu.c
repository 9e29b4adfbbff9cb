/* SPDX-License-Identifier: MIT */
/* The cpu trigger: /proc/stat's parser, the busy rule, and the trigger on a
 * fake /proc run tick by tick on a real loop. */
#include "led-test.h"
#include "proc-fixture.h"

#include <errno.h>
#include <inttypes.h>

#include "trigger-cpu.h"

static struct proc_fixture fx;
static struct proc_trigger *t;

static void setup(void)
{
	proc_fixture_setup(&fx);
}

static void teardown(void)
{
	static const char *const names[] = { "stat", NULL };

	t = proc_trigger_free(t);
	proc_fixture_teardown(&fx, names);
}

LED_TEST_FIXTURE(setup, teardown)

/* /proc/stat with busy jiffies in user and the rest idle, on ncpus CPUs. */
static void write_stat(uint64_t busy, uint64_t idle, unsigned int ncpus)
{
	char text[1024];
	int n;

	n = snprintf(text, sizeof(text), "cpu  %" PRIu64 " 0 0 %" PRIu64 " 0 0 0 0 0 0\n", busy, idle);
	for (unsigned int i = 0; i < ncpus; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "cpu%u 0 0 0 0 0 0 0 0 0 0\n", i);
	snprintf(text + n, sizeof(text) - (size_t)n, "intr 12 3 4\nctxt 100\nbtime 1\n");
	proc_fixture_write(&fx, "stat", text);
}

LED_TEST_CASE(test_parse_stat)
{
	const char *text = "cpu  10 20 30 400 50 6 7 8 99 99\n"
			   "cpu0 5 10 15 200 25 3 3 4 0 0\n"
			   "cpu1 5 10 15 200 25 3 4 4 0 0\n"
			   "intr 1 2 3\n"
			   "cpu_like_word 1\n";
	uint64_t busy, total;
	unsigned int ncpus;

	ck_assert_int_eq(trigger_cpu_parse_stat(text, &busy, &total, &ncpus), 0);
	/* guest and guest_nice (99 99) are in user and nice already. */
	ck_assert_uint_eq(total, 10 + 20 + 30 + 400 + 50 + 6 + 7 + 8);
	ck_assert_uint_eq(busy, 10 + 20 + 30 + 6 + 7 + 8);
	ck_assert_uint_eq(ncpus, 2);

	/* An old kernel's 4 fields, no cpuN line. */
	ck_assert_int_eq(trigger_cpu_parse_stat("cpu 1 2 3 4\n", &busy, &total, &ncpus), 0);
	ck_assert_uint_eq(total, 10);
	ck_assert_uint_eq(busy, 6);
	ck_assert_uint_eq(ncpus, 0);
}

LED_TEST_CASE(test_parse_stat_garbled)
{
	static const char *const bad[] = {
		"", "\n", "intr 1 2 3\n", "cpu0 1 2 3 4\n", "cpu 1 2 3\n", "cpu 1 2 x 4\n",
		"cpu 1 2 3 4x\n", "cpu -1 2 3 4\n", "cpu 1 2 3 99999999999999999999999\n", "cpu",
	};
	uint64_t busy = 7, total = 7;
	unsigned int ncpus = 7;

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		ck_assert_msg(trigger_cpu_parse_stat(bad[i], &busy, &total, &ncpus) == -EBADMSG, "%s", bad[i]);
	ck_assert_uint_eq(busy, 7);
}

LED_TEST_CASE(test_busy_rule)
{
	/* Half of one CPU's time: 2 CPUs, 20 jiffies in all, 10 per CPU: 5 busy. */
	ck_assert(trigger_cpu_interval_is_busy(5, 20, 2));
	ck_assert(!trigger_cpu_interval_is_busy(4, 20, 2));
	ck_assert(trigger_cpu_interval_is_busy(20, 20, 2));
	ck_assert(trigger_cpu_interval_is_busy(5, 10, 1));
	ck_assert(!trigger_cpu_interval_is_busy(4, 10, 1));
	ck_assert(!trigger_cpu_interval_is_busy(0, 0, 1));      /* no time passed */
	ck_assert(!trigger_cpu_interval_is_busy(0, 100, 4));
}

LED_TEST_CASE(test_busy_flashes_idle_does_not)
{
	write_stat(0, 0, 2);
	ck_assert_int_eq(trigger_cpu_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	/* The base level, once, before any sample. */
	ck_assert_int_eq(fx.shows, 1);
	ck_assert(!fx.shown_on && !fx.shown_mode);

	/* Busy interval: 10 of 20 jiffies. */
	write_stat(10, 10, 2);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
	ck_assert_uint_eq(fx.flash_ms, TRIGGER_CPU_SAMPLE_MS);
	/* Busy again: flashed again, so the LED stays lit. */
	write_stat(20, 20, 2);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 2);
	/* Idle: 4 of 20 (less than half of one CPU's 10). */
	write_stat(24, 36, 2);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 2);
	/* Nothing moved (the clock tick did not come): no flash. */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 2);
	/* Exactly half of one CPU. */
	write_stat(29, 51, 2);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 3);
	ck_assert_int_eq(fx.shows, 1);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "stat"), 0);
}

/* On more CPUs the same busy share of the total is more than half a CPU. */
LED_TEST_CASE(test_ncpus_from_cpu_lines)
{
	write_stat(0, 0, 1);
	ck_assert_int_eq(trigger_cpu_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	write_stat(3, 7, 1); /* 3 of one CPU's 10: idle */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	write_stat(6, 14 + 26, 4); /* 3 of 40 on 4 CPUs: 3 of one CPU's 10, idle */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	write_stat(6 + 5, 40 + 35, 4); /* 5 of 40 on 4 CPUs: half of one CPU */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
}

/* No /proc/stat: the trigger runs, shows nothing, warns once; the file coming
 * back is followed again. */
LED_TEST_CASE(test_missing_file)
{
	ck_assert_int_eq(trigger_cpu_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	ck_assert_int_eq(fx.shows, 1);
	for (int i = 0; i < 3; i++)
		proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "cannot read"), 1);
	ck_assert_ptr_nonnull(strstr(proc_fixture_log(&fx), "No such file or directory"));

	write_stat(100, 100, 1); /* the first reading: a baseline */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	write_stat(200, 100, 1);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "cannot read"), 1);
}

LED_TEST_CASE(test_garbled_file)
{
	write_stat(0, 0, 1);
	ck_assert_int_eq(trigger_cpu_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	proc_fixture_write(&fx, "stat", "cpu 10 0 0\n");
	proc_fixture_tick(&fx);
	proc_fixture_write(&fx, "stat", "garbage\n");
	proc_fixture_tick(&fx);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "not in the expected format"), 1);
	/* Good again: compared with the last good reading. */
	write_stat(10, 0, 1);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
	/* Garbled a second time: a second warning, after the good reading. */
	proc_fixture_write(&fx, "stat", "cpu x\n");
	proc_fixture_tick(&fx);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "not in the expected format"), 2);
}

/* Free stops the sampling: the loop has nothing left to run. */
LED_TEST_CASE(test_free_stops_sampling)
{
	write_stat(0, 0, 1);
	ck_assert_int_eq(trigger_cpu_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	proc_fixture_tick(&fx);
	t = proc_trigger_free(t);
	write_stat(100, 0, 1);
	ck_assert_int_eq(sd_event_run(fx.event, 300 * 1000ULL), 0);
	ck_assert_int_eq(fx.flashes, 0);
}

/* The kind reads the real /proc/stat. */
LED_TEST_CASE(test_kind_on_real_proc)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_CPU };
	void *impl = NULL;

	ck_assert_int_eq(trigger_cpu_kind.new(fx.event, &spec, &TRIGGER_SOCKETS_NONE, &proc_fixture_sink, &fx, &impl), 0);
	ck_assert_ptr_nonnull(impl);
	ck_assert_int_eq(fx.shows, 1);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "/proc/stat"), 0);
	ck_assert_ptr_null(trigger_cpu_kind.free(impl));
}
