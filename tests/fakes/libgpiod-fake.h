/* SPDX-License-Identifier: MIT */
/*
 * libgpiod v2 without a kernel: the gpiod_* calls that gpio-backend/ makes,
 * on chips that a test adds, unplugs and plugs back, so the production
 * backend runs in the unit suite. A chip is found
 * only by its path (an absolute path outside /dev: a lookup that scans /dev
 * finds none of them). Values are logical at the gpiod_* interface and
 * physical here, as with the kernel; so are edges.
 */
#ifndef LED_CUSE_LIBGPIOD_FAKE_H
#define LED_CUSE_LIBGPIOD_FAKE_H

#include <stdbool.h>
#include <stdint.h>

/* A chip at path, named name ("gpiochipN", unique), with label and num_lines lines, plugged in. */
void libgpiod_fake_chip_add(const char *path, const char *name, const char *label, unsigned int num_lines);
/*
 * Unplug (the chip cannot be opened, every request made on it fails with
 * ENODEV and its fd becomes readable, as a kernel's polls POLLERR) or plug
 * back in: a new instance of the chip, on which the old requests stay dead.
 */
void libgpiod_fake_chip_set_live(const char *path, bool live);
void libgpiod_fake_chip_set_label(const char *path, const char *label);
/* The next request on the chip fails with error (a positive errno, e.g. EBUSY). */
void libgpiod_fake_chip_fail_next_request(const char *path, int error);
/* The next count reads of edge events from requests on the chip fail with error. */
void libgpiod_fake_chip_fail_reads(const char *path, int error, unsigned int count);
/* Physical level of a line (the last output value driven, or an input's pull). */
int libgpiod_fake_line_level(const char *path, unsigned int offset);
/* Requests made on the chip so far, successful or not. */
unsigned int libgpiod_fake_chip_requests(const char *path);
/* A physical edge on an input line with edge detection: queued for its request. */
void libgpiod_fake_edge(const char *path, unsigned int offset, bool rising, uint64_t timestamp_ns);
/* Forget every chip; every object the backend got must have been freed. */
void libgpiod_fake_reset(void);

#endif
