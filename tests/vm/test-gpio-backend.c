// SPDX-License-Identifier: MIT
/*
 * The libgpiod backend (gpio-backend-gpiod.c and the files it is made of)
 * against gpio-sim, in the VM (meson test vm-backend; by hand, inside
 * `tests/vm/led-vm --build build --shell`: test-gpio-backend).
 *
 * Registered with LED_TEST_CASE (tests/unit/led-test.h) and run by check,
 * each test in its own process around a fresh sim chip "bt0" of 16 lines:
 * LED "BT_LED" on line 3, button "BT_BUTTON" on line 5. Waits are on
 * events (poll on the request fd) with a deadline, never a fixed sleep.
 */
#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gpio-backend-gpiod.h"
#include "gpio-backend-test.h"
#include "gpio-chip-lookup.h"
#include "led-test.h"
#include "sim-chip.h"

#define CHIP_PREFIX "bt"
#define LED 3
#define BUTTON 5
#define NUM_LINES 16
#define EVENT_DEADLINE_MS 10000

/* The fixture; chips other than bt0 that a test makes are named bt1, bt2... */
static struct sim_chip *chip;

static void setup(void)
{
	static const struct sim_line_name names[] = {
		{ LED, "BT_LED" },
		{ BUTTON, "BT_BUTTON" },
	};
	int r;

	/* What a failed test (its teardown not run) left behind. */
	sim_chip_remove_all(CHIP_PREFIX);
	r = sim_chip_new(CHIP_PREFIX "0", NUM_LINES, names, 2, &chip);
	ck_assert_msg(r == 0, "cannot create the gpio-sim chip: %s", strerror(-r));
}

static void teardown(void)
{
	sim_chip_free(chip);
	sim_chip_remove_all(CHIP_PREFIX);
}

LED_TEST_FIXTURE(setup, teardown)

/* Check's 4 s per test is short for an emulated machine; the environment may still say otherwise. */
__attribute__((constructor)) static void default_timeout(void)
{
	setenv("CK_DEFAULT_TIMEOUT", "120", 0);
}

#define expect(cond) ck_assert(cond)
#define expect_eq(a, b) ck_assert_int_eq(a, b)
#define expect_str(a, b) ck_assert_str_eq(a, b)
/* A call returning 0 or a negative errno that must succeed. */
#define expect_ok(call)                                                              \
	do {                                                                         \
		int _r = (call);                                                     \
		ck_assert_msg(_r >= 0, "%s failed: %s", #call, strerror(-_r));       \
	} while (0)

/* ---- helpers -------------------------------------------------------------- */

static struct gpio_line_spec by_name(const char *name)
{
	return (struct gpio_line_spec){ .name = (char *)name };
}

static struct gpio_line_spec by_chip(const char *chip_spec, unsigned int offset)
{
	return (struct gpio_line_spec){ .chip = (char *)chip_spec, .offset = offset };
}

/* LED BT_LED, button BT_BUTTON (by name), everything else at its default. */
static struct gpio_backend_config config_default(void)
{
	return (struct gpio_backend_config){
		.consumer = "backend-test",
		.led = by_name("BT_LED"),
		.has_button = true,
		.button = by_name("BT_BUTTON"),
		.button_bias = GPIO_BIAS_AS_IS,
		.button_edge = GPIO_EDGE_FALLING,
	};
}

static struct gpio_backend *backend_new(const struct gpio_backend_config *config)
{
	struct gpio_backend *b = NULL;

	expect_ok(gpio_backend_new_gpiod(config, &b, NULL, 0));
	expect(b != NULL);
	return b;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/*
 * Read button events until `want` have come (the event fd polled, up to
 * EVENT_DEADLINE_MS in all); returns how many came. Every read returns at
 * most what it was asked for.
 */
static int collect(struct gpio_backend *b, struct gpio_button_event *ev, int want)
{
	unsigned long long deadline = now_ns() + EVENT_DEADLINE_MS * 1000000ull;
	int n = 0;

	while (n < want) {
		struct pollfd p = { .fd = gpio_backend_get_event_fd(b), .events = POLLIN };
		unsigned long long t = now_ns();
		int k;

		if (t >= deadline)
			break;
		k = poll(&p, 1, (int)((deadline - t) / 1000000) + 1);
		expect(k >= 0);
		if (k == 0)
			break;
		k = gpio_backend_read_events(b, ev + n, (size_t)(want - n));
		expect_ok(k);
		expect(k <= want - n);
		n += k;
	}
	return n;
}

/* Nothing more is queued: a read returns 0 at once (the fd is blocking underneath). */
static void expect_no_events(struct gpio_backend *b)
{
	struct gpio_button_event ev[4];

	expect_eq(gpio_backend_read_events(b, ev, 4), 0);
}

/* Line info as the kernel reports it (consumer, bias, debounce). */
static struct gpiod_line_info *line_info(unsigned int offset)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *c = gpiod_chip_open(sim_chip_path(chip));
	struct gpiod_line_info *info;

	expect(c != NULL);
	info = gpiod_chip_get_line_info(c, offset);
	expect(info != NULL);
	return info;
}

/* Holds `offset` with a request of our own: the line is busy for the backend. */
static struct gpiod_line_request *hold_line(unsigned int offset)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *c = gpiod_chip_open(sim_chip_path(chip));
	_cleanup_(gpiod_line_config_freep) struct gpiod_line_config *lc = gpiod_line_config_new();
	_cleanup_(gpiod_line_settings_freep) struct gpiod_line_settings *s = gpiod_line_settings_new();
	struct gpiod_line_request *req;

	expect(c && lc && s);
	expect_ok(gpiod_line_config_add_line_settings(lc, &offset, 1, s));
	req = gpiod_chip_request_lines(c, NULL, lc);
	expect(req != NULL);
	return req;
}

