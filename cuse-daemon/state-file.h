/* SPDX-License-Identifier: MIT */
/*
 * The LED state kept across restarts (systemd's StateDirectory=): one line
 * in the write() protocol itself, "on", "off" or "blink ON_MS OFF_MS", so
 * loading it is just parsing a command.
 */
#ifndef LED_CUSE_STATE_FILE_H
#define LED_CUSE_STATE_FILE_H

#include "command.h"
#include "led-device.h"

/* -ENOENT if there is none yet, -EINVAL if it does not hold one command. */
int led_state_file_load(const char *path, struct led_command *cmd);
/* Replace the file atomically (write a temporary file, then rename). */
int led_state_file_save(const char *path, const struct led_device_status *status);

#endif
