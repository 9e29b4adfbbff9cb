/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_spec: where a line is, as the operator wrote it ("NAME"
 * or "CHIP:OFFSET"). Parsing, copying and clearing one. Kept free of
 * libgpiod so unit tests can link it without the library.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-line-spec.h"
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

	assert(text);
	assert(spec);

	if (text[0] == '\0')
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

int gpio_line_spec_copy(struct gpio_line_spec *dst, const struct gpio_line_spec *src)
{
	struct gpio_line_spec s = { .offset = src->offset };

	assert(dst);
	assert(src);

	/* Exactly one of name and chip, as gpio_line_spec_parse() produces. */
	if (!src->name == !src->chip)
		return -EINVAL;

	if (src->name) {
		s.name = strdup(src->name);
		if (!s.name)
			return -ENOMEM;
	} else {
		s.chip = strdup(src->chip);
		if (!s.chip)
			return -ENOMEM;
	}
	*dst = s;
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
