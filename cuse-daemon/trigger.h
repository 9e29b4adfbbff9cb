/* SPDX-License-Identifier: MIT */
/*
 * A running trigger, as the kernel's struct led_trigger: it follows its
 * source (an interface, a systemd unit, the system's state, CPU or disk
 * activity) and shows it on the LED through its sink (the LED device, by
 * led_device_start_trigger()). Each kind is a file of its own,
 * trigger-KIND.c, behind struct trigger_kind; this file picks it.
 *
 * A kind watches its source without polling where the source can tell
 * (rtnetlink, sd-bus signals), and samples only what has no events
 * (interface statistics while the link is up, /proc/stat, /proc/diskstats),
 * at the rate its file documents. It never blocks the loop.
 */
#ifndef LED_CUSE_TRIGGER_H
#define LED_CUSE_TRIGGER_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "led-mode.h"
#include "macro.h"
#include "trigger-sockets.h"
#include "trigger-spec.h"

/* The blinks the state-following kinds show (unit, system): led-cuse(4). */
#define TRIGGER_SLOW_BLINK_MS 500       /* activating, starting: 1 Hz */
#define TRIGGER_FAST_BLINK_MS 100       /* failed, degraded: 5 Hz */

struct trigger_sink_ops {
	/*
	 * The source's state changed (link up, a unit failed): show the level
	 * on, or, with mode non-NULL, that endless mode (a blink). A change:
	 * pollers wake, the record says LED_CUSE_CHANGE_TRIGGER. Showing what is
	 * shown already is none.
	 */
	void (*show)(void *userdata, bool on, const struct led_mode *mode);
	/* Activity (traffic, I/O, a busy CPU): the LED shows the other level
	 * for ms, then what it showed. Not a change, like a blink's steps. */
	void (*flash)(void *userdata, unsigned int ms);
};

/* One kind: what trigger_new() runs for spec->kind. */
struct trigger_kind {
	int (*new)(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		   const struct trigger_sink_ops *sink, void *userdata, void **ret);
	void *(*free)(void *impl);
};

extern const struct trigger_kind trigger_netdev_kind;
extern const struct trigger_kind trigger_unit_kind;
extern const struct trigger_kind trigger_system_kind;
extern const struct trigger_kind trigger_cpu_kind;
extern const struct trigger_kind trigger_disk_kind;

struct trigger;

/*
 * Start following spec's source (kind not NONE); it shows on the sink
 * from the first state it learns. 0, or a negative errno (the source
 * cannot be watched: a socket, the bus), nothing running then.
 */
int trigger_new(sd_event *event, const struct trigger_spec *spec, const struct trigger_sockets *sockets,
		const struct trigger_sink_ops *sink, void *userdata, struct trigger **ret);
/* Stops watching; shows nothing more. */
struct trigger *trigger_free(struct trigger *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct trigger *, trigger_free)

const struct trigger_spec *trigger_get_spec(const struct trigger *t);

#endif