/* State letter of a task (R, S, D...), from /proc/PID/stat. */
static char task_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	expect(f != NULL);
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	expect(p != NULL);
	p = strrchr(buf, ')');
	expect(p && p[1] == ' ');
	return p[2];
}

/*
 * The kernel thread that turns a line's interrupts into edge events,
 * "irq/N-CONSUMER" (comm is cut at 15 characters: keep the consumer short).
 */
static pid_t irq_thread(const char *consumer)
{
	char path[300], comm[32], suffix[32];
	struct dirent *de;
	pid_t found = 0;
	DIR *d = opendir("/proc");
	size_t len;

	expect(d != NULL);
	snprintf(suffix, sizeof(suffix), "-%s", consumer);
	len = strlen(suffix);
	while ((de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f)) {
			comm[strcspn(comm, "\n")] = '\0';
			if (strncmp(comm, "irq/", 4) == 0 && strlen(comm) > len &&
			    strcmp(comm + strlen(comm) - len, suffix) == 0)
				found = (pid_t)atoi(de->d_name);
		}
		fclose(f);
	}
	closedir(d);
	expect(found > 0);
	return found;
}

/* How often a task went to sleep (voluntary_ctxt_switches in /proc/PID/status). */
static unsigned long task_sleeps(pid_t pid)
{
	char path[64], line[128];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	expect(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

/*
 * Pull the line and wait until the interrupt thread has run for it and is
 * asleep again: then its edge is in the queue.
 */
static void pull_and_wait_irq_thread(pid_t tid, bool up)
{
	unsigned long long deadline = now_ns() + EVENT_DEADLINE_MS * 1000000ull;
	unsigned long before = task_sleeps(tid);

	expect_ok(sim_chip_pull(chip, BUTTON, up));
	while (task_state(tid) != 'S' || task_sleeps(tid) == before) {
		expect(now_ns() < deadline);
		sched_yield();
	}
}

/* ---- line lookup ---------------------------------------------------------- */

LED_TEST_CASE(lookup_by_name)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *c = NULL;
	struct gpio_line_spec spec = by_name("BT_BUTTON");
	unsigned int offset = 99;

	expect_ok(gpio_chip_lookup_line(&spec, &c, &offset, NULL, 0));
	expect_eq(offset, BUTTON);
	expect_str(gpiod_chip_get_path(c), sim_chip_path(chip));
}

LED_TEST_CASE(lookup_by_chip_path_name_and_label)
{
	const char *chips[] = { sim_chip_path(chip), sim_chip_name(chip), CHIP_PREFIX "0" };

	for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++) {
		_cleanup_(gpiod_chip_closep) struct gpiod_chip *c = NULL;
		struct gpio_line_spec spec = by_chip(chips[i], 7);
		unsigned int offset = 99;

		printf("# chip spec %s\n", chips[i]);
		expect_ok(gpio_chip_lookup_line(&spec, &c, &offset, NULL, 0));
		expect_eq(offset, 7);
		expect_str(gpiod_chip_get_path(c), sim_chip_path(chip));
	}
}

