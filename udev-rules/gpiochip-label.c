/* SPDX-License-Identifier: MIT */
/*
 * led-cuse-gpiochip-label /dev/gpiochipN: prints the chip's label, made safe
 * for a udev SYMLINK (60-led-cuse.rules: /dev/gpio/by-label/LABEL).
 * Exit 1 (no link) when the chip has no usable label.
 */
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:+,=@";
	struct gpiochip_info info;
	int fd, r;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/gpiochipN\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(&info, 0, sizeof(info));
	r = ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info);
	close(fd);
	if (r < 0) {
		perror(argv[1]);
		return 1;
	}
	info.label[sizeof(info.label) - 1] = '\0';
	/* Anything else (blanks, '/') would split or nest the link. */
	for (char *p = info.label; *p; p++)
		if (!strchr(safe, *p))
			*p = '_';
	if (!info.label[0] || strcmp(info.label, ".") == 0 || strcmp(info.label, "..") == 0)
		return 1;
	puts(info.label);
	return 0;
}
