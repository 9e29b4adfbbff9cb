/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state-file.h"

static char dir[64], path[128];

static void setup(void)
{
	strcpy(dir, "/tmp/led-state-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/led", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

static void put(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static const char *contents(void)
{
	static char buf[128];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_round_trip)
{
	struct led_device_status on = { .on = true }, off = { .on = false };
	struct led_device_status blink = { .on = false, .blinking = true, .on_ms = 100, .off_ms = 900 };
	struct led_command cmd;

	ck_assert_int_eq(led_state_file_save(path, &on), 0);
	ck_assert_str_eq(contents(), "on\n");
	ck_assert_int_eq(led_state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.type, LED_COMMAND_SET);
	ck_assert(cmd.on);

	ck_assert_int_eq(led_state_file_save(path, &off), 0);
	ck_assert_str_eq(contents(), "off\n");
	ck_assert_int_eq(led_state_file_load(path, &cmd), 0);
	ck_assert(!cmd.on);

	/* A blinking LED comes back blinking, whatever phase it was in. */
	ck_assert_int_eq(led_state_file_save(path, &blink), 0);
	ck_assert_str_eq(contents(), "blink 100 900\n");
	ck_assert_int_eq(led_state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.type, LED_COMMAND_BLINK);
	ck_assert_uint_eq(cmd.on_ms, 100);
	ck_assert_uint_eq(cmd.off_ms, 900);
	/* No temporary file left behind. */
	char tmp[160];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ck_assert_int_eq(access(tmp, F_OK), -1);
}

LED_TEST_CASE(test_missing_and_corrupt)
{
	struct led_command cmd;

	ck_assert_int_eq(led_state_file_load(path, &cmd), -ENOENT);
	put("");
	ck_assert_int_eq(led_state_file_load(path, &cmd), -EINVAL);
	put("sideways\n");
	ck_assert_int_eq(led_state_file_load(path, &cmd), -EINVAL);
	put("on\noff\n"); /* one state only */
	ck_assert_int_eq(led_state_file_load(path, &cmd), -EINVAL);
	char big[400];
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put(big);
	ck_assert_int_eq(led_state_file_load(path, &cmd), -EINVAL);
}

LED_TEST_CASE(test_unwritable)
{
	struct led_device_status on = { .on = true };
	char bad[160];

	snprintf(bad, sizeof(bad), "%s/missing-dir/led", dir);
	ck_assert_int_eq(led_state_file_save(bad, &on), -ENOENT);
}