LED_TEST_CASE(lookup_errors)
{
	/* A chip that is absent may still come (-ENODEV); a line that the chips
	 * present do not have is a typo (-ENOENT). */
	struct gpio_line_spec absent[] = {
		by_chip(CHIP_PREFIX "-no-such-label", 0),
		by_chip("gpiochip999", 0),
		by_chip("/dev/gpiochip999", 0),
	};
	struct gpio_line_spec no_such_name = by_name("BT_NO_SUCH_LINE");
	struct gpio_line_spec past_end = by_chip(sim_chip_name(chip), NUM_LINES);
	struct gpio_line_spec neither = {};
	struct gpiod_chip *c = NULL;
	unsigned int offset;

	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		expect_eq(gpio_chip_lookup_line(&absent[i], &c, &offset, NULL, 0), -ENODEV);
	expect_eq(gpio_chip_lookup_line(&no_such_name, &c, &offset, NULL, 0), -ENOENT);
	expect_eq(gpio_chip_lookup_line(&past_end, &c, &offset, NULL, 0), -ERANGE);
	expect_eq(gpio_chip_lookup_line(&neither, &c, &offset, NULL, 0), -EINVAL);
	expect(c == NULL);
}

LED_TEST_CASE(new_missing_line)
{
	struct gpio_backend_config config = config_default();
	struct gpio_backend *b = NULL;

	config.button = by_name("BT_NO_SUCH_BUTTON");
	expect_eq(gpio_backend_new_gpiod(&config, &b, NULL, 0), -ENOENT);
	config.button = by_chip(sim_chip_path(chip), NUM_LINES + 1);
	expect_eq(gpio_backend_new_gpiod(&config, &b, NULL, 0), -ERANGE);
	/* LED and button on the same line. */
	config.button = by_chip(sim_chip_name(chip), LED);
	expect_eq(gpio_backend_new_gpiod(&config, &b, NULL, 0), -EINVAL);
	expect(b == NULL);
	/* Nothing was left requested by the failures. */
	gpiod_line_request_release(hold_line(LED));
	gpiod_line_request_release(hold_line(BUTTON));
}

LED_TEST_CASE(new_busy)
{
	struct gpio_backend_config config = config_default();
	struct gpiod_line_request *held = hold_line(BUTTON);
	struct gpio_backend *b = NULL, *b2 = NULL;

	expect_eq(gpio_backend_new_gpiod(&config, &b, NULL, 0), -EBUSY);
	gpiod_line_request_release(held);

	b = backend_new(&config);
	/* A second user of the same lines. */
	expect_eq(gpio_backend_new_gpiod(&config, &b2, NULL, 0), -EBUSY);
	gpio_backend_free(b);
	/* Freed: the lines can be requested again. */
	gpiod_line_request_release(hold_line(LED));
	gpiod_line_request_release(hold_line(BUTTON));
}

/* ---- the LED -------------------------------------------------------------- */

LED_TEST_CASE(led_set_get)
{
	struct gpio_backend_config config = config_default();
	struct gpio_backend *b;
	struct gpiod_line_info *info;
	bool on = true;

	b = backend_new(&config);
	expect_eq(sim_chip_value(chip, LED), 0);
	expect_ok(gpio_backend_get_led(b, &on));
	expect(!on);
	expect_ok(gpio_backend_set_led(b, true));
	expect_eq(sim_chip_value(chip, LED), 1);
	expect_ok(gpio_backend_get_led(b, &on));
	expect(on);
	expect_ok(gpio_backend_set_led(b, false));
	expect_eq(sim_chip_value(chip, LED), 0);

	info = line_info(LED);
	expect(gpiod_line_info_is_used(info));
	expect_str(gpiod_line_info_get_consumer(info), "backend-test");
	expect_eq(gpiod_line_info_get_direction(info), GPIOD_LINE_DIRECTION_OUTPUT);
	gpiod_line_info_free(info);
	gpio_backend_free(b);

	config.led_initial = true;
	b = backend_new(&config);
	expect_eq(sim_chip_value(chip, LED), 1);
	gpio_backend_free(b);
}

