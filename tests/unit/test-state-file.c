/* SPDX-License-Identifier: MIT */
#include "led-test.h"
#include "internals.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coalescer.h"
#include "device-fixture.h"
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

static void put_n(const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
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
	static char buf[STATE_FILE_LINE_MAX];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

LED_TEST_FIXTURE(setup, teardown)

/* What the state publisher saves for st: its line, written atomically. */
static int save(const char *to, const struct led_device_status *st)
{
	char line[STATE_FILE_LINE_MAX];
	int r = state_file_format(st, line, sizeof(line));

	return r < 0 ? r : state_file_write(to, line);
}

/* Save status, check the file holds text, load it back as the same line. */
static void round_trip(const struct led_device_status *st, const char *text)
{
	struct led_command cmd;
	char again[STATE_FILE_LINE_MAX];

	ck_assert_int_eq(save(path, st), 0);
	ck_assert_str_eq(contents(), text);
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert_int_gt(state_file_format_command(&cmd, again, sizeof(again)), 0);
	ck_assert_str_eq(again, text);
}

LED_TEST_CASE(test_round_trip)
{
	struct led_device_status on = { .on = true }, off = { .on = false };
	struct led_device_status blink = { .on = false, .mode.kind = LED_CUSE_MODE_BLINK };
	struct led_command cmd;

	round_trip(&on, "on\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.type, LED_COMMAND_SET);
	ck_assert(cmd.on);

	round_trip(&off, "off\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert(!cmd.on);

	/* A blinking LED comes back blinking, whatever phase it was in. */
	ck_assert_int_eq(led_mode_blink(100, 900, 0, &blink.mode), 0);
	blink.lasting_mode = blink.mode;
	round_trip(&blink, "blink 100 900\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.type, LED_COMMAND_MODE);
	ck_assert_int_eq(cmd.mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(cmd.mode.steps[0].ms, 100);
	ck_assert_uint_eq(cmd.mode.steps[1].ms, 900);
	/* No temporary file left behind: the directory holds the state only. */
	ck_assert_int_eq(count_entries(), 1);
}

/* A trigger comes back as itself; "trigger none" is no state. */
LED_TEST_CASE(test_round_trip_trigger)
{
	struct led_device_status st = { .on = true, .trigger = { .kind = LED_CUSE_TRIGGER_UNIT } };
	struct led_command cmd;

	strcpy(st.trigger.name, "nginx.service");
	round_trip(&st, "trigger unit nginx.service\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.type, LED_COMMAND_TRIGGER);
	ck_assert_str_eq(cmd.trigger.name, "nginx.service");
	ck_assert_int_eq(state_file_write(path, "trigger none\n"), 0);
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
}

/* The endless modes come back as themselves, the finite ones as what they end in. */
LED_TEST_CASE(test_round_trip_modes)
{
	static const struct led_mode_step steps[] = { { true, 100 }, { false, 400 }, { true, 1 } };
	struct led_device_status st = { .on = true, .mode.kind = LED_CUSE_MODE_BLINK };
	struct led_mode heartbeat;

	ck_assert_int_eq(led_mode_pattern(steps, 3, &st.mode), 0);
	st.lasting_mode = st.mode;
	round_trip(&st, "pattern 1 100 0 400 1 1\n");

	ck_assert_int_eq(led_mode_heartbeat(2400, &heartbeat), 0);
	st.mode = st.lasting_mode = heartbeat;
	round_trip(&st, "heartbeat 2400\n");

	/* A finite blink over a heartbeat: the heartbeat it returns to. */
	ck_assert_int_eq(led_mode_blink(50, 50, 3, &st.mode), 0);
	round_trip(&st, "heartbeat 2400\n");
	/* Over a steady level: the level it returns to, whatever the phase. */
	st.lasting_mode.kind = LED_CUSE_MODE_NONE;
	st.lasting_on = false;
	round_trip(&st, "off\n");
	st.on = false;
	st.lasting_on = true;
	round_trip(&st, "on\n");
	/* A oneshot: off, its end, even while it is on. */
	ck_assert_int_eq(led_mode_oneshot(500, &st.mode), 0);
	st.on = true;
	st.lasting_on = false;
	round_trip(&st, "off\n");
}

/* A saved mode is strict: anything but an endless mode exactly as the daemon writes it is refused. */
LED_TEST_CASE(test_load_hostile_modes)
{
	static const char *const bad[] = {
		"oneshot 500\n",           /* never restored */
		"blink 100 100 3\n",       /* finite */
		"pattern\n",
		"pattern 1\n",
		"pattern 2 100\n",
		"pattern 1 0\n",
		"pattern 1 100 0\n",
		"pattern 1 1 0 2 1 3 0 4 1 5 0 6 1 7 0 8 1 9 0 10 1 11 0 12 1 13 0 14 1 15 0 16 1 17\n",
		"heartbeat 10\n",
		"heartbeat 60001\n",
		"heartbeat 1000 1\n",
		"heartbeat 1000\non\n",
		"heartbeat 1000",           /* cut short */
		"pattern 1 100 0 40",       /* cut short from "... 400\n": would parse */
	};
	struct led_command cmd;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(bad[i]);
		ck_assert_msg(state_file_load(path, &cmd) == -EINVAL, "accepted '%s'", bad[i]);
	}
	put("heartbeat\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	ck_assert_int_eq(cmd.mode.kind, LED_CUSE_MODE_HEARTBEAT);
	ck_assert(led_mode_forever(&cmd.mode));
}

LED_TEST_CASE(test_missing_and_corrupt)
{
	struct led_command cmd;

	ck_assert_int_eq(state_file_load(path, &cmd), -ENOENT);
	put("");
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
	put("sideways\n");
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
	put("on\noff\n"); /* one state only */
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
	char big[400];
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put(big);
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
}

/* Loading never hangs and never trusts anything but one whole state line. */
LED_TEST_CASE(test_load_hostile)
{
#define BAD(lit) { lit, sizeof(lit) - 1 }
	static const struct {
		const char *text;
		size_t len;
	} bad[] = {
		BAD("on"),             /* no newline: cut short */
		BAD("blink 100"),      /* cut short from "blink 100 900\n": would parse */
		BAD("toggle\n"),       /* a command, not a state */
		BAD("o\0n\n"),
		BAD("on\0\n"),
		BAD("\xff\xfe\n"),
	};
	struct led_command cmd;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_n(bad[i].text, bad[i].len);
		ck_assert_msg(state_file_load(path, &cmd) == -EINVAL, "accepted bad[%zu]", i);
	}
	put("blink 100 900\n");
	ck_assert_int_eq(state_file_load(path, &cmd), 0);
	unlink(path);

	/* A FIFO: no writer would ever come; it must not block. */
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(state_file_load(path, &cmd), -EINVAL);
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(state_file_load(path, &cmd), -EISDIR);
	rmdir(path);
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	ck_assert_int_lt(state_file_load(path, &cmd), 0);
	unlink(path);
}

/* Whatever sits at the old fixed temporary name cannot block a save. */
LED_TEST_CASE(test_tmp_cannot_be_planted)
{
	struct led_device_status on = { .on = true };
	char tmp[160];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ck_assert_int_eq(mkdir(tmp, 0700), 0);
	ck_assert_int_eq(save(path, &on), 0);
	ck_assert_str_eq(contents(), "on\n");
	rmdir(tmp);
	ck_assert_int_eq(symlink("/nonexistent/target", tmp), 0);
	ck_assert_int_eq(save(path, &on), 0);
	unlink(tmp);
	ck_assert_int_eq(count_entries(), 1);
}

LED_TEST_CASE(test_unwritable)
{
	struct led_device_status on = { .on = true };
	char bad[160];

	snprintf(bad, sizeof(bad), "%s/missing-dir/led", dir);
	ck_assert_int_eq(save(bad, &on), -ENOENT);
}

static void put_at(const char *name, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static bool exists_at(const char *name)
{
	char p[PATH_MAX];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &sb) == 0;
}

static void remove_at(const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	ck_assert_int_eq(remove(p), 0);
}

/* The name of the temporary file state_file_write() makes, seen by inotify. */
static void saved_tmp_name(char *name, size_t len)
{
	struct led_device_status on = { .on = true };
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(inotify_add_watch(fd, dir, IN_CREATE), 0);
	ck_assert_int_eq(save(path, &on), 0);
	n = read(fd, buf, sizeof(buf));
	ck_assert_int_gt(n, (ssize_t)sizeof(*ev));
	ev = (const struct inotify_event *)buf;
	ck_assert_uint_gt(ev->len, 0);
	ck_assert_int_lt(snprintf(name, len, "%s", ev->name), (int)len);
	close(fd);
}

/*
 * A save cut short (a crash, the watchdog's abort, a power cut between
 * mkostemp() and rename()) leaves its temporary file: the next start
 * removes it, and nothing but the temporary files of this very state file.
 */
LED_TEST_CASE(test_leftovers_removed)
{
	static const char *const others[] = {
		"led.status",            /* the state file of led-cuse@led.status */
		"led.Ab3xYz",            /* ... or of led-cuse@led.Ab3xYz */
		".#led.status.Ab3xYz",   /* a save of led.status cut short */
		"led2", ".#led2.aB3xYz",
		".#led.Ab3xY", ".#led.Ab3xYz1", ".#led.Ab-xYz", ".#le.Ab3xYz", "#led.Ab3xYz", ".#led.",
	};
	char tmp[NAME_MAX + 1], p[PATH_MAX];

	/* The one a real save of this state file makes is recognised. */
	saved_tmp_name(tmp, sizeof(tmp));
	ck_assert_str_ne(tmp, "led");
	ck_assert(!exists_at(tmp));
	put_at(tmp, "on\n");
	put("off\n");
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		put_at(others[i], "on\n");
	put_at(".#led.zz99ZZ", "");
	/* Not what a save leaves: a directory, a symbolic link. */
	snprintf(p, sizeof(p), "%s/.#led.DirDir", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/.#led.LnkLnk", dir);
	ck_assert_int_eq(symlink("led", p), 0);

	ck_assert_int_eq(state_file_remove_leftovers(path), 2);
	ck_assert(!exists_at(tmp));
	ck_assert(!exists_at(".#led.zz99ZZ"));
	ck_assert_str_eq(contents(), "off\n");
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		ck_assert_msg(exists_at(others[i]), "removed %s", others[i]);
		remove_at(others[i]);
	}
	ck_assert(exists_at(".#led.DirDir") && exists_at(".#led.LnkLnk"));
	remove_at(".#led.DirDir");
	remove_at(".#led.LnkLnk");
	ck_assert_int_eq(count_entries(), 1);

	/* Nothing to remove, or no directory at all: nothing to do. */
	ck_assert_int_eq(state_file_remove_leftovers(path), 0);
	snprintf(p, sizeof(p), "%s/missing-dir/led", dir);
	ck_assert_int_eq(state_file_remove_leftovers(p), 0);
}

/* --- the state file behind its coalescer, against a device, as the state publisher wires it --- */

static int device_format(void *userdata, char *buf, size_t size)
{
	return state_file_format_device(userdata, buf, size);
}

static int file_write(void *userdata, const char *line)
{
	return state_file_write(path, line);
}

static const struct coalescer_ops saver_ops = { .format = device_format, .write = file_write };

/*
 * A change waits out the save interval, and the chip is
 * unplugged before the interval ends. The state is still known (a replug
 * restores it from memory), so the interval's save writes it: a stop, a
 * crash or a power cut before the chip is back must not lose it.
 */
LED_TEST_CASE(test_change_before_unplug_is_saved)
{
	const struct led_origin client = { .source = LED_CUSE_CHANGE_WRITE };
	struct coalescer *saver;
	struct led_device_status st;
	struct fixture fx;

	fixture_start(&fx, false, false);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert_int_eq(coalescer_new(fx.event, 100000, &saver_ops, fx.dev, &saver), 0);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), 0);
	coalescer_touch(saver);
	ck_assert_str_eq(contents(), "on\n"); /* after a quiet interval: at once */
	ck_assert_int_eq(led_device_set(fx.dev, false, &client), 0);
	coalescer_touch(saver);
	ck_assert(coalescer_pending(saver));

	/* The chip goes, its node with it, within the interval. */
	gpio_fake_set_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	led_device_get_status(fx.dev, &st);
	ck_assert(!st.present);
	coalescer_touch(saver);
	fixture_run_for(&fx, 300); /* the interval ends while unplugged */
	ck_assert(!coalescer_pending(saver));
	/* A power cut now: nothing flushes. */
	coalescer_free(saver);
	ck_assert_str_eq(contents(), "off\n");
	fixture_stop(&fx);
}
