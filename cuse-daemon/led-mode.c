/* SPDX-License-Identifier: MIT */
#include "led-mode.h"

#include <errno.h>
#include <stdio.h>

#include "macro.h"

static bool ms_ok(unsigned int ms)
{
	return ms >= 1 && ms <= LED_CUSE_BLINK_MAX_MS;
}

int led_mode_blink(unsigned int on_ms, unsigned int off_ms, unsigned int count, struct led_mode *ret)
{
	if (!ms_ok(on_ms) || !ms_ok(off_ms) || count > LED_CUSE_MODE_MAX_COUNT)
		return -EINVAL;
	*ret = (struct led_mode){
		.kind = LED_CUSE_MODE_BLINK,
		.count = count,
		.end = LED_MODE_END_RESTORE,
		.nsteps = 2,
		.steps = { { true, on_ms }, { false, off_ms } },
	};
	return 0;
}

int led_mode_pattern(const struct led_mode_step *steps, unsigned int n, struct led_mode *ret)
{
	struct led_mode m = { .kind = LED_CUSE_MODE_PATTERN, .end = LED_MODE_END_RESTORE, .nsteps = n };

	if (n < 1 || n > LED_CUSE_MODE_MAX_STEPS)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (!ms_ok(steps[i].ms))
			return -EINVAL;
		m.steps[i] = steps[i];
	}
	*ret = m;
	return 0;
}

int led_mode_heartbeat(unsigned int period_ms, struct led_mode *ret)
{
	const unsigned int beat = LED_CUSE_HEARTBEAT_BEAT_MS;

	if (period_ms < LED_CUSE_HEARTBEAT_MIN_MS || period_ms > LED_CUSE_HEARTBEAT_MAX_MS)
		return -EINVAL;
	/* drivers/leds/trigger/ledtrig-heartbeat.c: thump-thump-pause, the
	 * second beat a quarter period after the first. */
	*ret = (struct led_mode){
		.kind = LED_CUSE_MODE_HEARTBEAT,
		.end = LED_MODE_END_RESTORE,
		.nsteps = 4,
		.steps = {
			{ true, beat },
			{ false, period_ms / 4 - beat },
			{ true, beat },
			{ false, period_ms - period_ms / 4 - beat },
		},
	};
	return 0;
}

int led_mode_oneshot(unsigned int ms, struct led_mode *ret)
{
	if (!ms_ok(ms))
		return -EINVAL;
	*ret = (struct led_mode){
		.kind = LED_CUSE_MODE_ONESHOT,
		.count = 1,
		.end = LED_MODE_END_OFF,
		.nsteps = 1,
		.steps = { { true, ms } },
	};
	return 0;
}

unsigned int led_mode_period_ms(const struct led_mode *mode)
{
	unsigned int sum = 0;

	for (unsigned int i = 0; i < mode->nsteps && i < LED_CUSE_MODE_MAX_STEPS; i++)
		sum += mode->steps[i].ms;
	return sum;
}

static bool steps_equal(const struct led_mode_step *steps, unsigned int n, const struct led_mode *mode)
{
	if (n != mode->nsteps)
		return false;
	for (unsigned int i = 0; i < n; i++)
		if (steps[i].on != mode->steps[i].on || steps[i].ms != mode->steps[i].ms)
			return false;
	return true;
}

static bool modes_equal(const struct led_mode *a, const struct led_mode *b)
{
	return a->kind == b->kind && a->count == b->count && a->end == b->end &&
	       steps_equal(a->steps, a->nsteps, b);
}

int led_mode_validate(const struct led_mode *mode)
{
	struct led_mode canon;
	int r;

	if (mode->nsteps < 1 || mode->nsteps > LED_CUSE_MODE_MAX_STEPS)
		return -EINVAL;
	switch (mode->kind) {
	case LED_CUSE_MODE_BLINK:
		r = led_mode_blink(mode->steps[0].ms, mode->steps[mode->nsteps - 1].ms, mode->count, &canon);
		break;
	case LED_CUSE_MODE_PATTERN:
		r = led_mode_pattern(mode->steps, mode->nsteps, &canon);
		break;
	case LED_CUSE_MODE_HEARTBEAT:
		r = led_mode_heartbeat(led_mode_period_ms(mode), &canon);
		break;
	case LED_CUSE_MODE_ONESHOT:
		r = led_mode_oneshot(mode->steps[0].ms, &canon);
		break;
	default:
		return -EINVAL;
	}
	return r < 0 || !modes_equal(mode, &canon) ? -EINVAL : 0;
}

