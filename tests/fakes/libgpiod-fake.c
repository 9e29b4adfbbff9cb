/* SPDX-License-Identifier: MIT */
/* A fake libgpiod v2: chips, line requests and edge events in memory (libgpiod-fake.h). */
#include "libgpiod-fake.h"

#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define MAX_CHIPS 8
#define MAX_LINES 64
#define MAX_REQUEST_LINES 4
#define QUEUE_LEN 64

struct fake_chip {
	bool used, live;
	char path[128], name[32], label[64];
	unsigned int num_lines;
	unsigned int instance;          /* bumped at each unplug: requests of an older one are dead */
	bool held[MAX_LINES];           /* by a request of this instance */
	int level[MAX_LINES];
	int fail_request;
	int fail_read;
	unsigned int fail_reads, requests;
};

static struct fake_chip chips[MAX_CHIPS];

struct gpiod_chip {
	struct fake_chip *c;
	unsigned int instance;
};

struct gpiod_chip_info {
	char name[32], label[64];
	size_t num_lines;
};

struct gpiod_line_settings {
	enum gpiod_line_direction direction;
	enum gpiod_line_edge edge;
	enum gpiod_line_bias bias;
	bool active_low;
	unsigned long debounce_us;
	enum gpiod_line_clock clock;
	enum gpiod_line_value output;
};

struct gpiod_line_config {
	size_t n;
	unsigned int offsets[MAX_REQUEST_LINES];
	struct gpiod_line_settings settings[MAX_REQUEST_LINES];
};

struct gpiod_request_config {
	char consumer[32];
};

struct gpiod_edge_event {
	enum gpiod_edge_event_type type;
	uint64_t timestamp_ns;
	unsigned int offset;
};

struct gpiod_edge_event_buffer {
	size_t capacity, num;
	struct gpiod_edge_event *events;
};

struct gpiod_line_request {
	struct fake_chip *c;
	unsigned int instance;
	struct gpiod_line_config lines;
	int fd;
	struct gpiod_edge_event queue[QUEUE_LEN];
	size_t head, len;
	struct gpiod_line_request *next;
};

static struct gpiod_line_request *requests;

static struct fake_chip *chip_by_path(const char *path)
{
	for (size_t i = 0; i < MAX_CHIPS; i++)
		if (chips[i].used && strcmp(chips[i].path, path) == 0)
			return &chips[i];
	return NULL;
}

static struct fake_chip *chip_must(const char *path)
{
	struct fake_chip *c = chip_by_path(path);

	if (!c) {
		fprintf(stderr, "libgpiod-fake: no chip %s\n", path);
		abort();
	}
	return c;
}

static bool request_dead(const struct gpiod_line_request *r)
{
	return !r->c->live || r->instance != r->c->instance;
}

static const struct gpiod_line_settings *request_line(const struct gpiod_line_request *r, unsigned int offset)
{
	for (size_t i = 0; i < r->lines.n; i++)
		if (r->lines.offsets[i] == offset)
			return &r->lines.settings[i];
	return NULL;
}

static void kick(int fd)
{
	uint64_t one = 1;

	(void)!write(fd, &one, sizeof(one));
}

/* --- the test's side --- */

void libgpiod_fake_chip_add(const char *path, const char *name, const char *label, unsigned int num_lines)
{
	for (size_t i = 0; i < MAX_CHIPS; i++)
		if (!chips[i].used) {
			chips[i] = (struct fake_chip){ .used = true, .live = true, .num_lines = num_lines };
			snprintf(chips[i].path, sizeof(chips[i].path), "%s", path);
			snprintf(chips[i].name, sizeof(chips[i].name), "%s", name);
			snprintf(chips[i].label, sizeof(chips[i].label), "%s", label);
			return;
		}
	abort();
}

void libgpiod_fake_chip_set_live(const char *path, bool live)
{
	struct fake_chip *c = chip_must(path);

	if (c->live == live)
		return;
	if (!live) {
		/* The requests' fds report the dead chip (POLLERR on a kernel). */
		for (struct gpiod_line_request *r = requests; r; r = r->next)
			if (r->c == c && r->instance == c->instance)
				kick(r->fd);
		c->instance++;
		memset(c->held, 0, sizeof(c->held));
	}
	c->live = live;
}

