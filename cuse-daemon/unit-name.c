/* SPDX-License-Identifier: MIT */
#include "unit-name.h"

#include <string.h>

#include "macro.h"

/* systemd's VALID_CHARS; '@' is allowed after the prefix (in the instance). */
#define UNIT_NAME_CHARS "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:-_.\\"

/* systemd's unit types (unit_type_table). */
static const char *const unit_types[] = {
	"service", "mount", "swap", "socket", "target", "device",
	"automount", "timer", "path", "slice", "scope",
};

static bool unit_type_is_valid(const char *type)
{
	for (size_t i = 0; i < ELEMENTSOF(unit_types); i++)
		if (strcmp(type, unit_types[i]) == 0)
			return true;
	return false;
}

const char *unit_name_invalid_reason(const char *name)
{
	const char *dot, *at;
	size_t len;

	if (!name || !*name)
		return "a unit name is required";
	len = strlen(name);
	if (len >= UNIT_NAME_MAX)
		return "a unit name has at most 255 characters";
	/* The type is what follows the last dot. */
	dot = strrchr(name, '.');
	if (!dot || dot == name || !unit_type_is_valid(dot + 1))
		return "expected NAME.TYPE, TYPE being service, socket, target, timer, path, mount, "
		       "automount, swap, slice, scope or device";
	at = memchr(name, '@', (size_t)(dot - name));
	if (strspn(name, UNIT_NAME_CHARS) < (size_t)(at ? at : dot) - (size_t)name ||
	    (at && strspn(at + 1, UNIT_NAME_CHARS "@") < (size_t)(dot - at - 1)))
		return "a unit name has only the characters A-Z a-z 0-9 : _ . - \\ (and @ before an instance)";
	if (at == name)
		return "a unit name does not start with @";
	if (at && at + 1 == dot)
		return "a template (NAME@.TYPE) cannot be started: give an instance (NAME@INSTANCE.TYPE)";
	return NULL;
}

bool unit_name_is_valid(const char *name)
{
	return !unit_name_invalid_reason(name);
}