int led_mode_format(const struct led_mode *mode, char *buf, size_t len)
{
	size_t n = 0;
	int k;

	if (led_mode_validate(mode) < 0)
		return -EINVAL;
	switch (mode->kind) {
	case LED_CUSE_MODE_BLINK:
		k = mode->count ? snprintf(buf, len, "blink %u %u %u", mode->steps[0].ms, mode->steps[1].ms,
					   mode->count) :
				  snprintf(buf, len, "blink %u %u", mode->steps[0].ms, mode->steps[1].ms);
		break;
	case LED_CUSE_MODE_HEARTBEAT:
		k = snprintf(buf, len, "heartbeat %u", led_mode_period_ms(mode));
		break;
	case LED_CUSE_MODE_ONESHOT:
		k = snprintf(buf, len, "oneshot %u", mode->steps[0].ms);
		break;
	default:
		k = snprintf(buf, len, "pattern");
		for (unsigned int i = 0; i < mode->nsteps; i++) {
			if (k < 0 || (size_t)k >= len - n)
				return -ENOBUFS;
			n += (size_t)k;
			k = snprintf(buf + n, len - n, " %d %u", mode->steps[i].on, mode->steps[i].ms);
		}
		break;
	}
	if (k < 0 || (size_t)k >= len - n)
		return -ENOBUFS;
	return (int)(n + (size_t)k);
}

int led_mode_from_cuse(const struct led_cuse_mode *in, struct led_mode *ret)
{
	struct led_mode_step steps[LED_CUSE_MODE_MAX_STEPS];
	struct led_mode m;
	unsigned int n = in->nsteps;
	int r;

	if (n > LED_CUSE_MODE_MAX_STEPS)
		return -EINVAL;
	/* Unused fields must be 0: room for later versions to give them a meaning. */
	for (unsigned int i = n; i < LED_CUSE_MODE_MAX_STEPS; i++)
		if (in->steps[i].level || in->steps[i].ms)
			return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (in->steps[i].level > 1)
			return -EINVAL;
		steps[i] = (struct led_mode_step){ in->steps[i].level == 1, in->steps[i].ms };
	}
	/* A oneshot runs once: count 1 is what GET_MODE says of it. */
	if (in->count && in->mode != LED_CUSE_MODE_BLINK && !(in->mode == LED_CUSE_MODE_ONESHOT && in->count == 1))
		return -EINVAL;

	switch (in->mode) {
	case LED_CUSE_MODE_BLINK:
		if (n != 2 || !steps[0].on || steps[1].on)
			return -EINVAL;
		r = led_mode_blink(steps[0].ms, steps[1].ms, in->count, &m);
		break;
	case LED_CUSE_MODE_PATTERN:
		r = led_mode_pattern(steps, n, &m);
		break;
	case LED_CUSE_MODE_HEARTBEAT:
		r = led_mode_heartbeat(in->period_ms ? in->period_ms : LED_CUSE_HEARTBEAT_DEFAULT_MS, &m);
		/* No steps, or exactly the ones GET_MODE gives for that period. */
		if (r >= 0 && n != 0 && !steps_equal(steps, n, &m))
			return -EINVAL;
		break;
	case LED_CUSE_MODE_ONESHOT:
		if (n != 1 || !steps[0].on)
			return -EINVAL;
		r = led_mode_oneshot(steps[0].ms, &m);
		break;
	default:
		return -EINVAL;
	}
	if (r < 0)
		return r;
	/* Besides HEARTBEAT's period: 0, or the steps' sum that GET_MODE gives. */
	if (in->mode != LED_CUSE_MODE_HEARTBEAT && in->period_ms && in->period_ms != led_mode_period_ms(&m))
		return -EINVAL;
	*ret = m;
	return 0;
}

void led_mode_to_cuse(const struct led_mode *mode, struct led_cuse_mode *out)
{
	*out = (struct led_cuse_mode){ .mode = LED_CUSE_MODE_NONE };
	if (mode->kind == LED_CUSE_MODE_NONE)
		return;
	out->mode = mode->kind;
	out->count = mode->count;
	out->period_ms = led_mode_period_ms(mode);
	out->nsteps = mode->nsteps;
	for (unsigned int i = 0; i < mode->nsteps; i++)
		out->steps[i] = (struct led_cuse_step){ mode->steps[i].on, mode->steps[i].ms };
}
