/* SPDX-License-Identifier: MIT */
#include "led-button.h"

#include <assert.h>

#include "log.h"
#include "uapi.h"

_Static_assert((int)BUTTON_PRESS == (int)LED_CUSE_EVENT_PRESS &&
	       (int)BUTTON_RELEASE == (int)LED_CUSE_EVENT_RELEASE &&
	       (int)BUTTON_HOLD == (int)LED_CUSE_EVENT_HOLD &&
	       (int)BUTTON_DOUBLE == (int)LED_CUSE_EVENT_DOUBLE && BUTTON_DOUBLE + 1 == LED_CUSE_EVENT_KINDS,
	       "button kinds are the public kinds");

static const struct led_origin origin_button = { .source = LED_CUSE_CHANGE_BUTTON };

void led_button_init(struct led_button *b, struct led_device *dev, const struct led_listeners *listeners,
		     enum button_action action)
{
	assert(b && dev && listeners);
	*b = (struct led_button){ .dev = dev, .listeners = listeners, .action = action };
}

static void act(struct led_button *b, const struct button_event *ev)
{
	struct led_device_status st;
	int r = 0;

	if (b->action == BUTTON_ACTION_TOGGLE && ev->kind == BUTTON_CLICK)
		r = led_device_toggle(b->dev, &origin_button);
	else if (b->action == BUTTON_ACTION_MOMENTARY && ev->kind == BUTTON_PRESS)
		r = led_device_set(b->dev, true, &origin_button);
	else if (b->action == BUTTON_ACTION_MOMENTARY && ev->kind == BUTTON_RELEASE)
		r = led_device_set(b->dev, false, &origin_button);
	if (r < 0) {
		led_device_get_status(b->dev, &st);
		log_warning_errno(r, "button on /dev/%s could not change the LED: %m", st.name);
	}
}

void led_button_event(struct led_button *b, const struct button_event *bev)
{
	struct led_device_status st;
	struct led_cuse_event ev = {0};

	act(b, bev);
	if (bev->kind == BUTTON_CLICK)
		return; /* not an event for clients: its action is all it does */
	led_device_get_status(b->dev, &st);
	ev.seq = ++b->counts[bev->kind];
	ev.timestamp_ns = bev->timestamp_ns;
	ev.state = st.on;
	ev.kind = bev->kind | (bev->long_press ? LED_CUSE_EVENT_LONG : 0);
	log_debug("button %s%s #%llu: LED %s", uapi_event_kind_to_string(bev->kind), bev->long_press ? " (long)" : "",
		  (unsigned long long)ev.seq, st.on ? "on" : "off");
	led_listeners_button(b->listeners, &ev, b->counts);
}
