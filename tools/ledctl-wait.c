/* SPDX-License-Identifier: MIT */
/*
 * ledctl wait: button events, one line each, until COUNT of them, a timeout
 * or a signal. cmd_wait() is the example of LED_CUSE_IOC_SET_EVENT_MASK and
 * LED_CUSE_IOC_WAIT_EVENT.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <led-cuse/led.h>

#include "ledctl.h"
#include "string-util.h"
#include "uapi.h"

#define EXIT_TIMEOUT 124 /* as timeout(1) */

/*
 * Waiting with a timeout and Ctrl-C, without races.
 *
 * A signal interrupts LED_CUSE_IOC_WAIT_EVENT with EINTR, always: the
 * kernel forwards it to the daemon as a FUSE interrupt and accepts no
 * "restart" answer, so SA_RESTART changes nothing and even a stop/continue
 * (Ctrl-Z, fg) returns EINTR. The loop therefore just checks its flags and
 * waits again. But a signal that lands after the check and before the
 * ioctl has blocked would be lost, and the wait would go on forever. So
 * nothing relies on a single signal: the deadline is a CLOCK_MONOTONIC
 * timer that keeps firing SIGALRM every KICK_NS once it is due, and
 * SIGINT/SIGTERM re-arm that timer to fire at once, again every KICK_NS,
 * until the loop sees the flag and returns.
 */
#define KICK_NS 10000000L /* 10 ms */

static volatile sig_atomic_t got_signal; /* SIGINT or SIGTERM */
static timer_t kick_timer;

static void kick_now(void)
{
	struct itimerspec its = { .it_value.tv_nsec = KICK_NS, .it_interval.tv_nsec = KICK_NS };

	timer_settime(kick_timer, 0, &its, NULL); /* async-signal-safe */
}

static void on_stop_signal(int sig)
{
	int saved_errno = errno;

	got_signal = sig;
	kick_now();
	errno = saved_errno;
}

/* SIGALRM only interrupts the ioctl; the loop reads the clock. */
static void on_kick(int sig)
{
}

/* Without SA_RESTART, though the kernel would not restart the wait anyway. */
static void catch_signal(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = 0 };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		die_errno("sigaction");
}

/* "press,hold" -> LED_CUSE_EVENT_MASK_PRESS | LED_CUSE_EVENT_MASK_HOLD */
static uint32_t parse_events(const char *list)
{
	uint32_t mask = 0;

	for (const char *p = list;;) {
		size_t len = strcspn(p, ",");
		uint32_t bit = 0;

		if (len == 3 && strncmp(p, "all", len) == 0)
			bit = LED_CUSE_EVENT_MASK_ALL;
		for (unsigned int k = 0; k < LED_CUSE_EVENT_KINDS; k++) {
			const char *word = uapi_event_kind_to_string(k);

			if (strlen(word) == len && strncmp(p, word, len) == 0)
				bit = LED_CUSE_EVENT_MASK_OF(k);
		}
		if (!bit)
			die_usage("invalid event kind in '%s' (use press, release, hold, double or all)", list);
		mask |= bit;
		if (!p[len])
			return mask;
		p += len + 1;
	}
}

static void print_event(const struct led_cuse_event *ev, bool kinds)
{
	const char *kind = uapi_event_kind_to_string(ev->kind);

	if (!kinds) /* the 1.0 format */
		printf("seq=%" PRIu64 " timestamp_ns=%" PRIu64 " state=%" PRIu32 "\n",
		       (uint64_t)ev->seq, (uint64_t)ev->timestamp_ns, ev->state);
	else
		printf("%" PRIu64 " %s %" PRIu64 " state=%" PRIu32 "%s\n", (uint64_t)ev->seq,
		       strunknown(kind),
		       (uint64_t)ev->timestamp_ns, ev->state, ev->kind & LED_CUSE_EVENT_LONG ? " long" : "");
	fflush(stdout); /* one line per event, also into a pipe */
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmd_wait(int fd, uint32_t events, unsigned long count, unsigned long timeout_ms)
{
	struct led_cuse_event_mask mask = { .mask = events };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };
	uint64_t deadline = 0;

	if (events && ioctl(fd, LED_CUSE_IOC_SET_EVENT_MASK, &mask) < 0)
		die_errno("LED_CUSE_IOC_SET_EVENT_MASK");
	catch_signal(SIGALRM, on_kick);
	if (timer_create(CLOCK_MONOTONIC, &sev, &kick_timer) < 0)
		die_errno("timer_create");
	catch_signal(SIGINT, on_stop_signal);
	catch_signal(SIGTERM, on_stop_signal);
	if (timeout_ms) {
		struct itimerspec its = { .it_interval.tv_nsec = KICK_NS };

		deadline = monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
		its.it_value.tv_sec = (time_t)(deadline / 1000000000u);
		its.it_value.tv_nsec = (long)(deadline % 1000000000u);
		if (timer_settime(kick_timer, TIMER_ABSTIME, &its, NULL) < 0)
			die_errno("timer_settime");
	}

	for (unsigned long i = 0; i < count;) {
		struct led_cuse_event ev;

		if (got_signal) {
			fprintf(stderr, "ledctl: %s: wait: interrupted by %s\n", arg_device, strsignal(got_signal));
			return 128 + got_signal;
		}
		if (deadline && monotonic_ns() >= deadline) {
			fprintf(stderr, "ledctl: %s: wait: timed out after %lu ms\n", arg_device, timeout_ms);
			return EXIT_TIMEOUT;
		}
		if (ioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev) == 0) {
			print_event(&ev, events != 0);
			i++;
			continue;
		}
		/* EINTR: our signals, the kick, or any other (SIGCONT...): check, wait again. */
		if (errno != EINTR)
			die_errno("LED_CUSE_IOC_WAIT_EVENT");
	}
	return 0;
}

/* Options of "wait", after the command word. */
int run_wait(const struct verb *verb, int argc, char **argv)
{
	static const struct option options[] = {
		{ "events", required_argument, NULL, 'e' },
		{},
	};
	unsigned long count = 1, timeout_ms = 0;
	uint32_t events = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+:e:n:t:", options, NULL)) != -1) {
		switch (c) {
		case 'e':
			events = parse_events(optarg);
			break;
		case 'n':
			count = parse_ulong("COUNT", optarg, 1, ULONG_MAX);
			break;
		case 't':
			timeout_ms = parse_ulong("TIMEOUT_MS", optarg, 1, UINT_MAX);
			break;
		default:
			bad_option(c, argv[optind - 1]);
		}
	}
	if (optind != argc)
		die_usage("unexpected argument '%s'", argv[optind]);

	return cmd_wait(open_device(O_RDONLY), events, count, timeout_ms);
}
