/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device-fixture.h"
#include "ioctl-dispatch.h"

static struct fixture fx;
/* The files the requests come from: one opened for writing, one read-only. */
static struct fanout *fan;
static struct fanout_client *rw, *ro;
static union ioctl_out out;
static size_t out_len;
/* The requester of every call: uid 1000, pid 42. */
static const struct led_origin client = { .source = LED_CUSE_CHANGE_IOCTL, .uid = 1000, .pid = 42 };

static int call(unsigned int cmd, const void *in, size_t in_size, size_t out_size)
{
	out_len = 12345;
	return ioctl_dispatch(fx.dev, rw, cmd, &client, in, in_size, out_size, &out, &out_len);
}

static void no_poll(void *ph)
{
}

static void no_reply(void *req, int error, const struct led_cuse_event *event)
{
}

static const struct fanout_ops fanout_ops = { .poll_notify = no_poll, .poll_release = no_poll, .wait_reply = no_reply };

static void setup(void)
{
	ck_assert_int_eq(fanout_new(&fanout_ops, &fan), 0);
	ck_assert_int_eq(fanout_client_new(fan, true, &rw), 0);
	ck_assert_int_eq(fanout_client_new(fan, false, &ro), 0);
}

static void teardown(void)
{
	fixture_stop(&fx);
	fan = fanout_free(fan);
}

LED_TEST_FIXTURE(setup, teardown)

LED_TEST_CASE(test_get_state)
{
	fixture_start(&fx, false, true);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_state));
	ck_assert_uint_eq(out.state.state, 1);
	ck_assert_uint_eq(out.state.flags, 0);
	ck_assert_int_eq(fixture_blink(&fx, 100, 100, &client), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	/* 1.0 clients see "blinking"; 1.2 ones the mode in bits 8..15 too. */
	ck_assert_uint_eq(out.state.flags, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_BLINK << 8);
	ck_assert_uint_eq(LED_CUSE_STATE_MODE(out.state.flags), LED_CUSE_MODE_BLINK);
}

LED_TEST_CASE(test_set_state)
{
	struct led_cuse_state on = { .state = 1 }, off = { .state = 0 };

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &on, sizeof(on), 0), 0);
	ck_assert_uint_eq(out_len, 0);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &off, sizeof(off), 0), 0);
	ck_assert(!gpio_fake_led(fx.backend));
}

LED_TEST_CASE(test_set_state_invalid)
{
	struct led_cuse_state two = { .state = 2 }, flags = { .state = 1, .flags = 1 };
	struct led_cuse_state big = { .state = 0xffffffffu };

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &two, sizeof(two), 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &flags, sizeof(flags), 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &big, sizeof(big), 0), -EINVAL);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), 0);
}

LED_TEST_CASE(test_toggle)
{
	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_TOGGLE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out.state.state, 1);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_state));
	ck_assert_int_eq(call(LED_CUSE_IOC_TOGGLE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out.state.state, 0);
	ck_assert(!gpio_fake_led(fx.backend));
}

LED_TEST_CASE(test_blink)
{
	struct led_cuse_blink b = { 200, 300 }, zero = { 0, 300 }, huge = { 1, LED_CUSE_BLINK_MAX_MS + 1 };
	struct led_device_status st;

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_BLINK, &b, sizeof(b), 0), 0);
	led_device_get_status(fx.dev, &st);
	ck_assert((st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(st.mode.steps[0].ms, 200);
	ck_assert_uint_eq(st.mode.steps[1].ms, 300);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_BLINK, &zero, sizeof(zero), 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_BLINK, &huge, sizeof(huge), 0), -EINVAL);
	led_device_get_status(fx.dev, &st);
	ck_assert_uint_eq(st.mode.steps[0].ms, 200);
}

LED_TEST_CASE(test_info)
{
	fixture_start(&fx, true, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_INFO, NULL, 0, sizeof(struct led_cuse_info)), 0);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_info));
	ck_assert_str_eq(out.info.name, "led");
	ck_assert_uint_eq(out.info.led_offset, 17);
	ck_assert(out.info.flags & LED_CUSE_INFO_HAS_BUTTON);
	ck_assert_uint_eq(out.info.version, LED_CUSE_VERSION);
}

LED_TEST_CASE(test_wait)
{
	fixture_start(&fx, true, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, sizeof(struct led_cuse_event)), IOCTL_PARK);
	fixture_stop(&fx);
	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, sizeof(struct led_cuse_event)), -EOPNOTSUPP);
}

