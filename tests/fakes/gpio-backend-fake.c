/* SPDX-License-Identifier: MIT */
/* struct fake_backend: a struct gpio_backend without a kernel (gpio-backend-fake.h). */
#include "gpio-backend-fake.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "gpio-backend-private.h"

#define QUEUE_LEN 256

struct fake_backend {
	struct gpio_backend base;
	bool has_button, led, present;  /* present: the LED's chip, with the button on it */
	bool button_chip_gone;          /* the button's own chip unplugged */
	bool led_chip_gone;             /* the LED's own chip unplugged (the button's stays) */
	unsigned int lost;              /* GPIO_LINE_* found gone by a call, until a reconnect */
	char led_label[64], button_label[64];
	int efd;
	int fail_set_error;
	unsigned int fail_sets;
	unsigned int fail_after;        /* sets that succeed before fail_sets fail */
	unsigned int sets, reconnects;
	int fail_read_error;
	unsigned int fail_reads, reads;
	struct gpio_fake_set history[GPIO_FAKE_HISTORY_LEN];
	unsigned int nhistory;
	struct gpio_button_event queue[QUEUE_LEN];
	size_t head, len;
};

static struct fake_backend *fake(struct gpio_backend *b)
{
	return (struct fake_backend *)b;
}

static bool led_there(const struct fake_backend *f)
{
	return f->present && !f->led_chip_gone;
}

static bool button_there(const struct fake_backend *f)
{
	return f->present && !f->button_chip_gone;
}

/* A call found the line's chip gone: -ENODEV, and the lines lost with it. */
static int lose(struct fake_backend *f, unsigned int lines)
{
	if (!f->present) /* the chip that holds both */
		lines = GPIO_LINE_LED | (f->has_button ? GPIO_LINE_BUTTON : 0);
	f->lost |= lines;
	return -ENODEV;
}

static int fake_set_led(struct gpio_backend *b, bool on)
{
	struct fake_backend *f = fake(b);
	int r;

	if ((f->lost & GPIO_LINE_LED) || !led_there(f))
		return lose(f, GPIO_LINE_LED);
	if (f->fail_sets && f->fail_after) {
		f->fail_after--;
	} else if (f->fail_sets) {
		r = f->fail_set_error;
		f->fail_sets--;
		if (r == -ENODEV) {
			f->present = false;
			return lose(f, GPIO_LINE_LED);
		}
		return r;
	}
	f->led = on;
	f->sets++;
	if (f->nhistory < GPIO_FAKE_HISTORY_LEN) {
		struct timespec t;

		clock_gettime(CLOCK_MONOTONIC, &t);
		f->history[f->nhistory++] = (struct gpio_fake_set){
			.on = on,
			.ns = (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec,
		};
	}
	return 0;
}

static int fake_get_led(struct gpio_backend *b, bool *on)
{
	struct fake_backend *f = fake(b);

	if ((f->lost & GPIO_LINE_LED) || !led_there(f))
		return lose(f, GPIO_LINE_LED);
	*on = f->led;
	return 0;
}

static int fake_check(struct gpio_backend *b)
{
	struct fake_backend *f = fake(b);

	if (!led_there(f))
		(void)lose(f, GPIO_LINE_LED);
	if (f->has_button && !button_there(f))
		(void)lose(f, GPIO_LINE_BUTTON);
	return f->lost ? -ENODEV : 0;
}

static unsigned int fake_gone(struct gpio_backend *b)
{
	return fake(b)->lost;
}

static int fake_get_event_fd(struct gpio_backend *b)
{
	return fake(b)->has_button ? fake(b)->efd : -1;
}

static int fake_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max)
{
	struct fake_backend *f = fake(b);
	uint64_t v;
	size_t n = 0;

	f->reads++;
	/* Before the chip's presence: a read may fail otherwise while the chip goes. */
	if (f->fail_reads) {
		f->fail_reads--;
		return f->fail_read_error;
	}
	if ((f->lost & GPIO_LINE_BUTTON) || !button_there(f))
		return lose(f, GPIO_LINE_BUTTON);
	while (n < max && f->len) {
		events[n++] = f->queue[f->head];
		f->head = (f->head + 1) % QUEUE_LEN;
		f->len--;
	}
	if (!f->len)
		(void)!read(f->efd, &v, sizeof(v)); /* drain: not readable until the next press */
	return (int)n;
}

