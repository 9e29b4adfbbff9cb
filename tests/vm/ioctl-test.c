/* SPDX-License-Identifier: MIT */
/*
 * ioctl-test: exercises /dev/led's ioctls and file operations from C, for
 * the VM suites (tests/vm/suite.sh and its groups, tests/vm/faults.sh). Runs
 * inside the VM against the real daemon.
 *
 * -d DEV opens DEV instead of /dev/led; -r opens it read-only (O_RDWR
 * otherwise) for the commands that do not choose their own mode.
 *
 *   ioctl-test [-d DEV] all           every ioctl, error paths, poll; one
 *                                     "ok - ..." / "not ok - ..." line each
 *   ioctl-test [-d DEV] get           print the state from GET_STATE
 *   ioctl-test [-d DEV] rdonly        a read-only open: reads allowed, changes
 *                                     refused with EBADF; "ok - ..." lines
 *   ioctl-test [-d DEV] bytes N       N one-byte read()s on one open file; prints
 *                                     each: "1 NL EOF ..."
 *   ioctl-test [-d DEV] wait MS       WAIT_EVENT; print "seq N state S";
 *                                     exit 3 if nothing came within MS
 *                                     (0: no time limit)
 *   ioctl-test [-d DEV] poll MS       read (consume), print READY, then poll()
 *                                     for POLLIN; print "POLLIN state S"; exit 3
 *                                     on timeout (MS 0: no time limit)
 *   ioctl-test [-d DEV] try OP        OP = open|get|set|toggle|info|read|write|wait:
 *                                     print OK or the errno name (ENODEV...);
 *                                     TIMEOUT (exit 3) if blocked for 5 s
 *   ioctl-test [-d DEV] write STR     one write() of STR; print OK or errno name
 *   ioctl-test [-d DEV] write-file F  one write() of F's whole content (may be
 *                                     empty, contain NULs or be huge)
 *   ioctl-test [-d DEV] stress N      N rounds of mixed ioctls/reads/writes;
 *                                     any unexpected result is an error (exit 1)
 *   ioctl-test [-d DEV] timeline N MS [CMD]
 *                                     write() CMD (if given), then sample the
 *                                     sim line (LED_LEVEL_PATH) every 1 ms until
 *                                     N level changes or MS ms: one line
 *                                     "T_MS LEVEL" per change (T from just before
 *                                     the write, made by a child process;
 *                                     the first line, "0 LEVEL", is the level
 *                                     before it); exit 3 if fewer came
 *
 * If LED_LEVEL_PATH names the sim's sim_gpio17/value file, "all" also checks
 * the physical line after each state change (LED_ACTIVE_LOW=1 inverts).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <led-cuse/led.h>

static const char *dev = "/dev/led";
static int dev_mode = O_RDWR; /* -r: O_RDONLY */
static int failures;

static const char *ename(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E???";
}

static void check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		failures++;
}

static int open_dev(void)
{
	int fd = open(dev, dev_mode | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "ioctl-test: open %s: %s\n", dev, strerror(errno));
		exit(1);
	}
	return fd;
}

/* ioctl returning 0 or the errno. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? errno : 0;
}

static int get_state(int fd, struct led_cuse_state *st)
{
	memset(st, 0xA5, sizeof(*st));
	return xioctl(fd, LED_CUSE_IOC_GET_STATE, st);
}

static int set_state(int fd, uint32_t state, uint32_t flags)
{
	struct led_cuse_state st = { .state = state, .flags = flags };

	return xioctl(fd, LED_CUSE_IOC_SET_STATE, &st);
}

/* The physical line level, or -1 without LED_LEVEL_PATH. */
static int line_level(void)
{
	const char *p = getenv("LED_LEVEL_PATH");
	char buf[8] = "";
	int fd, n;

	if (!p || !*p)
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -2;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -2;
	return buf[0] == '1';
}

