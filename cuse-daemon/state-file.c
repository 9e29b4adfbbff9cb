/* SPDX-License-Identifier: MIT */
#include "state-file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(DIR *, closedir)

int state_file_load(const char *path, struct led_command *cmd)
{
	char buf[LED_COMMAND_MAX_WRITE + 1];
	_cleanup_close_ int fd = -1;
	struct stat sb;
	ssize_t n;

	/* O_NONBLOCK: a FIFO planted here must not hang the start. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) < 0)
		return -errno;
	if (S_ISDIR(sb.st_mode))
		return -EISDIR;
	if (!S_ISREG(sb.st_mode))
		return -EINVAL;
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	/* Empty, oversized, or cut short: saves always end in a newline. */
	if (n == 0 || (size_t)n > LED_COMMAND_MAX_WRITE || buf[n - 1] != '\n')
		return -EINVAL;
	if (led_command_parse_buffer(buf, (size_t)n, cmd, 1) != 1)
		return -EINVAL;
	/* A state, not a command such as toggle or a mode that ends. */
	if (cmd->type == LED_COMMAND_SET || (cmd->type == LED_COMMAND_MODE && led_mode_forever(&cmd->mode)) ||
	    (cmd->type == LED_COMMAND_TRIGGER && cmd->trigger.kind != LED_CUSE_TRIGGER_NONE))
		return 0;
	return -EINVAL;
}

int state_file_format_command(const struct led_command *cmd, char *buf, size_t len)
{
	int n;

	if (cmd->type == LED_COMMAND_MODE) {
		n = led_mode_format(&cmd->mode, buf, len);
		if (n < 0)
			return n;
		if ((size_t)n + 1 >= len)
			return -ENOBUFS;
		buf[n++] = '\n';
		buf[n] = '\0';
		return n;
	}
	if (cmd->type == LED_COMMAND_TRIGGER) {
		n = snprintf(buf, len, "trigger ");
		if (n < 0 || (size_t)n >= len)
			return -ENOBUFS;
		int m = trigger_spec_format(&cmd->trigger, buf + n, len - (size_t)n);
		if (m < 0 || (size_t)(n + m) + 1 >= len)
			return -ENOBUFS;
		n += m;
		buf[n++] = '\n';
		buf[n] = '\0';
		return n;
	}
	if (cmd->type != LED_COMMAND_SET)
		return -EINVAL;
	n = snprintf(buf, len, "%s\n", cmd->on ? "on" : "off");
	return n < 0 || (size_t)n >= len ? -ENOBUFS : n;
}

int state_file_format(const struct led_device_status *st, char *buf, size_t len)
{
	bool mode = st->mode.kind != LED_CUSE_MODE_NONE;
	struct led_command cmd = { .type = LED_COMMAND_SET, .on = mode ? st->lasting_on : st->on };

	if (mode && st->lasting_mode.kind != LED_CUSE_MODE_NONE)
		cmd = (struct led_command){ .type = LED_COMMAND_MODE, .mode = st->lasting_mode };
	/* A trigger comes back as itself, whatever it shows now. */
	if (st->trigger.kind != LED_CUSE_TRIGGER_NONE)
		cmd = (struct led_command){ .type = LED_COMMAND_TRIGGER, .trigger = st->trigger };
	return state_file_format_command(&cmd, buf, len);
}

int state_file_format_device(struct led_device *dev, char *buf, size_t len)
{
	struct led_device_status st;

	/* Also while unplugged: the state is known (a replug restores it from
	 * here), and a change made just before the unplug must not wait for
	 * the chip to be saved. */
	led_device_get_status(dev, &st);
	return state_file_format(&st, buf, len);
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The temporary file of a save beside the state file NAME: ".#NAME.XXXXXX"
 * (mkostemp() fills in the X). '#' is in no device name, so no state file
 * of another instance (/var/lib/led-cuse/NAME) is named so, and a save cut
 * short is told apart by its name alone (state_file_remove_leftovers()).
 */
#define TMP_PREFIX ".#"
#define TMP_RANDOM "XXXXXX"
#define TMP_RANDOM_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/* Where the file name of path starts. */
static const char *file_name_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The directory of path, a copy: "." for a bare file name. */
static char *dir_of(const char *path)
{
	const char *name = file_name_of(path);

	return name == path ? strdup(".") : strndup(path, (size_t)(name - path));
}

static bool is_tmp_name(const char *entry, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(entry, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
		return false;
	entry += strlen(TMP_PREFIX);
	if (strncmp(entry, name, len) != 0 || entry[len] != '.')
		return false;
	entry += len + 1;
	return strlen(entry) == strlen(TMP_RANDOM) && strspn(entry, TMP_RANDOM_CHARS) == strlen(TMP_RANDOM);
}

/* The rename is only durable once the directory entry is on disk. */
static int fsync_dir_of(const char *path)
{
	_cleanup_free_ char *dir = dir_of(path);
	_cleanup_close_ int fd = -1;

	if (!dir)
		return -ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		return -errno;
	return 0;
}

int state_file_write(const char *path, const char *text)
{
	const char *name = file_name_of(path);
	char tmp[4096];
	int fd, r;

	/* A unique name made with O_EXCL: nobody can plant the temporary file. */
	if (snprintf(tmp, sizeof(tmp), "%.*s" TMP_PREFIX "%s." TMP_RANDOM, (int)(name - path), path, name) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write_all(fd, text, strlen(text));
	/* The rename must not expose an empty file after a power cut. */
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	return fsync_dir_of(path);
}

int state_file_remove_leftovers(const char *path)
{
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_free_ char *dir = dir_of(path);
	const char *name = file_name_of(path);
	struct dirent *e;
	struct stat sb;
	int n = 0, r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((errno = 0, e = readdir(d))) {
		if (!is_tmp_name(e->d_name, name))
			continue;
		/* What a save leaves is a regular file; anything else is not ours. */
		if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(sb.st_mode))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) < 0) {
			if (errno != ENOENT && r == 0)
				r = -errno;
			continue;
		}
		n++;
	}
	if (errno != 0 && r == 0)
		r = -errno;
	return r < 0 ? r : n;
}
