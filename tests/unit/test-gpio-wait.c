/* SPDX-License-Identifier: MIT */
/*
 * gpio_wait_open: a chip that is not there yet is waited
 * for, bounded, with /dev watched; a line that cannot exist fails at once.
 */
#include "led-test.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "gpio-backend-fake.h"
#include "gpio-wait.h"

static sd_event *event;
static char dev_dir[64];
static int opens;
/* What open() answers: -ENODEV (chip absent) until the chip "appears". */
static int answer;
/* The label the absent chip is looked for under. */
static const char *label;

static int fake_open(void *userdata, const struct gpio_backend_config *config, struct gpio_backend **ret,
		     char *why, size_t whylen)
{
	opens++;
	if (answer < 0) {
		if (answer == -ENODEV)
			snprintf(why, whylen, "LED: no GPIO chip with label '%s'", label);
		else
			snprintf(why, whylen, "LED: no line named 'NOPE'");
		return answer;
	}
	return gpio_backend_new_fake(false, false, ret);
}

static const struct gpio_wait_ops fake_ops = { .open = fake_open };

static void setup(void)
{
	opens = 0;
	answer = -ENODEV;
	label = "late";
	snprintf(dev_dir, sizeof(dev_dir), "/tmp/led-cuse-wait-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dev_dir));
	ck_assert_int_eq(sd_event_new(&event), 0);
}

static void teardown(void)
{
	char cmd[96];

	event = sd_event_unref(event);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dev_dir);
	ck_assert_int_eq(system(cmd), 0);
}

LED_TEST_FIXTURE(setup, teardown)

static void touch(const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dev_dir, name);
	f = fopen(path, "we");
	ck_assert_ptr_nonnull(f);
	fclose(f);
}

/* A timer standing in for the kernel: after a while a node appears. */
static int on_chip_appears(sd_event_source *s, uint64_t usec, void *userdata)
{
	answer = (int)(intptr_t)userdata;
	touch("gpiochip7");
	return 0;
}

static int on_unrelated_node(sd_event_source *s, uint64_t usec, void *userdata)
{
	touch("ttyS3"); /* something else appears: tried again, still absent */
	return 0;
}

static int on_sigterm(sd_event_source *s, uint64_t usec, void *userdata)
{
	return sd_event_exit(event, 0);
}

static void after(uint64_t usec, sd_event_time_handler_t handler, int arg)
{
	ck_assert_int_eq(sd_event_add_time_relative(event, NULL, CLOCK_MONOTONIC, usec, 1, handler,
						    (void *)(intptr_t)arg), 0);
}

static int wait_open(unsigned int timeout_sec, struct gpio_backend **b)
{
	return gpio_wait_open(event, dev_dir, &(struct gpio_backend_config){}, &fake_ops, NULL, timeout_sec, b);
}

/* The wait ends with error and no backend, after open() was tried opens times (-1: any). */
static void assert_wait_fails(unsigned int timeout_sec, int error, int opens_wanted)
{
	struct gpio_backend *b = NULL;

	ck_assert_int_eq(wait_open(timeout_sec, &b), error);
	ck_assert_ptr_null(b);
	if (opens_wanted >= 0)
		ck_assert_int_eq(opens, opens_wanted);
}

LED_TEST_CASE(test_present_at_once)
{
	struct gpio_backend *b = NULL;

	answer = 0;
	ck_assert_int_eq(wait_open(30, &b), 0);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(opens, 1);
	gpio_backend_free(b);
}

LED_TEST_CASE(test_waits_for_the_chip)
{
	struct gpio_backend *b = NULL;

	after(20000, on_unrelated_node, 0);
	after(50000, on_chip_appears, 0);
	ck_assert_int_eq(wait_open(30, &b), 0);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_ge(opens, 2); /* at start, on the node(s) appearing */
	gpio_backend_free(b);
}

LED_TEST_CASE(test_impossible_line_fails_at_once)
{
	answer = -ENOENT;
	after(1, on_chip_appears, 0); /* would succeed, if it waited */
	assert_wait_fails(30, -ENOENT, 1);
}

LED_TEST_CASE(test_impossible_line_once_chips_appear)
{
	after(20000, on_chip_appears, -ENOENT);
	assert_wait_fails(30, -ENOENT, 2);
}

LED_TEST_CASE(test_bounded)
{
	after(20000, on_unrelated_node, 0);
	assert_wait_fails(1, -ETIMEDOUT, -1); /* the unrelated node did not end the wait */
}

LED_TEST_CASE(test_no_wait)
{
	after(1, on_chip_appears, 0);
	assert_wait_fails(0, -ETIMEDOUT, 1);
}

LED_TEST_CASE(test_signal_ends_the_wait)
{
	after(20000, on_sigterm, 0);
	assert_wait_fails(30, -ECANCELED, -1);
}

/*
 * What the daemon waits for goes to systemd as STATUS=,
 * one field of a newline-separated message: a label (from a configuration
 * or a chip) with a newline must not add a field (READY=1 before the device
 * exists).
 */
LED_TEST_CASE(test_status_escapes_the_label)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char name[64], msg[1024];
	struct gpio_backend *b = NULL;
	bool status_seen = false;
	ssize_t n;
	int fd;

	snprintf(name, sizeof(name), "@led-cuse-test-notify-%d", (int)getpid());
	memcpy(sa.sun_path + 1, name + 1, strlen(name) - 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name))), 0);
	ck_assert_int_eq(setenv("NOTIFY_SOCKET", name, 1), 0);

	label = "late\nREADY=1";
	after(20000, on_chip_appears, 0);
	ck_assert_int_eq(wait_open(30, &b), 0);
	gpio_backend_free(b);
	unsetenv("NOTIFY_SOCKET");

	while ((n = recv(fd, msg, sizeof(msg) - 1, 0)) >= 0) {
		msg[n] = '\0';
		ck_assert_msg(!strstr(msg, "\nREADY=1"), "a field added by the label: '%s'", msg);
		if (strncmp(msg, "STATUS=", 7) == 0) {
			ck_assert_str_eq(msg, "STATUS=Waiting up to 30 s for GPIO: LED: no GPIO chip with label "
					      "'late\\x0aREADY=1'");
			status_seen = true;
		}
	}
	ck_assert(status_seen);
	close(fd);
}