LED_TEST_CASE(led_active_low)
{
	struct gpio_backend_config config = config_default();
	struct gpio_backend *b;
	bool on = false;

	config.led_active_low = true;
	config.led_initial = true;
	b = backend_new(&config);
	expect_eq(sim_chip_value(chip, LED), 0);
	expect_ok(gpio_backend_get_led(b, &on));
	expect(on);
	expect_ok(gpio_backend_set_led(b, false));
	expect_eq(sim_chip_value(chip, LED), 1);
	expect_ok(gpio_backend_get_led(b, &on));
	expect(!on);
	gpio_backend_free(b);
}

LED_TEST_CASE(info)
{
	struct gpio_backend_config config = config_default();
	struct gpio_backend_info info;
	struct gpio_backend *b;

	b = backend_new(&config);
	gpio_backend_get_info(b, &info);
	expect_str(info.led_chip, CHIP_PREFIX "0");
	expect_eq(info.led_offset, LED);
	expect(info.has_button);
	expect_str(info.button_chip, CHIP_PREFIX "0");
	expect_eq(info.button_offset, BUTTON);
	gpio_backend_free(b);

	b = backend_new(&(struct gpio_backend_config){ .led = by_chip(CHIP_PREFIX "0", 9) });
	gpio_backend_get_info(b, &info);
	expect_eq(info.led_offset, 9);
	expect(!info.has_button);
	expect_eq(gpio_backend_get_event_fd(b), -1);
	expect_no_events(b);
	gpio_backend_free(b);
}

/* ---- the button ----------------------------------------------------------- */

/*
 * gpio-sim raises an interrupt per edge, and the kernel's interrupt thread
 * turns it into an event; two edges before that thread runs make one event.
 * So each step that should give an event waits for it before the next pull.
 * A step that should give none is checked by the next event read: a
 * spurious one would come first (the queue is in order).
 */
enum { NONE, FALLING, RISING };

struct step {
	bool level;   /* pull the button line up (true) or down */
	int event;    /* the event it must give */
};

static void edges(struct gpio_backend_config *config, bool start,
		  const struct step *steps, size_t n_steps)
{
	struct gpio_button_event ev;
	struct gpio_backend *b;

	expect_ok(sim_chip_pull(chip, BUTTON, start));
	b = backend_new(config);
	for (size_t i = 0; i < n_steps; i++) {
		expect_ok(sim_chip_pull(chip, BUTTON, steps[i].level));
		if (steps[i].event == NONE)
			continue;
		expect_eq(collect(b, &ev, 1), 1);
		printf("# step %zu: %s edge at %llu ns\n", i, ev.rising ? "rising" : "falling",
		       (unsigned long long)ev.timestamp_ns);
		expect_eq(ev.rising, steps[i].event == RISING);
	}
	expect_no_events(b);
	gpio_backend_free(b);
}

/* One case of edges(): the button's edge setting and polarity, where it starts, the steps. */
#define EDGE_TEST(_name, _edge, _active_low, _start, ...)                                  \
	LED_TEST_CASE(_name)                                                               \
	{                                                                                 \
		const struct step steps[] = { __VA_ARGS__ };                              \
		struct gpio_backend_config config = config_default();                     \
                                                                                          \
		config.button_edge = _edge;                                               \
		config.button_active_low = _active_low;                                   \
		edges(&config, _start, steps, sizeof(steps) / sizeof(steps[0]));    \
	}

EDGE_TEST(button_falling, GPIO_EDGE_FALLING, false, true,
	  { false, FALLING }, { true, NONE }, { false, FALLING })
EDGE_TEST(button_rising, GPIO_EDGE_RISING, false, false,
	  { true, RISING }, { false, NONE }, { true, RISING })
EDGE_TEST(button_both, GPIO_EDGE_BOTH, false, true,
	  { false, FALLING }, { true, RISING }, { false, FALLING })
/* Edges stay physical with an active-low button (the backend swaps them for the kernel). */
EDGE_TEST(button_active_low_falling, GPIO_EDGE_FALLING, true, true,
	  { false, FALLING }, { true, NONE }, { false, FALLING })
EDGE_TEST(button_active_low_rising, GPIO_EDGE_RISING, true, false,
	  { true, RISING }, { false, NONE }, { true, RISING })
