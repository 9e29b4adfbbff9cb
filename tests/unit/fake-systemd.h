/* SPDX-License-Identifier: MIT */
/*
 * A fake systemd for the bus triggers' tests: a server bus on the other end
 * of a socketpair, on the test's event loop, serving on
 * /org/freedesktop/systemd1 the Manager's LoadUnit, Subscribe and
 * SystemState, and one unit, foo.service (also loaded as alias.service),
 * with its ActiveState; and a trigger sink that records what it is shown.
 */
#ifndef LED_CUSE_FAKE_SYSTEMD_H
#define LED_CUSE_FAKE_SYSTEMD_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "trigger-bus.h"
#include "trigger.h"

#define FAKE_UNIT_PATH "/org/freedesktop/systemd1/unit/foo_2eservice"

struct fake_systemd {
	sd_event *event;
	sd_bus *server;                 /* of the latest connection */
	int opens, opens_failing;       /* fake_systemd_opener's calls; the first opens_failing fail */
	bool hold;                      /* the next servers do not answer until fake_systemd_serve() */
	int subscribes, load_units, gets;
	char loaded[64];                /* the last LoadUnit's name */
	const char *unit_state;         /* foo.service's ActiveState */
	const char *system_state;       /* SystemState */
	char shown[32][32];             /* the sink's shows: "on", "off", "blink MS" */
	int shown_n;
};

extern struct fake_systemd fake;
extern const struct trigger_bus_opener_ops fake_systemd_opener;
extern const struct trigger_sink_ops fake_systemd_sink;

void fake_systemd_setup(void);
void fake_systemd_teardown(void);
/* Start answering on a held server. */
void fake_systemd_serve(void);
/* systemd went away (dbus restarted). */
void fake_systemd_hang_up(void);
/* PropertiesChanged of the unit at path: ActiveState=fake.unit_state among the changed, or only invalidated. */
void fake_systemd_emit_unit_changed(const char *path, bool invalidated);
/* A signal of the Manager without arguments checked (member: JobRemoved...). */
void fake_systemd_emit_manager(const char *member);
/* Run the loop until cond holds (bounded: a failure, never a hang); returns cond. */
#define fake_systemd_run_until(cond)                                                  \
	({                                                                            \
		for (int _n_ = 0; _n_ < 500 && !(cond); _n_++)                           \
			ck_assert_int_ge(sd_event_run(fake.event, 10000), 0);         \
		(cond);                                                               \
	})
/* Run the loop until nothing happens for 100 ms. */
void fake_systemd_settle(void);
/* A look (trigger_bus_ops.look's result) as the shows are written. */
const char *fake_systemd_look(unsigned int blink_ms, bool on);
/* The shows so far, joined with ",". */
const char *fake_systemd_shown(void);

#endif
