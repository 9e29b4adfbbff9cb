/* SPDX-License-Identifier: MIT */
/*
 * ledctl: command-line client for the led-cuse /dev/led device.
 *
 * It is also the example for C programmers: everything it does is open()
 * plus one ioctl() from <led-cuse/led.h> per command, with nothing but libc
 * around it (its number parser is the daemon's, common/parse-util.c). Each
 * cmd_*() function below is a self-contained snippet.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <led-cuse/led.h>

#include "format-util.h"
#include "uapi.h"
#include "parse-util.h"

#define EXIT_USAGE 2
#define EXIT_TIMEOUT 124 /* as timeout(1) */

static const char *device = "/dev/led";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ledctl [-d DEVICE] COMMAND\n"
		"Commands: on | off | toggle | get | info | blink ON_MS [OFF_MS [COUNT]] |\n"
		"          pattern LEVEL MS [LEVEL MS ...] | heartbeat [PERIOD_MS] | oneshot MS |\n"
		"          wait [--events=KIND,...] [-n COUNT] [-t TIMEOUT_MS]\n"
		"Try 'ledctl --help' for details.\n");
}

static void help(void)
{
	printf("NAME\n"
	       "    ledctl - control an LED served by the led-cuse daemon\n"
	       "\n"
	       "SYNOPSIS\n"
	       "    ledctl [-d DEVICE] on | off | toggle | get | info\n"
	       "    ledctl [-d DEVICE] blink ON_MS [OFF_MS [COUNT]]\n"
	       "    ledctl [-d DEVICE] pattern LEVEL MS [LEVEL MS ...]\n"
	       "    ledctl [-d DEVICE] heartbeat [PERIOD_MS] | oneshot MS\n"
	       "    ledctl [-d DEVICE] wait [--events=KIND,...] [-n COUNT] [-t TIMEOUT_MS]\n"
	       "\n"
	       "OPTIONS\n"
	       "    -d, --device DEVICE  device node (default: $LEDCTL_DEVICE, else /dev/led)\n"
	       "    -h, --help           show this help\n"
	       "\n"
	       "COMMANDS\n"
	       "    on, off              switch the LED on or off (stops any mode)\n"
	       "    toggle               toggle the LED and print the new state (0 or 1)\n"
	       "    get                  print the state: 0 or 1, followed while a mode runs\n"
	       "                         by the mode as its command ('1 heartbeat 1000',\n"
	       "                         '0 pattern 1 100 0 400'); ' blinking' from a daemon\n"
	       "                         older than 1.2\n"
	       "    blink ON_MS [OFF_MS [COUNT]]\n"
	       "                         blink until the next state change, or COUNT times\n"
	       "                         (1..%u) then back to the state before; OFF_MS\n"
	       "                         defaults to ON_MS. Every MS is in 1..%u\n"
	       "    pattern LEVEL MS [LEVEL MS ...]\n"
	       "                         repeat the steps (LEVEL 0 or 1, up to %u) forever\n"
	       "    heartbeat [PERIOD_MS]\n"
	       "                         the kernel heartbeat trigger's double beat; PERIOD_MS\n"
	       "                         in %u..%u (default %u)\n"
	       "    oneshot MS           on for MS, then off\n"
	       "    info                 print the device description as 'key: value' lines,\n"
	       "                         and the last change of the LED: what made it\n"
	       "                         (last_change: start, restore, write, ioctl, button,\n"
	       "                         action or timer), the client's uid, user and pid\n"
	       "                         ('-' for none), the local time and the state\n"
	       "    wait                 wait for button presses and print one line per press:\n"
	       "                         'seq=N timestamp_ns=T state=S'\n"
	       "        -e, --events=KIND,...  wait for these event kinds instead: press,\n"
	       "                         release, hold, double (or all); print one line per\n"
	       "                         event: 'SEQ KIND TIMESTAMP_NS state=S', with ' long'\n"
	       "                         after a release that ended a hold. SEQ counts the\n"
	       "                         events of the chosen kinds since the daemon started\n"
	       "        -n COUNT         number of events to wait for (default 1)\n"
	       "        -t TIMEOUT_MS    give up after TIMEOUT_MS milliseconds in total\n"
	       "\n"
	       "EXIT STATUS\n"
	       "    0 success, 1 error, 2 usage error, 124 wait timed out,\n"
	       "    128+N wait interrupted by signal N (130 for Ctrl-C)\n",
	       LED_CUSE_MODE_MAX_COUNT, LED_CUSE_BLINK_MAX_MS, LED_CUSE_MODE_MAX_STEPS, LED_CUSE_HEARTBEAT_MIN_MS,
	       LED_CUSE_HEARTBEAT_MAX_MS, LED_CUSE_HEARTBEAT_DEFAULT_MS);
}

