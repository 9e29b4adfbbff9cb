/* SPDX-License-Identifier: MIT */
/*
 * led-cuse public interface: the ioctls understood by /dev/led.
 *
 * /dev/led is a character device served from userspace by the led-cuse
 * daemon over CUSE. Besides the text interface (write "1", "0", "on",
 * "off", "toggle", "blink ON_MS [OFF_MS [COUNT]]", "pattern LEVEL MS ...",
 * "heartbeat [PERIOD_MS]", "oneshot MS" or a brightness; read "0\n" or
 * "1\n"), it accepts the ioctls below.
 *
 * Every argument is a fixed-size, pointer-free structure whose layout is
 * the same for 32-bit and 64-bit callers (checked by static assertions
 * below), so 32-bit processes on a 64-bit kernel use the very same
 * request numbers. Unknown requests fail with ENOTTY, bad argument
 * pointers with EFAULT, invalid values with EINVAL. While the LED's GPIO chip
 * is unplugged every request but GET_INFO and GET_LAST_CHANGE fails with ENODEV;
 * while only the button's is (a chip of its own), the LED works and WAIT_EVENT
 * fails with ENODEV.
 *
 * Access modes: the requests that change the LED (SET_STATE, TOGGLE,
 * SET_BLINK, SET_MODE) need a file opened for writing (O_WRONLY or O_RDWR); on an
 * O_RDONLY file they fail with EBADF, as write() does. GET_STATE, GET_MODE,
 * GET_INFO, WAIT_EVENT, SET_EVENT_MASK and GET_LAST_CHANGE work on any open
 * file, so read access is enough to watch the LED.
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
#define LED_CUSE_VERSION_MINOR 3
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

/*
 * led_cuse_state.flags (GET_STATE):
 *   bit 0      LED_CUSE_STATE_BLINKING: a mode is running (any mode: a 1.0
 *              client sees every mode as "blinking")
 *   bit 1      LED_CUSE_STATE_TRIGGER (1.3): a trigger drives the LED
 *              (LED_CUSE_IOC_GET_TRIGGER says which); the other bits say
 *              what it shows now
 *   bits 8..15 the running mode, enum led_cuse_mode_kind (1.2): read it with
 *              LED_CUSE_STATE_MODE(flags); 0 (NONE) for a steady level
 * Other bits are 0.
 */
#define LED_CUSE_STATE_BLINKING (1u << 0)
#define LED_CUSE_STATE_TRIGGER (1u << 1)
#define LED_CUSE_STATE_MODE_SHIFT 8
#define LED_CUSE_STATE_MODE_MASK (0xffu << LED_CUSE_STATE_MODE_SHIFT)
#define LED_CUSE_STATE_MODE(flags) (((flags) & LED_CUSE_STATE_MODE_MASK) >> LED_CUSE_STATE_MODE_SHIFT)

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

/*
 * LED modes (version 1.2). A mode is a list of steps, each a level held for
 * ms milliseconds, run from the first step, repeated count times or
 * forever. Steps are not changes for readers and pollers (the generation
 * does not move per step, as with blink phases); starting a mode and the
 * end of a finite one are. Any other state change stops the running mode.
 *  BLINK      on for steps[0].ms, off for steps[1].ms. count > 0: that many
 *             blinks, then the state from before the blink comes back (the
 *             level, or the endless mode that was running); 0: forever.
 *  PATTERN    1..LED_CUSE_MODE_MAX_STEPS steps of any levels, forever (like
 *             the kernel's pattern trigger, with levels 0/1).
 *  HEARTBEAT  the kernel heartbeat trigger's double beat, forever: on
 *             LED_CUSE_HEARTBEAT_BEAT_MS, off until period/4, on
 *             LED_CUSE_HEARTBEAT_BEAT_MS, off for the rest of the period.
 *  ONESHOT    on for steps[0].ms, then off (the kernel's transient trigger);
 *             not restored after a daemon restart.
 * Every ms is in 1..LED_CUSE_BLINK_MAX_MS, every level 0 or 1. A daemon
 * restart brings back the modes that run forever (and, for a finite one,
 * the state it ends in).
 */
