/* SPDX-License-Identifier: MIT */
#include "change-log.h"

#include <stdio.h>

#include "log.h"
#include "string-util.h"
#include "uapi.h"

void change_log_record(const char *name, const struct led_cuse_change *c)
{
	const char *source = strunknown(uapi_change_source_to_string(c->source));
	char f_dev[16 + LED_CUSE_NAME_LEN], f_source[32], f_state[32], f_flags[32], f_gen[48], f_uid[32],
		f_pid[32], who[64] = "", mode[32] = "";
	const char *fields[] = { f_dev, f_source, f_state, f_flags, f_gen, f_uid, f_pid };
	size_t n = 5;

	if (log_get_max_level() < LOG_DEBUG)
		return; /* the formatting costs a button press or a write too */
	snprintf(f_dev, sizeof(f_dev), "LED_CUSE_DEVICE=%s", name);
	snprintf(f_source, sizeof(f_source), "LED_CUSE_SOURCE=%s", source);
	snprintf(f_state, sizeof(f_state), "LED_CUSE_STATE=%u", c->state);
	snprintf(f_flags, sizeof(f_flags), "LED_CUSE_STATE_FLAGS=%u", c->flags);
	snprintf(f_gen, sizeof(f_gen), "LED_CUSE_GENERATION=%llu", (unsigned long long)c->generation);
	if (c->uid != LED_CUSE_CHANGE_NO_UID) {
		snprintf(f_uid, sizeof(f_uid), "LED_CUSE_UID=%u", c->uid);
		snprintf(f_pid, sizeof(f_pid), "LED_CUSE_PID=%u", c->pid);
		snprintf(who, sizeof(who), ", uid %u, pid %u", c->uid, c->pid);
		n += 2;
	}
	if (c->flags & LED_CUSE_STATE_BLINKING)
		snprintf(mode, sizeof(mode), " (%s)", strunknown(uapi_mode_kind_to_string(LED_CUSE_STATE_MODE(c->flags))));
	log_struct(LOG_DEBUG, fields, n, "/dev/%s: LED %s%s by %s%s", name, c->state ? "on" : "off", mode, source, who);
}

static void on_changed(void *userdata, const struct led_cuse_change *change)
{
	if (change)
		change_log_record(userdata, change);
}

const struct led_listener change_log_listener = {
	.changed = on_changed,
};