/* As the libgpiod backend: each lost line comes back with its own chip. */
static int fake_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen)
{
	struct fake_backend *f = fake(b);
	unsigned int back = 0;

	if (fake_check(b) == 0) {
		f->led = led_value;
		return 0;
	}
	if ((f->lost & GPIO_LINE_LED) && led_there(f)) {
		back |= GPIO_LINE_LED;
		f->led = led_value;
	}
	if ((f->lost & GPIO_LINE_BUTTON) && button_there(f))
		back |= GPIO_LINE_BUTTON;
	f->lost &= ~back;
	if (back)
		f->reconnects++;
	if (f->lost) {
		snprintf(why, whylen, "%s: no GPIO chip fake", f->lost & GPIO_LINE_LED ? "LED" : "button");
		return -ENODEV;
	}
	return 0;
}

static void fake_get_info(struct gpio_backend *b, struct gpio_backend_info *info)
{
	memset(info, 0, sizeof(*info));
	strcpy(info->led_chip, fake(b)->led_label);
	info->led_offset = 17;
	info->has_button = fake(b)->has_button;
	if (info->has_button) {
		strcpy(info->button_chip, fake(b)->button_label);
		info->button_offset = 27;
	}
}

static void fake_free(struct gpio_backend *b)
{
	close(fake(b)->efd);
	free(b);
}

static const struct gpio_backend_ops fake_ops = {
	.set_led = fake_set_led,
	.get_led = fake_get_led,
	.get_event_fd = fake_get_event_fd,
	.read_events = fake_read_events,
	.check = fake_check,
	.gone = fake_gone,
	.reconnect = fake_reconnect,
	.get_info = fake_get_info,
	.free = fake_free,
};

int gpio_backend_new_fake(bool has_button, bool initial, struct gpio_backend **ret)
{
	struct fake_backend *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (f->efd < 0) {
		free(f);
		return -errno;
	}
	f->base.ops = &fake_ops;
	f->has_button = has_button;
	f->led = initial;
	f->present = true;
	strcpy(f->led_label, "fake-chip");
	strcpy(f->button_label, "fake-chip");
	*ret = &f->base;
	return 0;
}

void gpio_fake_edge(struct gpio_backend *b, uint64_t timestamp_ns, bool rising)
{
	struct fake_backend *f = fake(b);
	uint64_t one = 1;

	if (f->len == QUEUE_LEN)
		return;
	f->queue[(f->head + f->len) % QUEUE_LEN] = (struct gpio_button_event){ timestamp_ns, rising };
	f->len++;
	(void)!write(f->efd, &one, sizeof(one));
}

void gpio_fake_press(struct gpio_backend *b, uint64_t timestamp_ns)
{
	gpio_fake_edge(b, timestamp_ns, false);
}

bool gpio_fake_led(struct gpio_backend *b)
{
	return fake(b)->led;
}

unsigned int gpio_fake_history(struct gpio_backend *b, const struct gpio_fake_set **ret)
{
	*ret = fake(b)->history;
	return fake(b)->nhistory;
}

void gpio_fake_history_clear(struct gpio_backend *b)
{
	fake(b)->nhistory = 0;
}

unsigned int gpio_fake_set_count(struct gpio_backend *b)
{
	return fake(b)->sets;
}

void gpio_fake_set_present(struct gpio_backend *b, bool present)
{
	struct fake_backend *f = fake(b);
	uint64_t one = 1;

	f->present = present;
	if (!present)
		(void)!write(f->efd, &one, sizeof(one)); /* like POLLERR on a dead request fd */
}

void gpio_fake_set_button_chip_present(struct gpio_backend *b, bool present)
{
	fake(b)->button_chip_gone = !present;
}

void gpio_fake_set_labels(struct gpio_backend *b, const char *led_chip, const char *button_chip)
{
	snprintf(fake(b)->led_label, sizeof(fake(b)->led_label), "%s", led_chip);
	snprintf(fake(b)->button_label, sizeof(fake(b)->button_label), "%s", button_chip);
}

void gpio_fake_set_led_chip_present(struct gpio_backend *b, bool present)
{
	fake(b)->led_chip_gone = !present;
}

void gpio_fake_fail_next_set(struct gpio_backend *b, int error)
{
	gpio_fake_fail_sets(b, error, 1);
}

void gpio_fake_fail_sets(struct gpio_backend *b, int error, unsigned int count)
{
	gpio_fake_fail_sets_after(b, 0, error, count);
}

void gpio_fake_fail_sets_after(struct gpio_backend *b, unsigned int ok, int error, unsigned int count)
{
	fake(b)->fail_after = ok;
	fake(b)->fail_set_error = error;
	fake(b)->fail_sets = count;
}

void gpio_fake_fail_reads(struct gpio_backend *b, int error, unsigned int count)
{
	fake(b)->fail_read_error = error;
	fake(b)->fail_reads = count;
}

unsigned int gpio_fake_read_count(struct gpio_backend *b)
{
	return fake(b)->reads;
}

unsigned int gpio_fake_reconnect_count(struct gpio_backend *b)
{
	return fake(b)->reconnects;
}
