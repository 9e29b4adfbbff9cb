/* SPDX-License-Identifier: MIT */
/*
 * The LED state kept across restarts (systemd's StateDirectory=): one line
 * in the write() protocol itself, "on", "off" or "blink ON_MS OFF_MS", so
 * loading it is just parsing a command.
 */
#ifndef LED_CUSE_STATE_FILE_H
#define LED_CUSE_STATE_FILE_H

#include <stddef.h>

#include "command.h"
#include "led-device.h"

/*
 * Read the saved state into cmd (LED_COMMAND_SET or _BLINK). -ENOENT if
 * there is none yet; -EISDIR for a directory; -EINVAL for anything but a
 * regular file holding exactly one such line ending in a newline (a FIFO or
 * device, a truncated, oversized or hostile file). Never blocks.
 */
int led_state_file_load(const char *path, struct led_command *cmd);
/* The line saved for status into buf; its length or -ENOBUFS. */
int led_state_file_format(const struct led_device_status *status, char *buf, size_t len);
/*
 * Replace the file by text atomically and durably: a temporary file with a
 * unique name (O_EXCL) in the same directory, fsync, rename, fsync of the
 * directory.
 */
int led_state_file_write(const char *path, const char *text);
/* led_state_file_format() + led_state_file_write(). */
int led_state_file_save(const char *path, const struct led_device_status *status);

#endif
