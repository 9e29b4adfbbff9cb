/* SPDX-License-Identifier: MIT */
/*
 * A trigger specification: which source the LED follows (<led-cuse/led.h>'s
 * enum led_cuse_trigger_kind) with its arguments, parsed from and printed
 * as the words of the write command "trigger KIND ARGS", the configuration
 * key "trigger = KIND ARGS" and "ledctl trigger KIND ARGS" alike, and
 * converted from and to struct led_cuse_trigger (SET_/GET_TRIGGER):
 *   none
 *   netdev IFACE [link] [tx] [rx]   each flag at most once, in any order
 *   unit UNIT                       a unit name as on-press takes (unit-name.h)
 *   system | cpu | disk
 * Kinds and flags match case-insensitively; names are taken as they are.
 */
#ifndef LED_CUSE_TRIGGER_SPEC_H
#define LED_CUSE_TRIGGER_SPEC_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include <led-cuse/led.h>

struct trigger_spec {
	enum led_cuse_trigger_kind kind;
	/* netdev: the interface (1..IFNAMSIZ-1 bytes); unit: its name (shorter
	 * than LED_CUSE_TRIGGER_ARGS_LEN); "" for the others. */
	char name[LED_CUSE_TRIGGER_ARGS_LEN];
	bool link, tx, rx;      /* netdev */
};

/* The words after "trigger" (len bytes, no newline). 0, or -EINVAL (ret untouched). */
int trigger_spec_parse(const char *words, size_t len, struct trigger_spec *ret);
/* spec as those words ("netdev eth0 link tx"): its length, or -ENOBUFS. */
int trigger_spec_format(const struct trigger_spec *spec, char *buf, size_t size);

/* From SET_TRIGGER's struct: -EINVAL unless exactly as led.h documents it. */
int trigger_spec_from_cuse(const struct led_cuse_trigger *in, struct trigger_spec *ret);
void trigger_spec_to_cuse(const struct trigger_spec *spec, struct led_cuse_trigger *out);

#endif