LED_TEST_CASE(test_unknown_requests)
{
	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(0, NULL, 0, 0), -ENOTTY);
	ck_assert_int_eq(call(_IO(LED_CUSE_IOC_MAGIC, 0x7f), NULL, 0, 0), -ENOTTY);
	/* Right number, wrong direction or size: a different request. */
	ck_assert_int_eq(call(_IOW(LED_CUSE_IOC_MAGIC, 0x01, struct led_cuse_state), NULL, 0, 0), -ENOTTY);
	ck_assert_int_eq(call(_IOR(LED_CUSE_IOC_MAGIC, 0x01, __u32), NULL, 0, 4), -ENOTTY);
	ck_assert_int_eq(call(_IOR('T', 0x01, struct led_cuse_state), NULL, 0, 8), -ENOTTY);
	/* TCGETS, what isatty() sends. */
	ck_assert_int_eq(call(0x5401, NULL, 0, 0), -ENOTTY);
}

LED_TEST_CASE(test_size_mismatch)
{
	struct led_cuse_state on = { .state = 1 };

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &on, 4, 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, NULL, sizeof(on), 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, 4), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_INFO, NULL, 0, 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, &on, sizeof(on), 8), -EINVAL);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), 0);
}

LED_TEST_CASE(test_unplugged)
{
	struct led_cuse_state on = { .state = 1 };
	struct led_cuse_blink b = { 10, 10 };

	fixture_start(&fx, true, false);
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, 8), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &on, sizeof(on), 0), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_TOGGLE, NULL, 0, 8), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_BLINK, &b, sizeof(b), 0), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, 24), -ENODEV);
	/* GET_INFO still answers, so tools can say why. */
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_INFO, NULL, 0, sizeof(struct led_cuse_info)), 0);
	ck_assert_uint_eq(out.info.flags & LED_CUSE_INFO_GPIO_PRESENT, 0);
}

/* --- GET_LAST_CHANGE (1.2) --- */

static int call_rdonly(unsigned int cmd, const void *in, size_t in_size, size_t out_size)
{
	out_len = 12345;
	return ioctl_dispatch(fx.dev, ro, cmd, &client, in, in_size, out_size, &out, &out_len);
}

/* out.change is a record of client's request (uid 1000, pid 42) at generation gen. */
static void assert_client_record(uint32_t state, uint32_t flags, uint64_t gen)
{
	ck_assert_uint_eq(out.change.source, LED_CUSE_CHANGE_IOCTL);
	ck_assert_uint_eq(out.change.uid, 1000);
	ck_assert_uint_eq(out.change.pid, 42);
	ck_assert_uint_eq(out.change.state, state);
	ck_assert_uint_eq(out.change.flags, flags);
	ck_assert_uint_eq(out.change.generation, gen);
}

LED_TEST_CASE(test_get_last_change)
{
	struct led_cuse_state on = { .state = 1 };
	struct led_cuse_blink b = { 200, 300 };

	_Static_assert(LED_CUSE_IOC_GET_LAST_CHANGE == _IOR(0xB7, 0x0B, struct led_cuse_change), "request number");
	_Static_assert(sizeof(struct led_cuse_change) == 40, "layout");
	fixture_start(&fx, false, false);
	/* Before any change: the start, on a read-only file too. */
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_change));
	ck_assert_uint_eq(out.change.source, LED_CUSE_CHANGE_START);
	ck_assert_uint_eq(out.change.uid, LED_CUSE_CHANGE_NO_UID);
	ck_assert_uint_eq(out.change.generation, 1);

	/* The ioctls that change the LED record the requester... */
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &on, sizeof(on), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	assert_client_record(1, 0, 2);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_BLINK, &b, sizeof(b), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out.change.flags, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_BLINK << 8);
	ck_assert_uint_eq(out.change.generation, 3);
	ck_assert_int_eq(call(LED_CUSE_IOC_TOGGLE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out.change.generation, 4);
	ck_assert_uint_eq(out.change.state, 0);
	ck_assert_uint_eq(out.change.flags, 0);

	/* ... a refused one records nothing. */
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_TOGGLE, NULL, 0, sizeof(struct led_cuse_state)), -EBADF);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out.change.generation, 4);
}

