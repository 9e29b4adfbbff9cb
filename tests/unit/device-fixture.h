/* SPDX-License-Identifier: MIT */
/* A led_device on a real sd-event loop, driving the fake GPIO backend. */
#ifndef LED_CUSE_DEVICE_FIXTURE_H
#define LED_CUSE_DEVICE_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "gpio-backend-fake.h"
#include "led-device.h"
#include "led-report.h"
#include "time-util.h"

struct fixture {
	sd_event *event;
	struct gpio_backend *backend;
	struct led_device *dev;
	char dev_dir[64];
};

/* A device configured by cfg (name, initial_on and dev_dir are filled in). */
static inline void fixture_start_config(struct fixture *fx, bool has_button, bool initial,
					struct led_device_config cfg)
{
	cfg.name = "led";
	cfg.initial_on = initial;
	snprintf(fx->dev_dir, sizeof(fx->dev_dir), "/tmp/led-cuse-dev-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fx->dev_dir));
	cfg.dev_dir = fx->dev_dir;
	ck_assert_int_eq(sd_event_new(&fx->event), 0);
	ck_assert_int_eq(gpio_backend_new_fake(has_button, initial, &fx->backend), 0);
	ck_assert_int_eq(led_device_new(fx->event, fx->backend, &cfg, &fx->dev), 0);
}

static inline void fixture_start(struct fixture *fx, bool has_button, bool initial)
{
	fixture_start_config(fx, has_button, initial, (struct led_device_config){0});
}

/* Blink forever (SET_BLINK, "blink ON_MS OFF_MS"). */
static inline int fixture_blink(struct fixture *fx, unsigned int on_ms, unsigned int off_ms,
				const struct led_origin *origin)
{
	struct led_mode mode;
	int r = led_mode_blink(on_ms, off_ms, 0, &mode);

	return r < 0 ? r : led_device_start_mode(fx->dev, &mode, origin);
}

/* What GET_STATE, GET_MODE and GET_INFO return now. */
static inline void fixture_get_state(struct fixture *fx, struct led_cuse_state *ret)
{
	struct led_device_status st;

	led_device_get_status(fx->dev, &st);
	led_report_state(&st, ret);
}

static inline void fixture_get_mode(struct fixture *fx, struct led_cuse_mode *ret)
{
	struct led_device_status st;

	led_device_get_status(fx->dev, &st);
	led_report_mode(&st, ret);
}

static inline void fixture_get_info(struct fixture *fx, struct led_cuse_info *ret)
{
	struct led_device_status st;
	struct gpio_backend_info gpio;

	led_device_get_status(fx->dev, &st);
	led_device_get_gpio_info(fx->dev, &gpio);
	led_report_info(&st, &gpio, ret);
}

/* CLOCK_MONOTONIC now: edge timestamps that the loop's timers agree with. */
static inline uint64_t fixture_now_ns(void)
{
	return now_nsec(CLOCK_MONOTONIC);
}

/* Dispatch until the loop has nothing left within timeout_ms (timers included). */
static inline void fixture_run_for(struct fixture *fx, unsigned int timeout_ms)
{
	while (sd_event_run(fx->event, (uint64_t)timeout_ms * 1000) > 0)
		;
}

static inline void fixture_stop(struct fixture *fx)
{
	char cmd[96];

	fx->dev = led_device_free(fx->dev);
	gpio_backend_free(fx->backend);
	fx->event = sd_event_unref(fx->event);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dev_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Dispatch whatever is pending, without sleeping. */
static inline void fixture_run_pending(struct fixture *fx)
{
	while (sd_event_run(fx->event, 0) > 0)
		;
}

/* Simulate a device node appearing in the watched /dev. */
static inline void fixture_touch_dev(struct fixture *fx, const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->dev_dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
}

/* Simulate a device node disappearing from the watched /dev. */
static inline void fixture_remove_dev(struct fixture *fx, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", fx->dev_dir, name);
	ck_assert_int_eq(unlink(path), 0);
}

#endif