void libgpiod_fake_chip_set_label(const char *path, const char *label)
{
	struct fake_chip *c = chip_must(path);

	snprintf(c->label, sizeof(c->label), "%s", label);
}

void libgpiod_fake_chip_fail_next_request(const char *path, int error)
{
	chip_must(path)->fail_request = error;
}

void libgpiod_fake_chip_fail_reads(const char *path, int error, unsigned int count)
{
	struct fake_chip *c = chip_must(path);

	c->fail_read = error;
	c->fail_reads = count;
}

int libgpiod_fake_line_level(const char *path, unsigned int offset)
{
	struct fake_chip *c = chip_must(path);

	return offset < MAX_LINES ? c->level[offset] : -1;
}

unsigned int libgpiod_fake_chip_requests(const char *path)
{
	return chip_must(path)->requests;
}

void libgpiod_fake_edge(const char *path, unsigned int offset, bool rising, uint64_t timestamp_ns)
{
	struct fake_chip *c = chip_must(path);

	c->level[offset] = rising;
	for (struct gpiod_line_request *r = requests; r; r = r->next) {
		const struct gpiod_line_settings *s = request_line(r, offset);
		bool logical_rising;

		if (r->c != c || request_dead(r) || !s || s->edge == GPIOD_LINE_EDGE_NONE)
			continue;
		/* The kernel reports logical edges: active-low swaps them. */
		logical_rising = rising != s->active_low;
		if ((s->edge == GPIOD_LINE_EDGE_RISING && !logical_rising) ||
		    (s->edge == GPIOD_LINE_EDGE_FALLING && logical_rising) || r->len == QUEUE_LEN)
			continue;
		r->queue[(r->head + r->len++) % QUEUE_LEN] = (struct gpiod_edge_event){
			.type = logical_rising ? GPIOD_EDGE_EVENT_RISING_EDGE : GPIOD_EDGE_EVENT_FALLING_EDGE,
			.timestamp_ns = timestamp_ns,
			.offset = offset,
		};
		kick(r->fd);
	}
}

void libgpiod_fake_reset(void)
{
	memset(chips, 0, sizeof(chips));
}

/* --- libgpiod --- */

bool gpiod_is_gpiochip_device(const char *path)
{
	return chip_by_path(path) != NULL;
}

struct gpiod_chip *gpiod_chip_open(const char *path)
{
	struct fake_chip *c = chip_by_path(path);
	struct gpiod_chip *chip;

	if (!c || !c->live) {
		errno = ENOENT; /* an unplugged chip's node is gone */
		return NULL;
	}
	chip = calloc(1, sizeof(*chip));
	if (!chip)
		return NULL;
	*chip = (struct gpiod_chip){ .c = c, .instance = c->instance };
	return chip;
}

void gpiod_chip_close(struct gpiod_chip *chip)
{
	free(chip);
}

static bool chip_dead(const struct gpiod_chip *chip)
{
	return !chip->c->live || chip->instance != chip->c->instance;
}

struct gpiod_chip_info *gpiod_chip_get_info(struct gpiod_chip *chip)
{
	struct gpiod_chip_info *info;

	if (chip_dead(chip)) {
		errno = ENODEV;
		return NULL;
	}
	info = calloc(1, sizeof(*info));
	if (!info)
		return NULL;
	snprintf(info->name, sizeof(info->name), "%s", chip->c->name);
	snprintf(info->label, sizeof(info->label), "%s", chip->c->label);
	info->num_lines = chip->c->num_lines;
	return info;
}

const char *gpiod_chip_get_path(struct gpiod_chip *chip)
{
	return chip->c->path;
}

int gpiod_chip_get_line_offset_from_name(struct gpiod_chip *chip, const char *name)
{
	errno = ENOENT; /* fake chips have no line names */
	return -1;
}

void gpiod_chip_info_free(struct gpiod_chip_info *info)
{
	free(info);
}

const char *gpiod_chip_info_get_name(struct gpiod_chip_info *info)
{
	return info->name;
}

const char *gpiod_chip_info_get_label(struct gpiod_chip_info *info)
{
	return info->label;
}

