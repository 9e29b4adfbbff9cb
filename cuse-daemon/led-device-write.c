/* SPDX-License-Identifier: MIT */
/*
 * A write's commands applied to the LED device, in order, all or nothing
 * (led_device_apply_all()): what the commands before a failing one did is
 * put back, and what a write does to the trigger happens once all of it
 * worked.
 */
#include <assert.h>
#include <errno.h>

#include "led-device-private.h"
#include "log.h"

int led_device_apply(struct led_device *dev, const struct led_command *cmd, const struct led_origin *origin)
{
	switch (cmd->type) {
	case LED_COMMAND_SET:
		return led_device_set(dev, cmd->on, origin);
	case LED_COMMAND_TOGGLE:
		return led_device_toggle(dev, origin);
	case LED_COMMAND_MODE:
		return led_device_start_mode(dev, &cmd->mode, origin);
	case LED_COMMAND_TRIGGER:
		return led_device_start_trigger(dev, &cmd->trigger, origin);
	}
	return -EINVAL;
}

/* What the lines of one write may change, to put back when one of them fails. */
struct snapshot {
	bool on, present;
	uint64_t generation;
	struct led_cuse_change last_change;
	struct mode_runner_snapshot mode;
};

/*
 * Put back the state of s, in a batch: the line first, then the mode with
 * its timer where it was, the record and the generation, so that nothing
 * is told. If the chip went meanwhile, that alone is told, and its return
 * drives the state put back and resumes the mode. Returns 0, or the error
 * of a line that refuses to go back: the state is then the batch's.
 */
static int snapshot_restore(struct led_device *dev, const struct snapshot *s)
{
	bool chip_went;
	int r;

	assert(dev->batch);
	if (led_device_present(dev) && dev->on != s->on) {
		r = led_device_drive(dev, s->on);
		if (r < 0 && r != -ENODEV)
			return r;
	}
	dev->on = s->on;
	dev->generation = s->generation;
	dev->last_change = s->last_change;
	dev->batch_changed = dev->batch_recorded = false;
	chip_went = s->present && !led_device_present(dev);
	mode_runner_restore(dev->runner, &s->mode, !chip_went);
	if (chip_went)
		led_device_notify(dev, NULL);
	return 0;
}

int led_device_apply_all(struct led_device *dev, const struct led_command *cmds, size_t n,
			 const struct led_origin *origin)
{
	struct snapshot before = {
		.on = dev->on,
		.present = led_device_present(dev),
		.generation = dev->generation,
		.last_change = dev->last_change,
	};
	int r = 0, q;

	assert(!dev->batch);
	mode_runner_snapshot(dev->runner, &before.mode);
	dev->batch = true;
	dev->batch_changed = dev->batch_recorded = false;
	dev->trigger.batch = BATCH_TRIGGER_KEEP;
	for (size_t i = 0; i < n && r >= 0; i++)
		r = led_device_apply(dev, &cmds[i], origin);
	if (r >= 0)
		r = led_device_trigger_commit(dev, origin);
	if (r < 0) {
		dev->trigger.batch = BATCH_TRIGGER_KEEP;
		q = snapshot_restore(dev, &before);
		if (q < 0)
			log_warning_errno(q, "a write to /dev/%s failed partway and its GPIO line cannot go back (%m): "
					  "the LED is left as the write's earlier lines set it", dev->name);
	}
	dev->batch = false;
	if (dev->batch_changed)
		led_listeners_changed(&dev->listeners, dev->batch_recorded ? &dev->last_change : NULL);
	return r;
}