enum led_cuse_mode_kind {
	LED_CUSE_MODE_NONE = 0,         /* a steady level (GET_MODE only) */
	LED_CUSE_MODE_BLINK = 1,
	LED_CUSE_MODE_PATTERN = 2,
	LED_CUSE_MODE_HEARTBEAT = 3,
	LED_CUSE_MODE_ONESHOT = 4,
};
#define LED_CUSE_MODE_MAX_STEPS 16
#define LED_CUSE_MODE_MAX_COUNT 1000000u        /* most blinks of a finite BLINK */
#define LED_CUSE_HEARTBEAT_BEAT_MS 70u          /* each beat, as in the kernel */
#define LED_CUSE_HEARTBEAT_MIN_MS 300u          /* the kernel's shortest period */
#define LED_CUSE_HEARTBEAT_MAX_MS 60000u
#define LED_CUSE_HEARTBEAT_DEFAULT_MS 1000u

struct led_cuse_step {
	__u32 level;        /* 0 or 1 */
	__u32 ms;           /* 1..LED_CUSE_BLINK_MAX_MS */
};

/*
 * Argument of SET_MODE and result of GET_MODE.
 *
 * SET_MODE reads, by mode:
 *   BLINK      nsteps 2, steps {1, ON_MS}, {0, OFF_MS}; count 0 (forever)
 *              or 1..LED_CUSE_MODE_MAX_COUNT
 *   PATTERN    nsteps 1..16 and the steps; count 0
 *   HEARTBEAT  period_ms: LED_CUSE_HEARTBEAT_MIN_MS..MAX_MS, 0 for
 *              LED_CUSE_HEARTBEAT_DEFAULT_MS; nsteps 0, count 0
 *   ONESHOT    nsteps 1, steps {1, MS}; count 0
 * Everything else must be 0 (unused steps, period_ms but for HEARTBEAT):
 * anything else fails with EINVAL and changes nothing.
 *
 * GET_MODE fills in the running mode: mode (NONE and all zeros for a
 * steady level), count as set (ONESHOT: 1), the steps as run (HEARTBEAT:
 * its 4 steps) and period_ms, the sum of the steps' ms.
 *
 * SET_MODE also takes what GET_MODE returned (period_ms equal to
 * the steps' sum, HEARTBEAT's 4 steps for its period, ONESHOT's count
 * 1), so a client can save the running mode and put it back later; a
 * finite BLINK put back starts its count again.
 */
struct led_cuse_mode {
	__u32 mode;         /* enum led_cuse_mode_kind */
	__u32 count;        /* repetitions of the steps; 0: forever */
	__u32 period_ms;    /* HEARTBEAT's period on SET_MODE; the steps' sum on GET_MODE */
	__u32 nsteps;
	struct led_cuse_step steps[LED_CUSE_MODE_MAX_STEPS];
};

/* led_cuse_info.flags */
#define LED_CUSE_INFO_ACTIVE_LOW (1u << 0)        /* LED line is active-low */
#define LED_CUSE_INFO_HAS_BUTTON (1u << 1)        /* a button line is held */
#define LED_CUSE_INFO_GPIO_PRESENT (1u << 2)      /* every GPIO chip (LED's, button's) is present */

#define LED_CUSE_NAME_LEN 32
#define LED_CUSE_CHIP_LEN 64

/*
 * Static description of the device; strings are NUL-terminated, and the
 * labels' control characters (the kernel's text) come escaped as \xNN.
 */
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

/*
 * Button event kinds (version 1.1), in the low byte of led_cuse_event.kind:
 *  PRESS    the button went down (the debounced edge).
 *  RELEASE  it went up; LED_CUSE_EVENT_LONG is set when the press had
 *           become a HOLD. Releases exist only when the daemon sees both
 *           edges (--edge=both, or a hold-ms or button-action=momentary that
 *           needs them); with --edge=falling|rising only presses arrive.
 *  HOLD     still down hold-ms after the press (once per press; hold-ms set).
 *  DOUBLE   a second press less than double-click-ms after the first
 *           (double-click-ms set); comes right after that second PRESS.
 * PRESS is 0, so an event from a 1.0 daemon reads as a press.
 */
enum led_cuse_event_kind {
	LED_CUSE_EVENT_PRESS = 0,
	LED_CUSE_EVENT_RELEASE = 1,
	LED_CUSE_EVENT_HOLD = 2,
	LED_CUSE_EVENT_DOUBLE = 3,
};
#define LED_CUSE_EVENT_KIND_MASK 0xffu          /* kind = ev.kind & LED_CUSE_EVENT_KIND_MASK */
#define LED_CUSE_EVENT_LONG (1u << 8)           /* flag on a RELEASE that ended a HOLD */

