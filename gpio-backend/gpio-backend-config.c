/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_backend_config: the backend's own checked copy of the caller's
 * settings, kept to request the lines again after a replug.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-backend-config.h"
#include "gpio-line-spec.h"
#include "macro.h"

int gpio_backend_config_copy(struct gpio_backend_config *dst, const struct gpio_backend_config *src)
{
	_cleanup_(gpio_backend_config_done) struct gpio_backend_config c = {};
	int r;

	assert(dst);
	assert(src);

	if ((unsigned int)src->button_bias > GPIO_BIAS_PULL_DOWN ||
	    (unsigned int)src->button_edge > GPIO_EDGE_BOTH ||
	    /* The kernel takes the debounce period in microseconds as a u32. */
	    src->debounce_ms > UINT32_MAX / 1000)
		return -EINVAL;

	c = *src;
	c.consumer = NULL;
	c.led = c.button = (struct gpio_line_spec){};

	if (src->consumer) {
		c.consumer = strdup(src->consumer);
		if (!c.consumer)
			return -ENOMEM;
	}
	r = gpio_line_spec_copy(&c.led, &src->led);
	if (r < 0)
		return r;
	if (src->has_button) {
		r = gpio_line_spec_copy(&c.button, &src->button);
		if (r < 0)
			return r;
	}

	*dst = c;
	c = (struct gpio_backend_config){};
	return 0;
}

void gpio_backend_config_done(struct gpio_backend_config *c)
{
	assert(c);

	gpio_line_spec_clear(&c->button);
	gpio_line_spec_clear(&c->led);
	free((char *)c->consumer);
	*c = (struct gpio_backend_config){};
}
