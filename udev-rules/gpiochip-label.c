/* SPDX-License-Identifier: MIT */
/*
 * led-cuse-gpiochip-label /dev/gpiochipN: prints the chip's label, made safe
 * for a udev SYMLINK (60-led-cuse.rules: /dev/gpio/by-label/LABEL).
 * Exit 1 (no link) when the chip has no usable label, or when another chip
 * has the same label: udev would give the link to whichever chip it handled
 * last, so a new link names no chip rather than a chip picked by chance (the
 * daemon refuses such a label too, naming both chips). The chip the link
 * already points at keeps it: every event recomputes a device's links, and
 * a re-trigger (`udevadm trigger`, as the package's postinst runs) would
 * otherwise take it from the first chip too.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int chip_info(const char *path, struct gpiochip_info *info, struct stat *st)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	r = fstat(fd, st);
	if (r == 0)
		r = ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info);
	close(fd);
	info->label[sizeof(info->label) - 1] = '\0';
	return r;
}

/* Another chip in /dev with this label: its name in other, 1; else 0. */
static int label_shared(const struct gpiochip_info *info, const struct stat *st, char *other, size_t len)
{
	struct gpiochip_info oi;
	struct dirent *de;
	struct stat ost;
	char path[300];
	DIR *d = opendir("/dev");
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (strncmp(de->d_name, "gpiochip", 8) != 0)
			continue;
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		if (chip_info(path, &oi, &ost) < 0 || !S_ISCHR(ost.st_mode) || ost.st_rdev == st->st_rdev)
			continue;
		if (strcmp(oi.label, info->label) == 0) {
			snprintf(other, len, "%s", de->d_name);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

/* The label as a link name: anything else (blanks, '/') would split or nest the link. */
static void link_name(char *label)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:+,=@";

	for (char *p = label; *p; p++)
		if (!strchr(safe, *p))
			*p = '_';
}

/* Whether /dev/gpio/by-label/LABEL is there already and is this chip. */
static int owns_link(const struct gpiochip_info *info, const struct stat *st)
{
	char label[sizeof(info->label)], path[sizeof(label) + 32];
	struct stat lst;

	memcpy(label, info->label, sizeof(label));
	link_name(label);
	snprintf(path, sizeof(path), "/dev/gpio/by-label/%s", label);
	return stat(path, &lst) == 0 && S_ISCHR(lst.st_mode) && lst.st_rdev == st->st_rdev;
}

int main(int argc, char **argv)
{
	struct gpiochip_info info;
	struct stat st;
	char other[300];

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/gpiochipN\n", argv[0]);
		return 2;
	}
	if (chip_info(argv[1], &info, &st) < 0) {
		perror(argv[1]);
		return 1;
	}
	if (info.label[0] && label_shared(&info, &st, other, sizeof(other)) && !owns_link(&info, &st)) {
		fprintf(stderr, "%s: label '%s' is also on %s: no /dev/gpio/by-label link\n", argv[1],
			info.label, other);
		return 1;
	}
	link_name(info.label);
	if (!info.label[0] || strcmp(info.label, ".") == 0 || strcmp(info.label, "..") == 0)
		return 1;
	puts(info.label);
	return 0;
}
