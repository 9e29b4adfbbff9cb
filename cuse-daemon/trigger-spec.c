/* SPDX-License-Identifier: MIT */
#include "trigger-spec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "uapi.h"
#include "unit-name.h"

/* The next blank-separated word of [*p, end): its start and length, 0 at the end. */
static size_t next_word(const char **p, const char *end, const char **word)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*word = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	return (size_t)(s - *word);
}

static bool word_is(const char *word, size_t n, const char *what)
{
	return n == strlen(what) && strncasecmp(word, what, n) == 0;
}

/* An interface name the kernel could have: 1..15 bytes, printable, no '/' or ':', not "." or "..". */
static bool ifname_is_valid(const char *name, size_t n)
{
	if (n == 0 || n >= IFNAMSIZ || (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] >= 0x7f || name[i] == '/' || name[i] == ':')
			return false;
	return true;
}

static int parse_netdev(const char *p, const char *end, struct trigger_spec *spec)
{
	const char *w;
	size_t n = next_word(&p, end, &w);

	if (!ifname_is_valid(w, n))
		return -EINVAL;
	memcpy(spec->name, w, n);
	spec->name[n] = '\0';
	while ((n = next_word(&p, end, &w))) {
		bool *flag = word_is(w, n, "link") ? &spec->link : word_is(w, n, "tx") ? &spec->tx :
			     word_is(w, n, "rx") ? &spec->rx : NULL;

		if (!flag || *flag)
			return -EINVAL;
		*flag = true;
	}
	return 0;
}

static int parse_unit(const char *p, const char *end, struct trigger_spec *spec)
{
	const char *w, *extra;
	size_t n = next_word(&p, end, &w);

	if (n == 0 || n >= sizeof(spec->name) || next_word(&p, end, &extra))
		return -EINVAL;
	memcpy(spec->name, w, n);
	spec->name[n] = '\0';
	return unit_name_is_valid(spec->name) ? 0 : -EINVAL;
}

int trigger_spec_parse(const char *words, size_t len, struct trigger_spec *ret)
{
	const char *p = words, *end = words + len, *w, *extra;
	struct trigger_spec spec = {0};
	size_t n = next_word(&p, end, &w);
	int r = 0;
	unsigned int k;

	for (k = 0; k < LED_CUSE_TRIGGER_KINDS; k++)
		if (word_is(w, n, uapi_trigger_kind_to_string(k)))
			break;
	if (n == 0 || k == LED_CUSE_TRIGGER_KINDS)
		return -EINVAL;
	spec.kind = k;
	if (k == LED_CUSE_TRIGGER_NETDEV)
		r = parse_netdev(p, end, &spec);
	else if (k == LED_CUSE_TRIGGER_UNIT)
		r = parse_unit(p, end, &spec);
	else if (next_word(&p, end, &extra))
		r = -EINVAL; /* none, system, cpu, disk take no arguments */
	if (r < 0)
		return r;
	*ret = spec;
	return 0;
}

int trigger_spec_format(const struct trigger_spec *spec, char *buf, size_t size)
{
	const char *kind = uapi_trigger_kind_to_string(spec->kind);
	int n;

	if (!kind)
		return -EINVAL;
	n = snprintf(buf, size, "%s%s%s%s%s%s", kind, *spec->name ? " " : "", spec->name,
		     spec->link ? " link" : "", spec->tx ? " tx" : "", spec->rx ? " rx" : "");
	return n < 0 || (size_t)n >= size ? -ENOBUFS : n;
}

int trigger_spec_from_cuse(const struct led_cuse_trigger *in, struct trigger_spec *ret)
{
	char words[16 + LED_CUSE_TRIGGER_ARGS_LEN];
	const char *kind = uapi_trigger_kind_to_string(in->kind);
	size_t args = strnlen(in->args, sizeof(in->args));
	struct trigger_spec spec;
	int n, r;

	if (in->version != LED_CUSE_TRIGGER_VERSION || !kind || args == sizeof(in->args) || in->reserved[0] ||
	    in->reserved[1])
		return -EINVAL;
	/* The arguments are the write command's words: one parser for both. */
	n = snprintf(words, sizeof(words), "%s %s", kind, in->args);
	if (n < 0 || (size_t)n >= sizeof(words))
		return -EINVAL;
	r = trigger_spec_parse(words, (size_t)n, &spec);
	if (r < 0 || spec.kind != in->kind)
		return -EINVAL;
	*ret = spec;
	return 0;
}

void trigger_spec_to_cuse(const struct trigger_spec *spec, struct led_cuse_trigger *out)
{
	char words[32 + LED_CUSE_TRIGGER_ARGS_LEN];
	const char *args = NULL;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->version = LED_CUSE_TRIGGER_VERSION;
	out->kind = spec->kind;
	/* The arguments are the command's words after the kind's. */
	if (trigger_spec_format(spec, words, sizeof(words)) > 0)
		args = strchr(words, ' ');
	if (!args)
		return;
	n = strlen(args + 1);
	if (n < sizeof(out->args))
		memcpy(out->args, args + 1, n);
}
