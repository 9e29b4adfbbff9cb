/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static char out[1024];

/* Run one log call with stderr sent to a temporary file; keep what it wrote in out. */
#define CAPTURE(call) ({                                                           \
	FILE *f_ = tmpfile();                                                      \
	int saved_ = dup(STDERR_FILENO), r_;                                       \
	size_t n_;                                                                 \
	ck_assert_ptr_nonnull(f_);                                                 \
	ck_assert_int_ge(saved_, 0);                                               \
	fflush(stderr);                                                            \
	ck_assert_int_ge(dup2(fileno(f_), STDERR_FILENO), 0);                      \
	r_ = (call);                                                               \
	fflush(stderr);                                                            \
	ck_assert_int_ge(dup2(saved_, STDERR_FILENO), 0);                          \
	close(saved_);                                                             \
	rewind(f_);                                                                \
	n_ = fread(out, 1, sizeof(out) - 1, f_);                                   \
	out[n_] = '\0';                                                            \
	fclose(f_);                                                                \
	r_;                                                                        \
})

LED_TEST_CASE(test_percent_m_prints_the_error_given)
{
	int r;

	errno = EBUSY; /* stale: must not show up */
	r = CAPTURE(log_error_errno(-ENOENT, "cannot open x: %m"));
	ck_assert_int_eq(r, -ENOENT);
	ck_assert_str_eq(out, "led-cuse: cannot open x: No such file or directory\n");

	/* Either sign, and errno is left as the caller had it. */
	errno = EBUSY;
	r = CAPTURE(log_warning_errno(EACCES, "%m"));
	ck_assert_int_eq(r, -EACCES);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_str_eq(out, "led-cuse: Permission denied\n");
}

LED_TEST_CASE(test_disabled_level_still_returns_the_error)
{
	int r;

	log_set_max_level(LOG_ERR);
	r = CAPTURE(log_debug_errno(-EIO, "not shown: %m"));
	ck_assert_int_eq(r, -EIO);
	ck_assert_str_eq(out, "");
	r = CAPTURE(log_info("not shown either"));
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(out, "");
	log_set_max_level(LOG_INFO);
}

LED_TEST_CASE(test_struct_outside_the_journal_is_a_plain_line)
{
	const char *fields[] = { "LED_CUSE_SOURCE=write", "LED_CUSE_UID=1000" };
	int r;

	log_set_max_level(LOG_DEBUG);
	r = CAPTURE(log_struct(LOG_DEBUG, fields, 2, "LED %s by %s", "on", "write"));
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(out, "led-cuse: LED on by write\n");
	log_set_max_level(LOG_INFO);
	r = CAPTURE(log_struct(LOG_DEBUG, fields, 2, "not shown"));
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(out, "");
}

/*
 * A chip label or line name in a message (the kernel's,
 * a configuration's) cannot add a line of its own - on the journal's
 * stream, a line with a forged priority.
 */
LED_TEST_CASE(test_control_characters_are_escaped)
{
	CAPTURE(log_warning("chip '%s' gone", "bad\n<0>forged\tlabel\x1b[2J"));
	ck_assert_str_eq(out, "led-cuse: chip 'bad\\x0a<0>forged\\x09label\\x1b[2J' gone\n");

	log_set_max_level(LOG_DEBUG);
	CAPTURE(log_struct(LOG_DEBUG, NULL, 0, "chip '%s'", "two\r\nlines"));
	ck_assert_str_eq(out, "led-cuse: chip 'two\\x0d\\x0alines'\n");
	log_set_max_level(LOG_INFO);
}