LED_TEST_CASE(test_get_last_change_errors)
{
	uint8_t in[40] = {0};

	fixture_start(&fx, true, false);
	/* Sizes the kernel would never pass in restricted mode. */
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, 39), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_LAST_CHANGE, in, sizeof(in), 40), -EINVAL);
	/* Another size or direction is another request. */
	ck_assert_int_eq(call(_IOR(LED_CUSE_IOC_MAGIC, 0x0B, struct led_cuse_state), NULL, 0, 8), -ENOTTY);
	ck_assert_int_eq(call(_IOW(LED_CUSE_IOC_MAGIC, 0x0B, struct led_cuse_change), in, sizeof(in), 0), -ENOTTY);
	/* Answers while the chip is unplugged, like GET_INFO. */
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out.change.source, LED_CUSE_CHANGE_START);
}

static struct led_cuse_mode mode_of(enum led_cuse_mode_kind kind, unsigned int count, unsigned int period_ms,
				    unsigned int nsteps, const struct led_cuse_step *steps)
{
	struct led_cuse_mode m = { .mode = kind, .count = count, .period_ms = period_ms, .nsteps = nsteps };

	for (unsigned int i = 0; steps && i < nsteps; i++)
		m.steps[i] = steps[i];
	return m;
}

#define STEPS(...) (const struct led_cuse_step[]){ __VA_ARGS__ }

LED_TEST_CASE(test_set_and_get_mode)
{
	struct led_cuse_mode hb = mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 0, 0, NULL);
	struct led_cuse_mode pattern = mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 3, STEPS({ 1, 100 }, { 0, 400 }, { 1, 7 }));
	struct led_cuse_mode blink = mode_of(LED_CUSE_MODE_BLINK, 4, 0, 2, STEPS({ 1, 10 }, { 0, 20 }));
	struct led_cuse_mode oneshot = mode_of(LED_CUSE_MODE_ONESHOT, 0, 0, 1, STEPS({ 1, 500 }));

	fixture_start(&fx, false, false);
	/* Steady: NONE and nothing else. */
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_mode));
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_NONE);
	ck_assert_uint_eq(out.mode.nsteps, 0);

	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &hb, sizeof(hb), 0), 0);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_HEARTBEAT);
	ck_assert_uint_eq(out.mode.period_ms, LED_CUSE_HEARTBEAT_DEFAULT_MS);
	ck_assert_uint_eq(out.mode.nsteps, 4);
	ck_assert_uint_eq(out.mode.steps[1].ms, 250 - 70);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out.state.flags, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_HEARTBEAT << 8);

	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &pattern, sizeof(pattern), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_int_eq(memcmp(&out.mode, &(struct led_cuse_mode){ .mode = LED_CUSE_MODE_PATTERN, .period_ms = 507,
								  .nsteps = 3, .steps = { { 1, 100 }, { 0, 400 }, { 1, 7 } } },
				sizeof(out.mode)), 0);

	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &blink, sizeof(blink), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(out.mode.count, 4);
	ck_assert_uint_eq(out.mode.period_ms, 30);

	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &oneshot, sizeof(oneshot), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_ONESHOT);
	ck_assert_uint_eq(out.mode.count, 1);
	ck_assert_uint_eq(out.mode.steps[0].ms, 500);

	/* SET_STATE with flags 0, as 1.0 clients send it, still ends any mode. */
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &(struct led_cuse_state){ .state = 1 },
			      sizeof(struct led_cuse_state), 0), 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_NONE);
}

