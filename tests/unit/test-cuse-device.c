/* SPDX-License-Identifier: MIT */
/* The CUSE handlers, linked against recording fuse_reply_* doubles. */
#include "led-test.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "device-fixture.h"
#include "fuse-fake.h"
#include "internals.h"

static struct fixture fx;
static struct cuse_device *lc;
static fuse_req_t reqs[8192];
static size_t n_reqs;

static fuse_req_t new_req(void)
{
	fuse_req_t r = fake_req_new(lc);

	ck_assert_ptr_nonnull(r);
	ck_assert_uint_lt(n_reqs, sizeof(reqs) / sizeof(reqs[0]));
	reqs[n_reqs++] = r;
	return r;
}

static int ready_calls;
static void on_ready(void *u)
{
	ready_calls++;
}

static const struct cuse_device_ops device_ops = { .init_done = on_ready };

static void start_config(bool has_button, bool initial, struct led_device_config cfg)
{
	fake_reset();
	n_reqs = 0;
	fixture_start_config(&fx, has_button, initial, cfg);
	ck_assert_int_eq(cuse_device_new(fx.dev, &device_ops, NULL, &lc), 0);
}

static void start(bool has_button, bool initial)
{
	start_config(has_button, initial, (struct led_device_config){0});
}

static void teardown(void)
{
	lc = cuse_device_free(lc);
	fixture_stop(&fx);
	/* Every request was answered exactly once. */
	for (size_t i = 0; i < n_reqs; i++) {
		ck_assert_int_eq(reqs[i]->replies, 1);
		fake_req_free(reqs[i]);
	}
}

static struct fuse_file_info do_open_mode(int flags)
{
	struct fuse_file_info fi = { .flags = flags };
	fuse_req_t r = new_req();

	cuse_device_ops.open(r, &fi);
	ck_assert_int_eq(r->reply, FAKE_REPLY_OPEN);
	ck_assert(fi.fh != 0);
	ck_assert(fi.nonseekable);
	return fi;
}

static struct fuse_file_info do_open(void)
{
	return do_open_mode(O_RDWR);
}

static void do_release(struct fuse_file_info *fi)
{
	fuse_req_t r = new_req();

	cuse_device_ops.release(r, fi);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, 0);
}

/* Read as cat does: offset 0 every time, as the kernel sends for CUSE. */
static fuse_req_t do_read(struct fuse_file_info *fi, size_t size)
{
	fuse_req_t r = new_req();

	cuse_device_ops.read(r, size, 0, fi);
	return r;
}

static void assert_read(struct fuse_file_info *fi, const char *expect)
{
	fuse_req_t r = do_read(fi, 4096);

	ck_assert_int_eq(r->reply, FAKE_REPLY_BUF);
	ck_assert_uint_eq(r->size, strlen(expect));
	ck_assert(memcmp(r->data, expect, r->size) == 0);
}

static fuse_req_t do_write_n(struct fuse_file_info *fi, const char *buf, size_t len)
{
	fuse_req_t r = new_req();

	cuse_device_ops.write(r, buf, len, 0, fi);
	return r;
}

static fuse_req_t do_write(struct fuse_file_info *fi, const char *s)
{
	return do_write_n(fi, s, strlen(s));
}

static void assert_write_ok(struct fuse_file_info *fi, const char *s)
{
	fuse_req_t r = do_write(fi, s);

	ck_assert_msg(r->reply == FAKE_REPLY_WRITE, "write '%s' failed: %d", s, r->error);
	ck_assert_uint_eq(r->size, strlen(s));
}

static void assert_write_err(struct fuse_file_info *fi, const char *buf, size_t len, int err)
{
	fuse_req_t r = do_write_n(fi, buf, len);

	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, err);
}

static fuse_req_t do_ioctl(struct fuse_file_info *fi, unsigned int cmd, unsigned int flags, const void *in,
			   size_t in_size, size_t out_size)
{
	fuse_req_t r = new_req();

	cuse_device_ops.ioctl(r, (int)cmd, NULL, fi, flags, in, in_size, out_size);
	return r;
}

/* An ioctl without input that must succeed with size bytes, copied to out. */
static void ioctl_out(struct fuse_file_info *fi, unsigned int cmd, void *out, size_t size)
{
	fuse_req_t r = do_ioctl(fi, cmd, 0, NULL, 0, size);

	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_int_eq(r->ioctl_result, 0);
	ck_assert_uint_eq(r->size, size);
	memcpy(out, r->data, size);
}

static unsigned int get_state_ioctl(struct fuse_file_info *fi)
{
	struct led_cuse_state st;

	ioctl_out(fi, LED_CUSE_IOC_GET_STATE, &st, sizeof(st));
	return st.state;
}

static fuse_req_t do_wait(struct fuse_file_info *fi)
{
	return do_ioctl(fi, LED_CUSE_IOC_WAIT_EVENT, 0, NULL, 0, sizeof(struct led_cuse_event));
}

static unsigned int do_poll(struct fuse_file_info *fi, struct fuse_pollhandle *ph)
{
	fuse_req_t r = new_req();

	cuse_device_ops.poll(r, fi, ph);
	ck_assert_int_eq(r->reply, FAKE_REPLY_POLL);
	return r->revents;
}

static void press(uint64_t ts)
{
	gpio_fake_press(fx.backend, ts);
	fixture_run_pending(&fx);
}

LED_TEST_FIXTURE(NULL, teardown)

LED_TEST_CASE(test_cat_reaches_eof)
{
	struct fuse_file_info fi;

	start(false, true);
	fi = do_open();
	assert_read(&fi, "1\n");
	assert_read(&fi, "");   /* EOF: cat exits */
	assert_read(&fi, "");
	do_release(&fi);
	ck_assert_uint_eq(fanout_count_clients(cuse_device_get_fanout(lc)), 0);
}

