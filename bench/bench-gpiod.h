/* SPDX-License-Identifier: MIT */
/* The one libgpiod line request of the benchmark's programs (noop-cuse, bench-client). */
#ifndef LED_CUSE_BENCH_GPIOD_H
#define LED_CUSE_BENCH_GPIOD_H

#include <gpiod.h>
#include <stdbool.h>

/*
 * Request line OFFSET of CHIP_PATH as an output, or as an input reporting
 * falling edges, for CONSUMER. Returns the request, or NULL with errno set.
 */
static inline struct gpiod_line_request *bench_request_line(const char *chip_path, unsigned int offset,
							     bool output, const char *consumer)
{
	struct gpiod_chip *chip = gpiod_chip_open(chip_path);
	struct gpiod_line_settings *s = gpiod_line_settings_new();
	struct gpiod_line_config *lc = gpiod_line_config_new();
	struct gpiod_request_config *rc = gpiod_request_config_new();
	struct gpiod_line_request *req = NULL;

	if (chip && s && lc && rc &&
	    gpiod_line_settings_set_direction(s, output ? GPIOD_LINE_DIRECTION_OUTPUT : GPIOD_LINE_DIRECTION_INPUT) == 0 &&
	    (output || gpiod_line_settings_set_edge_detection(s, GPIOD_LINE_EDGE_FALLING) == 0) &&
	    gpiod_line_config_add_line_settings(lc, &offset, 1, s) == 0) {
		gpiod_request_config_set_consumer(rc, consumer);
		req = gpiod_chip_request_lines(chip, rc, lc);
	}
	gpiod_request_config_free(rc);
	gpiod_line_config_free(lc);
	gpiod_line_settings_free(s);
	if (chip)
		gpiod_chip_close(chip);
	return req;
}

#endif