size_t gpiod_chip_info_get_num_lines(struct gpiod_chip_info *info)
{
	return info->num_lines;
}

struct gpiod_line_settings *gpiod_line_settings_new(void)
{
	struct gpiod_line_settings *s = calloc(1, sizeof(*s));

	if (s)
		*s = (struct gpiod_line_settings){ .direction = GPIOD_LINE_DIRECTION_AS_IS,
						   .edge = GPIOD_LINE_EDGE_NONE,
						   .bias = GPIOD_LINE_BIAS_AS_IS,
						   .clock = GPIOD_LINE_CLOCK_MONOTONIC };
	return s;
}

void gpiod_line_settings_free(struct gpiod_line_settings *settings)
{
	free(settings);
}

int gpiod_line_settings_set_direction(struct gpiod_line_settings *s, enum gpiod_line_direction direction)
{
	s->direction = direction;
	return 0;
}

int gpiod_line_settings_set_edge_detection(struct gpiod_line_settings *s, enum gpiod_line_edge edge)
{
	s->edge = edge;
	return 0;
}

int gpiod_line_settings_set_bias(struct gpiod_line_settings *s, enum gpiod_line_bias bias)
{
	s->bias = bias;
	return 0;
}

void gpiod_line_settings_set_active_low(struct gpiod_line_settings *s, bool active_low)
{
	s->active_low = active_low;
}

void gpiod_line_settings_set_debounce_period_us(struct gpiod_line_settings *s, unsigned long period)
{
	s->debounce_us = period;
}

int gpiod_line_settings_set_event_clock(struct gpiod_line_settings *s, enum gpiod_line_clock clock)
{
	s->clock = clock;
	return 0;
}

int gpiod_line_settings_set_output_value(struct gpiod_line_settings *s, enum gpiod_line_value value)
{
	s->output = value;
	return 0;
}

struct gpiod_line_config *gpiod_line_config_new(void)
{
	return calloc(1, sizeof(struct gpiod_line_config));
}

void gpiod_line_config_free(struct gpiod_line_config *config)
{
	free(config);
}

int gpiod_line_config_add_line_settings(struct gpiod_line_config *config, const unsigned int *offsets,
					size_t num_offsets, struct gpiod_line_settings *settings)
{
	if (config->n + num_offsets > MAX_REQUEST_LINES) {
		errno = E2BIG;
		return -1;
	}
	for (size_t i = 0; i < num_offsets; i++) {
		config->offsets[config->n] = offsets[i];
		config->settings[config->n++] = *settings;
	}
	return 0;
}

struct gpiod_request_config *gpiod_request_config_new(void)
{
	return calloc(1, sizeof(struct gpiod_request_config));
}

void gpiod_request_config_free(struct gpiod_request_config *config)
{
	free(config);
}

void gpiod_request_config_set_consumer(struct gpiod_request_config *config, const char *consumer)
{
	snprintf(config->consumer, sizeof(config->consumer), "%s", consumer);
}

struct gpiod_line_request *gpiod_chip_request_lines(struct gpiod_chip *chip, struct gpiod_request_config *req_cfg,
						     struct gpiod_line_config *line_cfg)
{
	struct fake_chip *c = chip->c;
	struct gpiod_line_request *r;

	c->requests++;
	if (c->fail_request) {
		errno = c->fail_request;
		c->fail_request = 0;
		return NULL;
	}
	if (chip_dead(chip)) {
		errno = ENODEV;
		return NULL;
	}
	for (size_t i = 0; i < line_cfg->n; i++) {
		if (line_cfg->offsets[i] >= c->num_lines || line_cfg->offsets[i] >= MAX_LINES) {
			errno = EINVAL;
			return NULL;
		}
		if (c->held[line_cfg->offsets[i]]) {
			errno = EBUSY;
			return NULL;
		}
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->fd = eventfd(0, EFD_CLOEXEC);
	if (r->fd < 0) {
		free(r);
		return NULL;
	}
	r->c = c;
	r->instance = c->instance;
	r->lines = *line_cfg;
	for (size_t i = 0; i < line_cfg->n; i++) {
		const struct gpiod_line_settings *s = &line_cfg->settings[i];

		c->held[line_cfg->offsets[i]] = true;
		if (s->direction == GPIOD_LINE_DIRECTION_OUTPUT)
			c->level[line_cfg->offsets[i]] = (s->output == GPIOD_LINE_VALUE_ACTIVE) != s->active_low;
	}
	r->next = requests;
	requests = r;
	return r;
}

void gpiod_line_request_release(struct gpiod_line_request *request)
{
	struct gpiod_line_request **p;

	if (!request)
		return;
	for (p = &requests; *p != request; p = &(*p)->next)
		;
	*p = request->next;
	if (!request_dead(request))
		for (size_t i = 0; i < request->lines.n; i++)
			request->c->held[request->lines.offsets[i]] = false;
	close(request->fd);
	free(request);
}

enum gpiod_line_value gpiod_line_request_get_value(struct gpiod_line_request *request, unsigned int offset)
{
	const struct gpiod_line_settings *s = request_line(request, offset);

