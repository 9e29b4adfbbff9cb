/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int log_internal(int level, int error, const char *fmt, ...)
{
	int saved_errno = errno;
	char msg[1024];
	va_list ap;

	if (error < 0)
		error = -error;
	if (level <= max_level) {
		/* %m prints the error we were given, not whatever errno holds. */
		if (error)
			errno = error;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		if (journal_prefix)
			fprintf(stderr, "<%d>%s\n", level, msg);
		else
			fprintf(stderr, "led-cuse: %s\n", msg);
	}
	errno = saved_errno;
	return -error;
}
