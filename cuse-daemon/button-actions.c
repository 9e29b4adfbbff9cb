/* SPDX-License-Identifier: MIT */
#include "button-actions.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "log.h"

struct button_actions {
	struct led_device *dev;
	struct unit_actions *units;
	bool hold_feedback;
	sd_event_source *feedback;      /* a defer source: the blink, from the loop */
};

static int on_feedback(sd_event_source *s, void *userdata)
{
	struct button_actions *b = userdata;
	struct led_mode blink;
	int r;

	/* A finite blink ends in the state from before it (led-device.h). Its
	 * start is recorded as ACTION, its end as TIMER. */
	r = led_mode_blink(BUTTON_ACTIONS_FEEDBACK_MS, BUTTON_ACTIONS_FEEDBACK_MS, BUTTON_ACTIONS_FEEDBACK_BLINKS, &blink);
	if (r >= 0)
		r = led_device_start_mode(b->dev, &blink, &(struct led_origin){ .source = LED_CUSE_CHANGE_ACTION });
	if (r < 0)
		log_warning_errno(r, "cannot blink the LED for the hold: %m");
	return 0;
}

static void on_button(void *userdata, const struct led_cuse_event *event, const uint64_t *counts)
{
	struct button_actions *b = userdata;
	int r;

	/* A failed start is logged by the starter and changes nothing else. */
	r = unit_actions_handle(b->units, event);
	/* The blink tells whoever holds the button that the start went out
	 * (StartUnit is asynchronous, so it comes at hold-ms all the same); no
	 * blink when it could not: they must not let go believing it did. */
	if (r != UNIT_ACTIONS_STARTED || !b->hold_feedback ||
	    (event->kind & LED_CUSE_EVENT_KIND_MASK) != LED_CUSE_EVENT_HOLD)
		return;
	r = sd_event_source_set_enabled(b->feedback, SD_EVENT_ONESHOT);
	if (r < 0)
		log_warning_errno(r, "cannot blink the LED for the hold: %m");
}

static const struct led_listener listener = {
	.button = on_button,
};

int button_actions_new(sd_event *event, struct led_device *dev, char *const *units, bool hold_feedback,
		       const struct unit_actions_ops *starter, void *starter_data, struct button_actions **ret)
{
	_cleanup_(button_actions_freep) struct button_actions *b = NULL;
	int r;

	assert(event && dev && units && starter && ret);
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->hold_feedback = hold_feedback;
	r = unit_actions_new(units, starter, starter_data, &b->units);
	if (r < 0)
		return r;
	r = sd_event_add_defer(event, &b->feedback, on_feedback, b);
	if (r < 0)
		return r;
	r = sd_event_source_set_enabled(b->feedback, SD_EVENT_OFF);
	if (r < 0)
		return r;
	r = led_device_add_listener(dev, &listener, b);
	if (r < 0)
		return r;
	b->dev = dev;
	*ret = TAKE_PTR(b);
	return 0;
}

struct button_actions *button_actions_free(struct button_actions *b)
{
	if (!b)
		return NULL;
	if (b->dev)
		led_device_remove_listener(b->dev, &listener, b);
	sd_event_source_disable_unref(b->feedback);
	unit_actions_free(b->units);
	free(b);
	return NULL;
}
