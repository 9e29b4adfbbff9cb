/* SPDX-License-Identifier: MIT */
/*
 * gpio-backend on libgpiod v2.
 *
 * The LED and the button are requested with one line request per chip:
 * a single request holding both lines when they share a chip, two otherwise.
 *
 * Edges are physical at this interface (config->button_edge and
 * gpio_button_event.rising). The kernel applies active-low to edges too
 * (GPIO v2 uAPI), so both are swapped for an active-low button.
 *
 * Hot-unplug: once a chip is gone the kernel fails line ioctls and reads
 * with ENODEV and the request fd polls POLLHUP | POLLERR (but Linux 6.1
 * wakes no poller: gpio_backend_check() reads every request to find out).
 * The backend then reports -ENODEV for the lines of that chip only (the LED
 * goes on working while the button's own chip is gone) and keeps their dead
 * requests (so the event fd the caller holds stays valid) until
 * gpio_backend_reconnect() finds those lines again; it releases them just
 * before requesting anew.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpio-backend-gpiod.h"
#include "gpio-backend-private.h"
#include "gpio-chip-lookup.h"

#define EVENT_BUFFER_CAPACITY 64

/* What one successful lookup + request produced. */
struct gpiod_lines {
	struct gpiod_line_request *led_req;
	struct gpiod_line_request *button_req; /* == led_req if on the same chip */
	unsigned int led_offset;
	unsigned int button_offset;
};

/*
 * Where to look for a line: its spec, and for a chip looked up by path the
 * label it must still have (another chip may have taken the number since).
 */
struct line_where {
	struct gpio_line_spec spec;
	char *label;                    /* NULL: any chip the spec finds */
	char *note;                     /* why the chip is not looked up by label */
};

static void line_where_clear(struct line_where *w)
{
	gpio_line_spec_clear(&w->spec);
	free(w->label);
	free(w->note);
	*w = (struct line_where){};
}

struct gpiod_backend {
	struct gpio_backend base;
	struct gpio_backend_config config; /* deep copy, for reconnect */
	struct line_where led_replug, button_replug; /* see replug_where() */
	struct gpiod_edge_event_buffer *events;
	struct gpiod_lines lines;
	/* What the last successful request found: kept while a chip is away,
	 * and when a request fails, for GET_INFO and the logs. */
	struct gpio_backend_info info;
	unsigned int gone;              /* GPIO_LINE_* whose chip went away */
};

static struct gpiod_backend *to_gpiod(struct gpio_backend *b)
{
	return (struct gpiod_backend *)b;
}

/* Release the requests of the lines in mask (GPIO_LINE_*); a shared one goes with either line. */
static void lines_release_some(struct gpiod_lines *l, unsigned int mask)
{
	struct gpiod_line_request *led = mask & GPIO_LINE_LED ? l->led_req : NULL;
	struct gpiod_line_request *button = mask & GPIO_LINE_BUTTON ? l->button_req : NULL;

	if (led) {
		gpiod_line_request_release(led);
		if (l->button_req == led)
			l->button_req = NULL;
		l->led_req = NULL;
	}
	if (button && button != led) {
		gpiod_line_request_release(button);
		l->button_req = NULL;
	}
}

static void lines_release(struct gpiod_lines *l)
{
	lines_release_some(l, GPIO_LINE_LED | GPIO_LINE_BUTTON);
	*l = (struct gpiod_lines){};
}

static void chip_describe(struct gpiod_chip *chip, char label[static 64])
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *info = gpiod_chip_get_info(chip);

	/* Informational only: an unreadable label is not worth failing for. */
	snprintf(label, 64, "%s", info ? gpiod_chip_info_get_label(info) : "");
}

static bool same_chip(struct gpiod_chip *a, struct gpiod_chip *b)
{
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *ia = gpiod_chip_get_info(a);
	_cleanup_(gpiod_chip_info_freep) struct gpiod_chip_info *ib = gpiod_chip_get_info(b);

	/* The kernel device name ("gpiochipN") is unique, paths and labels may not be. */
	return ia && ib && strcmp(gpiod_chip_info_get_name(ia), gpiod_chip_info_get_name(ib)) == 0;
}

