/* SPDX-License-Identifier: MIT */
/*
 * led-cuse public interface: the ioctls understood by /dev/led.
 *
 * /dev/led is a character device served from userspace by the led-cuse
 * daemon over CUSE. Besides the text interface (write "1", "0", "on",
 * "off", "toggle", "blink ON_MS [OFF_MS]" or a brightness; read "0\n" or
 * "1\n"), it accepts the ioctls below.
 *
 * Every argument is a fixed-size, pointer-free structure whose layout is
 * the same for 32-bit and 64-bit callers (checked by static assertions
 * below), so 32-bit processes on a 64-bit kernel use the very same
 * request numbers. Unknown requests fail with ENOTTY, bad argument
 * pointers with EFAULT, invalid values with EINVAL. While the GPIO chip is
 * unplugged every request but GET_INFO fails with ENODEV.
 *
 * Access modes: the requests that change the LED (SET_STATE, TOGGLE,
 * SET_BLINK) need a file opened for writing (O_WRONLY or O_RDWR); on an
 * O_RDONLY file they fail with EBADF, as write() does. GET_STATE, GET_INFO
 * and WAIT_EVENT work on any open file, so read access is enough to watch
 * the LED.
 *
 * Limits: each open file and each blocked WAIT_EVENT costs the daemon
 * memory, so both are capped (LED_CUSE_MAX_* below). An open() beyond the
 * cap fails with ENFILE; a WAIT_EVENT beyond either wait cap fails at once
 * with EBUSY (close files or let waits finish, then retry).
 *
 * Example:
 *
 *	int fd = open("/dev/led", O_RDWR);
 *	struct led_cuse_state st = { .state = 1 };
 *	if (ioctl(fd, LED_CUSE_IOC_SET_STATE, &st) < 0)
 *		perror("LED_CUSE_IOC_SET_STATE");
 */
#ifndef LED_CUSE_LED_H
#define LED_CUSE_LED_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LED_CUSE_VERSION_MAJOR 1
#define LED_CUSE_VERSION_MINOR 0
/* Encoded as (major << 16) | minor in led_cuse_info.version. */
#define LED_CUSE_VERSION ((LED_CUSE_VERSION_MAJOR << 16) | LED_CUSE_VERSION_MINOR)

/* At most this many files open on the device at once (else ENFILE). */
#define LED_CUSE_MAX_OPEN_FILES 1024
/* At most this many WAIT_EVENT requests blocked per open file (else EBUSY)... */
#define LED_CUSE_MAX_WAITS_PER_FILE 16
/* ... and on all files together (else EBUSY). */
#define LED_CUSE_MAX_WAITS 256

/* 0xB7 is unused in the kernel's Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define LED_CUSE_IOC_MAGIC 0xB7

/* led_cuse_state.flags */
#define LED_CUSE_STATE_BLINKING (1u << 0) /* a blink pattern is running */

/* LED state: state is 0 (off) or 1 (on), the logical level (active-low applied). */
struct led_cuse_state {
	__u32 state;
	__u32 flags; /* LED_CUSE_STATE_*; must be 0 on SET_STATE */
};

/* Blink pattern; on_ms and off_ms in 1..LED_CUSE_BLINK_MAX_MS. */
struct led_cuse_blink {
	__u32 on_ms;
	__u32 off_ms;
};
#define LED_CUSE_BLINK_MAX_MS 3600000u

/* led_cuse_info.flags */
#define LED_CUSE_INFO_ACTIVE_LOW (1u << 0)        /* LED line is active-low */
#define LED_CUSE_INFO_HAS_BUTTON (1u << 1)        /* a button line is held */
#define LED_CUSE_INFO_GPIO_PRESENT (1u << 2)      /* the GPIO chip is present (not unplugged) */

#define LED_CUSE_NAME_LEN 32
#define LED_CUSE_CHIP_LEN 64

