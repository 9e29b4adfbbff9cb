/* SPDX-License-Identifier: MIT */
#include "led-command.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include <led-cuse/led.h>

#include "macro.h"
#include "parse-util.h"

/* The longest command: "pattern" and 16 LEVEL MS pairs. */
#define MAX_TOKENS (1 + 2 * LED_CUSE_MODE_MAX_STEPS)

struct token {
	const char *p;
	size_t len;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Split on whitespace; -EINVAL on more than max tokens. */
static int tokenize(const char *s, size_t len, struct token *tok, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		if (n == max)
			return -EINVAL;
		tok[n].p = s + i;
		while (i < len && !is_space(s[i]))
			i++;
		tok[n].len = (size_t)(s + i - tok[n].p);
		n++;
	}
	return (int)n;
}

static bool token_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && strncasecmp(t->p, word, t->len) == 0;
}

static bool all_digits(const struct token *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->p[i] < '0' || t->p[i] > '9')
			return false;
	return t->len > 0;
}

/* A decimal in min..max. */
static int parse_range(const struct token *t, unsigned int min, unsigned int max, unsigned int *ret)
{
	uint64_t v;

	if (parse_decimal_n(t->p, t->len, max, &v) < 0 || v < min)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

/* A step or blink phase: decimal milliseconds in 1..LED_CUSE_BLINK_MAX_MS. */
static int parse_ms(const struct token *t, unsigned int *ret)
{
	return parse_range(t, 1, LED_CUSE_BLINK_MAX_MS, ret);
}

/* blink ON_MS [OFF_MS [COUNT]] */
static int parse_blink(const struct token *arg, int n, struct led_mode *ret)
{
	unsigned int on_ms, off_ms, count = 0;

	if (n < 1 || n > 3 || parse_ms(&arg[0], &on_ms) < 0)
		return -EINVAL;
	off_ms = on_ms;
	if (n >= 2 && parse_ms(&arg[1], &off_ms) < 0)
		return -EINVAL;
	if (n == 3 && parse_range(&arg[2], 1, LED_CUSE_MODE_MAX_COUNT, &count) < 0)
		return -EINVAL;
	return led_mode_blink(on_ms, off_ms, count, ret);
}

/* pattern LEVEL MS [LEVEL MS ...] */
static int parse_pattern(const struct token *arg, int n, struct led_mode *ret)
{
	struct led_mode_step steps[LED_CUSE_MODE_MAX_STEPS];
	unsigned int level;

	if (n < 2 || n % 2 != 0 || n > 2 * LED_CUSE_MODE_MAX_STEPS)
		return -EINVAL;
	for (int i = 0; i < n / 2; i++) {
		if (arg[2 * i].len != 1 || parse_range(&arg[2 * i], 0, 1, &level) < 0 ||
		    parse_ms(&arg[2 * i + 1], &steps[i].ms) < 0)
			return -EINVAL;
		steps[i].on = level == 1;
	}
	return led_mode_pattern(steps, (unsigned int)n / 2, ret);
}

/* heartbeat [PERIOD_MS] */
static int parse_heartbeat(const struct token *arg, int n, struct led_mode *ret)
{
	unsigned int period = LED_CUSE_HEARTBEAT_DEFAULT_MS;

	if (n > 1 || (n == 1 && parse_range(&arg[0], LED_CUSE_HEARTBEAT_MIN_MS, LED_CUSE_HEARTBEAT_MAX_MS,
					    &period) < 0))
		return -EINVAL;
	return led_mode_heartbeat(period, ret);
}

/* oneshot MS */
static int parse_oneshot(const struct token *arg, int n, struct led_mode *ret)
{
	unsigned int ms;

	if (n != 1 || parse_ms(&arg[0], &ms) < 0)
		return -EINVAL;
	return led_mode_oneshot(ms, ret);
}

static const struct {
	const char *word;
	int (*parse)(const struct token *arg, int n, struct led_mode *ret);
} mode_commands[] = {
	{ "blink", parse_blink },
	{ "pattern", parse_pattern },
	{ "heartbeat", parse_heartbeat },
	{ "oneshot", parse_oneshot },
};

int led_command_parse_line(const char *line, size_t len, struct led_command *ret)
{
	struct token tok[MAX_TOKENS];
	struct led_command cmd = {0};
	int n, r;

	if (memchr(line, '\0', len))
		return -EINVAL;
	n = tokenize(line, len, tok, MAX_TOKENS);
	if (n <= 0)
		return -EINVAL;

	for (size_t i = 0; i < ELEMENTSOF(mode_commands); i++)
		if (token_is(&tok[0], mode_commands[i].word)) {
			cmd.type = LED_COMMAND_MODE;
			r = mode_commands[i].parse(tok + 1, n - 1, &cmd.mode);
			if (r < 0)
				return r;
			*ret = cmd;
			return 0;
		}

	if (token_is(&tok[0], "trigger")) {
		/* The words after it, as the configuration key and ledctl have them. */
		if (n < 2)
			return -EINVAL;
		cmd.type = LED_COMMAND_TRIGGER;
		r = trigger_spec_parse(tok[1].p, (size_t)(tok[n - 1].p + tok[n - 1].len - tok[1].p), &cmd.trigger);
		if (r < 0)
			return r;
		*ret = cmd;
		return 0;
	}

	if (n != 1) {
		return -EINVAL;
	} else if (token_is(&tok[0], "on")) {
		cmd.type = LED_COMMAND_SET;
		cmd.on = true;
	} else if (token_is(&tok[0], "off")) {
		cmd.type = LED_COMMAND_SET;
		cmd.on = false;
	} else if (token_is(&tok[0], "toggle")) {
		cmd.type = LED_COMMAND_TOGGLE;
	} else if (all_digits(&tok[0])) {
		/* Brightness like the LED class: any value, only zero/non-zero matters,
		 * so no integer conversion and no overflow to guard against. */
		cmd.type = LED_COMMAND_SET;
		cmd.on = false;
		for (size_t i = 0; i < tok[0].len; i++)
			if (tok[0].p[i] != '0')
				cmd.on = true;
	} else {
		return -EINVAL;
	}

	*ret = cmd;
	return 0;
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

int led_command_parse_buffer(const char *buf, size_t len, struct led_command *cmds, size_t max)
{
	size_t n = 0;
	const char *p = buf, *end = buf + len;

	if (len > LED_COMMAND_MAX_WRITE)
		return -EFBIG;
	if (len == 0)
		return -EINVAL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t line_len = (size_t)((nl ? nl : end) - p);
		int r;

		if (!is_blank(p, line_len)) {
			if (n == max)
				return -EINVAL;
			r = led_command_parse_line(p, line_len, &cmds[n]);
			if (r < 0)
				return r;
			n++;
		}
		p += line_len + (nl ? 1 : 0);
	}
	return n > 0 ? (int)n : -EINVAL;
}