/* Bits of the event mask (LED_CUSE_IOC_SET_EVENT_MASK): 1 << kind. */
#define LED_CUSE_EVENT_MASK_OF(kind) (1u << (kind))
#define LED_CUSE_EVENT_MASK_PRESS LED_CUSE_EVENT_MASK_OF(LED_CUSE_EVENT_PRESS)
#define LED_CUSE_EVENT_MASK_RELEASE LED_CUSE_EVENT_MASK_OF(LED_CUSE_EVENT_RELEASE)
#define LED_CUSE_EVENT_MASK_HOLD LED_CUSE_EVENT_MASK_OF(LED_CUSE_EVENT_HOLD)
#define LED_CUSE_EVENT_MASK_DOUBLE LED_CUSE_EVENT_MASK_OF(LED_CUSE_EVENT_DOUBLE)
#define LED_CUSE_EVENT_KINDS 4                  /* PRESS..DOUBLE */
#define LED_CUSE_EVENT_MASK_ALL ((1u << LED_CUSE_EVENT_KINDS) - 1)
/* Events kept per file between two waits, once it set a mask. */
#define LED_CUSE_EVENT_QUEUE_LEN 16
/* What every open file starts with: presses only, as with version 1.0. */
#define LED_CUSE_EVENT_MASK_DEFAULT LED_CUSE_EVENT_MASK_PRESS

/* Argument of LED_CUSE_IOC_SET_EVENT_MASK. */
struct led_cuse_event_mask {
	__u32 mask;         /* LED_CUSE_EVENT_MASK_*, not 0, no unknown bits */
};

/*
 * One button event, as returned by LED_CUSE_IOC_WAIT_EVENT.
 *
 * seq counts the events of the kinds in the waiting file's mask, since the
 * daemon started, this one included: with the default mask it is the press
 * count (as in 1.0, and as button_presses in GET_INFO). A client that keeps
 * its mask sees consecutive numbers; a gap means it missed events.
 */
struct led_cuse_event {
	__u64 seq;          /* see above; 1 for the first press with the default mask */
	__u64 timestamp_ns; /* CLOCK_MONOTONIC time of the debounced edge (HOLD: when hold-ms was reached) */
	__u32 state;        /* LED state once the event was handled */
	__extension__ union {
		__u32 kind;     /* enum led_cuse_event_kind | LED_CUSE_EVENT_LONG (1.1) */
		__u32 reserved; /* the 1.0 name: 0, a press */
	};
};

/*
 * What made the last change (version 1.2): led_cuse_change.source.
 *  START    the daemon started with its configured initial state (--initial);
 *           nothing has changed the LED since.
 *  RESTORE  the daemon started with the state saved by its previous run
 *           (--state-file); nothing has changed the LED since.
 *  WRITE    a write() to the device ("1", "toggle", "blink 100", "heartbeat"...).
 *  IOCTL    an ioctl that changes the LED (SET_STATE, TOGGLE, SET_BLINK,
 *           SET_MODE).
 *  BUTTON   the button (button-action toggle or momentary).
 *  ACTION   the daemon itself, for a configured button action: the start of
 *           the hold's feedback blink (hold-feedback=blink) when on-hold's
 *           unit is started. The feedback's end is TIMER.
 *  TIMER    a timer ended what was running: a mode with an end (a finite
 *           blink, the hold feedback, a oneshot) ran out and the LED went
 *           back to what it was before (off after a oneshot), or a mode
 *           stopped because the GPIO line refused 3 steps in a row. The
 *           steps of a running mode are no change and record nothing.
 * Unplugging and replugging the GPIO chip is no change of this kind (GET_INFO
 * has LED_CUSE_INFO_GPIO_PRESENT): the record stays the one from before.
 */
enum led_cuse_change_source {
	LED_CUSE_CHANGE_START = 0,
	LED_CUSE_CHANGE_RESTORE = 1,
	LED_CUSE_CHANGE_WRITE = 2,
	LED_CUSE_CHANGE_IOCTL = 3,
	LED_CUSE_CHANGE_BUTTON = 4,
	LED_CUSE_CHANGE_ACTION = 5,
	LED_CUSE_CHANGE_TIMER = 6,
	LED_CUSE_CHANGE_TRIGGER = 7,            /* 1.3: the running trigger's source changed state */
};
#define LED_CUSE_CHANGE_SOURCES 8               /* START..TRIGGER */
/* led_cuse_change.uid of a change that no client asked for. */
#define LED_CUSE_CHANGE_NO_UID 0xffffffffu