LED_TEST_CASE(test_each_open_reads_once)
{
	struct fuse_file_info a, b;

	start(false, false);
	a = do_open();
	b = do_open();
	assert_read(&a, "0\n");
	assert_read(&b, "0\n");
	assert_read(&a, "");
	do_release(&a);
	do_release(&b);
}

LED_TEST_CASE(test_change_is_read_again)
{
	struct fuse_file_info reader, writer;

	start(false, false);
	reader = do_open();
	writer = do_open();
	assert_read(&reader, "0\n");
	assert_read(&reader, "");
	assert_write_ok(&writer, "1\n");
	ck_assert(gpio_fake_led(fx.backend));
	assert_read(&reader, "1\n");
	assert_read(&reader, "");
	/* The writer's own file sees the change too. */
	assert_read(&writer, "1\n");
	/* Writing the same value is not a change. */
	assert_write_ok(&writer, "on\n");
	assert_read(&reader, "");
	do_release(&reader);
	do_release(&writer);
}

static void assert_read_n(struct fuse_file_info *fi, size_t size, const char *expect)
{
	fuse_req_t r = do_read(fi, size);

	ck_assert_int_eq(r->reply, FAKE_REPLY_BUF);
	ck_assert_uint_eq(r->size, strlen(expect));
	ck_assert(memcmp(r->data, expect, r->size) == 0);
}

/* dd if=/dev/led bs=1: "1", "\n", then EOF; the newline is not lost. */
LED_TEST_CASE(test_short_read)
{
	struct fuse_file_info fi, writer;
	fuse_req_t r;

	start(false, true);
	fi = do_open();
	assert_read_n(&fi, 1, "1");
	ck_assert(do_poll(&fi, NULL) & POLLIN); /* the rest is still unread */
	assert_read_n(&fi, 1, "\n");
	ck_assert(!(do_poll(&fi, NULL) & POLLIN));
	assert_read_n(&fi, 1, "");

	/* A change between two short reads: the new state, whole. */
	writer = do_open();
	assert_write_ok(&writer, "0\n");
	assert_read_n(&fi, 1, "0");
	assert_write_ok(&writer, "1\n");
	assert_read_n(&fi, 1, "1");
	assert_read_n(&fi, 1, "\n");
	assert_read_n(&fi, 1, "");

	/* A reply the kernel refused (reader interrupted) is not counted as read. */
	assert_write_ok(&writer, "0\n");
	r = new_req();
	r->reply_return = -ENOENT;
	cuse_device_ops.read(r, 1, 0, &fi);
	assert_read_n(&fi, 1, "0");
	assert_read_n(&fi, 4096, "\n");
	assert_read_n(&fi, 4096, "");
	do_release(&fi);
	do_release(&writer);
}

/* Read access is enough to watch the LED, not to change it. */
LED_TEST_CASE(test_readonly_open)
{
	struct fuse_file_info ro, wo;
	struct led_cuse_state on = { .state = 1 };
	struct led_cuse_blink b = { 10, 20 };
	struct led_cuse_mode hb = { .mode = LED_CUSE_MODE_HEARTBEAT };
	struct led_device_status st;
	fuse_req_t r, w;

	start(true, false);
	ro = do_open_mode(O_RDONLY);
	r = do_ioctl(&ro, LED_CUSE_IOC_SET_STATE, 0, &on, sizeof(on), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBADF);
	r = do_ioctl(&ro, LED_CUSE_IOC_TOGGLE, 0, NULL, 0, sizeof(struct led_cuse_state));
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBADF);
	r = do_ioctl(&ro, LED_CUSE_IOC_SET_BLINK, 0, &b, sizeof(b), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBADF);
	r = do_ioctl(&ro, LED_CUSE_IOC_SET_MODE, 0, &hb, sizeof(hb), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBADF);
	r = do_ioctl(&ro, LED_CUSE_IOC_GET_MODE, 0, NULL, 0, sizeof(struct led_cuse_mode));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	led_device_get_status(fx.dev, &st);
	ck_assert(!st.on && !(st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert_uint_eq(get_state_ioctl(&ro), 0);
	r = do_ioctl(&ro, LED_CUSE_IOC_GET_INFO, 0, NULL, 0, sizeof(struct led_cuse_info));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	assert_read(&ro, "0\n");
	w = do_wait(&ro);
	ck_assert_int_eq(w->reply, FAKE_REPLY_NONE);
	press(1);
	ck_assert_int_eq(w->reply, FAKE_REPLY_IOCTL);

	/* Write-only and read-write files may change it. */
	wo = do_open_mode(O_WRONLY);
	r = do_ioctl(&wo, LED_CUSE_IOC_SET_STATE, 0, &on, sizeof(on), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	r = do_ioctl(&wo, LED_CUSE_IOC_TOGGLE, 0, NULL, 0, sizeof(struct led_cuse_state));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	do_release(&ro);
	do_release(&wo);
}

LED_TEST_CASE(test_wait_limits)
{
	static struct fuse_file_info fi[LED_CUSE_MAX_WAITS / LED_CUSE_MAX_WAITS_PER_FILE + 1];
	size_t n_files = sizeof(fi) / sizeof(fi[0]);
	fuse_req_t r;
	int parked = 0;

	start(true, false);
	for (size_t i = 0; i < n_files; i++)
		fi[i] = do_open();
	for (int i = 0; i < LED_CUSE_MAX_WAITS_PER_FILE; i++)
		ck_assert_int_eq(do_wait(&fi[0])->reply, FAKE_REPLY_NONE);
	r = do_wait(&fi[0]);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBUSY);
	parked = LED_CUSE_MAX_WAITS_PER_FILE;
	for (size_t i = 1; i < n_files && parked < LED_CUSE_MAX_WAITS; i++)
		for (int j = 0; j < LED_CUSE_MAX_WAITS_PER_FILE && parked < LED_CUSE_MAX_WAITS; j++, parked++)
			ck_assert_int_eq(do_wait(&fi[i])->reply, FAKE_REPLY_NONE);
	r = do_wait(&fi[n_files - 1]);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EBUSY);
	ck_assert_uint_eq(fanout_count_waiters(cuse_device_get_fanout(lc)), LED_CUSE_MAX_WAITS);
	/* The press answers every parked wait; then waiting works again. */
	press(7);
	ck_assert_uint_eq(fanout_count_waiters(cuse_device_get_fanout(lc)), 0);
	r = do_wait(&fi[0]);
	ck_assert_int_eq(r->reply, FAKE_REPLY_NONE);
	fake_req_interrupt(r);
	for (size_t i = 0; i < n_files; i++)
		do_release(&fi[i]);
}

