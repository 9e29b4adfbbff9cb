/* SPDX-License-Identifier: MIT */
/*
 * The LED state machine: what the LED shows, blinking, button presses and
 * the GPIO chip going away and coming back.
 *
 * Everything runs on one sd-event loop (single thread): the CUSE requests,
 * the button's edge events and the blink timer are dispatched one after the
 * other, so a state change is never torn and needs no lock. That is the
 * userspace equivalent of the seed driver's spin_lock_irqsave(): the loop
 * serialises the "interrupt" (edge event) against the file operations.
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
#include "led-mode.h"
#include "macro.h"

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
};

struct led_device_status {
	bool on;                /* logical level right now */
	bool blinking;          /* a mode runs (any kind) */
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
};

/*
 * Called on the loop. changed: the generation moved (wake pollers); change
 * is the new record of led_device_get_last_change(), or NULL when the move
 * is the GPIO chip going or coming back (not recorded).
 * button: a button event (kind in event->kind) was recognised, after its
 * action on the LED; event->seq counts that kind, led_device_event_counts()
 * has every kind's count (complete waiters). gone: a GPIO chip vanished,
 * the LED's or the button's (fail waiters with ENODEV: no event comes).
 */
struct led_device_listener {
	void (*changed)(void *userdata, const struct led_cuse_change *change);
	void (*button)(void *userdata, const struct led_cuse_event *event);
	void (*gone)(void *userdata);
};

int led_device_new(sd_event *event, struct gpio_backend *backend,
		   const struct led_device_config *config, struct led_device **ret);
/* Stops blinking; does not touch the LED or the backend (the caller owns it). */
struct led_device *led_device_free(struct led_device *dev);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct led_device *, led_device_free)

void led_device_set_listener(struct led_device *dev, const struct led_device_listener *listener,
			     void *userdata);

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
 * step would have ended; after BLINK_MAX_FAILURES in a row the mode stops
 * (a change: the LED is reported at the level it last took) and the error
 * is logged. While the chip is unplugged the mode pauses; it resumes with
 * the step it was in when the chip comes back.
 */
int led_device_start_mode(struct led_device *dev, const struct led_mode *mode, const struct led_origin *origin);
/* led_device_start_mode() of led_mode_blink(on_ms, off_ms, 0): blink forever. */
int led_device_blink(struct led_device *dev, unsigned int on_ms, unsigned int off_ms,
		     const struct led_origin *origin);
int led_device_apply(struct led_device *dev, const struct led_command *cmd, const struct led_origin *origin);
/*
 * The n commands of one write, in order, all or nothing: readers, pollers
 * and the listener are told once, after the last (the record is the last
 * command's). When one fails, what the commands before it did is undone:
 * the line is driven back to its level, the mode goes on with its timer as
 * it was, and the record and the generation are as before, so nobody is
 * woken. Returns the failing command's error. Should the line refuse to go
 * back too, the LED stays as those commands set it, told as their change;
 * unplugged meanwhile, the chip's return restores the state from before.
 */
int led_device_apply_all(struct led_device *dev, const struct led_command *cmds, size_t n,
			 const struct led_origin *origin);

/*
 * The edges to request from the backend: the configured ones, or both when
 * releases are needed (hold_ms, button-action momentary).
 */
enum gpio_edge led_device_button_edges(const struct led_device_config *config);

/* A debounced press edge, as if read from the backend (its changes: LED_CUSE_CHANGE_BUTTON). */
void led_device_button_press(struct led_device *dev, uint64_t timestamp_ns);

/* Events of each kind (enum led_cuse_event_kind) recognised since start. */
const uint64_t *led_device_event_counts(struct led_device *dev);

void led_device_get_status(struct led_device *dev, struct led_device_status *status);
/* The STATUS= text for systemd into buf (size bytes): as snprintf. */
int led_device_format_status(struct led_device *dev, char *buf, size_t size);
/* The public ioctl structs of <led-cuse/led.h> are built here, and only here. */
void led_device_get_state(struct led_device *dev, struct led_cuse_state *state);
void led_device_get_mode(struct led_device *dev, struct led_cuse_mode *mode);
void led_device_get_info(struct led_device *dev, struct led_cuse_info *info);
/* The last recorded change, or the start's record before any. */
void led_device_get_last_change(struct led_device *dev, struct led_cuse_change *change);
bool led_device_has_button(struct led_device *dev);

#endif