static int add_led_settings(struct gpiod_line_config *lc, const struct gpio_backend_config *c,
			    unsigned int offset, bool value)
{
	_cleanup_(gpiod_line_settings_freep) struct gpiod_line_settings *s = gpiod_line_settings_new();

	if (!s)
		return -ENOMEM;
	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
	    gpiod_line_settings_set_output_value(s, value ? GPIOD_LINE_VALUE_ACTIVE
							  : GPIOD_LINE_VALUE_INACTIVE) < 0)
		return -errno;
	gpiod_line_settings_set_active_low(s, c->led_active_low);

	if (gpiod_line_config_add_line_settings(lc, &offset, 1, s) < 0)
		return -errno;
	return 0;
}

static int add_button_settings(struct gpiod_line_config *lc, const struct gpio_backend_config *c,
			       unsigned int offset)
{
	static const enum gpiod_line_bias bias[] = {
		[GPIO_BIAS_AS_IS] = GPIOD_LINE_BIAS_AS_IS,
		[GPIO_BIAS_DISABLED] = GPIOD_LINE_BIAS_DISABLED,
		[GPIO_BIAS_PULL_UP] = GPIOD_LINE_BIAS_PULL_UP,
		[GPIO_BIAS_PULL_DOWN] = GPIOD_LINE_BIAS_PULL_DOWN,
	};
	_cleanup_(gpiod_line_settings_freep) struct gpiod_line_settings *s = gpiod_line_settings_new();
	enum gpiod_line_edge edge;

	if (!s)
		return -ENOMEM;

	/* Physical edge in the config, logical edge for the kernel. */
	switch (c->button_edge) {
	case GPIO_EDGE_RISING:
		edge = c->button_active_low ? GPIOD_LINE_EDGE_FALLING : GPIOD_LINE_EDGE_RISING;
		break;
	case GPIO_EDGE_FALLING:
		edge = c->button_active_low ? GPIOD_LINE_EDGE_RISING : GPIOD_LINE_EDGE_FALLING;
		break;
	default:
		edge = GPIOD_LINE_EDGE_BOTH;
		break;
	}

	if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
	    gpiod_line_settings_set_edge_detection(s, edge) < 0 ||
	    gpiod_line_settings_set_bias(s, bias[c->button_bias]) < 0 ||
	    gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC) < 0)
		return -errno;
	gpiod_line_settings_set_active_low(s, c->button_active_low);
	gpiod_line_settings_set_debounce_period_us(s, (unsigned long)c->debounce_ms * 1000);

	if (gpiod_line_config_add_line_settings(lc, &offset, 1, s) < 0)
		return -errno;
	return 0;
}

/* Request fds are non-blocking: an edge read then needs no poll() first. */
static int request(struct gpiod_chip *chip, struct gpiod_request_config *rc,
		   struct gpiod_line_config *lc, struct gpiod_line_request **ret)
{
	struct gpiod_line_request *req = gpiod_chip_request_lines(chip, rc, lc);
	int fd, flags, r;

	if (!req)
		return -errno;
	fd = gpiod_line_request_get_fd(req);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		r = -errno;
		gpiod_line_request_release(req);
		return r;
	}
	*ret = req;
	return 0;
}

/* The lines' chips, found but not requested yet (NULL: that line is not to be requested). */
struct gpiod_found {
	struct gpiod_chip *led_chip;
	struct gpiod_chip *button_chip;
	bool shared;                    /* both lines on led_chip: one request */
	unsigned int led_offset, button_offset;
};

static void found_done(struct gpiod_found *f)
{
	if (f->button_chip)
		gpiod_chip_close(f->button_chip);
	if (f->led_chip)
		gpiod_chip_close(f->led_chip);
}

/* Find one line; the explanation starts with the line it is about. */
static int lookup(const char *role, const struct line_where *w, struct gpiod_chip **chip,
		  unsigned int *offset, char *why, size_t whylen)
{
	char detail[160], label[64] = "";
	int r;

	r = gpio_line_lookup(&w->spec, chip, offset, detail, sizeof(detail));
	if (r >= 0 && w->label && (gpio_chip_get_label(*chip, label, sizeof(label)) < 0 ||
				   strcmp(label, w->label) != 0)) {
		snprintf(detail, sizeof(detail), "%s is now a chip labelled '%s', not '%s'", w->spec.chip,
			 label, w->label);
		gpiod_chip_close(*chip);
		*chip = NULL;
		r = -ENODEV;
	}
	if (r < 0 && why)
		snprintf(why, whylen, "%s: %s%s%s%s", role, *detail ? detail : strerror(-r),
			 w->note ? " (looked for under that name only: " : "", w->note ? w->note : "",
			 w->note ? ")" : "");
	return r;
}

