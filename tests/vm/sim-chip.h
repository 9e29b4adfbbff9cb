/* SPDX-License-Identifier: MIT */
/*
 * A gpio-sim chip made through configfs, for tests that run in the VM: one
 * bank, some named lines, line levels driven through the simulated pull
 * and read back from sysfs, plug and unplug through "live". All functions
 * return 0 or a negative errno.
 */
#ifndef LED_CUSE_SIM_CHIP_H
#define LED_CUSE_SIM_CHIP_H

#include <stdbool.h>

#define SIM_CHIP_CONFIGFS "/sys/kernel/config/gpio-sim"

struct sim_chip;

struct sim_line_name {
	unsigned int offset;
	const char *name;
};

/*
 * Create and plug in a chip: configfs directory and label `label`,
 * num_lines lines, names[0..n_names) named. The label doubles as the
 * configfs directory name, so it must be unique among live sim chips.
 */
int sim_chip_new(const char *label, unsigned int num_lines, const struct sim_line_name *names,
		 unsigned int n_names, struct sim_chip **ret);

/* Plug the chip in (true) or unplug it (false); it may get a new gpiochipN. */
int sim_chip_set_live(struct sim_chip *c, bool live);

/* "gpiochipN" and "/dev/gpiochipN" of the live chip. */
const char *sim_chip_name(const struct sim_chip *c);
const char *sim_chip_path(const struct sim_chip *c);

/* Pull a line up (true) or down: what a button or a wire would do. */
int sim_chip_pull(struct sim_chip *c, unsigned int offset, bool up);

/* The level the line is at: driven by its user if an output, else its pull. */
int sim_chip_value(struct sim_chip *c, unsigned int offset);

/* Unplug and remove the chip; NULL is fine. */
void sim_chip_free(struct sim_chip *c);

/* Remove every sim chip whose configfs name starts with prefix (left over by a crashed test). */
void sim_chip_remove_all(const char *prefix);

#endif
