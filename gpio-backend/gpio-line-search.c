/* SPDX-License-Identifier: MIT */
/*
 * struct gpio_line_search: how to look for one line, at start and after its
 * chip was unplugged and plugged back, and the lookup itself.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-chip-lookup.h"
#include "gpio-line-search.h"
#include "gpio-line-spec.h"

void gpio_line_search_done(struct gpio_line_search *s)
{
	assert(s);

	gpio_line_spec_clear(&s->spec);
	free(s->label);
	free(s->note);
	*s = (struct gpio_line_search){};
}

int gpio_line_search_for_replug(const struct gpio_line_spec *spec, struct gpiod_chip *chip,
				struct gpio_line_search *ret)
{
	_cleanup_(gpio_line_search_done) struct gpio_line_search s = {};
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *other = NULL;
	char label[64], note[160];
	int r;

	assert(spec);
	assert(chip);
	assert(ret);

	if (spec->chip && (spec->chip[0] == '/' || strncmp(spec->chip, "gpiochip", 8) == 0)) {
		r = gpio_chip_lookup_label(chip, label, sizeof(label));
		if (r >= 0 && gpio_chip_lookup_open(label, &other, note, sizeof(note)) >= 0) {
			/* No other chip has its label: look for it under that. */
			s.spec = (struct gpio_line_spec){ .chip = strdup(label), .offset = spec->offset };
			if (!s.spec.chip)
				return -ENOMEM;
		} else {
			if (r >= 0) {
				s.label = strdup(label);
				if (!s.label)
					return -ENOMEM;
			}
			s.note = strdup(r >= 0 ? note : "it has no label");
			if (!s.note)
				return -ENOMEM;
		}
	}
	if (!s.spec.chip) {
		r = gpio_line_spec_copy(&s.spec, spec);
		if (r < 0)
			return r;
	}

	*ret = s;
	s = (struct gpio_line_search){};
	return 0;
}

int gpio_line_search_find(const struct gpio_line_search *s, const char *role, struct gpiod_chip **ret_chip,
			  unsigned int *ret_offset, char *why, size_t whylen)
{
	char detail[160], label[64] = "";
	int r;

	assert(s);
	assert(role);
	assert(ret_chip);
	assert(ret_offset);

	r = gpio_chip_lookup_line(&s->spec, ret_chip, ret_offset, detail, sizeof(detail));
	if (r >= 0 && s->label && (gpio_chip_lookup_label(*ret_chip, label, sizeof(label)) < 0 ||
				   strcmp(label, s->label) != 0)) {
		snprintf(detail, sizeof(detail), "%s is now a chip labelled '%s', not '%s'", s->spec.chip,
			 label, s->label);
		gpiod_chip_close(*ret_chip);
		*ret_chip = NULL;
		r = -ENODEV;
	}
	if (r < 0 && why)
		snprintf(why, whylen, "%s: %s%s%s%s", role, *detail ? detail : strerror(-r),
			 s->note ? " (looked for under that name only: " : "", s->note ? s->note : "",
			 s->note ? ")" : "");
	return r;
}
