/* SPDX-License-Identifier: MIT */
/*
 * Levelled logging to stderr. Under systemd (stderr connected to the
 * journal, see JOURNAL_STREAM) each line carries a "<N>" priority prefix
 * that journald turns into the message's priority.
 */
#ifndef LED_CUSE_LOG_H
#define LED_CUSE_LOG_H

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

#endif
