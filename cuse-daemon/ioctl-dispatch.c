/* SPDX-License-Identifier: MIT */
#include "ioctl-dispatch.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "led-report.h"

struct ioctl_def {
	unsigned int cmd;
	size_t in_size, out_size;
	bool needs_gpio;
	bool changes_led; /* needs a file opened for writing */
};

static const struct ioctl_def ioctls[] = {
	{ LED_CUSE_IOC_GET_STATE, 0, sizeof(struct led_cuse_state), true, false },
	{ LED_CUSE_IOC_SET_STATE, sizeof(struct led_cuse_state), 0, true, true },
	{ LED_CUSE_IOC_TOGGLE, 0, sizeof(struct led_cuse_state), true, true },
	{ LED_CUSE_IOC_SET_BLINK, sizeof(struct led_cuse_blink), 0, true, true },
	{ LED_CUSE_IOC_GET_INFO, 0, sizeof(struct led_cuse_info), false, false },
	{ LED_CUSE_IOC_WAIT_EVENT, 0, sizeof(struct led_cuse_event), true, false },
	{ LED_CUSE_IOC_SET_EVENT_MASK, sizeof(struct led_cuse_event_mask), 0, true, false },
	{ LED_CUSE_IOC_SET_MODE, sizeof(struct led_cuse_mode), 0, true, true },
	{ LED_CUSE_IOC_GET_MODE, 0, sizeof(struct led_cuse_mode), true, false },
	{ LED_CUSE_IOC_GET_LAST_CHANGE, 0, sizeof(struct led_cuse_change), false, false },
	{ LED_CUSE_IOC_SET_TRIGGER, sizeof(struct led_cuse_trigger), 0, true, true },
	{ LED_CUSE_IOC_GET_TRIGGER, 0, sizeof(struct led_cuse_trigger), false, false },
};

static const struct ioctl_def *find_ioctl(unsigned int cmd)
{
	for (size_t i = 0; i < ELEMENTSOF(ioctls); i++)
		if (ioctls[i].cmd == cmd)
			return &ioctls[i];
	return NULL;
}

int ioctl_dispatch(struct led_device *dev, struct fanout_client *client, unsigned int cmd,
		   const struct led_origin *origin, const void *in, size_t in_size, size_t out_size,
		   union ioctl_out *out, size_t *out_len)
{
	const struct ioctl_def *def = find_ioctl(cmd);
	struct led_device_status status;
	struct gpio_backend_info gpio;
	struct led_mode mode;
	int r;

	assert(dev && client && origin && out && out_len);
	if (!def)
		return -ENOTTY;
	if (def->changes_led && !fanout_client_writable(client))
		return -EBADF;
	if (in_size != def->in_size || out_size < def->out_size || (def->in_size && !in))
		return -EINVAL;
	led_device_get_status(dev, &status);
	if (def->needs_gpio && !status.present)
		return -ENODEV;

	memset(out, 0, sizeof(*out));
	*out_len = def->out_size;

	switch (cmd) {
	case LED_CUSE_IOC_GET_STATE:
		led_report_state(&status, &out->state);
		return IOCTL_REPLY;
	case LED_CUSE_IOC_SET_STATE: {
		struct led_cuse_state st;

		memcpy(&st, in, sizeof(st));
		if (st.state > 1 || st.flags != 0)
			return -EINVAL;
		return led_device_set(dev, st.state, origin);
	}
	case LED_CUSE_IOC_TOGGLE:
		r = led_device_toggle(dev, origin);
		if (r < 0)
			return r;
		led_device_get_status(dev, &status);
		led_report_state(&status, &out->state);
		return IOCTL_REPLY;
	case LED_CUSE_IOC_SET_BLINK: {
		struct led_cuse_blink b;

		memcpy(&b, in, sizeof(b));
		r = led_mode_blink(b.on_ms, b.off_ms, 0, &mode);
		return r < 0 ? r : led_device_start_mode(dev, &mode, origin);
	}
	case LED_CUSE_IOC_SET_MODE: {
		struct led_cuse_mode m;

		memcpy(&m, in, sizeof(m));
		r = led_mode_from_cuse(&m, &mode);
		return r < 0 ? r : led_device_start_mode(dev, &mode, origin);
	}
	case LED_CUSE_IOC_GET_MODE:
		led_report_mode(&status, &out->mode);
		return IOCTL_REPLY;
	case LED_CUSE_IOC_GET_INFO:
		led_device_get_gpio_info(dev, &gpio);
		led_report_info(&status, &gpio, &out->info);
		return IOCTL_REPLY;
	case LED_CUSE_IOC_WAIT_EVENT:
		if (!led_device_has_button(dev))
			return -EOPNOTSUPP;
		if (!status.button_present)
			return -ENODEV; /* the button's own chip is gone: no event can come */
		/* An event kept since this file's last wait: no need to block. */
		return fanout_client_pop_event(client, &out->event) ? IOCTL_REPLY : IOCTL_PARK;
	case LED_CUSE_IOC_SET_EVENT_MASK: {
		struct led_cuse_event_mask m;

		if (!led_device_has_button(dev))
			return -EOPNOTSUPP;
		memcpy(&m, in, sizeof(m));
		if (m.mask == 0 || (m.mask & ~LED_CUSE_EVENT_MASK_ALL))
			return -EINVAL;
		fanout_client_set_event_mask(client, m.mask);
		*out_len = 0;
		return IOCTL_REPLY;
	}
	case LED_CUSE_IOC_GET_LAST_CHANGE:
		led_device_get_last_change(dev, &out->change);
		return IOCTL_REPLY;
	case LED_CUSE_IOC_SET_TRIGGER: {
		struct led_cuse_trigger t;
		struct trigger_spec spec;

		memcpy(&t, in, sizeof(t));
		r = trigger_spec_from_cuse(&t, &spec);
		return r < 0 ? r : led_device_start_trigger(dev, &spec, origin);
	}
	case LED_CUSE_IOC_GET_TRIGGER:
		trigger_spec_to_cuse(&status.trigger, &out->trigger);
		return IOCTL_REPLY;
	}
	return -ENOTTY;
}
