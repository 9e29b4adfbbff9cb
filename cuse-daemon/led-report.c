/* SPDX-License-Identifier: MIT */
#include "led-report.h"

#include <stdio.h>
#include <string.h>

#include "string-util.h"
#include "time-util.h"

void led_report_state(const struct led_device_status *status, struct led_cuse_state *ret)
{
	*ret = (struct led_cuse_state){
		.state = status->on,
		.flags = status->mode.kind != LED_CUSE_MODE_NONE ?
				 LED_CUSE_STATE_BLINKING | (unsigned int)status->mode.kind << LED_CUSE_STATE_MODE_SHIFT :
				 0,
	};
	if (status->trigger.kind != LED_CUSE_TRIGGER_NONE)
		ret->flags |= LED_CUSE_STATE_TRIGGER;
}

void led_report_mode(const struct led_device_status *status, struct led_cuse_mode *ret)
{
	led_mode_to_cuse(&status->mode, ret);
}

void led_report_info(const struct led_device_status *status, const struct gpio_backend_info *gpio,
		     struct led_cuse_info *ret)
{
	memset(ret, 0, sizeof(*ret));
	snprintf(ret->name, sizeof(ret->name), "%s", status->name);
	/* Labels are the kernel's: a client prints them, ledctl info to a terminal. */
	escape_control_chars(ret->led_chip, sizeof(ret->led_chip), gpio->led_chip);
	ret->led_offset = gpio->led_offset;
	if (gpio->has_button) {
		escape_control_chars(ret->button_chip, sizeof(ret->button_chip), gpio->button_chip);
		ret->button_offset = gpio->button_offset;
		ret->flags |= LED_CUSE_INFO_HAS_BUTTON;
	}
	if (status->active_low)
		ret->flags |= LED_CUSE_INFO_ACTIVE_LOW;
	if (status->present && status->button_present)
		ret->flags |= LED_CUSE_INFO_GPIO_PRESENT;
	ret->version = LED_CUSE_VERSION;
	ret->button_presses = status->presses;
}

void led_report_change(const struct led_device_status *status, const struct led_origin *origin,
		       struct led_cuse_change *ret)
{
	bool client = origin->source == LED_CUSE_CHANGE_WRITE || origin->source == LED_CUSE_CHANGE_IOCTL;
	struct led_cuse_state st;

	led_report_state(status, &st);
	*ret = (struct led_cuse_change){
		.generation = status->generation,
		.realtime_ns = now_nsec(CLOCK_REALTIME),
		.source = origin->source,
		.uid = client ? (uint32_t)origin->uid : LED_CUSE_CHANGE_NO_UID,
		.pid = client ? (uint32_t)origin->pid : 0,
		.state = st.state,
		.flags = st.flags,
	};
}