/* Static description of the device; strings are NUL-terminated. */
struct led_cuse_info {
	char name[LED_CUSE_NAME_LEN];        /* device name, e.g. "led" for /dev/led */
	char led_chip[LED_CUSE_CHIP_LEN];    /* label of the LED's GPIO chip */
	char button_chip[LED_CUSE_CHIP_LEN]; /* label of the button's chip, "" without button */
	__u32 led_offset;                    /* LED line offset on led_chip */
	__u32 button_offset;                 /* button line offset, 0 without button */
	__u32 flags;                         /* LED_CUSE_INFO_* */
	__u32 version;                       /* LED_CUSE_VERSION of the daemon */
	__u64 button_presses;                /* presses counted since start */
};

/* One button event, as returned by LED_CUSE_IOC_WAIT_EVENT. */
struct led_cuse_event {
	__u64 seq;          /* 1 for the first press since the daemon started */
	__u64 timestamp_ns; /* CLOCK_MONOTONIC time of the debounced edge */
	__u32 state;        /* LED state after the press toggled it */
	__u32 reserved;     /* 0 */
};

/* Read the current state. */
#define LED_CUSE_IOC_GET_STATE _IOR(LED_CUSE_IOC_MAGIC, 0x01, struct led_cuse_state)
/* Set the state (stops blinking). state must be 0 or 1, flags 0: else EINVAL.
 * Like TOGGLE and SET_BLINK: EBADF on a file not opened for writing. */
#define LED_CUSE_IOC_SET_STATE _IOW(LED_CUSE_IOC_MAGIC, 0x02, struct led_cuse_state)
/* Toggle (stops blinking); returns the new state. */
#define LED_CUSE_IOC_TOGGLE _IOR(LED_CUSE_IOC_MAGIC, 0x03, struct led_cuse_state)
/* Start blinking until the next state change. */
#define LED_CUSE_IOC_SET_BLINK _IOW(LED_CUSE_IOC_MAGIC, 0x04, struct led_cuse_blink)
/* Describe the device. */
#define LED_CUSE_IOC_GET_INFO _IOR(LED_CUSE_IOC_MAGIC, 0x05, struct led_cuse_info)
/*
 * Block until the next button press and return it. EOPNOTSUPP if the daemon
 * has no button line; ENODEV if the GPIO chip is (or goes) away while
 * waiting; EBUSY if too many waits are blocked already (LED_CUSE_MAX_WAITS*).
 *
 * Any signal that reaches the waiting thread ends the wait with EINTR, even
 * one whose handler has SA_RESTART and even a stop/continue (SIGTSTP,
 * SIGSTOP + SIGCONT): the kernel forwards it to the daemon as a FUSE
 * interrupt and does not accept a "restart" answer. Callers must loop:
 *
 *	while (ioctl(fd, LED_CUSE_IOC_WAIT_EVENT, &ev) < 0) {
 *		if (errno != EINTR)
 *			return -errno;
 *		if (should_stop) // set by your signal handler
 *			return -EINTR;
 *	}
 *
 * A signal that lands after the flag check but before the ioctl blocks
 * does not interrupt it; a timeout or a stop request must therefore keep
 * signalling until the loop sees it (ledctl's "wait -t" re-fires its timer
 * every 10 ms). A press that happens between two waits is not queued for
 * the next one.
 */
#define LED_CUSE_IOC_WAIT_EVENT _IOR(LED_CUSE_IOC_MAGIC, 0x06, struct led_cuse_event)

/* Layouts are identical on i386 and x86_64 (no implicit padding). */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct led_cuse_state) == 8, "led_cuse_state layout");
_Static_assert(sizeof(struct led_cuse_blink) == 8, "led_cuse_blink layout");
_Static_assert(sizeof(struct led_cuse_info) == 184, "led_cuse_info layout");
_Static_assert(sizeof(struct led_cuse_event) == 24, "led_cuse_event layout");
#endif

#endif /* LED_CUSE_LED_H */
