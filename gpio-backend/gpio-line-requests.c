/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_requests: the LED and the button requested with one line
 * request per chip: a single request holding both lines when they share a
 * chip, two otherwise.
 *
 * Edges are physical at gpio-backend's interface (config->button_edge). The
 * kernel applies active-low to edges too (GPIO v2 uAPI), so the edge asked
 * for is swapped for an active-low button.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "gpio-line-requests.h"
#include "libgpiod-cleanup.h"

void gpio_line_requests_release(struct gpio_line_requests *l, unsigned int lines)
{
	struct gpiod_line_request *led, *button;

	assert(l);

	led = lines & GPIO_LINE_LED ? l->led_req : NULL;
	button = lines & GPIO_LINE_BUTTON ? l->button_req : NULL;
	if (led) {
		gpiod_line_request_release(led);
		if (l->button_req == led)
			l->button_req = NULL;
		l->led_req = NULL;
	}
	if (button && button != led) {
		gpiod_line_request_release(button);
		l->button_req = NULL;
	}
}

void gpio_line_requests_done(struct gpio_line_requests *l)
{
	gpio_line_requests_release(l, GPIO_LINE_LED | GPIO_LINE_BUTTON);
	*l = (struct gpio_line_requests){};
}

unsigned int gpio_line_requests_lines_of(const struct gpio_line_requests *l, const struct gpiod_line_request *req)
{
	assert(l);

	return (req && req == l->led_req ? GPIO_LINE_LED : 0) | (req && req == l->button_req ? GPIO_LINE_BUTTON : 0);
}

static void chip_describe(struct gpiod_chip *chip, char label[static 64])
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = gpiod_chip_get_info(chip);

	/* Informational only: an unreadable label is not worth failing for. */
	snprintf(label, 64, "%s", info ? gpiod_chip_info_get_label(info) : "");
}

static int add_led_settings(struct gpiod_line_config *lc, const struct gpio_backend_config *c,
			    unsigned int offset, bool value)
{
	_cleanup_(gpiod_line_settings_freep) struct gpiod_line_settings *s = gpiod_line_settings_new();

	if (!s)
		return -ENOMEM;
	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
	    gpiod_line_settings_set_output_value(s, value ? GPIOD_LINE_VALUE_ACTIVE
							  : GPIOD_LINE_VALUE_INACTIVE) < 0)
		return -errno;
	gpiod_line_settings_set_active_low(s, c->led_active_low);

	if (gpiod_line_config_add_line_settings(lc, &offset, 1, s) < 0)
		return -errno;
	return 0;
}

static int add_button_settings(struct gpiod_line_config *lc, const struct gpio_backend_config *c,
			       unsigned int offset)
{
	static const enum gpiod_line_bias bias[] = {
		[GPIO_BIAS_AS_IS] = GPIOD_LINE_BIAS_AS_IS,
		[GPIO_BIAS_DISABLED] = GPIOD_LINE_BIAS_DISABLED,
		[GPIO_BIAS_PULL_UP] = GPIOD_LINE_BIAS_PULL_UP,
		[GPIO_BIAS_PULL_DOWN] = GPIOD_LINE_BIAS_PULL_DOWN,
	};
	_cleanup_(gpiod_line_settings_freep) struct gpiod_line_settings *s = gpiod_line_settings_new();
	enum gpiod_line_edge edge;

	if (!s)
		return -ENOMEM;

	/* Physical edge in the config, logical edge for the kernel. */
	switch (c->button_edge) {
	case GPIO_EDGE_RISING:
		edge = c->button_active_low ? GPIOD_LINE_EDGE_FALLING : GPIOD_LINE_EDGE_RISING;
		break;
	case GPIO_EDGE_FALLING:
		edge = c->button_active_low ? GPIOD_LINE_EDGE_RISING : GPIOD_LINE_EDGE_FALLING;
		break;
	default:
		edge = GPIOD_LINE_EDGE_BOTH;
		break;
	}

	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
	    gpiod_line_settings_set_edge_detection(s, edge) < 0 ||
	    gpiod_line_settings_set_bias(s, bias[c->button_bias]) < 0 ||
	    gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC) < 0)
		return -errno;
	gpiod_line_settings_set_active_low(s, c->button_active_low);
	gpiod_line_settings_set_debounce_period_us(s, (unsigned long)c->debounce_ms * 1000);

	if (gpiod_line_config_add_line_settings(lc, &offset, 1, s) < 0)
		return -errno;
	return 0;
}

