/* SPDX-License-Identifier: MIT */
/*
 * Finding GPIO chips and lines in /dev: a chip by path, gpiochipN or label,
 * a line by name or by chip and offset (gpio-chip-lookup.h).
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-chip-lookup.h"

#define GPIO_DEV_DIR "/dev"
#define GPIO_BY_LABEL_DIR GPIO_DEV_DIR "/gpio/by-label"
/* A chip label: like linux/gpio.h's GPIO_MAX_NAME_SIZE, with room to spare. */
#define CHIP_LABEL_SIZE 64

/*
 * What a walk over the chips looks for. match: > 0 if the chip matches (and
 * *offset is set for name lookups), 0 if not, negative errno if the chip
 * could not be checked; userdata is what scan_chips() was given.
 */
struct chip_match_ops {
	int (*match)(struct gpiod_chip *chip, const void *userdata, unsigned int *offset);
};

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

/* What a walk over the chips found. */
struct chip_scan {
	struct gpiod_chip *chip;        /* the first match, owned */
	unsigned int offset;
	unsigned int matches;           /* counted up to 2 when looking for duplicates */
	char names[2][sizeof(((struct dirent *)0)->d_name)]; /* gpiochipN of the first two matches */
	unsigned int chips;             /* chips that could be checked */
	int error;                      /* first failure other than a vanished chip */
};

static void chip_scan_done(struct chip_scan *scan)
{
	if (scan->chip)
		gpiod_chip_close(scan->chip);
}

/*
 * Try every GPIO chip in /dev in version order (gpiochip2 before
 * gpiochip10), so the result is stable across reboots with the same
 * hardware. Chips that vanish while we look are skipped; any other failure
 * is remembered. With unique, the walk goes on after the first match to
 * find a second one.
 */
static int scan_chips(const struct chip_match_ops *ops, const void *userdata, bool unique,
		      struct chip_scan *scan)
{
	struct dirent **list;
	int n;

	n = scandir(GPIO_DEV_DIR, &list, gpiochip_filter, versionsort);
	if (n < 0)
		return -errno;

	for (int i = 0; i < n && scan->matches < (unique ? 2u : 1u); i++) {
		_cleanup_(gpiod_chip_closep) struct gpiod_chip *chip = NULL;
		unsigned int offset = 0;
		char path[sizeof(GPIO_DEV_DIR) + 1 + sizeof(list[i]->d_name)];
		int m;

		snprintf(path, sizeof(path), GPIO_DEV_DIR "/%s", list[i]->d_name);
		if (!gpiod_is_gpiochip_device(path))
			continue;

		chip = gpiod_chip_open(path);
		if (!chip) {
			if (errno != ENOENT && errno != ENODEV && !scan->error)
				scan->error = -errno;
			continue;
		}

		m = ops->match(chip, userdata, &offset);
		if (m < 0) {
			if (m != -ENODEV && !scan->error)
				scan->error = m;
			continue;
		}
		scan->chips++;
		if (m == 0)
			continue;
		snprintf(scan->names[scan->matches], sizeof(scan->names[0]), "%s", list[i]->d_name);
		if (scan->matches++ == 0) {
			scan->chip = TAKE_PTR(chip);
			scan->offset = offset;
		}
	}

	free_dirents(list, n);
	return 0;
}

/* userdata: the label. */
static int match_label(struct gpiod_chip *chip, const void *userdata, unsigned int *offset)
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = NULL;

	info = gpiod_chip_get_info(chip);
	if (!info)
		return -errno;
	return strcmp(gpiod_chip_info_get_label(info), userdata) == 0;
}

static const struct chip_match_ops match_label_ops = {
	.match = match_label,
};

/* userdata: the line name. */
static int match_line_name(struct gpiod_chip *chip, const void *userdata, unsigned int *offset)
{
	int o;

	o = gpiod_chip_get_line_offset_from_name(chip, userdata);
	if (o < 0)
		return errno == ENOENT ? 0 : -errno;
	*offset = (unsigned int)o;
	return 1;
}

static const struct chip_match_ops match_line_name_ops = {
	.match = match_line_name,
};

/* "gpiochipN" with N all digits: a kernel device name, not a label. */
static bool is_chip_dev_name(const char *s)
{
	const char *p = s + strlen("gpiochip");

	if (strncmp(s, "gpiochip", strlen("gpiochip")) != 0 || *p == '\0')
		return false;
	return strspn(p, "0123456789") == strlen(p);
}