	if (request_dead(request)) {
		errno = ENODEV;
		return GPIOD_LINE_VALUE_ERROR;
	}
	if (!s) {
		errno = EINVAL;
		return GPIOD_LINE_VALUE_ERROR;
	}
	return (request->c->level[offset] != 0) != s->active_low ? GPIOD_LINE_VALUE_ACTIVE
								  : GPIOD_LINE_VALUE_INACTIVE;
}

int gpiod_line_request_set_value(struct gpiod_line_request *request, unsigned int offset,
				 enum gpiod_line_value value)
{
	const struct gpiod_line_settings *s = request_line(request, offset);

	if (request_dead(request)) {
		errno = ENODEV;
		return -1;
	}
	if (!s || s->direction != GPIOD_LINE_DIRECTION_OUTPUT) {
		errno = !s ? EINVAL : EPERM;
		return -1;
	}
	request->c->level[offset] = (value == GPIOD_LINE_VALUE_ACTIVE) != s->active_low;
	return 0;
}

int gpiod_line_request_get_fd(struct gpiod_line_request *request)
{
	return request->fd;
}

int gpiod_line_request_read_edge_events(struct gpiod_line_request *request, struct gpiod_edge_event_buffer *buffer,
					size_t max_events)
{
	struct fake_chip *c = request->c;
	uint64_t v;
	size_t n = 0;

	if (request_dead(request)) {
		errno = ENODEV;
		return -1;
	}
	if (c->fail_reads) {
		c->fail_reads--;
		errno = c->fail_read;
		return -1;
	}
	if (!request->len) {
		errno = EAGAIN; /* the backend's request fds are non-blocking */
		return -1;
	}
	if (max_events > buffer->capacity)
		max_events = buffer->capacity;
	while (n < max_events && request->len) {
		buffer->events[n++] = request->queue[request->head];
		request->head = (request->head + 1) % QUEUE_LEN;
		request->len--;
	}
	buffer->num = n;
	if (!request->len)
		(void)!read(request->fd, &v, sizeof(v));
	return (int)n;
}

struct gpiod_edge_event_buffer *gpiod_edge_event_buffer_new(size_t capacity)
{
	struct gpiod_edge_event_buffer *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->capacity = capacity ? capacity : 64;
	b->events = calloc(b->capacity, sizeof(*b->events));
	if (!b->events) {
		free(b);
		return NULL;
	}
	return b;
}

void gpiod_edge_event_buffer_free(struct gpiod_edge_event_buffer *buffer)
{
	if (!buffer)
		return;
	free(buffer->events);
	free(buffer);
}

struct gpiod_edge_event *gpiod_edge_event_buffer_get_event(struct gpiod_edge_event_buffer *buffer,
							   unsigned long index)
{
	if (index >= buffer->num) {
		errno = EINVAL;
		return NULL;
	}
	return &buffer->events[index];
}

enum gpiod_edge_event_type gpiod_edge_event_get_event_type(struct gpiod_edge_event *event)
{
	return event->type;
}

uint64_t gpiod_edge_event_get_timestamp_ns(struct gpiod_edge_event *event)
{
	return event->timestamp_ns;
}

unsigned int gpiod_edge_event_get_line_offset(struct gpiod_edge_event *event)
{
	return event->offset;
}
