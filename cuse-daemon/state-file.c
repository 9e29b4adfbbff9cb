/* SPDX-License-Identifier: MIT */
#include "state-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"

int led_state_file_load(const char *path, struct led_command *cmd)
{
	char buf[LED_COMMAND_MAX_WRITE + 1];
	_cleanup_close_ int fd = -1;
	ssize_t n;
	int r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	if ((size_t)n > LED_COMMAND_MAX_WRITE)
		return -EINVAL;
	r = led_command_parse_buffer(buf, (size_t)n, cmd, 1);
	return r < 0 ? -EINVAL : 0;
}

int led_state_file_save(const char *path, const struct led_device_status *st)
{
	char tmp[4096], line[64];
	int fd, len, r = 0;
	ssize_t n;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	if (st->blinking)
		len = snprintf(line, sizeof(line), "blink %u %u\n", st->on_ms, st->off_ms);
	else
		len = snprintf(line, sizeof(line), "%s\n", st->on ? "on" : "off");

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	n = write(fd, line, (size_t)len);
	if (n != len)
		r = n < 0 ? -errno : -EIO;
	/* The rename must not expose an empty file after a power cut. */
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}
