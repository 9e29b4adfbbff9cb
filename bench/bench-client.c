/* SPDX-License-Identifier: MIT */
/*
 * bench-client: the load generator and stopwatch of bench/run (in the VM).
 *
 *   bench-client ops write|ioctl|orc|mixed DEV SECONDS PROCS
 *       PROCS processes hammer DEV for SECONDS; prints the aggregate ops/s
 *       and the number of operations that failed (each failure is also
 *       reported on stderr; the processes keep going).
 *       write: write("1")/write("0") alternating on one open fd
 *       ioctl: LED_CUSE_IOC_GET_STATE on one open fd
 *       orc:   open + read + close (what cat costs)
 *       mixed: write, ioctl, read, open+close in turn
 *   bench-client count write|ioctl|orc|mixed DEV N
 *       exactly N operations on one fd (memory, system calls); prints N
 *   bench-client toggles DEV N
 *       N writes of "toggle" on one fd, as fast as they go; prints the seconds
 *   bench-client gpiod-set CHIP OFFSET SECONDS
 *       raw libgpiod: gpiod_line_request_set_value alternating; prints ops/s
 *   bench-client latency wait|poll|led|gpiod|follow PULL N
 *                        [DEV|LEDVALUE [TRACE]|CHIP OFFSET|CHIP IN OUT LEDVALUE [TRACE]]
 *       N button presses through the gpio-sim pull attribute PULL; the time
 *       from write(PULL, "pull-down") to:
 *         wait:  a thread blocked in LED_CUSE_IOC_WAIT_EVENT on DEV returning
 *         poll:  a thread blocked in poll(DEV, POLLIN) waking
 *         led:   the LED line being set: with TRACE (tracefs' trace_pipe,
 *                the gpio_value event enabled, trace_clock mono), the
 *                event's kernel time stamp, nothing spinning while the
 *                daemon works; without, a busy sysfs reader seeing the
 *                LED line's sim value (LEDVALUE) change
 *         gpiod: a separate process blocked in
 *                gpiod_line_request_read_edge_events on CHIP:OFFSET returning
 *                (the floor: like the daemon, a process of its own holding
 *                the line, so both pay the same address-space switches)
 *         follow: line OUT being set (TRACE or LEDVALUE, as for led) by a
 *                separate process that waits for edges on IN and toggles
 *                OUT with raw libgpiod: the least any userspace "button
 *                drives LED" program does, measured exactly as "led" is,
 *                so the two compare like for like
 *       prints "MEDIAN_US P99_US"; with BENCH_LAT_SAMPLES=FILE in the
 *       environment, every sample (us) is also appended to FILE, one a line.
 * Any failed operation is an error (exit 1), except in "ops" (counted).
 */
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <poll.h>
#include <signal.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <led-cuse/led.h>

#include "bench-gpiod.h"

static void die(const char *what)
{
	fprintf(stderr, "bench-client: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* --- throughput --- */

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die(dev);
	return fd;
}

/* One operation; false (and a message) if the device failed it. */
static bool one_op(const char *mode, const char *dev, int fd, unsigned long i)
{
	struct led_cuse_state st;
	char buf[8];
	bool ok;
	int f;

	if (strcmp(mode, "mixed") == 0)
		mode = (const char *[]){ "write", "ioctl", "read", "orc" }[i % 4];
	if (strcmp(mode, "write") == 0) {
		ok = write(fd, (i & 1) ? "0" : "1", 1) == 1;
	} else if (strcmp(mode, "ioctl") == 0) {
		ok = ioctl(fd, LED_CUSE_IOC_GET_STATE, &st) == 0;
	} else if (strcmp(mode, "read") == 0) {
		ok = read(fd, buf, sizeof(buf)) >= 0;
	} else if (strcmp(mode, "orc") == 0) {
		f = open(dev, O_RDWR | O_CLOEXEC);
		ok = f >= 0 && read(f, buf, sizeof(buf)) >= 0;
		if (f >= 0)
			close(f);
	} else {
		fprintf(stderr, "bench-client: unknown mode %s\n", mode);
		exit(2);
	}
	if (!ok)
		fprintf(stderr, "bench-client: %s on %s failed: %s\n", mode, dev, strerror(errno));
	return ok;
}

static int cmd_ops(const char *mode, const char *dev, double seconds, int procs)
{
	int pfd[2], go[2];
	unsigned long total = 0, fails = 0, n[2];
	double t0, t1;
	int status, failed = 0;

	/* Every process opens its fd, then all start together when go closes:
	 * forking 128 processes in the VM takes long enough to skew the rate. */
	if (pipe(pfd) < 0 || pipe(go) < 0)
		die("pipe");
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			int fd = open_dev(dev);
			unsigned long i = 0, nfail = 0;
			double end;
			char c;

			close(pfd[0]);
			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				die("start pipe");
			end = now() + seconds;
			while ((i & 15) || now() < end)
				nfail += !one_op(mode, dev, fd, i++);
			close(fd);
			if (write(pfd[1], (unsigned long[2]){ i, nfail }, sizeof(n)) != sizeof(n))
				die("pipe write");
			_exit(0);
		}
	}
	close(pfd[1]);
	close(go[0]);
	t0 = now();
	close(go[1]);
	while (read(pfd[0], n, sizeof(n)) == sizeof(n)) {
		total += n[0];
		fails += n[1];
	}
	t1 = now();
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	if (failed) {
		fprintf(stderr, "bench-client: %d client processes failed\n", failed);
		return 1;
	}
	printf("%.0f %lu\n", (double)total / (t1 - t0), fails);
	return 0;
}

