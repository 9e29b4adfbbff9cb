/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_backend: the calls of gpio-backend.h, dispatched through the
 * implementation's ops table (gpio-backend-private.h). Kept free of libgpiod
 * so unit tests can link it together with a fake backend.
 */
#include <assert.h>

#include "gpio-backend-private.h"
#include "gpio-backend-test.h"

int gpio_backend_set_led(struct gpio_backend *b, bool on)
{
	assert(b);
	return b->ops->set_led(b, on);
}

int gpio_backend_get_led(struct gpio_backend *b, bool *on)
{
	assert(b);
	assert(on);
	return b->ops->get_led(b, on);
}

int gpio_backend_get_event_fd(struct gpio_backend *b)
{
	assert(b);
	return b->ops->get_event_fd(b);
}

int gpio_backend_read_events(struct gpio_backend *b, struct gpio_button_event *events, size_t max)
{
	assert(b);
	assert(events || max == 0);
	return b->ops->read_events(b, events, max);
}

int gpio_backend_check(struct gpio_backend *b)
{
	assert(b);
	return b->ops->check(b);
}

unsigned int gpio_backend_gone(struct gpio_backend *b)
{
	assert(b);
	return b->ops->gone(b);
}

int gpio_backend_reconnect(struct gpio_backend *b, bool led_value, char *why, size_t whylen)
{
	assert(b);
	if (why && whylen)
		*why = '\0';
	return b->ops->reconnect(b, led_value, why, whylen);
}

void gpio_backend_get_info(struct gpio_backend *b, struct gpio_backend_info *info)
{
	assert(b);
	assert(info);
	b->ops->get_info(b, info);
}

struct gpio_backend *gpio_backend_free(struct gpio_backend *b)
{
	if (b)
		b->ops->free(b);
	return NULL;
}
