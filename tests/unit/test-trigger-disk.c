/* SPDX-License-Identifier: MIT */
/* The disk trigger: /proc/diskstats' parser and the trigger on a fake
 * /proc run tick by tick on a real loop. */
#include "led-test.h"
#include "proc-fixture.h"

#include <errno.h>
#include <inttypes.h>

#include "trigger-disk.h"

static struct proc_fixture fx;
static struct proc_trigger *t;

static void setup(void)
{
	proc_fixture_setup(&fx);
}

static void teardown(void)
{
	static const char *const names[] = { "diskstats", NULL };

	t = proc_trigger_free(t);
	proc_fixture_teardown(&fx, names);
}

LED_TEST_FIXTURE(setup, teardown)

/* A disk and its partition, each with these reads and writes completed (a 5.5+ kernel's 17 fields). */
static void write_diskstats(uint64_t reads, uint64_t writes)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "   8       0 sda %" PRIu64 " 7 800 50 %" PRIu64 " 3 900 60 0 100 110 0 0 0 0 0 0\n"
		 "   8       1 sda1 %" PRIu64 " 7 800 50 %" PRIu64 " 3 900 60 0 100 110 0 0 0 0 0 0\n",
		 reads, writes, reads, writes);
	proc_fixture_write(&fx, "diskstats", text);
}

LED_TEST_CASE(test_parse_diskstats)
{
	/* 17 fields (5.5+), 15 (4.18+ with discards), 11 (older): reads, writes,
	 * discards and flushes completed, summed over every line. */
	const char *text = "   8       0 sda 100 1 2 3 200 4 5 6 0 7 8 30 9 10 11 40 12\n"
			   "   8       1 sda1 1000 1 2 3 2000 4 5 6 0 7 8 3000 9 10 11\n"
			   " 179       0 mmcblk0 10000 1 2 3 20000 4 5 6 0 7 8\n";
	uint64_t requests;

	ck_assert_int_eq(trigger_disk_parse_diskstats(text, &requests), 0);
	ck_assert_uint_eq(requests, 100 + 200 + 30 + 40 + 1000 + 2000 + 3000 + 10000 + 20000);
	ck_assert_int_eq(trigger_disk_parse_diskstats("", &requests), 0); /* no block device */
	ck_assert_uint_eq(requests, 0);
}

LED_TEST_CASE(test_parse_diskstats_garbled)
{
	static const char *const bad[] = {
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10\n",        /* 10 statistics */
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10 x\n",
		"   8       0\n",
		"garbage\n",
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\nnonsense\n",
	};
	uint64_t requests = 7;

	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		ck_assert_msg(trigger_disk_parse_diskstats(bad[i], &requests) == -EBADMSG, "%s", bad[i]);
	ck_assert_uint_eq(requests, 7);
}

LED_TEST_CASE(test_io_flashes_quiet_does_not)
{
	write_diskstats(10, 10);
	ck_assert_int_eq(trigger_disk_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	ck_assert_int_eq(fx.shows, 1);
	ck_assert(!fx.shown_on && !fx.shown_mode);

	proc_fixture_tick(&fx); /* nothing completed */
	ck_assert_int_eq(fx.flashes, 0);
	write_diskstats(11, 10); /* a read */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
	ck_assert_uint_eq(fx.flash_ms, TRIGGER_DISK_FLASH_MS);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
	write_diskstats(11, 15); /* writes */
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 2);
	ck_assert_int_eq(fx.shows, 1);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "diskstats"), 0);
}

LED_TEST_CASE(test_missing_and_garbled_file)
{
	ck_assert_int_eq(trigger_disk_new_at(fx.event, &proc_fixture_sink, &fx, fx.root, &t), 0);
	proc_fixture_tick(&fx);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "cannot read"), 1);
	write_diskstats(1, 1); /* a baseline */
	proc_fixture_tick(&fx);
	proc_fixture_write(&fx, "diskstats", "   8 0 sda 1 2\n");
	proc_fixture_tick(&fx);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 0);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "not in the expected format"), 1);
	write_diskstats(2, 1);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(fx.flashes, 1);
}

LED_TEST_CASE(test_kind_on_real_proc)
{
	struct trigger_spec spec = { .kind = LED_CUSE_TRIGGER_DISK };
	void *impl = NULL;

	ck_assert_int_eq(trigger_disk_kind.new(fx.event, &spec, &TRIGGER_SOCKETS_NONE, &proc_fixture_sink, &fx, &impl), 0);
	ck_assert_int_eq(fx.shows, 1);
	proc_fixture_tick(&fx);
	ck_assert_int_eq(proc_fixture_count_logged(&fx, "/proc/diskstats"), 0);
	ck_assert_ptr_null(trigger_disk_kind.free(impl));
}