/* The one chip with this label: -ENODEV if none, -ENOTUNIQ if several. */
static int open_by_label(const char *label, struct gpiod_chip **ret, char *why, size_t whylen)
{
	_cleanup_(chip_scan_done) struct chip_scan scan = {};
	int r;

	r = scan_chips(&match_label_ops, label, true, &scan);
	if (r < 0)
		return r;
	if (scan.matches > 1) {
		snprintf(why, whylen, "GPIO chip label '%s' is ambiguous: %s and %s both have it", label,
			 scan.names[0], scan.names[1]);
		return -ENOTUNIQ;
	}
	if (scan.matches == 0) {
		if (scan.error)
			return scan.error;
		snprintf(why, whylen, "no GPIO chip with label '%s'", label);
		return -ENODEV;
	}
	*ret = TAKE_PTR(scan.chip);
	return 0;
}

static int open_path(const char *path, struct gpiod_chip **ret, char *why, size_t whylen)
{
	struct gpiod_chip *chip = gpiod_chip_open(path);

	if (!chip) {
		if (errno != ENOENT && errno != ENODEV)
			return -errno;
		snprintf(why, whylen, "no GPIO chip %s", path);
		return -ENODEV;
	}
	*ret = chip;
	return 0;
}

int gpio_chip_lookup_label(struct gpiod_chip *chip, char *label, size_t len)
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = NULL;

	assert(chip);
	assert(label);

	info = gpiod_chip_get_info(chip);
	if (!info)
		return -errno;
	if (gpiod_chip_info_get_label(info)[0] == '\0')
		return -ENODATA;
	if ((size_t)snprintf(label, len, "%s", gpiod_chip_info_get_label(info)) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int gpio_chip_lookup_open(const char *spec, struct gpiod_chip **ret, char *why, size_t whylen)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *chip = NULL;
	char path[64], label[CHIP_LABEL_SIZE];
	char dummy[1];
	int r;

	assert(spec);
	assert(ret);

	if (!why || whylen == 0) {
		why = dummy;
		whylen = sizeof(dummy);
	}
	*why = '\0';
	if (spec[0] == '\0')
		return -EINVAL;

	if (spec[0] != '/' && !is_chip_dev_name(spec))
		return open_by_label(spec, ret, why, whylen);

	if (spec[0] != '/') {
		if (snprintf(path, sizeof(path), GPIO_DEV_DIR "/%s", spec) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		spec = path;
	}
	r = open_path(spec, &chip, why, whylen);
	if (r < 0)
		return r;
	/* udev's by-label link is a label lookup made by udev: it must not
	 * silently pick one of two chips that share the label. */
	if (strncmp(spec, GPIO_BY_LABEL_DIR "/", strlen(GPIO_BY_LABEL_DIR "/")) == 0 &&
	    gpio_chip_lookup_label(chip, label, sizeof(label)) == 0) {
		gpiod_chip_close(TAKE_PTR(chip));
		return open_by_label(label, ret, why, whylen);
	}
	*ret = TAKE_PTR(chip);
	return 0;
}

int gpio_chip_lookup_line(const struct gpio_line_spec *spec, struct gpiod_chip **ret_chip,
			  unsigned int *ret_offset, char *why, size_t whylen)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *chip = NULL;
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = NULL;
	char dummy[1];
	int r;

	assert(spec);
	assert(ret_chip);
	assert(ret_offset);

	if (!why || whylen == 0) {
		why = dummy;
		whylen = sizeof(dummy);
	}
	*why = '\0';

	if (spec->name) {
		_cleanup_(chip_scan_done) struct chip_scan scan = {};

		r = scan_chips(&match_line_name_ops, spec->name, false, &scan);
		if (r < 0)
			return r;
		if (scan.matches == 0) {
			if (scan.error)
				return scan.error;
			if (scan.chips == 0) {
				/* Nothing says it is a typo: its chip may come. */
				snprintf(why, whylen, "no GPIO chip in " GPIO_DEV_DIR " to look for line '%s'",
					 spec->name);
				return -ENODEV;
			}
			snprintf(why, whylen, "no line named '%s' on the %u GPIO chip%s present", spec->name,
				 scan.chips, scan.chips == 1 ? "" : "s");
			return -ENOENT;
		}
		*ret_chip = TAKE_PTR(scan.chip);
		*ret_offset = scan.offset;
		return 0;
	}
	/* Neither name nor chip: not what gpio_line_spec_parse() makes. */
	if (!spec->chip)
		return -EINVAL;

	r = gpio_chip_lookup_open(spec->chip, &chip, why, whylen);
	if (r < 0)
		return r;

	info = gpiod_chip_get_info(chip);
	if (!info)
		return -errno;
	if (spec->offset >= gpiod_chip_info_get_num_lines(info)) {
		snprintf(why, whylen, "GPIO chip %s ('%s') has %zu lines: no line %u",
			 gpiod_chip_info_get_name(info), gpiod_chip_info_get_label(info),
			 gpiod_chip_info_get_num_lines(info), spec->offset);
		return -ERANGE;
	}

	*ret_chip = TAKE_PTR(chip);
	*ret_offset = spec->offset;
	return 0;
}
