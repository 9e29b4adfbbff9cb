/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the CUSE handlers of /dev/led (cuse-device.c) driven
 * through the recording fuse_reply_* doubles (tests/fakes/fuse-fake.c) and
 * the fake GPIO backend, on a real sd-event loop.
 *
 * The input is a program: a sequence of operations as the kernel and the
 * hardware could deliver them, interleaved arbitrarily — open, release,
 * read, write (arbitrary bytes), poll (with or without a handle), ioctl
 * with an arbitrary request number, FUSE_IOCTL_* flags (COMPAT,
 * UNRESTRICTED, RETRY, 32BIT, DIR, X32), input buffer and output size,
 * button presses, FUSE interrupts of parked requests (before and after
 * the handler ran), failing replies, unplug/replug of the chip, failing
 * GPIO writes and event loop turns (blink timers).
 *
 * led-cuse registers in CUSE's restricted ioctl mode, so there is no
 * FUSE_IOCTL_RETRY round trip: the "retry path" is that UNRESTRICTED (and
 * anything asking for it) must be refused, never answered with a retry.
 *
 * Invariants checked after every operation:
 *   - no request is answered more than once; at teardown each exactly once;
 *   - the parked requests are exactly the fan-out's waiters;
 *   - an ioctl reply never carries more than the caller's out size, never
 *     a retry, and an UNRESTRICTED request gets ENOTTY;
 *   - every state the daemon reports (GET_STATE, TOGGLE, WAIT_EVENT, read)
 *     is 0 or 1, and the fake LED line equals the device state while the
 *     chip is present;
 *   - no leak (LeakSanitizer, per input) and no sanitizer report.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuse-fake.h"
#include "gpio-backend-fake.h"
#include "internals.h"
#include "led-device.h"
#include "led-mode.h"