/* Look both lines up; nothing is requested. */
static int lines_find(const struct gpio_backend_config *c, const struct line_where *led,
		      const struct line_where *button, struct gpiod_found *ret, char *why, size_t whylen)
{
	_cleanup_(found_done) struct gpiod_found f = {};
	int r;

	r = lookup("LED", led, &f.led_chip, &f.led_offset, why, whylen);
	if (r < 0)
		return r;
	if (c->has_button) {
		r = lookup("button", button, &f.button_chip, &f.button_offset, why, whylen);
		if (r < 0)
			return r;
		f.shared = same_chip(f.led_chip, f.button_chip);
		if (f.shared && f.button_offset == f.led_offset) {
			if (why)
				snprintf(why, whylen, "the LED and the button are the same line");
			return -EINVAL;
		}
	}
	*ret = f;
	f = (struct gpiod_found){};
	return 0;
}

/*
 * Request the lines found (the LED if f->led_chip, the button if
 * f->button_chip) into *ret, and describe them in their fields of *info.
 * On failure nothing is held and *info is untouched.
 */
static int lines_request(const struct gpio_backend_config *c, const struct gpiod_found *f, bool led_value,
			 struct gpiod_lines *ret, struct gpio_backend_info *info, char *why, size_t whylen)
{
	_cleanup_(lines_release) struct gpiod_lines l = {};
	_cleanup_(gpiod_request_config_freep) struct gpiod_request_config *rc = NULL;
	_cleanup_(gpiod_line_config_freep) struct gpiod_line_config *led_lc = NULL;
	_cleanup_(gpiod_line_config_freep) struct gpiod_line_config *button_lc = NULL;
	char led_label[64] = "", button_label[64] = "";
	int r;

	assert(f->led_chip || f->button_chip);
	assert(!f->shared || (f->led_chip && f->button_chip));

	rc = gpiod_request_config_new();
	if (!rc)
		return -ENOMEM;
	if (c->consumer)
		gpiod_request_config_set_consumer(rc, c->consumer);

	if (f->led_chip) {
		l.led_offset = f->led_offset;
		chip_describe(f->led_chip, led_label);
		led_lc = gpiod_line_config_new();
		if (!led_lc)
			return -ENOMEM;
		r = add_led_settings(led_lc, c, l.led_offset, led_value);
		if (r < 0)
			return r;
	}
	if (f->button_chip) {
		l.button_offset = f->button_offset;
		chip_describe(f->button_chip, button_label);
		if (!f->shared) {
			button_lc = gpiod_line_config_new();
			if (!button_lc)
				return -ENOMEM;
		}
		r = add_button_settings(f->shared ? led_lc : button_lc, c, l.button_offset);
		if (r < 0)
			return r;
	}

	if (f->led_chip) {
		r = request(f->led_chip, rc, led_lc, &l.led_req);
		if (r < 0) {
			if (why)
				snprintf(why, whylen, "LED: line %u of %s: %s", l.led_offset,
					 gpiod_chip_get_path(f->led_chip), strerror(-r));
			return r;
		}
	}
	if (f->shared) {
		l.button_req = l.led_req;
	} else if (f->button_chip) {
		r = request(f->button_chip, rc, button_lc, &l.button_req);
		if (r < 0) {
			if (why)
				snprintf(why, whylen, "button: line %u of %s: %s", l.button_offset,
					 gpiod_chip_get_path(f->button_chip), strerror(-r));
			return r;
		}
	}

	if (f->led_chip) {
		memcpy(info->led_chip, led_label, sizeof(led_label));
		info->led_offset = l.led_offset;
	}
	if (f->button_chip) {
		memcpy(info->button_chip, button_label, sizeof(button_label));
		info->button_offset = l.button_offset;
		info->has_button = true;
	}
	/* Requests live on their own fds; the chips are not needed any more. */
	*ret = l;
	l = (struct gpiod_lines){};
	return 0;
}

/*
 * How to find a line again after a replug. A chip given as a path or
 * gpiochipN may come back under another number: it is looked up by the
 * label it had at start, if that label was on no other chip. Otherwise
 * only its old name is tried, and the chip found there must still have
 * that label (it may be another chip now).
 */
