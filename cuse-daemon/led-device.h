/* SPDX-License-Identifier: MIT */
/*
 * The LED device: the one place that holds what the LED shows (its level,
 * the mode that runs, whether its chip is there), records each change and
 * tells its listeners; as the kernel's led-core.c holds a led_classdev. Its
 * parts each have a file of their own: the mode runner (mode-runner.c)
 * steps a mode on its timer, the button source (button-source.c) reads
 * the button, the chip watch (chip-watch.c) sees chips go and come back.
 *
 * Everything runs on one sd-event loop (single thread): the CUSE requests,
 * the button's edge events and the mode's timer are dispatched one after the
 * other, so a state change is never torn and needs no lock. That is the
 * userspace equivalent of the spin_lock_irqsave() of the kernel's classic
 * LED character-device driver: the loop serialises the "interrupt" (edge
 * event) against the file operations.
 */
#ifndef LED_CUSE_LED_DEVICE_H
#define LED_CUSE_LED_DEVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <systemd/sd-event.h>

#include <led-cuse/led.h>

#include "button.h"
#include "led-command.h"
#include "gpio-backend.h"
#include "led-listeners.h"
#include "led-mode.h"
#include "macro.h"
#include "trigger.h"

struct led_device;

/*
 * Who or what asks for a change, passed to each call that changes the LED:
 * recorded with the change (GET_LAST_CHANGE) when it is one. uid and pid are
 * the client's for LED_CUSE_CHANGE_WRITE and _IOCTL, ignored otherwise.
 */
struct led_origin {
	enum led_cuse_change_source source;
	uid_t uid;
	pid_t pid;
};

struct led_device_config {
	const char *name;       /* device name, for GET_INFO */
	bool initial_on;        /* the level the backend was requested with */
	bool active_low;        /* reported by GET_INFO */
	const char *dev_dir;    /* watched for the chip coming back; "/dev" */
	/* The button (zero: each press toggles on its edge, as in 1.0). */
	enum button_action button_action;
	unsigned int hold_ms, double_click_ms;  /* 0: off */
	enum gpio_edge button_edge;             /* configured: the physical edge of a press (both: the active one) */
	bool button_active_low;
	/* The record of the start: LED_CUSE_CHANGE_START (zero) or _RESTORE. */
	enum led_cuse_change_source initial_source;
	/* What the triggers may use (copied; the caller keeps the sockets
	 * open while the device is). NULL: none, each kind opens its own. */
	const struct trigger_sockets *trigger_sockets;
};

struct led_device_status {
	const char *name;       /* valid while the device is */
	bool active_low;
	bool on;                /* logical level right now */
	struct led_mode mode;   /* the running mode; kind LED_CUSE_MODE_NONE when steady */
	/* While a mode runs, the state the LED settles in, what a restart brings
	 * back: the endless mode running or that a finite one returns to (kind
	 * NONE if none), else the level the finite mode ends at. (Steady: on.) */
	bool lasting_on;
	struct led_mode lasting_mode;
	bool present;           /* false while the LED's GPIO chip is unplugged */
	bool button_present;    /* false while the button's GPIO chip is (true without a button) */
	uint64_t generation;    /* bumped on every change readers must see */
	uint64_t presses;
	struct trigger_spec trigger;    /* the running trigger; kind LED_CUSE_TRIGGER_NONE when none */
};

int led_device_new(sd_event *event, struct gpio_backend *backend,
		   const struct led_device_config *config, struct led_device **ret);
/* Stops the mode's timer; does not touch the LED or the backend (the caller owns it). */
struct led_device *led_device_free(struct led_device *dev);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct led_device *, led_device_free)

/* Listeners (led-listeners.h) hear of every change in the order they were
 * added: 0, or -ENOSPC beyond LED_LISTENERS_MAX. */
int led_device_add_listener(struct led_device *dev, const struct led_listener *listener, void *userdata);
void led_device_remove_listener(struct led_device *dev, const struct led_listener *listener, void *userdata);

/*
 * Each returns 0 or a negative errno; on failure the state is unchanged.
 * -ENODEV while the LED's GPIO chip is gone (the button's alone does not
 * matter here).
 */
int led_device_set(struct led_device *dev, bool on, const struct led_origin *origin);
int led_device_toggle(struct led_device *dev, const struct led_origin *origin);
/*
 * Run mode (made by a led_mode_*() builder of led-mode.h) from its first
 * step, replacing whatever ran: a change (readers and pollers wake), while
 * its steps are not. -EINVAL if led_mode_validate() refuses it.
 *
 * The start is recorded with origin's source; the steps record nothing. A
 * finite mode's end, and a stop after failed writes (below), are recorded as
 * LED_CUSE_CHANGE_TIMER.
 *
 * A finite mode (count > 0) ends, a change too, in its mode->end:
 * LED_MODE_END_OFF, or LED_MODE_END_RESTORE: the state from before it
 * started, i.e. the level, or the endless mode that was running (which
 * starts again from its first step), or what a finite mode that was
 * running would have ended in. So a feedback blink is
 *
 *	struct led_mode m;
 *	r = led_mode_blink(100, 100, 3, &m);   // 3 blinks, then as before
 *	if (r >= 0)
 *		r = led_device_start_mode(dev, &m, &origin);
 *
 * Any other state change (set, toggle, another mode) stops the running
 * mode and forgets what it would have restored.
 *
 * A step whose GPIO write fails (other than -ENODEV) is retried when that
 * step would have ended; after MODE_RUNNER_MAX_FAILURES in a row the mode stops
 * (a change: the LED is reported at the level it last took) and the error
 * is logged. While the chip is unplugged the mode pauses; it resumes with
 * the step it was in when the chip comes back.
 */
int led_device_start_mode(struct led_device *dev, const struct led_mode *mode, const struct led_origin *origin);
/*
 * Start the trigger spec (led-device-trigger.c), replacing the running mode
 * and trigger, or stop it (kind NONE): a change recorded with origin. The
 * LED keeps its level until the trigger shows its source's state. Any level
 * or mode set later stops the trigger. -ENODEV while the chip is gone, or
 * the kind's error (-EOPNOTSUPP: not built in): the LED as it was.
 */
int led_device_start_trigger(struct led_device *dev, const struct trigger_spec *spec, const struct led_origin *origin);
/* The running trigger; kind NONE when none. Valid until the next change. */
const struct trigger_spec *led_device_get_trigger(struct led_device *dev);
int led_device_apply(struct led_device *dev, const struct led_command *cmd, const struct led_origin *origin);
/*
 * The n commands of one write, in order, all or nothing (led-device-write.c):
 * readers, pollers and the listeners are told once, after the last (the record is the last
 * command's). When one fails, what the commands before it did is undone:
 * the line is driven back to its level, the mode goes on with its timer as
 * it was, and the record and the generation are as before, so nobody is
 * woken. Returns the failing command's error. Should the line refuse to go
 * back too, the LED stays as those commands set it, told as their change;
 * unplugged meanwhile, the chip's return restores the state from before.
 */
int led_device_apply_all(struct led_device *dev, const struct led_command *cmds, size_t n,
			 const struct led_origin *origin);

void led_device_get_status(struct led_device *dev, struct led_device_status *status);
/* The last recorded change, or the start's record before any. */
void led_device_get_last_change(struct led_device *dev, struct led_cuse_change *change);
/* The backend's description of the lines: chips, offsets, whether there is a button. */
void led_device_get_gpio_info(struct led_device *dev, struct gpio_backend_info *info);
bool led_device_has_button(struct led_device *dev);

#endif