__attribute__((format(printf, 1, 2), noreturn))
static void die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ledctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

/* For getopt() with a leading ':' in optstring, which then stays quiet. */
__attribute__((noreturn))
static void bad_option(int c, const char *arg)
{
	if (c == ':')
		die_usage("option '-%c' needs an argument", optopt);
	if (optopt)
		die_usage("unknown option '-%c'", optopt);
	die_usage("unknown option '%s'", arg); /* a long option */
}

/* ledctl: <device>: <operation>: <strerror> */
__attribute__((noreturn))
static void die_errno(const char *operation)
{
	fprintf(stderr, "ledctl: %s: %s: %s\n", device, operation, strerror(errno));
	exit(EXIT_FAILURE);
}

/* Decimal in min..max only: strtoul() alone accepts " 12", "-1" and "12x". */
static unsigned long parse_ulong(const char *what, const char *s, unsigned long min,
				 unsigned long max)
{
	uint64_t v;

	if (parse_decimal(s, max, &v) < 0 || v < min)
		die_usage("invalid %s", what);
	return (unsigned long)v;
}

static int open_device(int flags)
{
	int fd = open(device, flags | O_CLOEXEC);

	if (fd < 0)
		die_errno("open");
	return fd;
}

static int cmd_set(int fd, unsigned int state)
{
	struct led_cuse_state st = { .state = state };

	if (ioctl(fd, LED_CUSE_IOC_SET_STATE, &st) < 0)
		die_errno("LED_CUSE_IOC_SET_STATE");
	return 0;
}

static int cmd_toggle(int fd)
{
	struct led_cuse_state st;

	if (ioctl(fd, LED_CUSE_IOC_TOGGLE, &st) < 0)
		die_errno("LED_CUSE_IOC_TOGGLE");
	printf("%u\n", st.state);
	return 0;
}

/* The running mode, as the write() command that starts it. */
static void print_mode(const struct led_cuse_mode *m)
{
	switch (m->mode) {
	case LED_CUSE_MODE_BLINK:
		printf(" blink %u %u", m->steps[0].ms, m->steps[1].ms);
		if (m->count)
			printf(" %u", m->count);
		break;
	case LED_CUSE_MODE_HEARTBEAT:
		printf(" heartbeat %u", m->period_ms);
		break;
	case LED_CUSE_MODE_ONESHOT:
		printf(" oneshot %u", m->steps[0].ms);
		break;
	case LED_CUSE_MODE_PATTERN:
		printf(" pattern");
		for (unsigned int i = 0; i < m->nsteps && i < LED_CUSE_MODE_MAX_STEPS; i++)
			printf(" %u %u", m->steps[i].level, m->steps[i].ms);
		break;
	default:
		printf(" mode%u", m->mode); /* a newer daemon's */
	}
}

static int cmd_get(int fd)
{
	struct led_cuse_state st;
	struct led_cuse_mode mode = { .mode = LED_CUSE_MODE_NONE };
	bool old_blink = false;

	/* Both asked before anything is printed: a failure leaves no half line. */
	if (ioctl(fd, LED_CUSE_IOC_GET_STATE, &st) < 0)
		die_errno("LED_CUSE_IOC_GET_STATE");
	/* A daemon before 1.2 knows no GET_MODE: its only mode is a blink. A
	 * mode that ended between the two calls prints nothing more. */
	if ((st.flags & LED_CUSE_STATE_BLINKING) && ioctl(fd, LED_CUSE_IOC_GET_MODE, &mode) < 0) {
		if (errno != ENOTTY)
			die_errno("LED_CUSE_IOC_GET_MODE");
		old_blink = true;
	}
	printf("%u", st.state);
	if (old_blink)
		printf(" blinking");
	else if (mode.mode != LED_CUSE_MODE_NONE)
		print_mode(&mode);
	printf("\n");
	return 0;
}