static int replug_where(const struct gpio_line_spec *spec, struct gpiod_chip *chip, struct line_where *ret)
{
	_cleanup_(gpiod_chip_closep) struct gpiod_chip *other = NULL;
	char label[64], note[160];
	int r;

	*ret = (struct line_where){ .spec.offset = spec->offset };
	if (spec->name) {
		ret->spec.name = strdup(spec->name);
		return ret->spec.name ? 0 : -ENOMEM;
	}
	if (spec->chip[0] == '/' || strncmp(spec->chip, "gpiochip", 8) == 0) {
		r = gpio_chip_get_label(chip, label, sizeof(label));
		if (r >= 0) {
			r = gpio_chip_open_by_spec(label, &other, note, sizeof(note));
			if (r >= 0) {
				ret->spec.chip = strdup(label);
				return ret->spec.chip ? 0 : -ENOMEM;
			}
			ret->label = strdup(label);
			ret->note = strdup(note);
		} else {
			ret->note = strdup("it has no label");
		}
		if (!ret->note || (r >= 0 && !ret->label))
			return -ENOMEM;
	}
	ret->spec.chip = strdup(spec->chip);
	return ret->spec.chip ? 0 : -ENOMEM;
}

/* -ENODEV once the chip of this request was unplugged (see top of file). */
static int request_check(struct gpiod_line_request *req, unsigned int offset)
{
	if (gpiod_line_request_get_value(req, offset) == GPIOD_LINE_VALUE_ERROR)
		return -errno;
	return 0;
}

/* The lines a request holds: both for one they share. */
static unsigned int request_lines(const struct gpiod_lines *l, const struct gpiod_line_request *req)
{
	return (req && req == l->led_req ? GPIO_LINE_LED : 0) | (req && req == l->button_req ? GPIO_LINE_BUTTON : 0);
}

/* r is what a call on req returned: -ENODEV says the chip of its lines is gone. */
static int gone(struct gpiod_backend *b, const struct gpiod_line_request *req, int r)
{
	if (r == -ENODEV)
		b->gone |= request_lines(&b->lines, req);
	return r;
}

/* Probe every request whose lines are believed held, not only the LED's:
 * the button may be on another chip. -ENODEV if any line is gone. */
static int lines_probe(struct gpiod_backend *b)
{
	struct gpiod_lines *l = &b->lines;
	int r = 0, k;

	if (!(b->gone & GPIO_LINE_LED))
		r = gone(b, l->led_req, request_check(l->led_req, l->led_offset));
	if (l->button_req && l->button_req != l->led_req && !(b->gone & GPIO_LINE_BUTTON)) {
		k = gone(b, l->button_req, request_check(l->button_req, l->button_offset));
		if (r >= 0)
			r = k;
	}
	return b->gone ? -ENODEV : r;
}

static int gpiod_backend_set_led(struct gpio_backend *base, bool on)
{
	struct gpiod_backend *b = to_gpiod(base);

	if (b->gone & GPIO_LINE_LED)
		return -ENODEV;
	if (gpiod_line_request_set_value(b->lines.led_req, b->lines.led_offset,
					 on ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0)
		return gone(b, b->lines.led_req, -errno);
	return 0;
}

static int gpiod_backend_get_led(struct gpio_backend *base, bool *on)
{
	struct gpiod_backend *b = to_gpiod(base);
	enum gpiod_line_value v;

	if (b->gone & GPIO_LINE_LED)
		return -ENODEV;
	v = gpiod_line_request_get_value(b->lines.led_req, b->lines.led_offset);
	if (v == GPIOD_LINE_VALUE_ERROR)
		return gone(b, b->lines.led_req, -errno);
	*on = v == GPIOD_LINE_VALUE_ACTIVE;
	return 0;
}

static int gpiod_backend_get_event_fd(struct gpio_backend *base)
{
	struct gpiod_backend *b = to_gpiod(base);

	return b->lines.button_req ? gpiod_line_request_get_fd(b->lines.button_req) : -1;
}

static int gpiod_backend_read_events(struct gpio_backend *base, struct gpio_button_event *events,
				     size_t max)
{
	struct gpiod_backend *b = to_gpiod(base);
	struct gpiod_line_request *req = b->lines.button_req;
	size_t n = 0;

	if (b->gone & GPIO_LINE_BUTTON)
		return -ENODEV;
	if (!req)
		return 0;

	while (n < max) {
		size_t want = max - n;
		int k;

		if (want > EVENT_BUFFER_CAPACITY)
			want = EVENT_BUFFER_CAPACITY;
		/* One read per press: the fd is non-blocking (see request()). */
		k = gpiod_line_request_read_edge_events(req, b->events, want);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno == EAGAIN)
			break;
		if (k < 0)
			return gone(b, req, -errno);

		for (int i = 0; i < k; i++) {
			struct gpiod_edge_event *ev = gpiod_edge_event_buffer_get_event(b->events, (unsigned long)i);
			bool logical_rising;

			/* A shared request also holds the LED, which has no edge detection. */
			if (gpiod_edge_event_get_line_offset(ev) != b->lines.button_offset)
				continue;
			logical_rising = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE;
			events[n++] = (struct gpio_button_event){
				.timestamp_ns = gpiod_edge_event_get_timestamp_ns(ev),
				.rising = logical_rising != b->config.button_active_low,
			};
		}
		/* The kernel returns fewer than asked only when its queue is empty:
		 * no second read needed (one system call per press). */
		if ((size_t)k < want)
			break;
	}

	return (int)(n > INT_MAX ? INT_MAX : n);
}

