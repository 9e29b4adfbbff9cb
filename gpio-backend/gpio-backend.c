/* SPDX-License-Identifier: MIT */
/*
 * Backend-independent part of gpio-backend: dispatch through the ops table
 * and the line specification parser. Kept free of libgpiod so unit tests can
 * link it together with a fake backend.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-backend-private.h"
#include "parse-util.h"

#define GPIO_LINE_OFFSET_MAX 65535u

/*
 * "NAME" or "CHIP:OFFSET", split at the last ':' so chip labels containing
 * ':' still work. Text containing ':' whose tail is not a valid offset is
 * rejected rather than taken as a line name: names with ':' are rare, and a
 * typo such as "gpiochip0:1x" should fail loudly instead of searching every
 * chip for a line called "gpiochip0:1x". On failure spec is left untouched.
 */
int gpio_line_spec_parse(const char *text, struct gpio_line_spec *spec)
{
	struct gpio_line_spec s = {};
	const char *colon;
	int r;

	if (!text || !spec || text[0] == '\0')
		return -EINVAL;

	colon = strrchr(text, ':');
	if (!colon) {
		s.name = strdup(text);
		if (!s.name)
			return -ENOMEM;
	} else {
		if (colon == text)
			return -EINVAL;
		r = parse_uint(colon + 1, GPIO_LINE_OFFSET_MAX, &s.offset);
		if (r < 0)
			return -EINVAL;
		s.chip = strndup(text, (size_t)(colon - text));
		if (!s.chip)
			return -ENOMEM;
	}

	*spec = s;
	return 0;
}

void gpio_line_spec_clear(struct gpio_line_spec *spec)
{
	if (!spec)
		return;
	free(spec->chip);
	free(spec->name);
	*spec = (struct gpio_line_spec){};
}

int gpio_backend_set_led(struct gpio_backend *b, bool on)
{
	return b->ops->set_led(b, on);
}

int gpio_backend_get_led(struct gpio_backend *b, bool *on)
{
	return b->ops->get_led(b, on);
}

int gpio_backend_get_event_fd(struct gpio_backend *b)
{
	return b->ops->get_event_fd(b);
}

int gpio_backend_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max)
{
	return b->ops->read_events(b, events, max);
}

int gpio_backend_check(struct gpio_backend *b)
{
	return b->ops->check(b);
}

unsigned int gpio_backend_gone(struct gpio_backend *b)
{
	return b->ops->gone(b);
}

int gpio_backend_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen)
{
	if (why && whylen)
		*why = '\0';
	return b->ops->reconnect(b, led_value, why, whylen);
}

void gpio_backend_get_info(struct gpio_backend *b, struct gpio_backend_info *info)
{
	b->ops->get_info(b, info);
}

void gpio_backend_free(struct gpio_backend *b)
{
	if (b)
		b->ops->free(b);
}
