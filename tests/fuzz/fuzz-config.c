/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the INI configuration parser, through the real entry
 * point options_parse(argc, argv) with "-c /proc/self/fd/N", N being a
 * memfd that holds the input. One memfd serves every iteration (truncated
 * and rewritten), and the options are freed after each parse, so
 * LeakSanitizer and a flat fd count show that nothing leaks per run.
 *
 * Invariants: the result is 0, LED_EXIT_USAGE, LED_EXIT_CONFIG or
 * -ENOMEM; an error leaves a NUL-terminated message naming the file; a
 * success has an LED line, a valid device name and a debounce in range.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <led-cuse/led.h>

#include "options.h"

#define CHECK(c)                                                                                       \
	do {                                                                                           \
		if (!(c))                                                                              \
			__builtin_trap();                                                              \
	} while (0)

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	memfd = memfd_create("led-cuse-fuzz-config", MFD_CLOEXEC);
	if (memfd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char a0[] = "led-cuse", a1[] = "-c";
	char a2[sizeof(path)];
	char *argv[] = { a0, a1, a2, NULL };
	struct options opts;
	char err[256];
	int r;

	memcpy(a2, path, sizeof(path));
	CHECK(ftruncate(memfd, 0) == 0);
	CHECK(pwrite(memfd, data, size, 0) == (ssize_t)size);

	memset(err, 'X', sizeof(err));
	r = options_parse(3, argv, &opts, err, sizeof(err));
	CHECK(r == 0 || r == LED_EXIT_USAGE || r == LED_EXIT_CONFIG || r == -ENOMEM);
	CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	if (r == LED_EXIT_CONFIG)
		CHECK(strlen(err) > 0);
	if (r == 0 && !opts.help && !opts.version) {
		CHECK(opts.name && strlen(opts.name) > 0 && strlen(opts.name) < LED_CUSE_NAME_LEN);
		CHECK(opts.gpio.led.name || opts.gpio.led.chip);
		CHECK(opts.config_path && strcmp(opts.config_path, path) == 0);
	}
	options_done(&opts);
	return 0;
}
