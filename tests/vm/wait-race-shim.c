/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD shim for the VM suite: widens the window between a client's
 * last look at its flags and the moment LED_CUSE_IOC_WAIT_EVENT blocks.
 *
 * Every WAIT_EVENT first sleeps LED_RACE_DELAY_MS milliseconds (resuming
 * the sleep after signals, as if they had landed just before the ioctl)
 * and prints "shim: waiting" to stderr first, then enters the real
 * ioctl. A client that lets a signal in that window go unnoticed
 * (a one-shot alarm, a flag checked only before the ioctl) then blocks for
 * ever; a race-free one returns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <led-cuse/led.h>

int ioctl(int fd, unsigned long request, ...);

int ioctl(int fd, unsigned long request, ...)
{
	const char *delay = getenv("LED_RACE_DELAY_MS");
	static const char msg[] = "shim: waiting\n";
	struct timespec until;
	va_list ap;
	void *arg;
	long ms;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (request == LED_CUSE_IOC_WAIT_EVENT && delay && (ms = atol(delay)) > 0) {
		int saved_errno = errno;

		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
			(void)0;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += ms / 1000;
		until.tv_nsec += ms % 1000 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
			;
		errno = saved_errno;
	}
	return (int)syscall(SYS_ioctl, fd, request, arg);
}
