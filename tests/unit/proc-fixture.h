/* SPDX-License-Identifier: MIT */
/*
 * For the sampled triggers' tests (cpu, disk): a temporary directory
 * standing in for /proc, a sink that records what the trigger shows, the
 * log captured from stderr, and a real sd-event loop run one sampling
 * tick at a time.
 */
#ifndef LED_CUSE_PROC_FIXTURE_H
#define LED_CUSE_PROC_FIXTURE_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "trigger.h"

struct proc_fixture {
	sd_event *event;
	char root[64];          /* the fake /proc */
	int shows, flashes;     /* sink calls */
	bool shown_on;          /* the level of the last show */
	bool shown_mode;        /* the last show had a mode */
	unsigned int flash_ms;  /* the ms of the last flash */
	FILE *log;              /* stderr while a test runs */
	int saved_stderr;
	char logged[4096];
};

static inline void proc_fixture_show(void *userdata, bool on, const struct led_mode *mode)
{
	struct proc_fixture *fx = userdata;

	fx->shows++;
	fx->shown_on = on;
	fx->shown_mode = mode != NULL;
}

static inline void proc_fixture_flash(void *userdata, unsigned int ms)
{
	struct proc_fixture *fx = userdata;

	fx->flashes++;
	fx->flash_ms = ms;
}

static const struct trigger_sink_ops proc_fixture_sink = {
	.show = proc_fixture_show,
	.flash = proc_fixture_flash,
};

static inline void proc_fixture_setup(struct proc_fixture *fx)
{
	*fx = (struct proc_fixture){ .saved_stderr = -1 };
	ck_assert_int_ge(sd_event_new(&fx->event), 0);
	snprintf(fx->root, sizeof(fx->root), "/tmp/led-cuse-proc-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fx->root));
	fx->log = tmpfile();
	ck_assert_ptr_nonnull(fx->log);
	fflush(stderr);
	fx->saved_stderr = dup(STDERR_FILENO);
	ck_assert_int_ge(dup2(fileno(fx->log), STDERR_FILENO), 0);
}

/* The file name under the fake /proc now holds text (written in place, as
 * the kernel's files change; "" removes it). */
static inline void proc_fixture_write(struct proc_fixture *fx, const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->root, name);
	if (!*text) {
		(void)unlink(path);
		return;
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run the loop until the next sampling tick has been dispatched. */
static inline void proc_fixture_tick(struct proc_fixture *fx)
{
	ck_assert_int_eq(sd_event_run(fx->event, 5 * 1000000ULL), 1);
}

/* Everything logged so far. */
static inline const char *proc_fixture_log(struct proc_fixture *fx)
{
	size_t n;

	fflush(stderr);
	rewind(fx->log);
	n = fread(fx->logged, 1, sizeof(fx->logged) - 1, fx->log);
	fx->logged[n] = '\0';
	return fx->logged;
}

/* How many logged lines contain s. */
static inline int proc_fixture_count_logged(struct proc_fixture *fx, const char *s)
{
	int n = 0;

	for (const char *p = proc_fixture_log(fx); (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

static inline void proc_fixture_teardown(struct proc_fixture *fx, const char *const *names)
{
	char path[128];

	for (; *names; names++) {
		snprintf(path, sizeof(path), "%s/%s", fx->root, *names);
		(void)unlink(path);
	}
	ck_assert_int_eq(rmdir(fx->root), 0);
	fx->event = sd_event_unref(fx->event);
	fflush(stderr);
	dup2(fx->saved_stderr, STDERR_FILENO);
	close(fx->saved_stderr);
	fclose(fx->log);
}

#endif