/*
 * Request fds are non-blocking: an edge read then needs no poll() first.
 * On failure why names the line by role ("LED", "button") and offset.
 */
static int request(struct gpiod_chip *chip, struct gpiod_request_config *rc, struct gpiod_line_config *lc,
		   const char *role, unsigned int offset, struct gpiod_line_request **ret, char *why,
		   size_t whylen)
{
	struct gpiod_line_request *req = gpiod_chip_request_lines(chip, rc, lc);
	int fd, flags, r;

	if (!req) {
		r = -errno;
		goto fail;
	}
	fd = gpiod_line_request_get_fd(req);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		r = -errno;
		gpiod_line_request_release(req);
		goto fail;
	}
	*ret = req;
	return 0;

fail:
	if (why)
		snprintf(why, whylen, "%s: line %u of %s: %s", role, offset, gpiod_chip_get_path(chip),
			 strerror(-r));
	return r;
}

int gpio_line_requests_request(const struct gpio_backend_config *c, const struct gpio_line_chips *chips,
			       bool led_value, struct gpio_line_requests *ret, struct gpio_backend_info *info,
			       char *why, size_t whylen)
{
	_cleanup_(gpio_line_requests_done) struct gpio_line_requests l = {};
	_cleanup_(gpiod_request_config_freep) struct gpiod_request_config *rc = NULL;
	_cleanup_(gpiod_line_config_freep) struct gpiod_line_config *led_lc = NULL;
	_cleanup_(gpiod_line_config_freep) struct gpiod_line_config *button_lc = NULL;
	char led_label[64] = "", button_label[64] = "";
	int r;

	assert(c);
	assert(chips);
	assert(ret);
	assert(info);
	assert(chips->led_chip || chips->button_chip);
	assert(!chips->shared || (chips->led_chip && chips->button_chip));

	rc = gpiod_request_config_new();
	if (!rc)
		return -ENOMEM;
	if (c->consumer)
		gpiod_request_config_set_consumer(rc, c->consumer);

	if (chips->led_chip) {
		l.led_offset = chips->led_offset;
		chip_describe(chips->led_chip, led_label);
		led_lc = gpiod_line_config_new();
		if (!led_lc)
			return -ENOMEM;
		r = add_led_settings(led_lc, c, l.led_offset, led_value);
		if (r < 0)
			return r;
	}
	if (chips->button_chip) {
		l.button_offset = chips->button_offset;
		chip_describe(chips->button_chip, button_label);
		if (!chips->shared) {
			button_lc = gpiod_line_config_new();
			if (!button_lc)
				return -ENOMEM;
		}
		r = add_button_settings(chips->shared ? led_lc : button_lc, c, l.button_offset);
		if (r < 0)
			return r;
	}

	if (chips->led_chip) {
		r = request(chips->led_chip, rc, led_lc, "LED", l.led_offset, &l.led_req, why, whylen);
		if (r < 0)
			return r;
	}
	if (chips->shared) {
		l.button_req = l.led_req;
	} else if (chips->button_chip) {
		r = request(chips->button_chip, rc, button_lc, "button", l.button_offset, &l.button_req, why,
			    whylen);
		if (r < 0)
			return r;
	}

	if (chips->led_chip) {
		memcpy(info->led_chip, led_label, sizeof(led_label));
		info->led_offset = l.led_offset;
	}
	if (chips->button_chip) {
		memcpy(info->button_chip, button_label, sizeof(button_label));
		info->button_offset = l.button_offset;
		info->has_button = true;
	}
	/* Requests live on their own fds; the chips are not needed any more. */
	*ret = l;
	l = (struct gpio_line_requests){};
	return 0;
}