EDGE_TEST(button_active_low_both, GPIO_EDGE_BOTH, true, false,
	  { true, RISING }, { false, FALLING })

LED_TEST_CASE(button_bias)
{
	struct gpio_backend_config config = config_default();
	struct gpiod_line_info *info;
	struct gpio_backend *b;

	expect_ok(sim_chip_pull(chip, BUTTON, false));
	config.button_bias = GPIO_BIAS_PULL_UP;
	b = backend_new(&config);
	info = line_info(BUTTON);
	expect_eq(gpiod_line_info_get_bias(info), GPIOD_LINE_BIAS_PULL_UP);
	expect_eq(gpiod_line_info_get_edge_detection(info), GPIOD_LINE_EDGE_FALLING);
	gpiod_line_info_free(info);
	/* gpio-sim follows the requested bias. */
	expect_eq(sim_chip_value(chip, BUTTON), 1);
	gpio_backend_free(b);
}

/*
 * A press that bounces is one falling edge, its release one rising edge,
 * and the next press one more falling edge. (Both edges are watched so
 * that the release can be waited for: the debouncer reports a level only
 * once it has been steady for the period.)
 */
LED_TEST_CASE(button_debounce)
{
	struct gpio_backend_config config = config_default();
	struct gpio_button_event ev;
	struct gpiod_line_info *info;
	struct gpio_backend *b;

	expect_ok(sim_chip_pull(chip, BUTTON, true));
	config.debounce_ms = 50;
	config.button_edge = GPIO_EDGE_BOTH;
	b = backend_new(&config);
	info = line_info(BUTTON);
	expect_eq(gpiod_line_info_get_debounce_period_us(info), 50000);
	gpiod_line_info_free(info);

	for (int edge = 0; edge < 3; edge++) {
		bool up = edge % 2 != 0;

		for (int i = 0; i < 3; i++) {
			expect_ok(sim_chip_pull(chip, BUTTON, up));
			expect_ok(sim_chip_pull(chip, BUTTON, !up));
		}
		expect_ok(sim_chip_pull(chip, BUTTON, up));
		expect_eq(collect(b, &ev, 1), 1);
		expect_eq(ev.rising, up);
		expect_no_events(b);
	}
	gpio_backend_free(b);
}

/*
 * read_events() returns what is queued, at most max per call, 0 at once
 * when nothing is. Five edges are queued first, each once the kernel's
 * interrupt thread for the line has handled the one before.
 */
LED_TEST_CASE(read_events_counts)
{
	struct gpio_backend_config config = config_default();
	struct gpio_button_event ev[8];
	struct gpio_backend *b;
	pid_t irq;

	config.consumer = "btq";
	config.button_edge = GPIO_EDGE_BOTH;
	expect_ok(sim_chip_pull(chip, BUTTON, true));
	b = backend_new(&config);
	expect_no_events(b);
	expect_eq(gpio_backend_read_events(b, ev, 0), 0);

	irq = irq_thread("btq");
	for (int i = 0; i < 5; i++)
		pull_and_wait_irq_thread(irq, i % 2 != 0);
	expect_eq(gpio_backend_read_events(b, ev, 2), 2);
	expect_eq(gpio_backend_read_events(b, ev + 2, 2), 2);
	expect_eq(gpio_backend_read_events(b, ev + 4, 2), 1);
	expect_eq(gpio_backend_read_events(b, ev + 5, 2), 0);
	for (int i = 0; i < 5; i++)
		expect_eq(ev[i].rising, i % 2 != 0);
	gpio_backend_free(b);
}

/* The button on a second chip: two requests, both working. */
LED_TEST_CASE(two_chips)
{
	static const struct sim_line_name names[] = { { 1, "BT_BUTTON2" } };
	struct gpio_backend_config config = config_default();
	struct gpio_button_event ev[2];
	struct gpio_backend_info info;
	struct sim_chip *chip2;
	struct gpio_backend *b;

	expect_ok(sim_chip_new(CHIP_PREFIX "1", 4, names, 1, &chip2));
	expect_ok(sim_chip_pull(chip2, 1, true));
	config.button = by_name("BT_BUTTON2");
	b = backend_new(&config);
	gpio_backend_get_info(b, &info);
	expect_str(info.led_chip, CHIP_PREFIX "0");
	expect_str(info.button_chip, CHIP_PREFIX "1");
	expect_eq(info.button_offset, 1);

	expect_ok(gpio_backend_set_led(b, true));
	expect_eq(sim_chip_value(chip, LED), 1);
	/* The fixture's button line is not watched. */
	expect_ok(sim_chip_pull(chip, BUTTON, false));
	expect_ok(sim_chip_pull(chip2, 1, false));
	expect_eq(collect(b, ev, 1), 1);
	expect(!ev[0].rising);
	expect_no_events(b);
	gpio_backend_free(b);
	sim_chip_free(chip2);
}

