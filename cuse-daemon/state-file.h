/* SPDX-License-Identifier: MIT */
/*
 * The LED state kept across restarts (systemd's StateDirectory=): one line
 * in the write() protocol itself, "on", "off", an endless mode ("blink
 * ON_MS OFF_MS", "pattern LEVEL MS ...", "heartbeat PERIOD_MS") or a
 * trigger ("trigger unit nginx.service"), so loading it is just parsing a
 * command. A finite mode (a blink with a count, a oneshot) is saved as the
 * state it ends in, never itself; a trigger as itself, not what it shows.
 */
#ifndef LED_CUSE_STATE_FILE_H
#define LED_CUSE_STATE_FILE_H

#include <stddef.h>

#include "led-command.h"
#include "led-device.h"

/* Room for any saved line, newline and NUL included. */
#define STATE_FILE_LINE_MAX (LED_COMMAND_MAX_WRITE + 1)

/*
 * Read the saved state into cmd (LED_COMMAND_SET, _MODE with an endless
 * mode, or _TRIGGER). -ENOENT if there is none yet; -EISDIR for a directory; -EINVAL for
 * anything but a regular file holding exactly one such line ending in a
 * newline (a FIFO or device, a truncated, oversized or hostile file, a
 * finite mode). Never blocks.
 */
int state_file_load(const char *path, struct led_command *cmd);
/* The line saved for status (its lasting state) into buf; its length or -ENOBUFS. */
int state_file_format(const struct led_device_status *status, char *buf, size_t len);
/*
 * The line the state file should hold for dev now, into buf (what the state
 * publisher saves), also while the GPIO chip is unplugged: its length or
 * -ENOBUFS.
 */
int state_file_format_device(struct led_device *dev, char *buf, size_t len);
/* The line that state_file_load() reads back as cmd; its length or -ENOBUFS / -EINVAL. */
int state_file_format_command(const struct led_command *cmd, char *buf, size_t len);
/*
 * Replace the file by text atomically and durably: a temporary file with a
 * unique name (O_EXCL) in the same directory, ".#NAME.XXXXXX" for the state
 * file NAME, fsync, rename, fsync of the directory.
 */
int state_file_write(const char *path, const char *text);
/*
 * Remove the temporary files that saves cut short (a crash, the watchdog's
 * abort, a power cut between mkostemp() and rename()) left beside path:
 * the regular files named as state_file_write() names them for path,
 * never the state file or another's. Returns how many, or a negative errno
 * (the directory cannot be read, a file cannot be removed); a missing
 * directory has none.
 */
int state_file_remove_leftovers(const char *path);

#endif