/*
 * The last change of the LED, as returned by LED_CUSE_IOC_GET_LAST_CHANGE
 * (version 1.2): "who switched my LED off". A change is what readers and
 * pollers see as one (the generation moves): blink phases are not, starting
 * or stopping a blink is; setting the LED to the state it has already is not
 * recorded either. Before any change since the daemon started, this is the
 * START or RESTORE record of the start (generation 1, or 2 when a restored
 * blink was started).
 */
struct led_cuse_change {
	__u64 generation;   /* the change's number: 1 at start, +1 per change (unplug and replug count, unrecorded) */
	__u64 realtime_ns;  /* CLOCK_REALTIME of the change, in ns since the epoch */
	__u32 source;       /* enum led_cuse_change_source */
	__u32 uid;          /* WRITE, IOCTL: the requester's uid; else LED_CUSE_CHANGE_NO_UID */
	__u32 pid;          /* WRITE, IOCTL: the requesting thread's id (its pid, if single-threaded); else 0 */
	__u32 state;        /* the LED right after the change: 0 or 1, as led_cuse_state.state */
	__u32 flags;        /* and its led_cuse_state.flags (LED_CUSE_STATE_BLINKING...) */
	__u32 reserved;     /* 0 */
};

/*
 * Triggers (1.3): the LED follows a source by itself, as with the kernel's
 * LED triggers, until a level or a mode is set (which stops the trigger).
 * The kinds and their arguments, as the write command "trigger KIND ARGS"
 * spells them (led-cuse(4) says what the LED shows for each):
 *   NONE     "none"                        no trigger (SET_TRIGGER: stop it)
 *   NETDEV   "netdev IFACE [link] [tx] [rx]"  an interface's carrier, traffic
 *   UNIT     "unit UNIT"                   a systemd unit's state
 *   SYSTEM   "system"                      systemd's system state (health)
 *   CPU      "cpu"                         CPU activity
 *   DISK     "disk"                        disk activity
 */
enum led_cuse_trigger_kind {
	LED_CUSE_TRIGGER_NONE = 0,
	LED_CUSE_TRIGGER_NETDEV = 1,
	LED_CUSE_TRIGGER_UNIT = 2,
	LED_CUSE_TRIGGER_SYSTEM = 3,
	LED_CUSE_TRIGGER_CPU = 4,
	LED_CUSE_TRIGGER_DISK = 5,
};
#define LED_CUSE_TRIGGER_KINDS 6
#define LED_CUSE_TRIGGER_VERSION 1              /* this layout of struct led_cuse_trigger */
#define LED_CUSE_TRIGGER_ARGS_LEN 112

/*
 * Argument of LED_CUSE_IOC_SET_TRIGGER and LED_CUSE_IOC_GET_TRIGGER. args
 * are the words after the kind's, NUL-terminated ("eth0 link rx",
 * "nginx.service", "" for the others); GET_TRIGGER returns them in the
 * daemon's spelling. SET_TRIGGER fails with EINVAL for a version other than
 * LED_CUSE_TRIGGER_VERSION, an unknown kind, bad arguments or reserved
 * fields not 0, and leaves the LED as it was.
 */
struct led_cuse_trigger {
	__u32 version;      /* LED_CUSE_TRIGGER_VERSION */
	__u32 kind;         /* enum led_cuse_trigger_kind */
	char args[LED_CUSE_TRIGGER_ARGS_LEN];
	__u32 reserved[2];  /* 0 */
};

/* Read the current state. */
#define LED_CUSE_IOC_GET_STATE _IOR(LED_CUSE_IOC_MAGIC, 0x01, struct led_cuse_state)
/* Set the state (stops blinking). state must be 0 or 1, flags 0: else EINVAL.
 * Like TOGGLE and SET_BLINK: EBADF on a file not opened for writing. */
