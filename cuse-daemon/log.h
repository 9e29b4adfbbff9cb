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

/* Returns -abs(error) so callers can "return log_error_errno(r, ...)". */
int log_internal(int level, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define log_full_errno(level, error, ...) log_internal(level, error, __VA_ARGS__)
#define log_error_errno(error, ...) log_internal(LOG_ERR, error, __VA_ARGS__)
#define log_warning_errno(error, ...) log_internal(LOG_WARNING, error, __VA_ARGS__)
#define log_error(...) log_internal(LOG_ERR, 0, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_WARNING, 0, __VA_ARGS__)
#define log_notice(...) log_internal(LOG_NOTICE, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_DEBUG, 0, __VA_ARGS__)

#endif
