/* SPDX-License-Identifier: MIT */
/*
 * Scope-bound cleanup, as in systemd: a variable declared with
 * _cleanup_(f) has f(&var) called when it goes out of scope, so error paths
 * simply return. TAKE_PTR() hands the value on and disarms the cleanup.
 */
#ifndef LED_CUSE_MACRO_H
#define LED_CUSE_MACRO_H

#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* Return p and set it to NULL, so a _cleanup_ on p does nothing. */
#define TAKE_PTR(p)                      \
	({                               \
		__typeof__(p) _ptr_ = (p); \
		(p) = NULL;              \
		_ptr_;                   \
	})

/* Define funcp(type *p), calling func(*p) unless *p is NULL: for _cleanup_(funcp). */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)        \
	static inline void func##p(type *p)            \
	{                                              \
		if (*p)                                \
			(void)func(*p);                \
	}

static inline void freep(void *p)
{
	free(*(void **)p);
}

#define _cleanup_free_ _cleanup_(freep)

/* For file descriptors: -1 means none. */
static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

#define _cleanup_close_ _cleanup_(closep)

#endif