static int gpiod_backend_check(struct gpio_backend *base)
{
	return lines_probe(to_gpiod(base));
}

static unsigned int gpiod_backend_gone(struct gpio_backend *base)
{
	return to_gpiod(base)->gone;
}

/* Keep the first error (and its why): *r unless it is one already. */
static void first_error(int *r, int k)
{
	if (*r >= 0 && k < 0)
		*r = k;
}

/*
 * The lines of f were found again: release their old requests (a line on a
 * chip that stayed is still held by its old request, and requesting it again
 * would fail with EBUSY), request them anew and take them.
 */
static int reconnect_found(struct gpiod_backend *b, const struct gpiod_found *f, bool led_value, char *why,
			   size_t whylen)
{
	unsigned int lines = (f->led_chip ? GPIO_LINE_LED : 0) | (f->button_chip ? GPIO_LINE_BUTTON : 0);
	struct gpiod_lines l;
	int r;

	lines_release_some(&b->lines, lines);
	r = lines_request(&b->config, f, led_value, &l, &b->info, why, whylen);
	if (r < 0)
		return r; /* nothing held for them now: the next attempt starts afresh */
	if (f->led_chip) {
		b->lines.led_req = l.led_req;
		b->lines.led_offset = l.led_offset;
	}
	if (f->button_chip) {
		b->lines.button_req = l.button_req;
		b->lines.button_offset = l.button_offset;
	}
	b->gone &= ~lines;
	return 0;
}

/*
 * The lines believed held are probed first: if none is gone there is
 * nothing to reconnect. Each gone line is looked up with its own chip, and
 * one that is found is requested again even while the other is missing;
 * both found on one chip share a request again. A lookup changes nothing,
 * so an attempt while a chip is still missing leaves its line as it was.
 */
static int gpiod_backend_reconnect(struct gpio_backend *base, bool led_value, char *why, size_t whylen)
{
	struct gpiod_backend *b = to_gpiod(base);
	_cleanup_(found_done) struct gpiod_found f = {};
	int r;

	r = lines_probe(b);
	if (!b->gone)
		return r < 0 ? r : gpiod_backend_set_led(base, led_value);

	r = 0;
	if (b->gone & GPIO_LINE_LED)
		first_error(&r, lookup("LED", &b->led_replug, &f.led_chip, &f.led_offset, why, whylen));
	if (b->gone & GPIO_LINE_BUTTON)
		first_error(&r, lookup("button", &b->button_replug, &f.button_chip, &f.button_offset,
				       r < 0 ? NULL : why, whylen));
	if (f.led_chip && f.button_chip) {
		f.shared = same_chip(f.led_chip, f.button_chip);
		if (f.shared && f.button_offset == f.led_offset) {
			if (why)
				snprintf(why, whylen, "the LED and the button are the same line");
			return -EINVAL;
		}
	}
	if (f.shared) {
		first_error(&r, reconnect_found(b, &f, led_value, r < 0 ? NULL : why, whylen));
		return r;
	}
	if (f.led_chip)
		first_error(&r, reconnect_found(b, &(struct gpiod_found){ .led_chip = f.led_chip,
									  .led_offset = f.led_offset },
						led_value, r < 0 ? NULL : why, whylen));
	if (f.button_chip)
		first_error(&r, reconnect_found(b, &(struct gpiod_found){ .button_chip = f.button_chip,
									  .button_offset = f.button_offset },
						led_value, r < 0 ? NULL : why, whylen));
	return r;
}

