/* SPDX-License-Identifier: MIT */
/*
 * The button source: the button's edge events and deadlines on the loop.
 * It reads the backend's edge fd, turns each edge into a press or a
 * release of the right direction, feeds the recogniser (button.c, which
 * stays pure) and gives it its timer; what the recogniser makes of them
 * goes to the owner (ops->event). A read that fails is the owner's to
 * judge (ops->read_failed: is the chip gone?); one that merely repeats is
 * retried a moment later, logged once.
 */
#ifndef LED_CUSE_BUTTON_SOURCE_H
#define LED_CUSE_BUTTON_SOURCE_H

#include <stdbool.h>

#include <systemd/sd-event.h>

#include "button.h"
#include "gpio-backend.h"
#include "macro.h"

struct button_source_config {
	const char *name;               /* the device's, for the log; must outlive the source */
	enum button_action action;      /* momentary needs releases */
	unsigned int hold_ms, double_click_ms;  /* 0: off */
	enum gpio_edge edge;            /* configured: the physical edge of a press (both: the active one) */
	bool active_low;
};

/*
 * The edges to request from the backend: the configured ones, or both when
 * releases are needed (hold_ms, button-action momentary).
 */
enum gpio_edge button_source_edges(unsigned int hold_ms, enum button_action action, enum gpio_edge edge);

struct button_source_ops {
	/* A recognised event, CLICK included. */
	void (*event)(void *userdata, const struct button_event *event);
	/*
	 * Reading the edges failed with error (-EPIPE: a hang-up with nothing to
	 * read), other than EINTR or EAGAIN, and the backend's lines were probed
	 * (gpio_backend_gone() tells). The owner stops the source
	 * (button_source_stop()) if the button's chip is gone; if it does not,
	 * the source pauses and reads again a moment later.
	 */
	void (*read_failed)(void *userdata, int error);
	/* The source could not pause after a failed read: reading on would spin
	 * the loop, so it stopped. The button is lost until the chip's next
	 * reconnect. */
	void (*stopped)(void *userdata, int error);
};

struct button_source;

int button_source_new(sd_event *event, struct gpio_backend *backend, const struct button_source_config *config,
		      const struct button_source_ops *ops, void *userdata, struct button_source **ret);
struct button_source *button_source_free(struct button_source *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct button_source *, button_source_free)

/* Watch the backend's edge fd (again: a line requested again may have
 * another); without a button, nothing. */
int button_source_watch(struct button_source *b);
/* Stop reading: the button's chip is gone. */
void button_source_stop(struct button_source *b);
/* Edges are dropped while the owner cannot act on them (the LED's chip is gone). */
void button_source_set_accepting(struct button_source *b, bool accepting);
/* Forget the press in progress (its line, or the LED it acts on, went away). */
void button_source_reset(struct button_source *b);

#endif
