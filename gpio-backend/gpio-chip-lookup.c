/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-chip-lookup.h"

#define GPIO_DEV_DIR "/dev"

/*
 * A chip matcher: > 0 if the chip matches (and *offset is set for name
 * lookups), 0 if not, negative errno if the chip could not be checked.
 */
typedef int (*chip_match_fn)(struct gpiod_chip *chip, const char *key, unsigned int *offset);

static int gpiochip_filter(const struct dirent *de)
{
	return strncmp(de->d_name, "gpiochip", strlen("gpiochip")) == 0;
}

static void free_dirents(struct dirent **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/*
 * Try every GPIO chip in /dev in version order (gpiochip2 before
 * gpiochip10), so the result is stable across reboots with the same
 * hardware. Chips that vanish while we look are skipped; any other failure
 * is remembered and reported if nothing matched.
 */
static int for_each_chip(chip_match_fn match, const char *key, struct gpiod_chip **ret_chip,
			 unsigned int *ret_offset)
{
	struct dirent **list;
	int first_error = 0, n, r = -ENOENT;

	n = scandir(GPIO_DEV_DIR, &list, gpiochip_filter, versionsort);
	if (n < 0)
		return -errno;

	for (int i = 0; i < n; i++) {
		_cleanup_(gpiod_chip_closep) struct gpiod_chip *chip = NULL;
		unsigned int offset = 0;
		char path[sizeof(GPIO_DEV_DIR) + 1 + sizeof(list[i]->d_name)];
		int m;

		snprintf(path, sizeof(path), GPIO_DEV_DIR "/%s", list[i]->d_name);
		if (!gpiod_is_gpiochip_device(path))
			continue;

		chip = gpiod_chip_open(path);
		if (!chip) {
			if (errno != ENOENT && errno != ENODEV && !first_error)
				first_error = -errno;
			continue;
		}

		m = match(chip, key, &offset);
		if (m < 0) {
			if (m != -ENODEV && !first_error)
				first_error = m;
			continue;
		}
		if (m > 0) {
			*ret_chip = TAKE_PTR(chip);
			*ret_offset = offset;
			r = 0;
			break;
		}
	}

	free_dirents(list, n);
	if (r < 0 && first_error)
		r = first_error;
	return r;
}

static int match_label(struct gpiod_chip *chip, const char *label, unsigned int *offset)
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = NULL;

	info = gpiod_chip_get_info(chip);
	if (!info)
		return -errno;
	return strcmp(gpiod_chip_info_get_label(info), label) == 0;
}

static int match_line_name(struct gpiod_chip *chip, const char *name, unsigned int *offset)
{
	int o;

	o = gpiod_chip_get_line_offset_from_name(chip, name);
	if (o < 0)
		return errno == ENOENT ? 0 : -errno;
	*offset = (unsigned int)o;
	return 1;
}

/* "gpiochipN" with N all digits: a kernel device name, not a label. */
static bool is_chip_dev_name(const char *s)
{
	const char *p = s + strlen("gpiochip");

	if (strncmp(s, "gpiochip", strlen("gpiochip")) != 0 || *p == '\0')
		return false;
	return strspn(p, "0123456789") == strlen(p);
}

int gpio_chip_open_by_spec(const char *spec, struct gpiod_chip **ret)
{
	struct gpiod_chip *chip;
	unsigned int unused;

	if (!spec || spec[0] == '\0')
		return -EINVAL;

	if (spec[0] == '/') {
		chip = gpiod_chip_open(spec);
	} else if (is_chip_dev_name(spec)) {
		char path[64];

		if (snprintf(path, sizeof(path), GPIO_DEV_DIR "/%s", spec) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		chip = gpiod_chip_open(path);
	} else {
		return for_each_chip(match_label, spec, ret, &unused);
	}

	if (!chip)
		return -errno;
	*ret = chip;
	return 0;
}

int gpio_line_lookup(const struct gpio_line_spec *spec, struct gpiod_chip **ret_chip,
		     unsigned int *ret_offset)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *chip = NULL;
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = NULL;
	int r;

	if (spec->name)
		return for_each_chip(match_line_name, spec->name, ret_chip, ret_offset);
	if (!spec->chip)
		return -EINVAL;

	r = gpio_chip_open_by_spec(spec->chip, &chip);
	if (r < 0)
		return r;

	info = gpiod_chip_get_info(chip);
	if (!info)
		return -errno;
	if (spec->offset >= gpiod_chip_info_get_num_lines(info))
		return -ERANGE;

	*ret_chip = TAKE_PTR(chip);
	*ret_offset = spec->offset;
	return 0;
}