LED_TEST_CASE(test_set_mode_invalid)
{
	const struct led_cuse_mode bad[] = {
		mode_of(LED_CUSE_MODE_NONE, 0, 0, 0, NULL),
		mode_of(5, 0, 0, 1, STEPS({ 1, 10 })),
		mode_of(LED_CUSE_MODE_BLINK, 0, 0, 1, STEPS({ 1, 10 })),
		mode_of(LED_CUSE_MODE_BLINK, 0, 0, 2, STEPS({ 0, 10 }, { 1, 10 })),       /* on, then off */
		mode_of(LED_CUSE_MODE_BLINK, 0, 0, 2, STEPS({ 1, 0 }, { 0, 10 })),
		mode_of(LED_CUSE_MODE_BLINK, LED_CUSE_MODE_MAX_COUNT + 1, 0, 2, STEPS({ 1, 10 }, { 0, 10 })),
		mode_of(LED_CUSE_MODE_BLINK, 0, 100, 2, STEPS({ 1, 10 }, { 0, 10 })),    /* period_ms is HEARTBEAT's */
		mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 0, NULL),
		mode_of(LED_CUSE_MODE_PATTERN, 0, 0, LED_CUSE_MODE_MAX_STEPS + 1, NULL),
		mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 1, STEPS({ 2, 10 })),
		mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 1, STEPS({ 1, LED_CUSE_BLINK_MAX_MS + 1 })),
		mode_of(LED_CUSE_MODE_PATTERN, 3, 0, 1, STEPS({ 1, 10 })),                /* patterns repeat forever */
		{ .mode = LED_CUSE_MODE_PATTERN, .nsteps = 1, .steps = { { 1, 10 }, { 0, 5 } } }, /* a step past nsteps */
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, LED_CUSE_HEARTBEAT_MIN_MS - 1, 0, NULL),
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, LED_CUSE_HEARTBEAT_MAX_MS + 1, 0, NULL),
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 1000, 1, STEPS({ 1, 10 })),
		mode_of(LED_CUSE_MODE_ONESHOT, 0, 0, 1, STEPS({ 0, 10 })),
		mode_of(LED_CUSE_MODE_ONESHOT, 0, 0, 0, NULL),
		mode_of(LED_CUSE_MODE_ONESHOT, 2, 0, 1, STEPS({ 1, 10 })),
	};
	struct led_cuse_mode pattern = mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 1, STEPS({ 1, 10 }));

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &pattern, sizeof(pattern), 0), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(call(LED_CUSE_IOC_SET_MODE, &bad[i], sizeof(bad[i]), 0) == -EINVAL, "bad[%zu] accepted", i);
		ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
		ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_PATTERN); /* changes nothing */
	}
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &pattern, sizeof(pattern) - 1, 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode) - 1), -EINVAL);
}

/* What GET_MODE returns, SET_MODE takes back: save the running mode, put it back later. */
LED_TEST_CASE(test_get_mode_result_is_set_mode_input)
{
	const struct led_cuse_mode modes[] = {
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 600, 0, NULL),
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 0, 0, NULL),
		mode_of(LED_CUSE_MODE_PATTERN, 0, 0, 3, STEPS({ 1, 100 }, { 0, 400 }, { 1, 7 })),
		mode_of(LED_CUSE_MODE_BLINK, 0, 0, 2, STEPS({ 1, 10 }, { 0, 20 })),
		mode_of(LED_CUSE_MODE_BLINK, 4, 0, 2, STEPS({ 1, 10 }, { 0, 20 })),
		mode_of(LED_CUSE_MODE_ONESHOT, 0, 0, 1, STEPS({ 1, 500 })),
	};
	const struct led_cuse_mode bad[] = {
		/* GET_MODE's shape with values it would not give */
		mode_of(LED_CUSE_MODE_BLINK, 0, 31, 2, STEPS({ 1, 10 }, { 0, 20 })),
		mode_of(LED_CUSE_MODE_PATTERN, 0, 506, 3, STEPS({ 1, 100 }, { 0, 400 }, { 1, 7 })),
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 1000, 4, STEPS({ 1, 70 }, { 0, 180 }, { 1, 70 }, { 0, 681 })),
		mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 600, 4, STEPS({ 1, 70 }, { 0, 180 }, { 1, 70 }, { 0, 680 })),
		mode_of(LED_CUSE_MODE_ONESHOT, 1, 499, 1, STEPS({ 1, 500 })),
	};
	struct led_cuse_mode got;

	fixture_start(&fx, false, false);
	for (size_t i = 0; i < ELEMENTSOF(modes); i++) {
		ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &modes[i], sizeof(modes[i]), 0), 0);
		ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
		got = out.mode;
		ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &(struct led_cuse_state){ .state = 0 },
				      sizeof(struct led_cuse_state), 0), 0);
		ck_assert_msg(call(LED_CUSE_IOC_SET_MODE, &got, sizeof(got), 0) == 0, "GET_MODE of modes[%zu] refused", i);
		ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
		ck_assert_msg(memcmp(&out.mode, &got, sizeof(got)) == 0, "modes[%zu] did not come back as it was", i);
	}
	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		ck_assert_msg(call(LED_CUSE_IOC_SET_MODE, &bad[i], sizeof(bad[i]), 0) == -EINVAL, "bad[%zu] accepted", i);
}

LED_TEST_CASE(test_mode_read_only_and_unplugged)
{
	struct led_cuse_mode hb = mode_of(LED_CUSE_MODE_HEARTBEAT, 0, 0, 0, NULL);

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_SET_MODE, &hb, sizeof(hb), 0), -EBADF);
	/* Reading the mode needs no write access. */
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), 0);
	ck_assert_uint_eq(out.mode.mode, LED_CUSE_MODE_NONE);
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert_int_eq(led_device_set(fx.dev, true, &client), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &hb, sizeof(hb), 0), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_MODE, NULL, 0, sizeof(struct led_cuse_mode)), -ENODEV);
}

