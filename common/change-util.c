/* SPDX-License-Identifier: MIT */
#include "change-util.h"

#include <pwd.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <led-cuse/led.h>

#include "macro.h"

static const char *const sources[] = {
	[LED_CUSE_CHANGE_START] = "start",
	[LED_CUSE_CHANGE_RESTORE] = "restore",
	[LED_CUSE_CHANGE_WRITE] = "write",
	[LED_CUSE_CHANGE_IOCTL] = "ioctl",
	[LED_CUSE_CHANGE_BUTTON] = "button",
	[LED_CUSE_CHANGE_ACTION] = "action",
	[LED_CUSE_CHANGE_TIMER] = "timer",
};
_Static_assert(ELEMENTSOF(sources) == LED_CUSE_CHANGE_SOURCES, "a word per source");

const char *led_change_source_to_string(uint32_t source)
{
	return source < LED_CUSE_CHANGE_SOURCES ? sources[source] : NULL;
}

char *led_change_format_time(uint64_t realtime_ns, char *buf, size_t size)
{
	time_t sec = (time_t)(realtime_ns / 1000000000u);
	unsigned int ms = (unsigned int)(realtime_ns % 1000000000u / 1000000u);
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

char *led_change_format_user(uid_t uid, char *buf, size_t size)
{
	struct passwd pw, *found = NULL;
	char pwbuf[4096];

	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found)
		snprintf(buf, size, "%s", found->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned int)uid);
	return buf;
}