static void check_line(uint32_t state, const char *what)
{
	int lvl = line_level();
	const char *al = getenv("LED_ACTIVE_LOW");
	int want = (int)state;

	if (lvl == -1)
		return;
	if (al && !strcmp(al, "1"))
		want = !want;
	check(lvl == want, "%s: sim line level is %d (want %d)", what, lvl, want);
}

/* Reads the text state; returns the byte count (or -errno) and the buffer. */
static ssize_t read_text(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static volatile sig_atomic_t got_alarm;
static void on_alarm(int sig)
{
	(void)sig;
	got_alarm = 1;
}

static void set_alarm_handler(int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

static int poll_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, ms);

	if (n < 0)
		return -errno;
	return n > 0 ? p.revents : 0;
}

static int cmd_all(void)
{
	struct led_cuse_state st;
	struct led_cuse_info info;
	struct led_cuse_blink bl;
	struct led_cuse_event ev;
	int fd = open_dev(), fd2 = open_dev();
	int e, r;
	char buf[64];
	ssize_t n;

	/* GET_STATE / SET_STATE / TOGGLE */
	e = set_state(fd, 1, 0);
	check(e == 0, "SET_STATE 1 succeeds (%s)", ename(e));
	e = get_state(fd, &st);
	check(e == 0 && st.state == 1 && st.flags == 0, "GET_STATE after SET_STATE 1: state %u flags %u (%s)",
	      st.state, st.flags, ename(e));
	check_line(1, "SET_STATE 1");
	e = set_state(fd, 0, 0);
	check(e == 0, "SET_STATE 0 succeeds (%s)", ename(e));
	e = get_state(fd, &st);
	check(e == 0 && st.state == 0, "GET_STATE after SET_STATE 0: state %u (%s)", st.state, ename(e));
	check_line(0, "SET_STATE 0");
	memset(&st, 0xA5, sizeof(st));
	e = xioctl(fd, LED_CUSE_IOC_TOGGLE, &st);
	check(e == 0 && st.state == 1, "TOGGLE from 0 returns state 1: %u (%s)", st.state, ename(e));
	check_line(1, "TOGGLE");
	e = xioctl(fd, LED_CUSE_IOC_TOGGLE, &st);
	check(e == 0 && st.state == 0, "TOGGLE from 1 returns state 0: %u (%s)", st.state, ename(e));
	check_line(0, "TOGGLE back");

	/* Invalid values: EINVAL, state unchanged. */
	e = set_state(fd, 2, 0);
	check(e == EINVAL, "SET_STATE state=2 fails with EINVAL (%s)", ename(e));
	e = set_state(fd, 1, 1);
	check(e == EINVAL, "SET_STATE flags!=0 fails with EINVAL (%s)", ename(e));
	e = get_state(fd, &st);
	check(e == 0 && st.state == 0, "state unchanged after rejected SET_STATEs: %u", st.state);
	bl = (struct led_cuse_blink){ .on_ms = 0, .off_ms = 100 };
	e = xioctl(fd, LED_CUSE_IOC_SET_BLINK, &bl);
	check(e == EINVAL, "SET_BLINK on_ms=0 fails with EINVAL (%s)", ename(e));
	bl = (struct led_cuse_blink){ .on_ms = 100, .off_ms = LED_CUSE_BLINK_MAX_MS + 1 };
	e = xioctl(fd, LED_CUSE_IOC_SET_BLINK, &bl);
	check(e == EINVAL, "SET_BLINK off_ms>max fails with EINVAL (%s)", ename(e));

	/* SET_BLINK */
	bl = (struct led_cuse_blink){ .on_ms = 40, .off_ms = 40 };
	e = xioctl(fd, LED_CUSE_IOC_SET_BLINK, &bl);
	check(e == 0, "SET_BLINK 40/40 succeeds (%s)", ename(e));
	e = get_state(fd, &st);
	check(e == 0 && (st.flags & LED_CUSE_STATE_BLINKING), "GET_STATE while blinking has BLINKING flag: flags %u",
	      st.flags);
	if (line_level() >= 0) {
		int seen[2] = { 0, 0 }, i;
		for (i = 0; i < 100 && !(seen[0] && seen[1]); i++) {
			int l = line_level();
			if (l == 0 || l == 1)
				seen[l] = 1;
			usleep(10000);
		}
		check(seen[0] && seen[1], "blinking: sim line seen at both levels (0:%d 1:%d)", seen[0], seen[1]);
	}
	e = set_state(fd, 0, 0);
	e = e ? e : get_state(fd, &st);
	check(e == 0 && st.state == 0 && !(st.flags & LED_CUSE_STATE_BLINKING),
	      "SET_STATE stops blinking: state %u flags %u", st.state, st.flags);
	usleep(150000);
	check_line(0, "after blink stopped");

	/* SET_MODE / GET_MODE (1.2) */
	{
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_HEARTBEAT, .period_ms = 2000 }, got;

		e = xioctl(fd, LED_CUSE_IOC_SET_MODE, &m);
		check(e == 0, "SET_MODE heartbeat 2000 succeeds (%s)", ename(e));
		e = get_state(fd, &st);
		check(e == 0 && st.flags == (LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_HEARTBEAT << LED_CUSE_STATE_MODE_SHIFT),
		      "GET_STATE shows BLINKING and mode HEARTBEAT: flags 0x%x", st.flags);
		memset(&got, 0xA5, sizeof(got));
		e = xioctl(fd, LED_CUSE_IOC_GET_MODE, &got);
		check(e == 0 && got.mode == LED_CUSE_MODE_HEARTBEAT && got.period_ms == 2000 && got.nsteps == 4 &&
		      got.steps[0].level == 1 && got.steps[0].ms == 70 && got.steps[1].ms == 430 &&
		      got.steps[3].level == 0 && got.steps[3].ms == 1430 && got.steps[4].ms == 0,
		      "GET_MODE returns the heartbeat's 4 steps (%s; mode %u period %u nsteps %u)", ename(e), got.mode,
		      got.period_ms, got.nsteps);
		m = (struct led_cuse_mode){ .mode = LED_CUSE_MODE_PATTERN, .nsteps = 2,
					    .steps = { { 1, 100 }, { 2, 100 } } };
		e = xioctl(fd, LED_CUSE_IOC_SET_MODE, &m);
		check(e == EINVAL, "SET_MODE pattern with level 2 fails with EINVAL (%s)", ename(e));
		m = (struct led_cuse_mode){ .mode = LED_CUSE_MODE_HEARTBEAT, .period_ms = LED_CUSE_HEARTBEAT_MIN_MS - 1 };
		e = xioctl(fd, LED_CUSE_IOC_SET_MODE, &m);
		check(e == EINVAL, "SET_MODE heartbeat below its minimum period fails with EINVAL (%s)", ename(e));
		e = xioctl(fd, LED_CUSE_IOC_GET_MODE, &got);
		check(e == 0 && got.mode == LED_CUSE_MODE_HEARTBEAT, "the heartbeat still runs after them (mode %u)",
		      got.mode);
		e = xioctl(fd, LED_CUSE_IOC_SET_MODE, (void *)1);
		check(e == EFAULT, "SET_MODE with a bad pointer fails with EFAULT (%s)", ename(e));
		e = xioctl(fd, LED_CUSE_IOC_GET_MODE, (void *)1);
		check(e == EFAULT, "GET_MODE with a bad pointer fails with EFAULT (%s)", ename(e));
		e = set_state(fd, 0, 0);
		e = e ? e : xioctl(fd, LED_CUSE_IOC_GET_MODE, &got);
		e = e ? e : get_state(fd, &st);
		check(e == 0 && got.mode == LED_CUSE_MODE_NONE && got.nsteps == 0 && st.flags == 0,
		      "SET_STATE (flags 0, as from 1.0 clients) ends the mode (%s; mode %u flags 0x%x)", ename(e),
		      got.mode, st.flags);
	}

	/* GET_INFO */
	memset(&info, 0xA5, sizeof(info));
	e = xioctl(fd, LED_CUSE_IOC_GET_INFO, &info);
	check(e == 0, "GET_INFO succeeds (%s)", ename(e));
	if (e == 0) {
		const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
		const char *al = getenv("LED_ACTIVE_LOW");
		int want_al = al && !strcmp(al, "1");

		check(memchr(info.name, 0, sizeof(info.name)) && !strcmp(info.name, base),
		      "GET_INFO name is '%s' (want '%s')", info.name, base);
		check(memchr(info.led_chip, 0, sizeof(info.led_chip)) && !strcmp(info.led_chip, "led-cuse-sim"),
		      "GET_INFO led_chip is '%.64s'", info.led_chip);
		check(info.led_offset == 17, "GET_INFO led_offset is %u", info.led_offset);
		check(info.version == LED_CUSE_VERSION, "GET_INFO version is 0x%x", info.version);
		check(!!(info.flags & LED_CUSE_INFO_ACTIVE_LOW) == want_al, "GET_INFO ACTIVE_LOW flag %s",
		      want_al ? "set" : "clear");
		check(info.flags & LED_CUSE_INFO_GPIO_PRESENT, "GET_INFO GPIO_PRESENT set (flags 0x%x)", info.flags);
		if (info.flags & LED_CUSE_INFO_HAS_BUTTON)
			check(info.button_offset == 27 && !strcmp(info.button_chip, "led-cuse-sim"),
			      "GET_INFO button on '%.64s' offset %u", info.button_chip, info.button_offset);
	}

	/* GET_LAST_CHANGE (1.2): the SET_STATE 0 that stopped the blink, by us. */
	{
		struct led_cuse_change ch;
		struct timespec now;

		memset(&ch, 0xA5, sizeof(ch));
		e = xioctl(fd, LED_CUSE_IOC_GET_LAST_CHANGE, &ch);
		clock_gettime(CLOCK_REALTIME, &now);
		check(e == 0, "GET_LAST_CHANGE succeeds (%s)", ename(e));
		check(e == 0 && ch.source == LED_CUSE_CHANGE_IOCTL && ch.uid == (uint32_t)getuid() &&
		      ch.pid == (uint32_t)getpid(),
		      "GET_LAST_CHANGE: ioctl by uid %u pid %u (we are %u, %u)", ch.uid, ch.pid,
		      (unsigned int)getuid(), (unsigned int)getpid());
		check(e == 0 && ch.state == 0 && ch.flags == 0 && ch.reserved == 0,
		      "GET_LAST_CHANGE: state %u flags %u reserved %u", ch.state, ch.flags, ch.reserved);
		check(e == 0 && ch.realtime_ns > 0 &&
		      ch.realtime_ns <= (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec,
		      "GET_LAST_CHANGE: realtime_ns %llu is in the past", (unsigned long long)ch.realtime_ns);
	}

	/* Bad pointers: EFAULT */
	e = xioctl(fd, LED_CUSE_IOC_GET_LAST_CHANGE, (void *)1);
	check(e == EFAULT, "GET_LAST_CHANGE with a bad pointer fails with EFAULT (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_GET_STATE, (void *)1);
	check(e == EFAULT, "GET_STATE with a bad pointer fails with EFAULT (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_SET_STATE, (void *)1);
	check(e == EFAULT, "SET_STATE with a bad pointer fails with EFAULT (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_GET_INFO, (void *)1);
	check(e == EFAULT, "GET_INFO with a bad pointer fails with EFAULT (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_SET_BLINK, (void *)1);
	check(e == EFAULT, "SET_BLINK with a bad pointer fails with EFAULT (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_TOGGLE, NULL);
	check(e == EFAULT, "TOGGLE with a NULL pointer fails with EFAULT (%s)", ename(e));
	e = set_state(fd, 0, 0);
	e = e ? e : get_state(fd, &st);
	check(e == 0 && st.state == 0, "daemon answers after the EFAULTs (%s)", ename(e));

	/* Unknown requests: ENOTTY */
	e = xioctl(fd, _IO(LED_CUSE_IOC_MAGIC, 0x7f), NULL);
	check(e == ENOTTY, "unknown request _IO(0xB7, 0x7f) fails with ENOTTY (%s)", ename(e));
	{
		uint64_t v = 0;
		e = xioctl(fd, _IOR(LED_CUSE_IOC_MAGIC, 0x01, uint32_t), &v);
		check(e == ENOTTY, "GET_STATE's number with the wrong size fails with ENOTTY (%s)", ename(e));
	}
	check(!isatty(fd) && errno == ENOTTY, "isatty() is false (TCGETS -> ENOTTY)");

	/* WAIT_EVENT interrupted by a signal without SA_RESTART: EINTR */
	if (info.flags & LED_CUSE_INFO_HAS_BUTTON) {
		struct timespec t0, t1;
		set_alarm_handler(0);
		got_alarm = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		alarm(1);
		e = xioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev);
		alarm(0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		check(e == EINTR && got_alarm, "WAIT_EVENT interrupted by SIGALRM fails with EINTR (%s) after %.2f s",
		      ename(e), (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
		e = get_state(fd, &st);
		check(e == 0, "GET_STATE works after the interrupted wait (%s)", ename(e));

		/* led.h: SA_RESTART does not restart it either; callers must loop. */
		set_alarm_handler(1);
		got_alarm = 0;
		alarm(1);
		e = xioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev);
		alarm(0);
		check(e == EINTR && got_alarm, "WAIT_EVENT interrupted under SA_RESTART still fails with EINTR (%s)",
		      ename(e));
		set_alarm_handler(0);
	}

	/* Text read: state then EOF */
	n = read_text(fd, buf, sizeof(buf));
	check(n == 2 && !strcmp(buf, "0\n"), "read() returns \"0\\n\" (%zd bytes)", n);
	n = read_text(fd, buf, sizeof(buf));
	check(n == 0, "second read() returns EOF (%zd)", n);

	/* poll: POLLIN after a change made through another fd */
	n = read_text(fd2, buf, sizeof(buf));
	r = poll_in(fd2, 0);
	check(r >= 0 && !(r & POLLIN), "poll() after reading: no POLLIN (revents 0x%x)", r);
	e = set_state(fd, 1, 0);
	r = poll_in(fd2, 2000);
	check(e == 0 && r > 0 && (r & POLLIN), "poll() POLLIN after SET_STATE on another fd (revents 0x%x)", r);
	n = read_text(fd2, buf, sizeof(buf));
	check(n == 2 && !strcmp(buf, "1\n"), "read() after the change returns \"1\\n\"");
	r = poll_in(fd2, 0);
	check(r >= 0 && !(r & POLLIN), "poll() after reading the change: no POLLIN (revents 0x%x)", r);
	n = write(fd, "toggle\n", 7);
	r = poll_in(fd2, 2000);
	check(n == 7 && r > 0 && (r & POLLIN), "poll() POLLIN after a text write \"toggle\" (revents 0x%x)", r);
	n = read_text(fd2, buf, sizeof(buf));
	check(n == 2 && !strcmp(buf, "0\n"), "read() returns the toggled state \"0\\n\"");

	close(fd2);
	close(fd);
	printf("# ioctl-test all: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * The line's changes with their times, for the suite to measure mode steps.
 * The sim's value file is re-read (pread at 0) every millisecond: that is
 * the resolution, far below the 5 % of the phases measured.
 */
static int cmd_timeline(int changes, int timeout_ms, const char *command)
{
	const char *p = getenv("LED_LEVEL_PATH");
	const struct timespec tick = { 0, 1000000 };
	struct timespec t0;
	int lfd, last, n = 0, status;
	pid_t child = 0;
	char c;

	if (!p || (lfd = open(p, O_RDONLY | O_CLOEXEC)) < 0 || pread(lfd, &c, 1, 0) != 1) {
		fprintf(stderr, "ioctl-test: timeline needs LED_LEVEL_PATH\n");
		return 1;
	}
	last = c == '1';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("0 %d\n", last);
	/* The daemon sets the line before write() returns: a child writes, so
	 * that the sampler sees that first edge when it happens. */
	if (command) {
		child = fork();
		if (child < 0)
			return 1;
		if (child == 0) {
			int fd = open_dev();

			if (write(fd, command, strlen(command)) != (ssize_t)strlen(command)) {
				fprintf(stderr, "ioctl-test: write '%s': %s\n", command, strerror(errno));
				_exit(1);
			}
			_exit(0);
		}
	}
	while (n < changes && ms_since(&t0) < timeout_ms) {
		if (pread(lfd, &c, 1, 0) != 1)
			return 1;
		if ((c == '1') != last) {
			last = c == '1';
			printf("%.3f %d\n", ms_since(&t0), last);
			n++;
		}
		nanosleep(&tick, NULL);
	}
	close(lfd);
	if (child > 0 && (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)))
		return 1;
	return n < changes ? 3 : 0;
}

/* A read-only open watches the LED but cannot change it (EBADF, like write()). */
static int cmd_rdonly(void)
{
	struct led_cuse_state st, before;
	struct led_cuse_blink bl = { .on_ms = 50, .off_ms = 50 };
	struct led_cuse_info info;
	int fd = open(dev, O_RDONLY | O_CLOEXEC), e;
	char buf[8];
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "ioctl-test: open %s read-only: %s\n", dev, strerror(errno));
		return 1;
	}
	e = get_state(fd, &before);
	check(e == 0, "O_RDONLY: GET_STATE works (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_GET_INFO, &info);
	check(e == 0, "O_RDONLY: GET_INFO works (%s)", ename(e));
	{
		struct led_cuse_change ch;

		e = xioctl(fd, LED_CUSE_IOC_GET_LAST_CHANGE, &ch);
		check(e == 0, "O_RDONLY: GET_LAST_CHANGE works (%s)", ename(e));
	}
	st = (struct led_cuse_state){ .state = !before.state };
	e = xioctl(fd, LED_CUSE_IOC_SET_STATE, &st);
	check(e == EBADF, "O_RDONLY: SET_STATE fails with EBADF (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_TOGGLE, &st);
	check(e == EBADF, "O_RDONLY: TOGGLE fails with EBADF (%s)", ename(e));
	e = xioctl(fd, LED_CUSE_IOC_SET_BLINK, &bl);
	check(e == EBADF, "O_RDONLY: SET_BLINK fails with EBADF (%s)", ename(e));
	{
		struct led_cuse_mode m = { .mode = LED_CUSE_MODE_HEARTBEAT };

		e = xioctl(fd, LED_CUSE_IOC_SET_MODE, &m);
		check(e == EBADF, "O_RDONLY: SET_MODE fails with EBADF (%s)", ename(e));
		e = xioctl(fd, LED_CUSE_IOC_GET_MODE, &m);
		check(e == 0, "O_RDONLY: GET_MODE works (%s)", ename(e));
	}
	n = write(fd, "toggle\n", 7);
	check(n < 0 && errno == EBADF, "O_RDONLY: write() fails with EBADF (%s)", n < 0 ? ename(errno) : "wrote");
	e = get_state(fd, &st);
	check(e == 0 && st.state == before.state && st.flags == before.flags,
	      "O_RDONLY: the state is unchanged (%u -> %u, flags %u)", before.state, st.state, st.flags);
	check_line(before.state, "O_RDONLY: after the refused changes");
	n = read_text(fd, buf, sizeof(buf));
	check(n == 2 && buf[0] == (char)('0' + before.state), "O_RDONLY: read() returns the state (%zd bytes)", n);
	close(fd);
	return failures ? 1 : 0;
}

/* read() one byte at a time, as dd bs=1 and shells do: print each result. */
static int cmd_bytes(int count)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	char c;

	if (fd < 0)
		return 1;
	for (int i = 0; i < count; i++) {
		ssize_t n = read(fd, &c, 1);

		if (n < 0)
			printf("%s ", ename(errno));
		else if (n == 0)
			printf("EOF ");
		else
			printf("%s ", c == '\n' ? "NL" : (char[]){ c, 0 });
	}
	printf("\n");
	close(fd);
	return 0;
}

static int cmd_get(void)
{
	struct led_cuse_state st;
	int fd = open_dev(), e = get_state(fd, &st);

	if (e) {
		printf("%s\n", ename(e));
		return 1;
	}
	printf("%u\n", st.state);
	return 0;
}

static int cmd_wait(int ms)
{
	struct led_cuse_event ev;
	int fd = open_dev(), e;

	set_alarm_handler(0);
	if (ms > 0)
		alarm((unsigned)((ms + 999) / 1000)); /* second granularity is enough */
	memset(&ev, 0, sizeof(ev));
	e = xioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev);
	alarm(0);
	if (e == EINTR && got_alarm) {
		printf("TIMEOUT\n");
		return 3;
	}
	if (e) {
		printf("%s\n", ename(e));
		return 1;
	}
	printf("seq %llu state %u reserved %u\n", (unsigned long long)ev.seq, ev.state, ev.reserved);
	return 0;
}

static int cmd_poll(int ms)
{
	char buf[64];
	int fd = open_dev(), r;
	ssize_t n;

	read_text(fd, buf, sizeof(buf));
	printf("READY\n");
	fflush(stdout);
	r = poll_in(fd, ms > 0 ? ms : -1);
	if (r < 0) {
		printf("%s\n", ename(-r));
		return 1;
	}
	if (!(r & POLLIN)) {
		printf("TIMEOUT\n");
		return 3;
	}
	n = read_text(fd, buf, sizeof(buf));
	printf("POLLIN state %s", n > 0 ? buf : "?\n");
	return 0;
}

static int cmd_try(const char *op)
{
	struct led_cuse_state st = { 0 };
	struct led_cuse_info info;
	struct led_cuse_event ev;
	char buf[64];
	int fd, e = 0;

	set_alarm_handler(0);
	alarm(5);
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
	} else if (!strcmp(op, "open")) {
		e = 0;
	} else if (!strcmp(op, "get")) {
		e = get_state(fd, &st);
	} else if (!strcmp(op, "set")) {
		e = set_state(fd, 1, 0);
	} else if (!strcmp(op, "toggle")) {
		e = xioctl(fd, LED_CUSE_IOC_TOGGLE, &st);
	} else if (!strcmp(op, "info")) {
		e = xioctl(fd, LED_CUSE_IOC_GET_INFO, &info);
	} else if (!strcmp(op, "read")) {
		e = read_text(fd, buf, sizeof(buf)) < 0 ? errno : 0;
	} else if (!strcmp(op, "write")) {
		e = write(fd, "1\n", 2) < 0 ? errno : 0;
	} else if (!strcmp(op, "wait")) {
		e = xioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev);
	} else {
		fprintf(stderr, "ioctl-test: unknown op %s\n", op);
		return 2;
	}
	alarm(0);
	if (got_alarm) {
		printf("TIMEOUT\n");
		return 3;
	}
	printf("%s\n", e ? ename(e) : "OK");
	return 0;
}

static int do_write(const void *p, size_t len)
{
	int fd = open_dev();
	ssize_t n = write(fd, p, len);

	if (n < 0)
		printf("%s\n", ename(errno));
	else if ((size_t)n != len)
		printf("SHORT %zd/%zu\n", n, len);
	else
		printf("OK\n");
	close(fd);
	return 0;
}

static int cmd_write_file(const char *path)
{
	struct stat sb;
	char *p = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 2;

	if (fd < 0 || fstat(fd, &sb) < 0) {
		perror(path);
		goto out;
	}
	p = malloc(sb.st_size + 1);
	if (!p || read(fd, p, sb.st_size) != sb.st_size) {
		perror(path);
		goto out;
	}
	r = do_write(p, sb.st_size);
out:
	free(p);
	if (fd >= 0)
		close(fd);
	return r;
}

static int cmd_stress(int rounds)
{
	struct led_cuse_state st;
	struct led_cuse_info info;
	char buf[64];
	int fd = open_dev(), i, bad = 0;
	unsigned seed = (unsigned)getpid();

	for (i = 0; i < rounds; i++) {
		int e = 0;
		ssize_t n;

		switch (rand_r(&seed) % 6) {
		case 0:
			e = get_state(fd, &st);
			if (!e && st.state > 1)
				fprintf(stderr, "stress: GET_STATE state %u\n", st.state), bad++;
			break;
		case 1:
			e = set_state(fd, rand_r(&seed) & 1, 0);
			break;
		case 2:
			e = xioctl(fd, LED_CUSE_IOC_TOGGLE, &st);
			break;
		case 3:
			e = xioctl(fd, LED_CUSE_IOC_GET_INFO, &info);
			break;
		case 4:
			n = write(fd, (rand_r(&seed) & 1) ? "on\n" : "0\n", 2);
			e = n < 0 ? errno : 0;
			break;
		case 5:
			/* A fresh fd always reads the state. */
			close(fd);
			fd = open_dev();
			n = read_text(fd, buf, sizeof(buf));
			if (n < 0)
				e = (int)-n;
			else if (n != 2 || (buf[0] != '0' && buf[0] != '1') || buf[1] != '\n')
				fprintf(stderr, "stress: read returned %zd bytes '%s'\n", n, buf), bad++;
			break;
		}
		if (e) {
			fprintf(stderr, "stress: round %d: %s\n", i, ename(e));
			bad++;
		}
	}
	close(fd);
	return bad ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: ioctl-test [-d DEV] [-r] all|get|rdonly|bytes N|wait MS|poll MS|try OP|write STR|"
			"write-file FILE|stress N|timeline N MS [CMD]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int i = 1;
	const char *cmd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		if (i + 1 < argc && !strcmp(argv[i], "-d")) {
			dev = argv[i + 1];
			i += 2;
		} else if (i < argc && !strcmp(argv[i], "-r")) {
			dev_mode = O_RDONLY;
			i++;
		} else
			break;
	}
	if (i >= argc)
		usage();
	cmd = argv[i++];
	if (!strcmp(cmd, "all"))
		return cmd_all();
	if (!strcmp(cmd, "get"))
		return cmd_get();
	if (!strcmp(cmd, "rdonly"))
		return cmd_rdonly();
	if (i >= argc)
		usage();
	if (!strcmp(cmd, "wait"))
		return cmd_wait(atoi(argv[i]));
	if (!strcmp(cmd, "poll"))
		return cmd_poll(atoi(argv[i]));
	if (!strcmp(cmd, "try"))
		return cmd_try(argv[i]);
	if (!strcmp(cmd, "write"))
		return do_write(argv[i], strlen(argv[i]));
	if (!strcmp(cmd, "write-file"))
		return cmd_write_file(argv[i]);
	if (!strcmp(cmd, "bytes"))
		return cmd_bytes(atoi(argv[i]));
	if (!strcmp(cmd, "stress"))
		return cmd_stress(atoi(argv[i]));
	if (!strcmp(cmd, "timeline") && i + 1 < argc)
		return cmd_timeline(atoi(argv[i]), atoi(argv[i + 1]), i + 2 < argc ? argv[i + 2] : NULL);
	usage();
	return 2;
}