LED_TEST_CASE(test_open_limit)
{
	static struct fuse_file_info fi[LED_CUSE_MAX_OPEN_FILES];
	struct fuse_file_info extra = { .flags = O_RDONLY };
	fuse_req_t r;

	start(false, false);
	for (int i = 0; i < LED_CUSE_MAX_OPEN_FILES; i++)
		fi[i] = do_open();
	r = new_req();
	cuse_device_ops.open(r, &extra);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, ENFILE);
	do_release(&fi[0]);
	fi[0] = do_open();
	for (int i = 0; i < LED_CUSE_MAX_OPEN_FILES; i++)
		do_release(&fi[i]);
}

LED_TEST_CASE(test_every_write_command)
{
	struct fuse_file_info fi;
	struct led_device_status st;

	start(false, false);
	fi = do_open();
	assert_write_ok(&fi, "1\n");
	ck_assert(gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "0");
	ck_assert(!gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "on\n");
	ck_assert(gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "off\n");
	ck_assert(!gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "toggle\n");
	ck_assert(gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "0\n");
	assert_write_ok(&fi, "255\n");
	ck_assert(gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "  0  \n");
	ck_assert(!gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "blink 100 200\n");
	led_device_get_status(fx.dev, &st);
	ck_assert((st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_eq(st.mode.steps[0].ms, 100);
	ck_assert_uint_eq(st.mode.steps[1].ms, 200);
	assert_write_ok(&fi, "blink 50\n");
	led_device_get_status(fx.dev, &st);
	ck_assert_uint_eq(st.mode.steps[1].ms, 50);
	assert_write_ok(&fi, "1\n0\n1\n");
	led_device_get_status(fx.dev, &st);
	ck_assert(!(st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(gpio_fake_led(fx.backend));
	/* The modes, all or nothing: a bad one refuses the whole write. */
	assert_write_ok(&fi, "pattern 1 100 0 400\n");
	led_device_get_status(fx.dev, &st);
	ck_assert_int_eq(st.mode.kind, LED_CUSE_MODE_PATTERN);
	assert_write_err(&fi, "off\nheartbeat 10\n", strlen("off\nheartbeat 10\n"), EINVAL);
	led_device_get_status(fx.dev, &st);
	ck_assert_int_eq(st.mode.kind, LED_CUSE_MODE_PATTERN);
	ck_assert(gpio_fake_led(fx.backend));
	assert_write_ok(&fi, "off\nheartbeat 2000\n");
	led_device_get_status(fx.dev, &st);
	ck_assert_int_eq(st.mode.kind, LED_CUSE_MODE_HEARTBEAT);
	assert_write_ok(&fi, "oneshot 500\nblink 10 10 3\n");
	led_device_get_status(fx.dev, &st);
	ck_assert_int_eq(st.mode.kind, LED_CUSE_MODE_BLINK);
	ck_assert_uint_eq(st.mode.count, 3);
	assert_write_ok(&fi, "1\n");
	do_release(&fi);
}

LED_TEST_CASE(test_bad_writes)
{
	static const char *const bad[] = { "2 2\n", "onn\n", "-1\n", "blink\n", "blink 0\n", "\n", "hello\n", "1\nnope\n" };
	struct fuse_file_info fi;
	char big[LED_COMMAND_MAX_WRITE + 1];
	unsigned int sets;

	start(false, true);
	fi = do_open();
	assert_read(&fi, "1\n");
	sets = gpio_fake_set_count(fx.backend);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_write_err(&fi, bad[i], strlen(bad[i]), EINVAL);
	assert_write_err(&fi, "", 0, EINVAL);
	assert_write_err(&fi, "0\0", 2, EINVAL);
	assert_write_err(&fi, "\0\0\0\0", 4, EINVAL);
	memset(big, '0', sizeof(big));
	assert_write_err(&fi, big, sizeof(big), EFBIG);
	/* Nothing reached the line, nothing changed for readers. */
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets);
	ck_assert(gpio_fake_led(fx.backend));
	assert_read(&fi, "");
	ck_assert_uint_eq(get_state_ioctl(&fi), 1);
	do_release(&fi);
}

LED_TEST_CASE(test_ioctls)
{
	struct fuse_file_info fi;
	struct led_cuse_state on = { .state = 1 }, st, bad = { .state = 7 };
	struct led_cuse_blink b = { 10, 20 };
	struct led_cuse_info info;
	fuse_req_t r;

	start(false, false);
	fi = do_open();
	ck_assert_uint_eq(get_state_ioctl(&fi), 0);

	r = do_ioctl(&fi, LED_CUSE_IOC_SET_STATE, 0, &on, sizeof(on), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_uint_eq(r->size, 0);
	ck_assert(gpio_fake_led(fx.backend));

	r = do_ioctl(&fi, LED_CUSE_IOC_TOGGLE, 0, NULL, 0, sizeof(st));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	memcpy(&st, r->data, sizeof(st));
	ck_assert_uint_eq(st.state, 0);
	ck_assert(!gpio_fake_led(fx.backend));

	r = do_ioctl(&fi, LED_CUSE_IOC_SET_BLINK, 0, &b, sizeof(b), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	r = do_ioctl(&fi, LED_CUSE_IOC_GET_STATE, 0, NULL, 0, sizeof(st));
	memcpy(&st, r->data, sizeof(st));
	ck_assert_uint_eq(st.flags, LED_CUSE_STATE_BLINKING | LED_CUSE_MODE_BLINK << LED_CUSE_STATE_MODE_SHIFT);

	r = do_ioctl(&fi, LED_CUSE_IOC_GET_INFO, 0, NULL, 0, sizeof(info));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_uint_eq(r->size, sizeof(info));
	memcpy(&info, r->data, sizeof(info));
	ck_assert_str_eq(info.name, "led");
	ck_assert_str_eq(info.led_chip, "fake-chip");

	r = do_ioctl(&fi, LED_CUSE_IOC_SET_STATE, 0, &bad, sizeof(bad), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EINVAL);

	r = do_ioctl(&fi, 0x5401 /* TCGETS */, 0, NULL, 0, 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, ENOTTY);

	/* A request number with the sign bit set arrives as a negative int. */
	r = do_ioctl(&fi, 0xC0DEB7FFu, 0, NULL, 0, 0);
	ck_assert_int_eq(r->error, ENOTTY);

	/* No button: waiting is not supported. */
	r = do_wait(&fi);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EOPNOTSUPP);
	do_release(&fi);
}

LED_TEST_CASE(test_ioctl_flags)
{
	struct fuse_file_info fi;
	fuse_req_t r;

	start(false, true);
	fi = do_open();
	/* A 32-bit caller: same layouts, same answer. */
	r = do_ioctl(&fi, LED_CUSE_IOC_GET_STATE, FUSE_IOCTL_COMPAT, NULL, 0, sizeof(struct led_cuse_state));
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_uint_eq(r->size, sizeof(struct led_cuse_state));
	/* Unrestricted mode was never asked for: refuse rather than guess buffers. */
	r = do_ioctl(&fi, LED_CUSE_IOC_GET_STATE, FUSE_IOCTL_UNRESTRICTED, NULL, 0, 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, ENOTTY);
	do_release(&fi);
}

LED_TEST_CASE(test_wait_woken_by_press)
{
	struct fuse_file_info a, b;
	struct led_cuse_event ev;
	fuse_req_t wa, wb, again;

	start(true, false);
	a = do_open();
	b = do_open();
	wa = do_wait(&a);
	wb = do_wait(&b);
	ck_assert_int_eq(wa->reply, FAKE_REPLY_NONE); /* parked, the loop goes on */
	ck_assert_int_eq(wb->reply, FAKE_REPLY_NONE);
	ck_assert_uint_eq(get_state_ioctl(&a), 0);

	press(42);
	ck_assert_int_eq(wa->reply, FAKE_REPLY_IOCTL);
	ck_assert_int_eq(wb->reply, FAKE_REPLY_IOCTL);
	ck_assert_uint_eq(wa->size, sizeof(ev));
	memcpy(&ev, wa->data, sizeof(ev));
	ck_assert_uint_eq(ev.seq, 1);
	ck_assert_uint_eq(ev.timestamp_ns, 42);
	ck_assert_uint_eq(ev.state, 1);
	ck_assert(gpio_fake_led(fx.backend));

	/* The next wait gets the next press, not the old one. */
	again = do_wait(&a);
	ck_assert_int_eq(again->reply, FAKE_REPLY_NONE);
	press(43);
	memcpy(&ev, again->data, sizeof(ev));
	ck_assert_uint_eq(ev.seq, 2);
	ck_assert_uint_eq(ev.state, 0);
	do_release(&a);
	do_release(&b);
}

LED_TEST_CASE(test_wait_interrupted)
{
	struct fuse_file_info fi;
	fuse_req_t w, early;

	start(true, false);
	fi = do_open();
	w = do_wait(&fi);
	ck_assert_ptr_nonnull(w->interrupt_func);
	fake_req_interrupt(w);
	ck_assert_int_eq(w->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(w->error, EINTR);
	ck_assert_uint_eq(fanout_count_waiters(cuse_device_get_fanout(lc)), 0);
	/* The press afterwards must not answer the request a second time. */
	press(1);
	ck_assert_int_eq(w->replies, 1);

	/* Interrupted before the handler even ran: answered at once. */
	early = new_req();
	early->interrupted = true;
	cuse_device_ops.ioctl(early, (int)LED_CUSE_IOC_WAIT_EVENT, NULL, &fi, 0, NULL, 0,
			   sizeof(struct led_cuse_event));
	ck_assert_int_eq(early->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(early->error, EINTR);
	ck_assert_uint_eq(fanout_count_waiters(cuse_device_get_fanout(lc)), 0);
	do_release(&fi);
}

LED_TEST_CASE(test_unplug_fails_clients)
{
	struct fuse_file_info fi;
	fuse_req_t w, r;

	start(true, true);
	fi = do_open();
	w = do_wait(&fi);
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	ck_assert_int_eq(w->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(w->error, ENODEV);
	assert_write_err(&fi, "0\n", 2, ENODEV);
	r = do_read(&fi, 64);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, ENODEV);
	ck_assert(do_poll(&fi, NULL) & POLLERR);
	r = do_ioctl(&fi, LED_CUSE_IOC_GET_STATE, 0, NULL, 0, sizeof(struct led_cuse_state));
	ck_assert_int_eq(r->error, ENODEV);

	/* Back: the state it had is restored and readable. */
	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(gpio_fake_led(fx.backend));
	assert_read(&fi, "1\n");
	assert_write_ok(&fi, "0\n");
	ck_assert(!gpio_fake_led(fx.backend));
	do_release(&fi);
}

LED_TEST_CASE(test_poll)
{
	struct fuse_file_info a, b;

	start(true, false);
	a = do_open();
	b = do_open();
	ck_assert_uint_eq(do_poll(&a, NULL), POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
	assert_read(&a, "0\n");
	ck_assert_uint_eq(do_poll(&a, fake_pollhandle_new(1)), POLLOUT | POLLWRNORM);
	assert_read(&b, "0\n");
	ck_assert_uint_eq(do_poll(&b, fake_pollhandle_new(2)), POLLOUT | POLLWRNORM);
	ck_assert_int_eq(fake_polls_notified, 0);

	/* A button press wakes both pollers, once. */
	press(5);
	ck_assert_int_eq(fake_polls_notified, 2);
	ck_assert_int_eq(fake_polls_destroyed, 2);
	ck_assert(do_poll(&a, NULL) & POLLIN);
	assert_read(&a, "1\n");
	ck_assert(!(do_poll(&a, NULL) & POLLIN));

	/* A write by another client wakes a poller too. */
	ck_assert_uint_eq(do_poll(&a, fake_pollhandle_new(3)), POLLOUT | POLLWRNORM);
	assert_write_ok(&b, "0\n");
	ck_assert_int_eq(fake_polls_notified, 3);
	ck_assert_int_eq(fake_poll_last_notified_id, 3);

	/* A handle still held at close is released, not leaked. */
	ck_assert(do_poll(&a, fake_pollhandle_new(4)) & POLLIN);
	do_release(&a);
	ck_assert_int_eq(fake_polls_destroyed, 4);
	ck_assert_int_eq(fake_polls_notified, 3);
	do_release(&b);
}

LED_TEST_CASE(test_concurrent_clients)
{
	enum { CLIENTS = 40, ROUNDS = 25 };
	struct fuse_file_info fi[CLIENTS];
	fuse_req_t waits[CLIENTS];
	unsigned int presses = 0;
	char expect[3];

	start(true, false);
	for (int i = 0; i < CLIENTS; i++)
		fi[i] = do_open();
	/* Interleave what 40 processes would send, with button presses between. */
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < CLIENTS; i++) {
			switch ((i + round) % 5) {
			case 0: assert_write_ok(&fi[i], (i & 1) ? "1\n" : "0\n"); break;
			case 1: assert_write_ok(&fi[i], "toggle\n"); break;
			case 2: (void)get_state_ioctl(&fi[i]); break;
			case 3: ck_assert_int_eq(do_read(&fi[i], 16)->reply, FAKE_REPLY_BUF); break;
			case 4: (void)do_poll(&fi[i], fake_pollhandle_new(i)); break;
			}
		}
		if (round % 5 == 0) {
			for (int i = 0; i < CLIENTS; i++)
				waits[i] = do_wait(&fi[i]);
			press(round);
			presses++;
			for (int i = 0; i < CLIENTS; i++)
				ck_assert_int_eq(waits[i]->reply, FAKE_REPLY_IOCTL);
		}
	}
	/* One consistent state: the line, every file's read and the ioctl agree. */
	snprintf(expect, sizeof(expect), "%d\n", gpio_fake_led(fx.backend));
	for (int i = 0; i < CLIENTS; i++) {
		fuse_req_t r = do_read(&fi[i], 16);

		ck_assert_int_eq(r->reply, FAKE_REPLY_BUF);
		if (r->size) /* empty: this file had read the final state already */
			ck_assert(memcmp(r->data, expect, 2) == 0);
		assert_read(&fi[i], "");
		ck_assert_uint_eq(get_state_ioctl(&fi[i]), (unsigned int)gpio_fake_led(fx.backend));
	}
	struct led_device_status st;
	led_device_get_status(fx.dev, &st);
	ck_assert_uint_eq(st.presses, presses);
	for (int i = 0; i < CLIENTS; i++)
		do_release(&fi[i]);
	ck_assert_uint_eq(fanout_count_clients(cuse_device_get_fanout(lc)), 0);
}

LED_TEST_CASE(test_init)
{
	struct fuse_conn_info conn = { .max_write = 1u << 20 };

	start(false, false);
	cuse_device_ops.init(lc, &conn);
	ck_assert_uint_eq(conn.max_write, CUSE_DEVICE_MAX_WRITE);
	ready_calls = 0;
	cuse_device_ops.init_done(lc);
	ck_assert_int_eq(ready_calls, 1);
}

LED_TEST_CASE(test_shutdown_answers_waiters)
{
	struct fuse_file_info fi;
	fuse_req_t w;

	start(true, false);
	fi = do_open();
	w = do_wait(&fi);
	lc = cuse_device_free(lc);
	ck_assert_int_eq(w->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(w->error, ENODEV);
	/* The kernel drops the files with the channel; nothing else to answer. */
	(void)fi;
}

/* --- event kinds and per-file event masks --- */

static void start_both_edges(void)
{
	start_config(true, false, (struct led_device_config){ .button_edge = GPIO_EDGE_BOTH });
}

static fuse_req_t set_mask(struct fuse_file_info *fi, uint32_t mask)
{
	struct led_cuse_event_mask m = { .mask = mask };

	return do_ioctl(fi, LED_CUSE_IOC_SET_EVENT_MASK, 0, &m, sizeof(m), 0);
}

/* A physical edge; with --edge=both and not active-low, rising is the press. */
static void edge(uint64_t ts, bool rising)
{
	gpio_fake_edge(fx.backend, ts, rising);
	fixture_run_pending(&fx);
}

static struct led_cuse_event reply_event(fuse_req_t r)
{
	struct led_cuse_event ev;

	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_uint_eq(r->size, sizeof(ev));
	memcpy(&ev, r->data, sizeof(ev));
	return ev;
}

LED_TEST_CASE(test_default_mask_sees_presses_only)
{
	struct fuse_file_info fi;
	struct led_cuse_event ev;
	fuse_req_t w;

	start_both_edges();
	fi = do_open();
	w = do_wait(&fi);
	edge(10, true);
	ev = reply_event(w);
	ck_assert_uint_eq(ev.seq, 1);
	ck_assert_uint_eq(ev.reserved, 0); /* what a 1.0 client reads: a press */
	w = do_wait(&fi);
	edge(20, false); /* the release does not answer an old-style wait */
	ck_assert_int_eq(w->reply, FAKE_REPLY_NONE);
	edge(30, true);
	ev = reply_event(w);
	ck_assert_uint_eq(ev.seq, 2); /* the press count, as before */
	ck_assert_uint_eq(ev.kind, LED_CUSE_EVENT_PRESS);
	ck_assert_uint_eq(ev.timestamp_ns, 30);
	do_release(&fi);
}

LED_TEST_CASE(test_mask_selects_kinds_and_numbers_them)
{
	struct fuse_file_info all, rel, old;
	struct led_cuse_event ev;
	fuse_req_t r, wa, wr, wo;

	start_both_edges();
	all = do_open();
	rel = do_open();
	old = do_open();
	r = set_mask(&all, LED_CUSE_EVENT_MASK_ALL);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	ck_assert_int_eq(r->ioctl_result, 0);
	ck_assert_uint_eq(r->size, 0);
	set_mask(&rel, LED_CUSE_EVENT_MASK_RELEASE);

	wa = do_wait(&all);
	wr = do_wait(&rel);
	wo = do_wait(&old);
	edge(10, true);
	ck_assert_uint_eq(reply_event(wa).seq, 1);
	ck_assert_int_eq(wr->reply, FAKE_REPLY_NONE);
	ck_assert_uint_eq(reply_event(wo).seq, 1);

	wa = do_wait(&all);
	edge(20, false);
	ev = reply_event(wa);
	ck_assert_uint_eq(ev.kind, LED_CUSE_EVENT_RELEASE);
	ck_assert_uint_eq(ev.seq, 2); /* the second event of any kind */
	ev = reply_event(wr);
	ck_assert_uint_eq(ev.kind, LED_CUSE_EVENT_RELEASE);
	ck_assert_uint_eq(ev.seq, 1); /* the first release */
	ck_assert_uint_eq(ev.state, 1);
	do_release(&all);
	do_release(&rel);
	do_release(&old);
}

LED_TEST_CASE(test_parked_wait_keeps_its_mask)
{
	struct fuse_file_info fi;
	fuse_req_t w;

	start_both_edges();
	fi = do_open();
	w = do_wait(&fi);
	set_mask(&fi, LED_CUSE_EVENT_MASK_RELEASE);
	edge(10, true);
	ck_assert_uint_eq(reply_event(w).kind, LED_CUSE_EVENT_PRESS);
	w = do_wait(&fi);
	edge(20, false);
	ck_assert_uint_eq(reply_event(w).kind, LED_CUSE_EVENT_RELEASE);
	do_release(&fi);
}

LED_TEST_CASE(test_bad_event_masks)
{
	struct fuse_file_info fi;
	struct led_cuse_event_mask m = { .mask = LED_CUSE_EVENT_MASK_PRESS };
	fuse_req_t r, w;

	start_both_edges();
	fi = do_open();
	r = set_mask(&fi, 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EINVAL);
	r = set_mask(&fi, LED_CUSE_EVENT_MASK_ALL + 1);
	ck_assert_int_eq(r->error, EINVAL);
	r = do_ioctl(&fi, LED_CUSE_IOC_SET_EVENT_MASK, 0, &m, sizeof(m) - 1, 0);
	ck_assert_int_eq(r->error, EINVAL);
	/* A refused mask leaves the one before: presses. */
	w = do_wait(&fi);
	edge(10, true);
	ck_assert_uint_eq(reply_event(w).kind, LED_CUSE_EVENT_PRESS);
	do_release(&fi);
}

LED_TEST_CASE(test_event_mask_without_button)
{
	struct fuse_file_info fi;
	fuse_req_t r;

	start(false, false);
	fi = do_open();
	r = set_mask(&fi, LED_CUSE_EVENT_MASK_ALL);
	ck_assert_int_eq(r->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(r->error, EOPNOTSUPP);
	do_release(&fi);
}

LED_TEST_CASE(test_one_loop_sees_press_and_double)
{
	struct led_device_config cfg = { .double_click_ms = 60000 };
	struct fuse_file_info fi, old;
	fuse_req_t w, o;
	uint64_t t = fixture_now_ns();

	start_config(true, false, cfg);
	fi = do_open();
	old = do_open();
	set_mask(&fi, LED_CUSE_EVENT_MASK_PRESS | LED_CUSE_EVENT_MASK_DOUBLE);
	w = do_wait(&fi);
	o = do_wait(&old);
	press(t);
	ck_assert_uint_eq(reply_event(w).seq, 1);
	ck_assert_uint_eq(reply_event(o).seq, 1);
	/* The second press and its DOUBLE come together, between two waits. */
	press(t + 1000);
	o = do_wait(&old);
	ck_assert_int_eq(o->reply, FAKE_REPLY_NONE); /* 1.0 behaviour: nothing kept */
	w = do_wait(&fi);
	ck_assert_uint_eq(reply_event(w).kind, LED_CUSE_EVENT_PRESS);
	ck_assert_uint_eq(reply_event(w).seq, 2);
	w = do_wait(&fi);
	ck_assert_uint_eq(reply_event(w).kind, LED_CUSE_EVENT_DOUBLE);
	ck_assert_uint_eq(reply_event(w).seq, 3);
	ck_assert_uint_eq(reply_event(w).timestamp_ns, t + 1000);
	w = do_wait(&fi);
	ck_assert_int_eq(w->reply, FAKE_REPLY_NONE);
	do_release(&fi);
	do_release(&old);
	lc = cuse_device_free(lc); /* answers the parked waits with ENODEV */
	ck_assert_int_eq(w->reply, FAKE_REPLY_ERR);
	ck_assert_int_eq(o->reply, FAKE_REPLY_ERR);
}

/* --- who changed it: the requester of each write and ioctl --- */

static struct led_cuse_change recorded[8];
static int n_recorded;

static void on_recorded(void *u, const struct led_cuse_change *c)
{
	ck_assert_ptr_eq(u, lc);
	if (!c)
		return; /* a chip going or coming back: no record */
	ck_assert_int_lt(n_recorded, 8);
	recorded[n_recorded++] = *c;
}

static const struct led_listener recorder = { .changed = on_recorded };

static void start_recording(bool has_button)
{
	start(has_button, false);
	n_recorded = 0;
	/* After the CUSE device: it hears of each change, pollers woken, first. */
	ck_assert_int_eq(led_device_add_listener(fx.dev, &recorder, lc), 0);
}

static struct led_cuse_change get_last_change(struct fuse_file_info *fi)
{
	struct led_cuse_change c;

	ioctl_out(fi, LED_CUSE_IOC_GET_LAST_CHANGE, &c, sizeof(c));
	return c;
}

/* GET_LAST_CHANGE on fi says source, uid, pid and state; returns it. */
static struct led_cuse_change assert_last_change(struct fuse_file_info *fi, uint32_t source, uint32_t uid,
						 uint32_t pid, uint32_t state)
{
	struct led_cuse_change c = get_last_change(fi);

	ck_assert_uint_eq(c.source, source);
	ck_assert_uint_eq(c.uid, uid);
	ck_assert_uint_eq(c.pid, pid);
	ck_assert_uint_eq(c.state, state);
	return c;
}

LED_TEST_CASE(test_write_records_the_writer)
{
	struct fuse_file_info fi, ro;
	struct led_cuse_change c;
	fuse_req_t r;

	start_recording(false);
	fi = do_open();
	ro = do_open_mode(O_RDONLY);
	c = get_last_change(&ro);
	ck_assert_uint_eq(c.source, LED_CUSE_CHANGE_START);

	r = new_req();
	r->ctx.uid = 1234;
	r->ctx.pid = 5678;
	cuse_device_ops.write(r, "on\n", 3, 0, &fi);
	ck_assert_int_eq(r->reply, FAKE_REPLY_WRITE);
	c = assert_last_change(&ro, LED_CUSE_CHANGE_WRITE, 1234, 5678, 1);
	/* main.c logs what the hook gets: this very record. */
	ck_assert_int_eq(n_recorded, 1);
	ck_assert(memcmp(&recorded[0], &c, sizeof(c)) == 0);

	/* A rejected write changes nothing, records nothing. */
	assert_write_err(&fi, "bogus\n", 6, EINVAL);
	ck_assert_int_eq(n_recorded, 1);
	do_release(&fi);
	do_release(&ro);
}

LED_TEST_CASE(test_ioctl_records_the_caller)
{
	struct led_cuse_state off = { .state = 0 }, on = { .state = 1 };
	struct fuse_file_info fi;
	fuse_req_t r;

	start_recording(false);
	fi = do_open();
	r = new_req();
	r->ctx.uid = 0;
	r->ctx.pid = 99;
	cuse_device_ops.ioctl(r, (int)LED_CUSE_IOC_SET_STATE, NULL, &fi, 0, &on, sizeof(on), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	assert_last_change(&fi, LED_CUSE_CHANGE_IOCTL, 0, 99, 1);
	/* The default requester of the fake, through SET_STATE off. */
	r = do_ioctl(&fi, LED_CUSE_IOC_SET_STATE, 0, &off, sizeof(off), 0);
	ck_assert_int_eq(r->reply, FAKE_REPLY_IOCTL);
	assert_last_change(&fi, LED_CUSE_CHANGE_IOCTL, FAKE_UID, FAKE_PID, 0);
	ck_assert_int_eq(n_recorded, 2);
	do_release(&fi);
}

LED_TEST_CASE(test_button_records_no_client)
{
	struct fuse_file_info fi, w;

	start_recording(true);
	fi = do_open_mode(O_RDONLY);
	w = do_open();
	assert_write_ok(&w, "1\n");
	do_release(&w);
	press(fixture_now_ns());
	assert_last_change(&fi, LED_CUSE_CHANGE_BUTTON, LED_CUSE_CHANGE_NO_UID, 0, 0);
	ck_assert_int_eq(n_recorded, 2);
	ck_assert_uint_eq(recorded[1].source, LED_CUSE_CHANGE_BUTTON);
	/* Still answered while the chip is gone; the unplug is not recorded. */
	gpio_fake_set_present(fx.backend, false);
	fixture_run_pending(&fx);
	assert_last_change(&fi, LED_CUSE_CHANGE_BUTTON, LED_CUSE_CHANGE_NO_UID, 0, 0);
	ck_assert_int_eq(n_recorded, 2);
	do_release(&fi);
}

/* --- a write is all or nothing, also when the line fails partway --- */

/* The state readers and GET_LAST_CHANGE see, to compare before and after a write. */
struct seen {
	struct led_device_status st;
	struct led_cuse_change change;
	int recorded, notified;
};

static struct seen seen_now(struct fuse_file_info *fi)
{
	struct seen s = { .change = get_last_change(fi), .recorded = n_recorded, .notified = fake_polls_notified };

	led_device_get_status(fx.dev, &s.st);
	return s;
}

static void assert_seen_unchanged(struct fuse_file_info *ro, const struct seen *before)
{
	struct seen after = seen_now(ro);

	ck_assert_int_eq(after.st.on, before->st.on);
	ck_assert_int_eq((after.st.mode.kind != LED_CUSE_MODE_NONE), (before->st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert(memcmp(&after.st.mode, &before->st.mode, sizeof(after.st.mode)) == 0);
	ck_assert_uint_eq(after.st.generation, before->st.generation);
	ck_assert(memcmp(&after.change, &before->change, sizeof(after.change)) == 0);
	ck_assert_int_eq(after.recorded, before->recorded);
	ck_assert_int_eq(after.notified, before->notified);
	ck_assert(!(do_poll(ro, NULL) & POLLIN));
	assert_read(ro, "");
}

/* ro has read the current state and polls with a handle: it must not be woken. */
static void settle_reader(struct fuse_file_info *ro, int id)
{
	fuse_req_t r = do_read(ro, 16);

	ck_assert_int_eq(r->reply, FAKE_REPLY_BUF);
	ck_assert_uint_eq(do_poll(ro, fake_pollhandle_new(id)), POLLOUT | POLLWRNORM);
}

LED_TEST_CASE(test_write_undone_when_the_line_fails)
{
	static const char on_blink[] = "on\nblink 100 100\n", off_blink[] = "off\nblink 100 100\n";
	struct fuse_file_info fi, ro;
	const struct gpio_fake_set *h;
	struct seen before, after;
	unsigned int sets;
	uint64_t t0;

	start_recording(false);
	fi = do_open();
	ro = do_open_mode(O_RDONLY);
	settle_reader(&ro, 1);

	/* The line takes "on", refuses the blink's first step (an I2C NAK). */
	before = seen_now(&ro);
	gpio_fake_fail_sets_after(fx.backend, 1, -EIO, 1);
	assert_write_err(&fi, on_blink, strlen(on_blink), EIO);
	ck_assert(!gpio_fake_led(fx.backend));
	assert_seen_unchanged(&ro, &before);
	/* Nothing left running either. */
	sets = gpio_fake_set_count(fx.backend);
	fixture_run_for(&fx, 150);
	ck_assert_uint_eq(gpio_fake_set_count(fx.backend), sets);

	/* Over a running mode: the mode goes on from where it was. */
	assert_write_ok(&fi, "heartbeat 1000\n");
	settle_reader(&ro, 2);
	before = seen_now(&ro);
	gpio_fake_fail_sets_after(fx.backend, 1, -EIO, 1);
	assert_write_err(&fi, off_blink, strlen(off_blink), EIO);
	ck_assert(gpio_fake_led(fx.backend)); /* the beat's first step */
	assert_seen_unchanged(&ro, &before);
	gpio_fake_history_clear(fx.backend);
	fixture_run_for(&fx, 150);
	ck_assert_uint_ge(gpio_fake_history(fx.backend, &h), 1);
	ck_assert(!h[0].on); /* the beat's end, on its timer */
	ck_assert_int_eq(seen_now(&ro).st.mode.kind, LED_CUSE_MODE_HEARTBEAT);

	/* On its timer as it was: a step that began before the write ends when it would have. */
	assert_write_ok(&fi, "pattern 1 400 0 400\n");
	t0 = fixture_now_ns();
	settle_reader(&ro, 5);
	usleep(250 * 1000);
	fixture_run_pending(&fx); /* the loop's now, as in the daemon, where a write comes from the loop */
	gpio_fake_fail_sets_after(fx.backend, 1, -EIO, 1);
	assert_write_err(&fi, off_blink, strlen(off_blink), EIO);
	gpio_fake_history_clear(fx.backend);
	while (!gpio_fake_history(fx.backend, &h) && fixture_now_ns() - t0 < 2000 * 1000000ULL)
		ck_assert_int_ge(sd_event_run(fx.event, 10 * 1000), 0);
	ck_assert_uint_ge(gpio_fake_history(fx.backend, &h), 1);
	ck_assert(!h[0].on);
	/* 400 ms after the start, not 400 ms after the write (650 or later) */
	ck_assert_uint_lt(h[0].ns - t0, 620 * 1000000ULL);

	/* Unplugged partway: the chip's return restores the state from before the write. */
	assert_write_ok(&fi, "off\n");
	settle_reader(&ro, 3);
	before = seen_now(&ro);
	gpio_fake_fail_sets_after(fx.backend, 1, -ENODEV, 1);
	assert_write_err(&fi, on_blink, strlen(on_blink), ENODEV);
	ck_assert_int_eq(do_read(&ro, 16)->error, ENODEV);
	after = seen_now(&ro);
	ck_assert(memcmp(&before.change, &after.change, sizeof(before.change)) == 0);
	ck_assert_int_eq(n_recorded, before.recorded);
	gpio_fake_set_present(fx.backend, true);
	fixture_touch_dev(&fx, "gpiochip0");
	fixture_run_pending(&fx);
	ck_assert(!gpio_fake_led(fx.backend));
	ck_assert(!(seen_now(&ro).st.mode.kind != LED_CUSE_MODE_NONE));
	assert_read(&ro, "0\n");

	/* The line refuses the way back too: the LED is where the write left it, and that is a change. */
	settle_reader(&ro, 4);
	before = seen_now(&ro);
	gpio_fake_fail_sets_after(fx.backend, 1, -EIO, 2);
	assert_write_err(&fi, on_blink, strlen(on_blink), EIO);
	ck_assert(gpio_fake_led(fx.backend));
	ck_assert(seen_now(&ro).st.on);
	ck_assert(!(seen_now(&ro).st.mode.kind != LED_CUSE_MODE_NONE));
	ck_assert_uint_gt(seen_now(&ro).st.generation, before.st.generation);
	ck_assert_int_eq(fake_polls_notified, before.notified + 1);
	assert_last_change(&ro, LED_CUSE_CHANGE_WRITE, FAKE_UID, FAKE_PID, 1);
	assert_read(&ro, "1\n");

	do_release(&fi);
	do_release(&ro);
}
