/* SPDX-License-Identifier: MIT */
/*
 * ledctl: command-line client for the led-cuse /dev/led device.
 *
 * It is also the example for C programmers of <led-cuse/led.h>: each cmd_*()
 * function, here and in ledctl-wait.c, is a self-contained snippet, open()
 * plus one ioctl(). The rest is libc and the project's own code, linked in
 * rather than copied: the mode commands (blink, pattern, heartbeat, oneshot)
 * are parsed and printed in the daemon's write() grammar
 * (cuse-daemon/led-command.c, led-mode.c), numbers by common/parse-util.c,
 * and the words of led.h's enums and a change's time and user come from
 * common/uapi.c and format-util.c.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <led-cuse/led.h>

#include "format-util.h"
#include "ledctl.h"
#include "led-command.h"
#include "led-mode.h"
#include "macro.h"
#include "parse-util.h"
#include "string-util.h"
#include "uapi.h"

const char *arg_device = "/dev/led";

static void usage(FILE *f);

/* The --help page, laid out by hand like ledctl(1). */
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
	       "    ledctl [-d DEVICE] trigger KIND [ARGS]\n"
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
	       "    trigger KIND [ARGS]  the LED follows a source until the next state change:\n"
	       "                         netdev IFACE [link] [tx] [rx], unit UNIT, system,\n"
	       "                         cpu, disk; none stops it\n"
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

void die_usage(const char *fmt, ...)
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

void bad_option(int c, const char *arg)
{
	if (c == ':')
		die_usage("option '-%c' needs an argument", optopt);
	if (optopt)
		die_usage("unknown option '-%c'", optopt);
	die_usage("unknown option '%s'", arg); /* a long option */
}

void die_errno(const char *operation)
{
	fprintf(stderr, "ledctl: %s: %s: %s\n", arg_device, operation, strerror(errno));
	exit(EXIT_FAILURE);
}

/* Decimal in min..max only: strtoul() alone accepts " 12", "-1" and "12x". */
unsigned long parse_ulong(const char *what, const char *s, unsigned long min, unsigned long max)
{
	uint64_t v;

	if (parse_decimal(s, max, &v) < 0 || v < min)
		die_usage("invalid %s", what);
	return (unsigned long)v;
}

