// SPDX-License-Identifier: MIT
/* gpio-sim chips through configfs (Documentation/admin-guide/gpio/gpio-sim.rst). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim-chip.h"

struct sim_chip {
	char dir[128];     /* configfs directory */
	char name[32];     /* gpiochipN while live */
	char path[48];     /* /dev/gpiochipN */
	char sysdir[160];  /* /sys/devices/platform/gpio-sim.M/gpiochipN */
};

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		r = -errno;
	close(fd);
	return r;
}

/* The first line of path, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	int r = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f))
		r = -EIO;
	else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return r;
}

static int write_attr(const char *dir, const char *attr, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return write_file(path, text);
}

static int read_attr(const char *dir, const char *attr, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return read_line(path, buf, size);
}

/* Take down a configfs chip directory: unplug, then its lines, banks and itself. */
static void remove_dir(const char *dir)
{
	char bank[384], sub[640];
	struct dirent *de, *le;
	DIR *d, *ld;

	(void)write_attr(dir, "live", "0");
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "bank", 4) != 0)
			continue;
		snprintf(bank, sizeof(bank), "%s/%s", dir, de->d_name);
		ld = opendir(bank);
		while (ld && (le = readdir(ld))) {
			if (strncmp(le->d_name, "line", 4) != 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", bank, le->d_name);
			rmdir(sub);
		}
		if (ld)
			closedir(ld);
		rmdir(bank);
	}
	closedir(d);
	rmdir(dir);
}

int sim_chip_set_live(struct sim_chip *c, bool live)
{
	char dev[64];
	int r;

	r = write_attr(c->dir, "live", live ? "1" : "0");
	if (r < 0 || !live) {
		c->name[0] = c->path[0] = c->sysdir[0] = '\0';
		return r;
	}
	r = read_attr(c->dir, "bank0/chip_name", c->name, sizeof(c->name));
	if (r < 0)
		return r;
	r = read_attr(c->dir, "dev_name", dev, sizeof(dev));
	if (r < 0)
		return r;
	snprintf(c->path, sizeof(c->path), "/dev/%s", c->name);
	snprintf(c->sysdir, sizeof(c->sysdir), "/sys/devices/platform/%s/%s", dev, c->name);
	return 0;
}

/* Set up in order; sim_chip_free() takes down whatever part was made. */
static int chip_create(struct sim_chip *c, const char *label, unsigned int num_lines,
		       const struct sim_line_name *names, unsigned int n_names)
{
	char bank[160], line[192], num[16];
	int r;

	snprintf(c->dir, sizeof(c->dir), SIM_CHIP_CONFIGFS "/%s", label);
	snprintf(bank, sizeof(bank), "%s/bank0", c->dir);
	snprintf(num, sizeof(num), "%u", num_lines);
	if (mkdir(c->dir, 0755) < 0 || mkdir(bank, 0755) < 0)
		return -errno;
	r = write_attr(bank, "num_lines", num);
	if (r < 0)
		return r;
	r = write_attr(bank, "label", label);
	if (r < 0)
		return r;
	for (unsigned int i = 0; i < n_names; i++) {
		snprintf(line, sizeof(line), "%s/line%u", bank, names[i].offset);
		if (mkdir(line, 0755) < 0)
			return -errno;
		r = write_attr(line, "name", names[i].name);
		if (r < 0)
			return r;
	}
	return sim_chip_set_live(c, true);
}

int sim_chip_new(const char *label, unsigned int num_lines, const struct sim_line_name *names,
		 unsigned int n_names, struct sim_chip **ret)
{
	struct sim_chip *c = calloc(1, sizeof(*c));
	int r;

	if (!c)
		return -ENOMEM;
	r = chip_create(c, label, num_lines, names, n_names);
	if (r < 0) {
		sim_chip_free(c);
		return r;
	}
	*ret = c;
	return 0;
}

const char *sim_chip_name(const struct sim_chip *c)
{
	return c->name;
}

const char *sim_chip_path(const struct sim_chip *c)
{
	return c->path;
}

int sim_chip_pull(struct sim_chip *c, unsigned int offset, bool up)
{
	char attr[64];

	snprintf(attr, sizeof(attr), "sim_gpio%u/pull", offset);
	return write_attr(c->sysdir, attr, up ? "pull-up" : "pull-down");
}

int sim_chip_value(struct sim_chip *c, unsigned int offset)
{
	char attr[64], v[8];
	int r;

	snprintf(attr, sizeof(attr), "sim_gpio%u/value", offset);
	r = read_attr(c->sysdir, attr, v, sizeof(v));
	if (r < 0)
		return r;
	return v[0] == '1';
}

void sim_chip_free(struct sim_chip *c)
{
	if (!c)
		return;
	remove_dir(c->dir);
	free(c);
}

void sim_chip_remove_all(const char *prefix)
{
	char dir[384];
	struct dirent *de;
	DIR *d = opendir(SIM_CHIP_CONFIGFS);

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(dir, sizeof(dir), SIM_CHIP_CONFIGFS "/%s", de->d_name);
		remove_dir(dir);
	}
	if (d)
		closedir(d);
}
