/* SPDX-License-Identifier: MIT */
/*
 * Time units, as systemd's time-util.h: usec_t (sd-event's unit) and nsec_t
 * (the kernel's edge timestamps), the constants between them, and reading a
 * clock or a timespec in either.
 */
#ifndef LED_CUSE_TIME_UTIL_H
#define LED_CUSE_TIME_UTIL_H

#include <stdint.h>
#include <time.h>

typedef uint64_t usec_t;
typedef uint64_t nsec_t;

#define MSEC_PER_SEC 1000ULL
#define USEC_PER_SEC 1000000ULL
#define USEC_PER_MSEC 1000ULL
#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

static inline nsec_t timespec_load_nsec(const struct timespec *ts)
{
	return (nsec_t)ts->tv_sec * NSEC_PER_SEC + (nsec_t)ts->tv_nsec;
}

static inline usec_t timespec_load(const struct timespec *ts)
{
	return (usec_t)ts->tv_sec * USEC_PER_SEC + (usec_t)ts->tv_nsec / NSEC_PER_USEC;
}

static inline struct timespec timespec_store_nsec(nsec_t n)
{
	return (struct timespec){ .tv_sec = (time_t)(n / NSEC_PER_SEC), .tv_nsec = (long)(n % NSEC_PER_SEC) };
}

/* clock_gettime() of clock in ns (CLOCK_MONOTONIC and CLOCK_REALTIME cannot fail). */
static inline nsec_t now_nsec(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return timespec_load_nsec(&ts);
}

static inline usec_t now_usec(clockid_t clock)
{
	return now_nsec(clock) / NSEC_PER_USEC;
}

/* A deadline in ns as sd-event's usec, rounded up: a timer never fires before it. */
static inline usec_t nsec_to_usec_ceil(nsec_t n)
{
	return (n + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
}

#endif