/* ---- unplug and reconnect ------------------------------------------------ */

/*
 * Every call fails with -ENODEV once the chip is gone, whichever notices
 * first: the LED (the kernel's ENODEV) or the event fd (POLLHUP).
 */
LED_TEST_CASE(unplug_enodev)
{
	struct gpio_backend_config config = config_default();
	struct gpio_button_event ev[2];
	struct gpio_backend *b;
	bool on;
	int fd;

	for (int first = 0; first < 3; first++) {
		printf("# first call after the unplug: %s\n",
		       (const char *[]){ "set_led", "get_led", "read_events" }[first]);
		b = backend_new(&config);
		fd = gpio_backend_get_event_fd(b);
		expect(fd >= 0);
		expect_ok(sim_chip_set_live(chip, false));

		if (first == 1)
			expect_eq(gpio_backend_get_led(b, &on), -ENODEV);
		if (first == 2)
			expect_eq(gpio_backend_read_events(b, ev, 2), -ENODEV);
		expect_eq(gpio_backend_set_led(b, true), -ENODEV);
		expect_eq(gpio_backend_get_led(b, &on), -ENODEV);
		expect_eq(gpio_backend_read_events(b, ev, 2), -ENODEV);
		/* The fd the caller holds stays valid until a reconnect. */
		expect_eq(gpio_backend_get_event_fd(b), fd);
		/* Still gone: the chips that are left have no line of that name. */
		expect_eq(gpio_backend_reconnect(b, true, NULL, 0), -ENOENT);
		expect_eq(gpio_backend_set_led(b, true), -ENODEV);
		gpio_backend_free(b);
		expect_ok(sim_chip_set_live(chip, true));
	}
}

/* The LED is found again (by name, label or a new gpiochipN) and restored. */
static void replug(struct gpio_backend_config *config)
{
	struct gpio_button_event ev[2];
	struct gpio_backend *b;
	bool on = false;

	expect_ok(sim_chip_pull(chip, BUTTON, true));
	b = backend_new(config);
	expect_ok(sim_chip_set_live(chip, false));
	expect_eq(gpio_backend_set_led(b, false), -ENODEV);
	expect_ok(sim_chip_set_live(chip, true));
	printf("# plugged back as %s\n", sim_chip_name(chip));

	expect_ok(gpio_backend_reconnect(b, true, NULL, 0));
	expect_eq(sim_chip_value(chip, LED), config->led_active_low ? 0 : 1);
	expect_ok(gpio_backend_get_led(b, &on));
	expect(on);
	expect_ok(gpio_backend_set_led(b, false));
	expect_eq(sim_chip_value(chip, LED), config->led_active_low ? 1 : 0);

	/* The button works on the new request (and its fd). */
	expect_ok(sim_chip_pull(chip, BUTTON, true));
	expect_ok(sim_chip_pull(chip, BUTTON, false));
	expect_eq(collect(b, ev, 1), 1);
	expect(!ev[0].rising);
	expect_no_events(b);

	/* Nothing to reconnect while the lines are alive: the LED is just set. */
	expect_ok(gpio_backend_reconnect(b, true, NULL, 0));
	expect_ok(gpio_backend_get_led(b, &on));
	expect(on);
	gpio_backend_free(b);
}

LED_TEST_CASE(reconnect_by_name)
{
	struct gpio_backend_config config = config_default();

	replug(&config);
}

LED_TEST_CASE(reconnect_by_label_active_low)
{
	struct gpio_backend_config config = config_default();

	config.led = by_chip(CHIP_PREFIX "0", LED);
	config.button = by_chip(CHIP_PREFIX "0", BUTTON);
	config.led_active_low = true;
	replug(&config);
}