#define CHECK(c)                                                                                       \
	do {                                                                                           \
		if (!(c)) {                                                                            \
			fprintf(stderr, "fuzz-cuse-ioctl: invariant failed at line %d: %s\n",       \
				__LINE__, #c);                                                         \
			__builtin_trap();                                                              \
		}                                                                                      \
	} while (0)

/* Kernel-side flag bits (linux/fuse.h) that libfuse's header does not name. */
#ifndef FUSE_IOCTL_32BIT
#define FUSE_IOCTL_32BIT (1 << 3)
#endif
#ifndef FUSE_IOCTL_COMPAT_X32
#define FUSE_IOCTL_COMPAT_X32 (1 << 5)
#endif

#define MAX_CLIENTS 8
#define MAX_REQS 256
#define MAX_SLOW_TURNS 2

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t u8(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint32_t u32(struct input *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | u8(in);
	return v;
}

/* Up to want bytes of the input (fewer at its end). */
static size_t take(struct input *in, void *dst, size_t want)
{
	size_t n = want < in->left ? want : in->left;

	memcpy(dst, in->p, n);
	in->p += n;
	in->left -= n;
	return n;
}

struct request {
	fuse_req_t req;
	size_t out_size;
	bool is_ioctl, unrestricted;
};

static char dev_dir[64];
static unsigned int touch_seq;

static struct {
	sd_event *event;
	struct gpio_backend *backend;
	struct led_device *dev;
	struct cuse_device *lc;
	struct fuse_file_info fi[MAX_CLIENTS];
	bool open[MAX_CLIENTS];
	struct request reqs[MAX_REQS];
	size_t n_reqs;
	int slow_turns;
} s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char quiet_dir[64];
static sd_event *loop;
static sd_event_source *keep_inotify, *keep_inotify_normal;

static void remove_dev_dir(void)
{
	keep_inotify = sd_event_source_disable_unref(keep_inotify);
	keep_inotify_normal = sd_event_source_disable_unref(keep_inotify_normal);
	loop = sd_event_unref(loop);
	rmdir(dev_dir);
	rmdir(quiet_dir);
}

static int on_quiet_dir(sd_event_source *src, const struct inotify_event *ev, void *userdata)
{
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dev_dir, sizeof(dev_dir), "/tmp/led-cuse-fuzz-XXXXXX");
	if (!mkdtemp(dev_dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(quiet_dir, sizeof(quiet_dir), "/tmp/led-cuse-fuzz-XXXXXX");
	if (!mkdtemp(quiet_dir)) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_dev_dir);
	/*
	 * One event loop for every input, holding a watch on an idle directory:
	 * sd-event then keeps its inotify fd open, and the daemon's replug watch
	 * does not create and close one per input (closing an inotify fd waits
	 * for the kernel's fsnotify work: ~1 ms, most of the fuzzer's time).
	 */
	/* sd-event has one inotify fd per priority: cover the daemon's. */
	if (sd_event_new(&loop) < 0 ||
	    sd_event_add_inotify(loop, &keep_inotify, quiet_dir, IN_DELETE_SELF, on_quiet_dir, NULL) < 0 ||
	    sd_event_source_set_priority(keep_inotify, SD_EVENT_PRIORITY_IMPORTANT) < 0 ||
	    sd_event_add_inotify(loop, &keep_inotify_normal, quiet_dir, IN_DELETE_SELF, on_quiet_dir, NULL) < 0) {
		fprintf(stderr, "fuzz-cuse-ioctl: cannot set up the event loop\n");
		abort();
	}
	return 0;
}

static struct request *new_req(void)
{
	struct request *r;

	if (s.n_reqs == MAX_REQS)
		return NULL;
	r = &s.reqs[s.n_reqs++];
	memset(r, 0, sizeof(*r));
	r->req = fake_req_new(s.lc);
	CHECK(r->req);
	return r;
}

static void run_pending(void)
{
	while (sd_event_run(s.event, 0) > 0)
		;
}

static void check_state_word(uint32_t state)
{
	CHECK(state == 0 || state == 1);
}

static void check_invariants(void)
{
	struct led_device_status st;
	size_t parked = 0;

	for (size_t i = 0; i < s.n_reqs; i++) {
		struct request *r = &s.reqs[i];

		CHECK(r->req->replies <= 1);
		if (r->req->replies == 0) {
			parked++;
			continue;
		}
		if (!r->is_ioctl)
			continue;
		CHECK(r->req->reply == FAKE_REPLY_IOCTL || r->req->reply == FAKE_REPLY_ERR);
		if (r->unrestricted)
			CHECK(r->req->reply == FAKE_REPLY_ERR && r->req->error == ENOTTY);
		if (r->req->reply == FAKE_REPLY_IOCTL) {
			CHECK(r->req->ioctl_result == 0);
			CHECK(r->req->size <= r->out_size);
		} else {
			CHECK(r->req->error > 0);
		}
	}
	CHECK(parked == fanout_count_waiters(cuse_device_get_fanout(s.lc)));

	led_device_get_status(s.dev, &st);
	if (st.present)
		CHECK(gpio_fake_led(s.backend) == st.on);
}

static int pick_client(struct input *in, bool want_open)
{
	int start = u8(in) % MAX_CLIENTS;

	for (int i = 0; i < MAX_CLIENTS; i++) {
		int c = (start + i) % MAX_CLIENTS;

		if (s.open[c] == want_open)
			return c;
	}
	return -1;
}

static void op_open(struct input *in)
{
	int c = pick_client(in, false);
	uint8_t fail = u8(in);
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	memset(&s.fi[c], 0, sizeof(s.fi[c]));
	/* Mostly read-write; read-only files must be refused every change. */
	s.fi[c].flags = (fail >> 3) % 4 == 0 ? O_RDONLY : (fail >> 3) % 4 == 1 ? O_WRONLY : O_RDWR;
	/* 1 in 8: the opener was interrupted; fuse_reply_open fails, no release follows. */
	if ((fail & 7) == 7)
		r->req->reply_return = -ENOENT;
	cuse_device_ops.open(r->req, &s.fi[c]);
	CHECK(r->req->replies == 1);
	if (r->req->reply == FAKE_REPLY_OPEN && r->req->reply_return == 0)
		s.open[c] = true;
}

static void op_release(struct input *in)
{
	int c = pick_client(in, true);
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	cuse_device_ops.release(r->req, &s.fi[c]);
	CHECK(r->req->reply == FAKE_REPLY_ERR && r->req->error == 0);
	s.open[c] = false;
}

static void op_read(struct input *in)
{
	int c = pick_client(in, true);
	size_t size = u8(in) % 8; /* the kernel never asks for 0 bytes, but be hostile */
	uint8_t fail = u8(in);
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	if ((fail & 15) == 15)
		r->req->reply_return = -ENOENT;
	cuse_device_ops.read(r->req, size, 0, &s.fi[c]);
	CHECK(r->req->replies == 1);
	if (r->req->reply == FAKE_REPLY_BUF) {
		CHECK(r->req->size <= size && r->req->size <= 2);
		/* "N\n", or its rest "\n" after a short read. */
		if (r->req->size == 2)
			CHECK((r->req->data[0] == '0' || r->req->data[0] == '1') && r->req->data[1] == '\n');
		if (r->req->size == 1)
			CHECK(r->req->data[0] == '0' || r->req->data[0] == '1' || r->req->data[0] == '\n');
	} else {
		CHECK(r->req->reply == FAKE_REPLY_ERR && r->req->error == ENODEV);
	}
}

static void op_write(struct input *in)
{
	static const char *const words[] = { "1\n", "0\n", "on\n", "off\n", "toggle\n", "blink 1 2\n",
					     "blink 3\n", "255\n" };
	int c = pick_client(in, true);
	uint8_t how = u8(in);
	char *buf;
	size_t len;
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	if (how < 128) {
		/* A well-formed command, so the device is really driven. */
		const char *w = words[how % 8];

		len = strlen(w);
		buf = malloc(len);
		CHECK(buf);
		memcpy(buf, w, len);
	} else {
		/* Arbitrary bytes, up to a bit beyond LED_COMMAND_MAX_WRITE. */
		size_t want = ((size_t)u8(in) << 1 | (how & 1)) % (LED_COMMAND_MAX_WRITE + 8);

		buf = malloc(want ? want : 1);
		CHECK(buf);
		len = take(in, buf, want);
	}
	cuse_device_ops.write(r->req, buf, len, 0, &s.fi[c]);
	free(buf);
	CHECK(r->req->replies == 1);
	if (r->req->reply == FAKE_REPLY_WRITE)
		CHECK(r->req->size == len);
	else
		CHECK(r->req->reply == FAKE_REPLY_ERR && r->req->error > 0);
}

static void op_poll(struct input *in)
{
	static int next_id = 1;
	int c = pick_client(in, true);
	uint8_t with_handle = u8(in) & 1;
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	cuse_device_ops.poll(r->req, &s.fi[c], with_handle ? fake_pollhandle_new(next_id++) : NULL);
	CHECK(r->req->reply == FAKE_REPLY_POLL);
	CHECK(r->req->revents & POLLOUT);
}

static const unsigned int known_cmds[] = {
	LED_CUSE_IOC_GET_STATE,      LED_CUSE_IOC_SET_STATE, LED_CUSE_IOC_TOGGLE,
	LED_CUSE_IOC_SET_BLINK,      LED_CUSE_IOC_GET_INFO,  LED_CUSE_IOC_WAIT_EVENT,
	LED_CUSE_IOC_SET_EVENT_MASK, LED_CUSE_IOC_SET_MODE,  LED_CUSE_IOC_GET_MODE,
	LED_CUSE_IOC_GET_LAST_CHANGE, LED_CUSE_IOC_SET_TRIGGER, LED_CUSE_IOC_GET_TRIGGER,
};
#define N_KNOWN_CMDS (sizeof(known_cmds) / sizeof(known_cmds[0]))

static void op_ioctl(struct input *in)
{
	int c = pick_client(in, true);
	uint8_t sel = u8(in), fl = u8(in), sz = u8(in);
	unsigned int cmd, flags = 0;
	size_t in_size, out_size;
	void *in_buf = NULL;
	struct request *r;

	if (c < 0 || !(r = new_req()))
		return;
	if (sel < 200) {
		cmd = known_cmds[sel % N_KNOWN_CMDS];
		if (sel & 0x40) /* a near miss: another size, direction or number */
			cmd ^= (unsigned int)u8(in) << ((sel >> 3 & 3) * 8);
	} else {
		cmd = u32(in);
	}
	if (fl & 0x01) flags |= FUSE_IOCTL_COMPAT;
	if (fl & 0x02) flags |= FUSE_IOCTL_UNRESTRICTED;
	if (fl & 0x04) flags |= FUSE_IOCTL_RETRY;
	if (fl & 0x08) flags |= FUSE_IOCTL_32BIT;
	if (fl & 0x10) flags |= FUSE_IOCTL_DIR;
	if (fl & 0x20) flags |= FUSE_IOCTL_COMPAT_X32;
	/* Mostly what the kernel passes in restricted mode, sometimes anything. */
	if (sz & 0x80) {
		in_size = (_IOC_DIR(cmd) & _IOC_WRITE) ? _IOC_SIZE(cmd) : 0;
		out_size = (_IOC_DIR(cmd) & _IOC_READ) ? _IOC_SIZE(cmd) : 0;
	} else {
		in_size = (sz & 0x40) ? u8(in) % 200 : sizeof(struct led_cuse_state);
		out_size = (sz & 0x20) ? (size_t)u8(in) * 4 : (sz & 0x1f);
	}
	if (in_size) {
		in_buf = malloc(in_size); /* exactly in_size: ASan sees any over-read */
		CHECK(in_buf);
		memset(in_buf, 0, in_size);
		take(in, in_buf, in_size);
	}
	r->is_ioctl = true;
	r->out_size = out_size;
	r->unrestricted = flags & FUSE_IOCTL_UNRESTRICTED;
	if (u8(in) % 16 == 15)
		r->req->interrupted = true; /* FUSE_INTERRUPT came before the handler ran */
	cuse_device_ops.ioctl(r->req, (int)cmd, NULL, &s.fi[c], flags, in_buf, in_size, out_size);
	free(in_buf);
	if (r->req->replies == 1 && r->req->reply == FAKE_REPLY_IOCTL &&
	    (cmd == LED_CUSE_IOC_GET_STATE || cmd == LED_CUSE_IOC_TOGGLE)) {
		struct led_cuse_state st;

		CHECK(r->req->size == sizeof(st));
		memcpy(&st, r->req->data, sizeof(st));
		check_state_word(st.state);
		CHECK((st.flags & ~(LED_CUSE_STATE_BLINKING | LED_CUSE_STATE_MODE_MASK)) == 0);
		/* BLINKING (1.0) exactly when a mode (1.2) runs. */
		CHECK(!(st.flags & LED_CUSE_STATE_BLINKING) == (LED_CUSE_STATE_MODE(st.flags) == LED_CUSE_MODE_NONE));
		CHECK(LED_CUSE_STATE_MODE(st.flags) <= LED_CUSE_MODE_ONESHOT);
	}
	if (r->req->replies == 1 && r->req->reply == FAKE_REPLY_IOCTL && cmd == LED_CUSE_IOC_GET_MODE) {
		struct led_cuse_mode m;

		CHECK(r->req->size == sizeof(m));
		memcpy(&m, r->req->data, sizeof(m));
		CHECK(m.mode <= LED_CUSE_MODE_ONESHOT && m.nsteps <= LED_CUSE_MODE_MAX_STEPS);
		CHECK((m.mode == LED_CUSE_MODE_NONE) == (m.nsteps == 0));
		/* What GET_MODE says, SET_MODE takes back, as the same mode. */
		if (m.mode != LED_CUSE_MODE_NONE) {
			struct led_mode back;
			struct led_cuse_mode again;

			CHECK(led_mode_from_cuse(&m, &back) == 0);
			led_mode_to_cuse(&back, &again);
			CHECK(memcmp(&again, &m, sizeof(m)) == 0);
		}
	}
	if (r->req->replies == 0)
		CHECK(cmd == LED_CUSE_IOC_WAIT_EVENT && !r->req->interrupted);
	/* A change through a read-only file is refused. */
	if ((s.fi[c].flags & O_ACCMODE) == O_RDONLY && !r->unrestricted &&
	    (cmd == LED_CUSE_IOC_SET_STATE || cmd == LED_CUSE_IOC_TOGGLE || cmd == LED_CUSE_IOC_SET_BLINK ||
	     cmd == LED_CUSE_IOC_SET_MODE))
		CHECK(r->req->reply == FAKE_REPLY_ERR && r->req->error == EBADF);
}

static void check_answered_waits(void)
{
	for (size_t i = 0; i < s.n_reqs; i++) {
		struct request *r = &s.reqs[i];
		struct led_cuse_event ev;

		if (!r->is_ioctl || r->req->reply != FAKE_REPLY_IOCTL || r->req->size != sizeof(ev))
			continue;
		memcpy(&ev, r->req->data, sizeof(ev));
		/* Only WAIT_EVENT answers 24 bytes. */
		check_state_word(ev.state);
		CHECK(ev.reserved == 0);
	}
}

static void op_press(struct input *in)
{
	static uint64_t ts;
	unsigned int n = 1 + u8(in) % 4;

	for (unsigned int i = 0; i < n; i++)
		gpio_fake_press(s.backend, ++ts);
	run_pending();
	check_answered_waits();
}

static void op_interrupt(struct input *in)
{
	size_t pick;

	if (!s.n_reqs)
		return;
	/* Any request, answered or not: libfuse only interrupts live ones, but an
	 * interrupt racing with the answer must be harmless too. */
	pick = u8(in) % s.n_reqs;
	fake_req_interrupt(s.reqs[pick].req);
	if (s.reqs[pick].is_ioctl)
		CHECK(s.reqs[pick].req->replies == 1);
}

static void op_unplug(struct input *in)
{
	uint8_t how = u8(in);

	if (how & 1) {
		gpio_fake_set_present(s.backend, false);
	} else {
		char path[128];
		int fd;

		gpio_fake_set_present(s.backend, true);
		/* A device node appears in the watched directory: the daemon reconnects. */
		snprintf(path, sizeof(path), "%s/gpiochip%u", dev_dir, touch_seq);
		fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
	}
	run_pending();
}

static void op_fail_set(struct input *in)
{
	gpio_fake_fail_next_set(s.backend, (u8(in) & 1) ? -EIO : -ENODEV);
}

static void op_turn(struct input *in)
{
	struct led_device_status st;

	/* Let short blink timers fire; bounded so an input cannot stall the
	 * fuzzer, and only while a blink timer is armed. */
	led_device_get_status(s.dev, &st);
	if ((st.mode.kind != LED_CUSE_MODE_NONE) && s.slow_turns < MAX_SLOW_TURNS && (u8(in) & 1)) {
		s.slow_turns++;
		sd_event_run(s.event, 1500);
	}
	run_pending();
}

static void on_init_done(void *userdata)
{
}

static const struct cuse_device_ops device_ops = { .init_done = on_init_done };

static void op_init(struct input *in)
{
	struct fuse_conn_info conn = { .max_write = 1u << 20 };

	cuse_device_ops.init(s.lc, &conn);
	CHECK(conn.max_write == CUSE_DEVICE_MAX_WRITE);
	cuse_device_ops.init_done(s.lc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct led_device_config cfg = { .name = "led", .dev_dir = dev_dir };
	uint8_t setup = u8(&in);
	bool has_button = setup & 1;

	memset(&s, 0, sizeof(s));
	fake_reset();
	cfg.initial_on = setup & 2;
	s.event = sd_event_ref(loop);
	CHECK(gpio_backend_new_fake(has_button, cfg.initial_on, &s.backend) == 0);
	CHECK(led_device_new(s.event, s.backend, &cfg, &s.dev) == 0);
	CHECK(cuse_device_new(s.dev, &device_ops, NULL, &s.lc) == 0);

	while (in.left && s.n_reqs < MAX_REQS) {
		switch (u8(&in) % 13) {
		case 0: case 1: op_open(&in); break;
		case 2: op_release(&in); break;
		case 3: op_read(&in); break;
		case 4: op_write(&in); break;
		case 5: op_poll(&in); break;
		case 6: case 7: op_ioctl(&in); break;
		case 8: op_press(&in); break;
		case 9: op_interrupt(&in); break;
		case 10: op_unplug(&in); break;
		case 11: op_fail_set(&in); break;
		case 12: if (u8(&in) & 1) op_turn(&in); else op_init(&in); break;
		}
		check_invariants();
	}

	/* Teardown as the daemon does it: either every file is released first,
	 * or the session ends with files still open. */
	if (setup & 4) {
		for (int c = 0; c < MAX_CLIENTS; c++) {
			if (s.open[c]) {
				fuse_req_t r = fake_req_new(s.lc);

				CHECK(r);
				cuse_device_ops.release(r, &s.fi[c]);
				CHECK(r->replies == 1);
				fake_req_free(r);
			}
		}
	}
	s.lc = cuse_device_free(s.lc);
	for (size_t i = 0; i < s.n_reqs; i++) {
		CHECK(s.reqs[i].req->replies == 1);
		fake_req_free(s.reqs[i].req);
	}
	led_device_free(s.dev);
	gpio_backend_free(s.backend);
	sd_event_unref(s.event);
	touch_seq++;
	return 0;
}