static void gpiod_backend_get_info(struct gpio_backend *base, struct gpio_backend_info *info)
{
	*info = to_gpiod(base)->info;
}

static void config_clear(struct gpio_backend_config *c)
{
	gpio_line_spec_clear(&c->button);
	gpio_line_spec_clear(&c->led);
	free((char *)c->consumer);
	*c = (struct gpio_backend_config){};
}

static void gpiod_backend_free(struct gpio_backend *base)
{
	struct gpiod_backend *b = to_gpiod(base);

	lines_release(&b->lines);
	if (b->events)
		gpiod_edge_event_buffer_free(b->events);
	line_where_clear(&b->led_replug);
	line_where_clear(&b->button_replug);
	config_clear(&b->config);
	free(b);
}

static void gpiod_backend_freep(struct gpiod_backend **b)
{
	if (*b)
		gpiod_backend_free(&(*b)->base);
}

static const struct gpio_backend_ops gpiod_backend_ops = {
	.set_led = gpiod_backend_set_led,
	.get_led = gpiod_backend_get_led,
	.get_event_fd = gpiod_backend_get_event_fd,
	.read_events = gpiod_backend_read_events,
	.check = gpiod_backend_check,
	.gone = gpiod_backend_gone,
	.reconnect = gpiod_backend_reconnect,
	.get_info = gpiod_backend_get_info,
	.free = gpiod_backend_free,
};

static int spec_copy(struct gpio_line_spec *dst, const struct gpio_line_spec *src)
{
	/* Exactly one of name and chip, as gpio_line_spec_parse() produces. */
	if (!src->name == !src->chip)
		return -EINVAL;

	dst->offset = src->offset;
	if (src->name) {
		dst->name = strdup(src->name);
		return dst->name ? 0 : -ENOMEM;
	}
	dst->chip = strdup(src->chip);
	return dst->chip ? 0 : -ENOMEM;
}

static int config_copy(struct gpio_backend_config *dst, const struct gpio_backend_config *src)
{
	int r;

	if ((unsigned int)src->button_bias > GPIO_BIAS_PULL_DOWN ||
	    (unsigned int)src->button_edge > GPIO_EDGE_BOTH ||
	    /* The kernel takes the debounce period in microseconds as a u32. */
	    src->debounce_ms > UINT32_MAX / 1000)
		return -EINVAL;

	*dst = *src;
	dst->consumer = NULL;
	dst->led = dst->button = (struct gpio_line_spec){};

	if (src->consumer) {
		dst->consumer = strdup(src->consumer);
		if (!dst->consumer)
			return -ENOMEM;
	}
	r = spec_copy(&dst->led, &src->led);
	if (r < 0)
		return r;
	if (src->has_button)
		return spec_copy(&dst->button, &src->button);
	return 0;
}

int gpio_backend_new_gpiod(const struct gpio_backend_config *config, struct gpio_backend **ret,
			   char *why, size_t whylen)
{
	_cleanup_(gpiod_backend_freep) struct gpiod_backend *b = NULL;
	_cleanup_(found_done) struct gpiod_found f = {};
	int r;

	if (why && whylen)
		*why = '\0';

	if (!config || !ret)
		return -EINVAL;

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->base.ops = &gpiod_backend_ops;

	r = config_copy(&b->config, config);
	if (r < 0)
		return r;

	if (b->config.has_button) {
		b->events = gpiod_edge_event_buffer_new(EVENT_BUFFER_CAPACITY);
		if (!b->events)
			return -ENOMEM;
	}

	r = lines_find(&b->config, &(struct line_where){ .spec = b->config.led },
		       &(struct line_where){ .spec = b->config.button }, &f, why, whylen);
	if (r < 0)
		return r;
	r = replug_where(&b->config.led, f.led_chip, &b->led_replug);
	if (r >= 0 && b->config.has_button)
		r = replug_where(&b->config.button, f.button_chip, &b->button_replug);
	if (r < 0)
		return r;
	r = lines_request(&b->config, &f, b->config.led_initial, &b->lines, &b->info, why, whylen);
	if (r < 0)
		return r;

	*ret = &TAKE_PTR(b)->base;
	return 0;
}