int open_device(int flags)
{
	int fd = open(arg_device, flags | O_CLOEXEC);

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

/* The running mode, as the write() command that starts it (led-mode.c's text). */
static void print_mode(const struct led_cuse_mode *cuse_mode)
{
	struct led_mode mode;
	char text[LED_COMMAND_MAX_WRITE];
	const char *kind;

	if (led_mode_from_cuse(cuse_mode, &mode) >= 0 && led_mode_format(&mode, text, sizeof(text)) >= 0) {
		printf(" %s", text);
		return;
	}
	/* A mode of a newer daemon: its kind's word, or its number. */
	kind = uapi_mode_kind_to_string(cuse_mode->mode);
	if (kind)
		printf(" %s", kind);
	else
		printf(" mode%u", cuse_mode->mode);
}

static int cmd_get(int fd)
{
	struct led_cuse_state st;
	struct led_cuse_mode mode = { .mode = LED_CUSE_MODE_NONE };
	struct led_cuse_trigger trigger;
	struct trigger_spec spec;
	char words[LED_COMMAND_MAX_WRITE];
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
	/* A trigger (1.3) is printed as the command that starts it, not what it shows now. */
	if ((st.flags & LED_CUSE_STATE_TRIGGER) && ioctl(fd, LED_CUSE_IOC_GET_TRIGGER, &trigger) < 0)
		die_errno("LED_CUSE_IOC_GET_TRIGGER");
	printf("%u", st.state);
	if ((st.flags & LED_CUSE_STATE_TRIGGER) && trigger_spec_from_cuse(&trigger, &spec) >= 0 &&
	    trigger_spec_format(&spec, words, sizeof(words)) > 0)
		printf(" trigger %s", words);
	else if (old_blink)
		printf(" blinking");
	else if (mode.mode != LED_CUSE_MODE_NONE)
		print_mode(&mode);
	printf("\n");
	return 0;
}

/* trigger KIND [ARGS]: one SET_TRIGGER (1.3), with the words the write command takes. */
static int cmd_trigger(int fd, const struct trigger_spec *spec)
{
	struct led_cuse_trigger trigger;

	trigger_spec_to_cuse(spec, &trigger);
	if (ioctl(fd, LED_CUSE_IOC_SET_TRIGGER, &trigger) < 0)
		die_errno("LED_CUSE_IOC_SET_TRIGGER");
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
 * The words of a mode command as a write() line for the daemon's grammar.
 * Every argument is a decimal number, written out again without leading
 * zeros (ledctl has always taken "01" for 1). False for anything else, and
 * for a line too long to be a command.
 */
static bool mode_line(int argc, char **argv, char *line, size_t size)
{
	size_t n = (size_t)snprintf(line, size, "%s", argv[0]);

	for (int i = 1; i < argc && n < size; i++) {
		uint64_t v;

		if (parse_decimal(argv[i], UINT64_MAX, &v) < 0)
			return false;
		n += (size_t)snprintf(line + n, size - n, " %" PRIu64, v);
	}
	return n < size;
}

/* blink, pattern, heartbeat, oneshot: the write() command, in the daemon's grammar. */
static int run_mode(const struct verb *verb, int argc, char **argv)
{
	char line[LED_COMMAND_MAX_WRITE];
	struct led_command command;
	struct led_cuse_mode mode;

	if (!mode_line(argc, argv, line, sizeof(line)) || led_command_parse_line(line, strlen(line), &command) < 0)
		die_usage("invalid %s %s", verb->name, verb->usage);
	assert(command.type == LED_COMMAND_MODE); /* the line starts with a mode's word */
	/* Without COUNT, SET_BLINK: what daemons before 1.2 understand too. */
	if (command.mode.kind == LED_CUSE_MODE_BLINK && command.mode.count == 0)
		return cmd_blink(open_device(O_RDWR), command.mode.steps[0].ms, command.mode.steps[1].ms);
	led_mode_to_cuse(&command.mode, &mode);
	return cmd_mode(open_device(O_RDWR), &mode);
}

/* The words joined as one line of the write command; false for a word with a blank in it. */
static bool word_line(int argc, char **argv, char *line, size_t size)
{
	size_t n = 0;

	for (int i = 0; i < argc; i++) {
		if (strpbrk(argv[i], " \t\n\r\v\f"))
			return false;
		n += (size_t)snprintf(line + n, size - n, "%s%s", i ? " " : "", argv[i]);
		if (n >= size)
			return false;
	}
	return true;
}

static int run_trigger(const struct verb *verb, int argc, char **argv)
{
	char line[LED_COMMAND_MAX_WRITE];
	struct led_command command;

	if (!word_line(argc, argv, line, sizeof(line)) || led_command_parse_line(line, strlen(line), &command) < 0)
		die_usage("invalid %s %s", verb->name, verb->usage);
	assert(command.type == LED_COMMAND_TRIGGER);
	return cmd_trigger(open_device(O_RDWR), &command.trigger);
}

static int run_set(const struct verb *verb, int argc, char **argv)
{
	return cmd_set(open_device(O_RDWR), strcmp(verb->name, "on") == 0);
}

static int run_toggle(const struct verb *verb, int argc, char **argv)
{
	return cmd_toggle(open_device(O_RDWR));
}

static int run_get(const struct verb *verb, int argc, char **argv)
{
	return cmd_get(open_device(O_RDONLY));
}

static int run_info(const struct verb *verb, int argc, char **argv)
{
	return cmd_info(open_device(O_RDONLY));
}

_Static_assert(LED_CUSE_MODE_MAX_STEPS == 16, "pattern's count_error names 16 pairs");

/* The command words, in the order of the usage text that usage() derives from them. */
static const struct verb verbs[] = {
	{ .name = "on", .run = run_set },
	{ .name = "off", .run = run_set },
	{ .name = "toggle", .run = run_toggle },
	{ .name = "get", .run = run_get },
	{ .name = "info", .run = run_info },
	{ .name = "blink", .run = run_mode, .usage = "ON_MS [OFF_MS [COUNT]]", .min_args = 1, .max_args = 3,
	  .count_error = "needs ON_MS [OFF_MS [COUNT]]" },
	{ .name = "pattern", .run = run_mode, .usage = "LEVEL MS [LEVEL MS ...]", .min_args = 2,
	  .max_args = 2 * LED_CUSE_MODE_MAX_STEPS, .pairs = true, .count_error = "needs 1 to 16 pairs LEVEL MS" },
	{ .name = "heartbeat", .run = run_mode, .usage = "[PERIOD_MS]", .max_args = 1,
	  .count_error = "takes at most PERIOD_MS" },
	{ .name = "oneshot", .run = run_mode, .usage = "MS", .min_args = 1, .max_args = 1, .count_error = "needs MS" },
	{ .name = "trigger", .run = run_trigger, .usage = "KIND [ARGS]", .min_args = 1, .max_args = 5,
	  .count_error = "needs KIND [ARGS]" },
	{ .name = "wait", .run = run_wait, .usage = "[--events=KIND,...] [-n COUNT] [-t TIMEOUT_MS]",
	  .max_args = UINT_MAX },
};

/* The command words and their arguments, wrapped at 80 columns. */
static void usage(FILE *f)
{
	size_t column = strlen("Commands:");

	fprintf(f, "Usage: ledctl [-d DEVICE] COMMAND\nCommands:");
	for (size_t i = 0; i < ELEMENTSOF(verbs); i++) {
		const struct verb *verb = &verbs[i];
		const char *bar = i + 1 < ELEMENTSOF(verbs) ? " |" : "";
		size_t len = strlen(verb->name) + (verb->usage ? 1 + strlen(verb->usage) : 0) + strlen(bar);

		if (i > 0 && column + 1 + len > 80) {
			fprintf(f, "\n         ");
			column = strlen("         ");
		}
		fprintf(f, " %s%s%s%s", verb->name, verb->usage ? " " : "", verb->usage ? verb->usage : "", bar);
		column += 1 + len;
	}
	fprintf(f, "\nTry 'ledctl --help' for details.\n");
}

static int run_verb(int argc, char **argv)
{
	unsigned int nargs = (unsigned int)argc - 1;

	for (size_t i = 0; i < ELEMENTSOF(verbs); i++) {
		const struct verb *verb = &verbs[i];

		if (strcmp(argv[0], verb->name) != 0)
			continue;
		if (nargs < verb->min_args || nargs > verb->max_args || (verb->pairs && nargs % 2)) {
			if (!verb->count_error)
				die_usage("unexpected argument '%s'", argv[1]);
			die_usage("%s %s", verb->name, verb->count_error);
		}
		return verb->run(verb, argc, argv);
	}
	die_usage("unknown command '%s'", argv[0]);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *env;
	int c;

	env = getenv("LEDCTL_DEVICE");
	if (env && env[0])
		arg_device = env;

	/* "+": stop at the command word, the rest belongs to the command. */
	while ((c = getopt_long(argc, argv, "+:d:h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!optarg[0])
				die_usage("empty %s", "DEVICE");
			arg_device = optarg;
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
	return run_verb(argc - optind, argv + optind);
}
