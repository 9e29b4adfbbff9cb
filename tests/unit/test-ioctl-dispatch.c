/* SPDX-License-Identifier: MIT */
#include "led-test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device-fixture.h"
#include "ioctl-dispatch.h"

static struct fixture fx;
static union led_ioctl_out out;
static size_t out_len;

static int call(unsigned int cmd, const void *in, size_t in_size, size_t out_size)
{
	out_len = 12345;
	return led_ioctl_dispatch(fx.dev, cmd, true, in, in_size, out_size, &out, &out_len);
}

static void teardown(void)
{
	fixture_stop(&fx);
}

LED_TEST_FIXTURE(NULL, teardown)

LED_TEST_CASE(test_get_state)
{
	fixture_start(&fx, false, true);
	ck_assert_int_eq(call(LED_CUSE_IOC_GET_STATE, NULL, 0, sizeof(struct led_cuse_state)), 0);
	ck_assert_uint_eq(out_len, sizeof(struct led_cuse_state));
	ck_assert_uint_eq(out.state.state, 1);
	ck_assert_uint_eq(out.state.flags, 0);
	ck_assert_int_eq(led_device_blink(fx.dev, 100, 100), 0);
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
	ck_assert(st.blinking);
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
	ck_assert_int_eq(call(LED_CUSE_IOC_WAIT_EVENT, NULL, 0, sizeof(struct led_cuse_event)), LED_IOCTL_WAIT);
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
