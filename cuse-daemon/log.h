/* SPDX-License-Identifier: MIT */
/*
 * Levelled logging to stderr. Under systemd (stderr connected to the
 * journal, see JOURNAL_STREAM) each line carries a "<N>" priority prefix
 * that journald turns into the message's priority; log_struct() messages
 * go to the journal natively instead, with their fields.
 */
#ifndef LED_CUSE_LOG_H
#define LED_CUSE_LOG_H

#include <errno.h>
#include <stddef.h>
#include <syslog.h>

void log_set_max_level(int level);
int log_get_max_level(void);
/* Detect whether stderr is the journal; call once at start. */
void log_open(void);

/*
 * Log fmt at level if level is enabled. As in systemd, a non-zero error (an
 * errno, either sign) is what %m prints, whatever errno holds; errno itself
 * is left as it was. Returns -abs(error), so a caller handles a failure with
 *
 *	return log_error_errno(r, "Failed to ...: %m");
 *
 * The plain log_*() helpers pass error 0: their %m is the current errno.
 */
int log_internal(int level, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Log fmt at level with structured fields, each "KEY=value" (KEY: upper case,
 * digits, '_'): under the journal the message is sent with them
 * (sd_journal_sendv: MESSAGE=, PRIORITY=, SYSLOG_IDENTIFIER= and the
 * fields; journalctl -o verbose shows them); anywhere else, or if the
 * journal refuses it, it is the plain line log_internal() writes. Returns 0.
 */
int log_struct(int level, const char *const *fields, size_t n_fields, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define log_full_errno(level, error, ...) log_internal(level, error, __VA_ARGS__)
#define log_error_errno(error, ...) log_internal(LOG_ERR, error, __VA_ARGS__)
#define log_warning_errno(error, ...) log_internal(LOG_WARNING, error, __VA_ARGS__)
#define log_notice_errno(error, ...) log_internal(LOG_NOTICE, error, __VA_ARGS__)
#define log_info_errno(error, ...) log_internal(LOG_INFO, error, __VA_ARGS__)
#define log_debug_errno(error, ...) log_internal(LOG_DEBUG, error, __VA_ARGS__)
#define log_error(...) log_internal(LOG_ERR, 0, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_WARNING, 0, __VA_ARGS__)
#define log_notice(...) log_internal(LOG_NOTICE, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_DEBUG, 0, __VA_ARGS__)
#define log_oom() log_internal(LOG_ERR, ENOMEM, "Out of memory.")

#endif