static int cmd_toggles(const char *dev, unsigned long n)
{
	int fd = open_dev(dev);
	double t0 = now();

	for (unsigned long i = 0; i < n; i++)
		if (write(fd, "toggle", 6) != 6)
			die("write toggle");
	printf("%.3f\n", now() - t0);
	close(fd);
	return 0;
}

static int cmd_count(const char *mode, const char *dev, unsigned long n)
{
	int fd = open_dev(dev);

	for (unsigned long i = 0; i < n; i++)
		if (!one_op(mode, dev, fd, i))
			exit(1);
	close(fd);
	printf("%lu\n", n);
	return 0;
}

static struct gpiod_line_request *request_line(const char *chip_path, unsigned int offset, bool output)
{
	struct gpiod_line_request *req = bench_request_line(chip_path, offset, output, "led-cuse-bench");

	if (!req)
		die(chip_path);
	return req;
}

static int cmd_gpiod_set(const char *chip, unsigned int offset, double seconds)
{
	struct gpiod_line_request *req = request_line(chip, offset, true);
	unsigned long i = 0;
	double t0 = now(), end = t0 + seconds;

	while ((i & 255) || now() < end) {
		if (gpiod_line_request_set_value(req, offset, (i & 1) ? GPIOD_LINE_VALUE_INACTIVE
								      : GPIOD_LINE_VALUE_ACTIVE) < 0)
			die("gpiod_line_request_set_value");
		i++;
	}
	printf("%.0f\n", (double)i / (now() - t0));
	gpiod_line_request_release(req);
	return 0;
}

/* --- latency --- */

struct waiter {
	const char *kind;
	int fd;                        /* DEV for wait/poll */
	struct gpiod_line_request *req; /* gpiod, follow: the input line */
	struct gpiod_line_request *out; /* follow: the output line */
	unsigned int out_offset;
	struct gpiod_edge_event_buffer *evbuf;
	int wake[2];                   /* waiter -> main: the wake-up time */
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	char buf[8];

	for (;;) {
		double t;

		if (strcmp(w->kind, "wait") == 0) {
			struct led_cuse_event ev;

			if (ioctl(w->fd, LED_CUSE_IOC_WAIT_EVENT, &ev) < 0)
				die("LED_CUSE_IOC_WAIT_EVENT");
		} else if (strcmp(w->kind, "poll") == 0) {
			struct pollfd p = { .fd = w->fd, .events = POLLIN };

			if (poll(&p, 1, -1) < 0)
				die("poll");
			t = now();
			if (read(w->fd, buf, sizeof(buf)) < 0) /* consume: not readable until the next change */
				die("read");
			if (write(w->wake[1], &t, sizeof(t)) != sizeof(t))
				die("pipe");
			continue;
		} else {
			if (gpiod_line_request_read_edge_events(w->req, w->evbuf, 1) < 0)
				die("gpiod_line_request_read_edge_events");
			if (w->out) {
				enum gpiod_line_value v = gpiod_line_request_get_value(w->out, w->out_offset);

				if (v < 0 || gpiod_line_request_set_value(w->out, w->out_offset,
									  v == GPIOD_LINE_VALUE_ACTIVE ?
									  GPIOD_LINE_VALUE_INACTIVE :
									  GPIOD_LINE_VALUE_ACTIVE) < 0)
					die("follow: toggle the output line");
				continue;
			}
		}
		t = now();
		if (write(w->wake[1], &t, sizeof(t)) != sizeof(t))
			die("pipe");
	}
	return NULL;
}

