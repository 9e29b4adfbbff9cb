/* SPDX-License-Identifier: MIT */
#include "chip-presence.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "chip-watch.h"
#include "log.h"

struct chip_presence {
	struct gpio_backend *backend;
	const char *name;
	bool led;                       /* the LED's chip: false while it is unplugged */
	bool button;                    /* the button's chip (true without a button) */
	struct chip_watch *watch;
	const struct chip_presence_ops *ops;
	void *userdata;
};

unsigned int chip_presence_take_gone(struct chip_presence *p)
{
	unsigned int gone = gpio_backend_gone(p->backend), taken = 0;

	if (p->led && (gone & GPIO_LINE_LED)) {
		p->led = false;
		taken |= GPIO_LINE_LED;
	}
	if (p->button && (gone & GPIO_LINE_BUTTON)) {
		p->button = false;
		taken |= GPIO_LINE_BUTTON;
	}
	return taken;
}

bool chip_presence_drop_button(struct chip_presence *p)
{
	bool was = p->button;

	p->button = false;
	return was;
}

static void try_reconnect(struct chip_presence *p)
{
	bool led_back, button_back;
	unsigned int gone;
	char why[256];
	int r;

	r = gpio_backend_reconnect(p->backend, p->ops->level(p->userdata), why, sizeof(why));
	/* Each line comes back with its own chip, even while the other is missing. */
	gone = gpio_backend_gone(p->backend);
	led_back = !p->led && !(gone & GPIO_LINE_LED);
	button_back = !p->button && !(gone & GPIO_LINE_BUTTON);
	p->led = p->led || led_back;
	p->button = p->button || button_back;
	if (led_back || button_back)
		p->ops->back(p->userdata, led_back, button_back);
	if (r >= 0) {
		chip_watch_forget_reason(p->watch);
		return;
	}
	/* Say why the device stays unplugged, once per reason (every /dev
	 * event retries). A missing chip or line is the normal wait. */
	if (!chip_watch_new_reason(p->watch, r, why))
		return;
	if (*why)
		log_full_errno(r == -ENODEV || r == -ENOENT ? LOG_NOTICE : LOG_WARNING, r,
			       "GPIO lines of /dev/%s not back: %s", p->name, why);
	else
		log_warning_errno(r, "GPIO lines of /dev/%s not back: %m", p->name);
}

/*
 * Something changed in /dev. Linux 6.1 does not wake a line request's
 * pollers when its chip is removed, but devtmpfs deletes the chip's node:
 * that is when to probe the lines, every one of them (the button may be on
 * another chip than the LED). A node appearing may be the chip back. When
 * the inotify queue overflowed, events were lost: probe and retry both.
 */
static void on_dev_changed(void *userdata, bool gone, bool overflowed)
{
	struct chip_presence *p = userdata;
	unsigned int lost;
	int r;

	if (overflowed)
		log_debug("/dev watch overflowed: probing the GPIO lines of /dev/%s", p->name);
	if ((p->led || p->button) && gone) {
		r = gpio_backend_check(p->backend);
		if (r == -ENODEV) {
			lost = chip_presence_take_gone(p);
			if (lost)
				p->ops->lost(p->userdata, lost & GPIO_LINE_LED, lost & GPIO_LINE_BUTTON, r);
		} else if (r < 0)
			log_warning_errno(r, "cannot probe the GPIO lines of /dev/%s: %m", p->name);
	}
	if (!p->led || !p->button)
		try_reconnect(p);
}

static const struct chip_watch_ops chip_watch_ops = {
	.changed = on_dev_changed,
};

int chip_presence_new(sd_event *event, struct gpio_backend *backend, const char *dev_dir, const char *name,
		      const struct chip_presence_ops *ops, void *userdata, struct chip_presence **ret)
{
	_cleanup_(chip_presence_freep) struct chip_presence *p = NULL;
	int r;

	assert(event && backend && dev_dir && name && ops && ops->level && ops->lost && ops->back && ret);
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->backend = backend;
	p->name = name;
	p->led = p->button = true;
	p->ops = ops;
	p->userdata = userdata;
	/* Ahead of the CUSE channel: a request that follows an unplug in the same
	 * wake-up must see the device gone. */
	r = chip_watch_new(event, dev_dir, true, SD_EVENT_PRIORITY_IMPORTANT, &chip_watch_ops, p, &p->watch);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(p);
	return 0;
}

struct chip_presence *chip_presence_free(struct chip_presence *p)
{
	if (!p)
		return NULL;
	chip_watch_free(p->watch);
	free(p);
	return NULL;
}

bool chip_presence_led(const struct chip_presence *p)
{
	return p->led;
}

bool chip_presence_button(const struct chip_presence *p)
{
	return p->button;
}