static int cmd_blink(int fd, unsigned int on_ms, unsigned int off_ms)
{
	struct led_cuse_blink blink = { .on_ms = on_ms, .off_ms = off_ms };

	if (ioctl(fd, LED_CUSE_IOC_SET_BLINK, &blink) < 0)
		die_errno("LED_CUSE_IOC_SET_BLINK");
	return 0;
}

/* blink with a COUNT, pattern, heartbeat, oneshot: one SET_MODE (1.2). */
static int cmd_mode(int fd, const struct led_cuse_mode *mode)
{
	if (ioctl(fd, LED_CUSE_IOC_SET_MODE, mode) < 0)
		die_errno("LED_CUSE_IOC_SET_MODE");
	return 0;
}

static unsigned int parse_ms(const char *what, const char *s)
{
	return (unsigned int)parse_ulong(what, s, 1, LED_CUSE_BLINK_MAX_MS);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* The "who changed it" lines of info; a daemon before 1.2 has none to give. */
static int print_last_change(int fd)
{
	struct led_cuse_change ch;
	const char *source;
	char user[256], when[64];

	if (ioctl(fd, LED_CUSE_IOC_GET_LAST_CHANGE, &ch) < 0) {
		if (errno == ENOTTY)
			return 0;
		die_errno("LED_CUSE_IOC_GET_LAST_CHANGE");
	}
	source = uapi_change_source_to_string(ch.source);
	if (source)
		printf("last_change: %s\n", source);
	else
		printf("last_change: unknown (%" PRIu32 ")\n", ch.source);
	if (ch.uid != LED_CUSE_CHANGE_NO_UID) {
		printf("last_change_uid: %" PRIu32 "\n", ch.uid);
		printf("last_change_user: %s\n", format_user((uid_t)ch.uid, user, sizeof(user)));
		printf("last_change_pid: %" PRIu32 "\n", ch.pid);
	} else {
		printf("last_change_uid: -\nlast_change_user: -\nlast_change_pid: -\n");
	}
	printf("last_change_time: %s\n",
	       format_timestamp_ns(ch.realtime_ns, when, sizeof(when)) ? when : "unknown");
	printf("last_change_state: %" PRIu32 "%s\n", ch.state, ch.flags & LED_CUSE_STATE_BLINKING ? " blinking" : "");
	return 0;
}

static int cmd_info(int fd)
{
	struct led_cuse_info info;

	if (ioctl(fd, LED_CUSE_IOC_GET_INFO, &info) < 0)
		die_errno("LED_CUSE_IOC_GET_INFO");

	/* The daemon NUL-terminates the strings; the precision guards against a buggy one. */
	printf("name: %.*s\n", (int)sizeof(info.name), info.name);
	printf("led_chip: %.*s\n", (int)sizeof(info.led_chip), info.led_chip);
	printf("led_offset: %" PRIu32 "\n", info.led_offset);
	printf("active_low: %s\n", yes_no(info.flags & LED_CUSE_INFO_ACTIVE_LOW));
	printf("button: %s\n", yes_no(info.flags & LED_CUSE_INFO_HAS_BUTTON));
	printf("button_chip: %.*s\n", (int)sizeof(info.button_chip), info.button_chip);
	printf("button_offset: %" PRIu32 "\n", info.button_offset);
	printf("gpio_present: %s\n", yes_no(info.flags & LED_CUSE_INFO_GPIO_PRESENT));
	printf("presses: %" PRIu64 "\n", (uint64_t)info.button_presses);
	printf("version: %u.%u\n", info.version >> 16, info.version & 0xffff);
	return print_last_change(fd);
}

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
		       kind ? kind : "unknown",
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
			fprintf(stderr, "ledctl: %s: wait: interrupted by %s\n", device, strsignal(got_signal));
			return 128 + got_signal;
		}
		if (deadline && monotonic_ns() >= deadline) {
			fprintf(stderr, "ledctl: %s: wait: timed out after %lu ms\n", device, timeout_ms);
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
static int run_wait(int argc, char **argv)
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

static void no_more_args(int argc, char **argv)
{
	if (argc > 1)
		die_usage("unexpected argument '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *cmd, *env;
	int c;

	env = getenv("LEDCTL_DEVICE");
	if (env && env[0])
		device = env;

	/* "+": stop at the command word, the rest belongs to the command. */
	while ((c = getopt_long(argc, argv, "+:d:h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!optarg[0])
				die_usage("empty %s", "DEVICE");
			device = optarg;
			break;
		case 'h':
			help();
			return EXIT_SUCCESS;
		default:
			bad_option(c, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		die_usage("missing %s", "COMMAND");

	/* From here on argv[0] is the command word. */
	argc -= optind;
	argv += optind;
	cmd = argv[0];

	if (strcmp(cmd, "on") == 0 || strcmp(cmd, "off") == 0) {
		no_more_args(argc, argv);
		return cmd_set(open_device(O_RDWR), strcmp(cmd, "on") == 0);
	}
	if (strcmp(cmd, "toggle") == 0) {
		no_more_args(argc, argv);
		return cmd_toggle(open_device(O_RDWR));
	}
	if (strcmp(cmd, "get") == 0) {
		no_more_args(argc, argv);
		return cmd_get(open_device(O_RDONLY));
	}
	if (strcmp(cmd, "info") == 0) {
		no_more_args(argc, argv);
		return cmd_info(open_device(O_RDONLY));
	}
	if (strcmp(cmd, "blink") == 0) {
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_BLINK, .nsteps = 2 };

		if (argc < 2 || argc > 4)
			die_usage("%s needs ON_MS [OFF_MS [COUNT]]", cmd);
		m.steps[0] = (struct led_cuse_step){ 1, parse_ms("ON_MS", argv[1]) };
		m.steps[1] = (struct led_cuse_step){ 0, argc >= 3 ? parse_ms("OFF_MS", argv[2]) : m.steps[0].ms };
		/* Without COUNT, SET_BLINK: what daemons before 1.2 understand too. */
		if (argc < 4)
			return cmd_blink(open_device(O_RDWR), m.steps[0].ms, m.steps[1].ms);
		m.count = (unsigned int)parse_ulong("COUNT", argv[3], 1, LED_CUSE_MODE_MAX_COUNT);
		return cmd_mode(open_device(O_RDWR), &m);
	}
	if (strcmp(cmd, "pattern") == 0) {
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_PATTERN };

		if (argc < 3 || argc % 2 == 0 || argc > 1 + 2 * LED_CUSE_MODE_MAX_STEPS)
			die_usage("%s needs 1 to %u pairs LEVEL MS", cmd, LED_CUSE_MODE_MAX_STEPS);
		for (int i = 1; i < argc; i += 2)
			m.steps[m.nsteps++] = (struct led_cuse_step){ (unsigned int)parse_ulong("LEVEL", argv[i], 0, 1),
								      parse_ms("MS", argv[i + 1]) };
		return cmd_mode(open_device(O_RDWR), &m);
	}
	if (strcmp(cmd, "heartbeat") == 0) {
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_HEARTBEAT };

		if (argc > 2)
			die_usage("%s takes at most PERIOD_MS", cmd);
		if (argc == 2)
			m.period_ms = (unsigned int)parse_ulong("PERIOD_MS", argv[1], LED_CUSE_HEARTBEAT_MIN_MS,
								LED_CUSE_HEARTBEAT_MAX_MS);
		return cmd_mode(open_device(O_RDWR), &m);
	}
	if (strcmp(cmd, "oneshot") == 0) {
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_ONESHOT, .nsteps = 1 };

		if (argc != 2)
			die_usage("%s needs MS", cmd);
		m.steps[0] = (struct led_cuse_step){ 1, parse_ms("MS", argv[1]) };
		return cmd_mode(open_device(O_RDWR), &m);
	}
	if (strcmp(cmd, "wait") == 0)
		return run_wait(argc, argv);

	die_usage("unknown command '%s'", cmd);
}