static void write_pull(const char *pull, const char *value)
{
	int fd = open(pull, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		die(pull);
	if (write(fd, value, strlen(value)) < 0)
		die("write pull");
	close(fd);
}

static char read_value(int fd)
{
	char c = 0;

	if (pread(fd, &c, 1, 0) != 1)
		die("read LED value");
	return c;
}

/* tracefs' trace_pipe with the gpio_value event on, read without blocking. */
struct trace_reader {
	int fd;
	size_t len;
	char buf[16384];
};

static void trace_drain(struct trace_reader *tr)
{
	while (read(tr->fd, tr->buf, sizeof(tr->buf)) > 0)
		;
	tr->len = 0;
}

/* The time stamp of the first gpio_value "set" event at or after t0. The
 * trace clock is "mono", CLOCK_MONOTONIC's. While nothing has come the bench
 * sleeps instead of spinning: the daemon keeps both vCPUs. */
static double trace_next_set(struct trace_reader *tr, double t0)
{
	double start = now();

	for (;;) {
		char *line = tr->buf, *nl;
		ssize_t n;

		while ((nl = memchr(line, '\n', tr->len - (size_t)(line - tr->buf)))) {
			/* "  led-cuse-97  [001] .....  51.234567: gpio_value: 529 set 1" */
			char *ev, *ts;

			*nl = '\0';
			ev = strstr(line, ": gpio_value: ");
			if (ev && strstr(ev, " set ")) {
				for (ts = ev; ts > line && ts[-1] != ' '; ts--)
					;
				double t = strtod(ts, NULL);

				if (t >= t0) {
					tr->len -= (size_t)(nl + 1 - tr->buf);
					memmove(tr->buf, nl + 1, tr->len);
					return t;
				}
			}
			line = nl + 1;
		}
		tr->len -= (size_t)(line - tr->buf);
		memmove(tr->buf, line, tr->len);
		if (tr->len == sizeof(tr->buf))
			tr->len = 0; /* a line longer than the buffer: not ours */
		n = read(tr->fd, tr->buf + tr->len, sizeof(tr->buf) - tr->len);
		if (n > 0) {
			tr->len += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			die("read the trace pipe");
		if (now() - start > 5)
			die("no gpio_value set event in the trace within 5 s");
		sleep_ms(1);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmd_latency(const char *kind, const char *pull, int n, char **rest, int nrest)
{
	struct waiter w = { .kind = kind, .fd = -1 };
	double *lat = calloc((size_t)n, sizeof(double));
	struct trace_reader *tr = NULL;
	const char *trace = NULL;
	int ledfd = -1;
	pid_t floor_pid = -1;
	pthread_t th;
	char buf[8];

	if (!lat || pipe(w.wake) < 0)
		die("setup");
	write_pull(pull, "pull-up");
	if (strcmp(kind, "wait") == 0 || strcmp(kind, "poll") == 0) {
		if (nrest < 1)
			return 2;
		w.fd = open_dev(rest[0]);
		if (strcmp(kind, "poll") == 0 && read(w.fd, buf, sizeof(buf)) < 0)
			die("read");
	} else if (strcmp(kind, "led") == 0) {
		if (nrest < 1)
			return 2;
		ledfd = open(rest[0], O_RDONLY | O_CLOEXEC);
		if (ledfd < 0)
			die(rest[0]);
		trace = nrest > 1 ? rest[1] : NULL;
	} else if (strcmp(kind, "gpiod") == 0) {
		if (nrest < 2)
			return 2;
		w.req = request_line(rest[0], (unsigned int)atoi(rest[1]), false);
		w.evbuf = gpiod_edge_event_buffer_new(1);
		if (!w.evbuf)
			die("gpiod_edge_event_buffer_new");
	} else if (strcmp(kind, "follow") == 0) {
		if (nrest < 4)
			return 2;
		w.req = request_line(rest[0], (unsigned int)atoi(rest[1]), false);
		w.out_offset = (unsigned int)atoi(rest[2]);
		w.out = request_line(rest[0], w.out_offset, true);
		w.evbuf = gpiod_edge_event_buffer_new(1);
		ledfd = open(rest[3], O_RDONLY | O_CLOEXEC);
		if (!w.evbuf || ledfd < 0)
			die(rest[3]);
		trace = nrest > 4 ? rest[4] : NULL;
	} else {
		return 2;
	}
	if (trace) {
		tr = calloc(1, sizeof(*tr));
		if (!tr)
			die("calloc");
		tr->fd = open(trace, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (tr->fd < 0)
			die(trace);
	}
	if (w.req) {
		floor_pid = fork();
		if (floor_pid < 0)
			die("fork");
		if (floor_pid == 0)
			waiter_main(&w);
	} else if (ledfd < 0 && pthread_create(&th, NULL, waiter_main, &w) != 0) {
		die("pthread_create");
	}
	sleep_ms(50);

	for (int i = 0, missed = 0; i < n;) {
		double t0, t1;

		if (tr) {
			char before = read_value(ledfd);

			trace_drain(tr);
			t0 = now();
			write_pull(pull, "pull-down");
			sleep_ms(20); /* most presses are seen by then: no reader competes */
			t1 = trace_next_set(tr, t0);
			for (double t = now(); read_value(ledfd) == before; sleep_ms(1))
				if (now() - t > 1)
					die("a gpio_value set event came, but the line did not change");
		} else if (ledfd >= 0) {
			char before = read_value(ledfd);

			t0 = now();
			write_pull(pull, "pull-down");
			while (read_value(ledfd) == before)
				if (now() - t0 > 5)
					die("the LED did not change within 5 s");
			t1 = now();
		} else {
			struct pollfd p = { .fd = w.wake[0], .events = POLLIN };

			/* A wake-up that came after we gave up on it is stale. */
			while (poll(&p, 1, 0) > 0 && read(w.wake[0], &t1, sizeof(t1)) == sizeof(t1))
				;
			t0 = now();
			write_pull(pull, "pull-down");
			/* On a loaded host the waiter may not have re-parked its
			 * WAIT_EVENT / poll yet when the press comes, and then never
			 * hears of it: drop that sample and press again. */
			if (poll(&p, 1, 5000) <= 0 || read(w.wake[0], &t1, sizeof(t1)) != sizeof(t1) || t1 < t0) {
				if (++missed > n)
					die("the waiter missed more presses than were asked for");
				fprintf(stderr, "bench-client: press %d not seen within 5 s, pressing again\n", i);
				write_pull(pull, "pull-up");
				sleep_ms(50);
				continue;
			}
		}
		lat[i++] = (t1 - t0) * 1e6;
		sleep_ms(5);
		write_pull(pull, "pull-up");
		sleep_ms(10); /* the waiter is parked again, the release has settled */
	}
	if (floor_pid > 0) {
		kill(floor_pid, SIGKILL);
		waitpid(floor_pid, NULL, 0);
	}
	qsort(lat, (size_t)n, sizeof(double), cmp_double);
	if (getenv("BENCH_LAT_SAMPLES")) {
		FILE *f = fopen(getenv("BENCH_LAT_SAMPLES"), "ae");

		if (!f)
			die(getenv("BENCH_LAT_SAMPLES"));
		for (int i = 0; i < n; i++)
			fprintf(f, "%.1f\n", lat[i]);
		fclose(f);
	}
	printf("%.1f %.1f\n", lat[n / 2], lat[(n * 99 + 99) / 100 - 1]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && strcmp(argv[1], "ops") == 0)
		return cmd_ops(argv[2], argv[3], atof(argv[4]), atoi(argv[5]));
	if (argc == 5 && strcmp(argv[1], "count") == 0)
		return cmd_count(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "toggles") == 0)
		return cmd_toggles(argv[2], strtoul(argv[3], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "gpiod-set") == 0)
		return cmd_gpiod_set(argv[2], (unsigned int)atoi(argv[3]), atof(argv[4]));
	if (argc >= 5 && strcmp(argv[1], "latency") == 0)
		return cmd_latency(argv[2], argv[3], atoi(argv[4]), argv + 5, argc - 5);
	fprintf(stderr, "usage: see the comment at the top of bench/bench-client.c\n");
	return 2;
}
