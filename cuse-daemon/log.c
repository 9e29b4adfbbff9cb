/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "string-util.h"

#define MAX_STRUCT_FIELDS 16
/* A message as formatted, and escaped: each control character can take 4. */
#define MSG_MAX 1024
#define LINE_MAX_ESCAPED 2048

static int max_level = LOG_INFO;
static bool journal_prefix;

void log_set_max_level(int level)
{
	max_level = level;
}

int log_get_max_level(void)
{
	return max_level;
}

void log_open(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	/* JOURNAL_STREAM is "DEV:INO" of the journal socket systemd gave us;
	 * only trust it if stderr still is that socket. */
	journal_prefix = e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 &&
			 fstat(STDERR_FILENO, &st) == 0 &&
			 st.st_dev == (dev_t)dev && st.st_ino == (ino_t)ino;
}

static void write_line(int level, const char *msg)
{
	if (journal_prefix)
		fprintf(stderr, "<%d>%s\n", level, msg);
	else
		fprintf(stderr, "led-cuse: %s\n", msg);
}

/*
 * The message, one line whatever it quotes: a chip label or a line name
 * with a newline would start a line of its own on the journal's stream,
 * with a priority prefix of its choosing.
 */
__attribute__((format(printf, 3, 0)))
static void format_line(char *line, size_t size, const char *fmt, va_list ap)
{
	char msg[MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	escape_control_chars(line, size, msg);
}

int log_struct(int level, const char *const *fields, size_t n_fields, const char *fmt, ...)
{
	int saved_errno = errno;
	char msg[LINE_MAX_ESCAPED], message[LINE_MAX_ESCAPED + 16], priority[16], ident[64];
	struct iovec iov[3 + MAX_STRUCT_FIELDS];
	size_t n = 0;
	va_list ap;

	if (level > max_level)
		return 0;
	va_start(ap, fmt);
	format_line(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (journal_prefix && n_fields <= MAX_STRUCT_FIELDS) {
		snprintf(message, sizeof(message), "MESSAGE=%s", msg);
		snprintf(priority, sizeof(priority), "PRIORITY=%d", level);
		/* What journald gives the stderr stream's lines: journalctl -t finds both. */
		snprintf(ident, sizeof(ident), "SYSLOG_IDENTIFIER=%s", program_invocation_short_name);
		iov[n++] = (struct iovec){ message, strlen(message) };
		iov[n++] = (struct iovec){ priority, strlen(priority) };
		iov[n++] = (struct iovec){ ident, strlen(ident) };
		for (size_t i = 0; i < n_fields; i++)
			iov[n++] = (struct iovec){ (void *)fields[i], strlen(fields[i]) };
		if (sd_journal_sendv(iov, (int)n) >= 0) {
			errno = saved_errno;
			return 0;
		}
	}
	write_line(level, msg);
	errno = saved_errno;
	return 0;
}

int log_internal(int level, int error, const char *fmt, ...)
{
	int saved_errno = errno;
	char msg[LINE_MAX_ESCAPED];
	va_list ap;

	if (error < 0)
		error = -error;
	if (level <= max_level) {
		/* %m prints the error we were given, not whatever errno holds. */
		if (error)
			errno = error;
		va_start(ap, fmt);
		format_line(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		write_line(level, msg);
	}
	errno = saved_errno;
	return -error;
}
