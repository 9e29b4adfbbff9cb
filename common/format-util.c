/* SPDX-License-Identifier: MIT */
#include "format-util.h"

#include <pwd.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "time-util.h"

char *format_timestamp_ns(uint64_t realtime_ns, char *buf, size_t size)
{
	time_t sec = (time_t)(realtime_ns / NSEC_PER_SEC);
	unsigned int ms = (unsigned int)(realtime_ns % NSEC_PER_SEC / NSEC_PER_MSEC);
	char date[32], zone[16];
	struct tm tm;

	if (size)
		buf[0] = '\0';
	if (!localtime_r(&sec, &tm) || strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm) == 0 ||
	    strftime(zone, sizeof(zone), "%Z", &tm) == 0)
		return NULL;
	if ((size_t)snprintf(buf, size, "%s.%03u %s", date, ms, zone) >= size) {
		if (size)
			buf[0] = '\0';
		return NULL;
	}
	return buf;
}

char *format_user(uid_t uid, char *buf, size_t size)
{
	struct passwd pw, *found = NULL;
	char pwbuf[4096];

	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found)
		snprintf(buf, size, "%s", found->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned int)uid);
	return buf;
}