/* SET_MODE records the requester, and the mode in the record's flags (what GET_STATE says). */
LED_TEST_CASE(test_set_mode_is_recorded)
{
	struct led_cuse_mode hb = mode_of(LED_CUSE_MODE_HEARTBEAT, 0, LED_CUSE_HEARTBEAT_MIN_MS, 0, NULL);
	uint64_t gen;

	fixture_start(&fx, false, false);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_MODE, &hb, sizeof(hb), 0), 0);
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	assert_client_record(1, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_HEARTBEAT << LED_CUSE_STATE_MODE_SHIFT, 2);
	ck_assert_uint_eq(LED_CUSE_STATE_MODE(out.change.flags), LED_CUSE_MODE_HEARTBEAT);
	gen = out.change.generation;
	/* The heartbeat's steps move nothing. */
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(sd_event_run(fx.event, 1000000), 1);
	ck_assert_int_eq(call_rdonly(LED_CUSE_IOC_GET_LAST_CHANGE, NULL, 0, sizeof(struct led_cuse_change)), 0);
	ck_assert_uint_eq(out.change.generation, gen);
	ck_assert_uint_eq(out.change.source, LED_CUSE_CHANGE_IOCTL);
}

/*
 * Only the button's chip (another one) is gone. The LED's
 * requests work; a WAIT_EVENT would wait for a button that cannot press,
 * so it fails with ENODEV, like a wait that was blocked when the chip went.
 */
LED_TEST_CASE(test_button_chip_gone_alone)
{
	struct led_cuse_state on = { .state = 1 };
	struct led_cuse_event_mask mask = { .mask = LED_CUSE_EVENT_MASK_ALL };

	fixture_start(&fx, true, false);
	fixture_touch_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	gpio_fake_set_button_chip_present(fx.backend, false);
	fixture_remove_dev(&fx, "gpiochip1");
	fixture_run_pending(&fx);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_STATE, &on, sizeof(on), 0), 0);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out.state.state, 1);
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, sizeof(struct led_cuse_event)), -ENODEV);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_EVENT_MASK, &mask, sizeof(mask), 0), IOCTL_REPLY);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_INFO, NULL, 0, sizeof(struct led_cuse_info)), 0);
	ck_assert_uint_eq(out.info.flags & LED_CUSE_INFO_GPIO_PRESENT, 0);

	gpio_fake_set_button_chip_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip2");
	fixture_run_pending(&fx);
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, sizeof(struct led_cuse_event)), IOCTL_PARK);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_INFO, NULL, 0, sizeof(struct led_cuse_info)), 0);
	ck_assert_uint_ne(out.info.flags & LED_CUSE_INFO_GPIO_PRESENT, 0);
}

/* --- SET_TRIGGER, GET_TRIGGER (1.3) --- */

LED_TEST_CASE(test_trigger_requests)
{
	struct led_cuse_trigger t = { .version = LED_CUSE_TRIGGER_VERSION, .kind = LED_CUSE_TRIGGER_NONE };

	fixture_start(&fx, false, true);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_TRIGGER, NULL, 0, sizeof(t)), IOCTL_REPLY);
	ck_assert_uint_eq(out_len, sizeof(t));
	ck_assert_uint_eq(out.trigger.version, LED_CUSE_TRIGGER_VERSION);
	ck_assert_uint_eq(out.trigger.kind, LED_CUSE_TRIGGER_NONE);
	/* A read-only file changes nothing. */
	ck_assert_int_eq(ioctl_dispatch(fx.dev, ro, LED_CUSE_IOC_SET_TRIGGER, &client, &t, sizeof(t), 0, &out, &out_len),
			 -EBADF);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_TRIGGER, &t, sizeof(t), 0), IOCTL_REPLY);
	t.version = 0;
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_TRIGGER, &t, sizeof(t), 0), -EINVAL);
	t.version = LED_CUSE_TRIGGER_VERSION;
	t.kind = LED_CUSE_TRIGGER_UNIT;
	strcpy(t.args, "no-such-type.bogus");
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_TRIGGER, &t, sizeof(t), 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_SET_TRIGGER, &t, sizeof(t) - 1, 0), -EINVAL);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), IOCTL_REPLY);
	ck_assert_uint_eq(out.state.flags, 0); /* the LED as it was */
}