#define LED_CUSE_IOC_SET_STATE _IOW(LED_CUSE_IOC_MAGIC, 0x02, struct led_cuse_state)
/* Toggle (stops blinking); returns the new state. */
#define LED_CUSE_IOC_TOGGLE _IOR(LED_CUSE_IOC_MAGIC, 0x03, struct led_cuse_state)
/* Start blinking until the next state change (LED_CUSE_MODE_BLINK, count 0). */
#define LED_CUSE_IOC_SET_BLINK _IOW(LED_CUSE_IOC_MAGIC, 0x04, struct led_cuse_blink)
/* Describe the device. */
#define LED_CUSE_IOC_GET_INFO _IOR(LED_CUSE_IOC_MAGIC, 0x05, struct led_cuse_info)
/*
 * Block until the next button event in this file's event mask (by default
 * the next press) and return it. EOPNOTSUPP if the daemon
 * has no button line; ENODEV if the LED's or the button's GPIO chip is (or
 * goes) away while waiting; EBUSY if too many waits are blocked already (LED_CUSE_MAX_WAITS*).
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
 * every 10 ms). With the default mask, a press that happens between two
 * waits is not queued for the next one; a file that set a mask keeps them
 * (LED_CUSE_IOC_SET_EVENT_MASK).
 */
#define LED_CUSE_IOC_WAIT_EVENT _IOR(LED_CUSE_IOC_MAGIC, 0x06, struct led_cuse_event)
/*
 * Choose which event kinds WAIT_EVENT returns on this open file (1.1). Waits
 * already blocked keep the mask they started with. EINVAL for 0 or unknown
 * bits, EOPNOTSUPP without a button; other files are not affected. Default:
 * LED_CUSE_EVENT_MASK_DEFAULT, and nothing kept between two waits (1.0).
 *
 * Once a file has set a mask, events of its mask that come while none of
 * its waits is blocked are kept for its next WAIT_EVENT (which then returns
 * at once), up to LED_CUSE_EVENT_QUEUE_LEN; beyond, the oldest are dropped
 * (a gap in seq). So one thread looping on WAIT_EVENT sees every event,
 * including a PRESS and the DOUBLE that comes with it. Setting the mask
 * again forgets what was kept.
 */
#define LED_CUSE_IOC_SET_EVENT_MASK _IOW(LED_CUSE_IOC_MAGIC, 0x07, struct led_cuse_event_mask)
/* Start a mode (1.2, see struct led_cuse_mode); EBADF on a read-only file. */
#define LED_CUSE_IOC_SET_MODE _IOW(LED_CUSE_IOC_MAGIC, 0x08, struct led_cuse_mode)
/* Read the running mode with its steps (1.2). */
#define LED_CUSE_IOC_GET_MODE _IOR(LED_CUSE_IOC_MAGIC, 0x09, struct led_cuse_mode)
/*
 * Return the last change of the LED (1.2; see struct led_cuse_change). Works
 * on any open file, also while the GPIO chip is unplugged. The uid and pid
 * are those of the process as the daemon's PID namespace sees it.
 */
#define LED_CUSE_IOC_GET_LAST_CHANGE _IOR(LED_CUSE_IOC_MAGIC, 0x0B, struct led_cuse_change)
/* Start a trigger, or stop it with kind NONE (1.3); EBADF on a read-only file. */
#define LED_CUSE_IOC_SET_TRIGGER _IOW(LED_CUSE_IOC_MAGIC, 0x0C, struct led_cuse_trigger)
/* Read the running trigger (kind NONE: none runs) (1.3). */
#define LED_CUSE_IOC_GET_TRIGGER _IOR(LED_CUSE_IOC_MAGIC, 0x0D, struct led_cuse_trigger)

/* Layouts are identical on i386 and x86_64 (no implicit padding). */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct led_cuse_state) == 8, "led_cuse_state layout");
_Static_assert(sizeof(struct led_cuse_blink) == 8, "led_cuse_blink layout");
_Static_assert(sizeof(struct led_cuse_info) == 184, "led_cuse_info layout");
_Static_assert(sizeof(struct led_cuse_event) == 24, "led_cuse_event layout");
_Static_assert(sizeof(struct led_cuse_event_mask) == 4, "led_cuse_event_mask layout");
_Static_assert(sizeof(struct led_cuse_step) == 8, "led_cuse_step layout");
_Static_assert(sizeof(struct led_cuse_mode) == 16 + 8 * LED_CUSE_MODE_MAX_STEPS, "led_cuse_mode layout");
_Static_assert(sizeof(struct led_cuse_change) == 40, "led_cuse_change layout");
_Static_assert(sizeof(struct led_cuse_trigger) == 128, "led_cuse_trigger layout");
#endif

#endif /* LED_CUSE_LED_H */
