/* SPDX-License-Identifier: MIT */
/*
 * noop-cuse: the transport floor of the benchmark. A CUSE device built from
 * the same libfuse as led-cuse, in the same mode (restricted ioctls,
 * single-threaded session), that does nothing: open and release succeed,
 * read answers "0\n", write accepts everything, GET_STATE answers a zeroed
 * struct led_cuse_state and any other ioctl ENOTTY.
 *
 *   noop-cuse NAME             creates /dev/NAME; runs until killed
 *   noop-cuse --sd-event NAME  the same, but driven by an sd-event loop with an
 *                              io source on the session fd, one request per
 *                              wake-up (isolates the cost of such a loop)
 *   noop-cuse --mt NAME        the same on libfuse's multi-threaded loop
 *                              (fuse_session_loop_mt: a pool of blocking readers)
 *   noop-cuse --gpio CHIP OFFSET NAME
 *                              libfuse's single-threaded loop, and a write
 *                              starting with '1' or '0' sets that output line
 *                              before it is answered: the least any CUSE LED
 *                              device pays for a write (led-cuse's write floor)
 */
#include <cuse_lowlevel.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-event.h>

#include <led-cuse/led.h>

#include "bench-gpiod.h"

static void noop_open(fuse_req_t req, struct fuse_file_info *fi)
{
	fi->nonseekable = 1;
	fi->direct_io = 1;
	fuse_reply_open(req, fi);
}

static void noop_read(fuse_req_t req, size_t size, off_t off, struct fuse_file_info *fi)
{
	fuse_reply_buf(req, "0\n", size < 2 ? size : 2);
}

static struct gpiod_line_request *line;  /* --gpio: the line a write sets */
static unsigned int line_offset;

static void noop_write(fuse_req_t req, const char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	if (line && size > 0 && (buf[0] == '0' || buf[0] == '1') &&
	    gpiod_line_request_set_value(line, line_offset,
					 buf[0] == '1' ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0) {
		fuse_reply_err(req, errno);
		return;
	}
	fuse_reply_write(req, size);
}

static void noop_ioctl(fuse_req_t req, int cmd, void *arg, struct fuse_file_info *fi, unsigned int flags,
		       const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	struct led_cuse_state st = {0};

	if ((unsigned int)cmd == LED_CUSE_IOC_GET_STATE && out_bufsz >= sizeof(st))
		fuse_reply_ioctl(req, 0, &st, sizeof(st));
	else
		fuse_reply_err(req, ENOTTY);
}

static void noop_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fuse_reply_err(req, 0);
}

static const struct cuse_lowlevel_ops ops = {
	.open = noop_open,
	.read = noop_read,
	.write = noop_write,
	.ioctl = noop_ioctl,
	.release = noop_release,
};

static struct fuse_buf buf;

static int on_fuse(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct fuse_session *se = userdata;
	int r = fuse_session_receive_buf(se, &buf);

	if (r == -EINTR || r == -EAGAIN)
		return 0;
	if (r <= 0)
		return sd_event_exit(sd_event_source_get_event(s), 1);
	fuse_session_process_buf(se, &buf);
	return 0;
}

static int run_sd_event(struct fuse_session *se)
{
	sd_event *e = NULL;
	int r;

	if (sd_event_new(&e) < 0 || sd_event_add_io(e, NULL, fuse_session_fd(se), EPOLLIN, on_fuse, se) < 0)
		return -1;
	r = sd_event_loop(e);
	sd_event_unref(e);
	return r;
}

int main(int argc, char **argv)
{
	int use_sd_event = argc == 3 && strcmp(argv[1], "--sd-event") == 0;
	int use_mt = argc == 3 && strcmp(argv[1], "--mt") == 0;
	int use_gpio = argc == 5 && strcmp(argv[1], "--gpio") == 0;

	char devname[64];
	const char *dev_info_argv[] = { devname };
	char *fuse_argv[] = { argv[0], "-f", NULL, NULL };
	struct cuse_info ci = { .dev_info_argc = 1, .dev_info_argv = dev_info_argv };
	struct fuse_session *se;
	int mt, r;

	if (argc != 2 && !use_sd_event && !use_mt && !use_gpio) {
		fprintf(stderr, "usage: noop-cuse [--sd-event|--mt|--gpio CHIP OFFSET] NAME\n");
		return 2;
	}
	if (use_gpio) {
		line_offset = (unsigned int)strtoul(argv[3], NULL, 10);
		line = bench_request_line(argv[2], line_offset, true, "noop-cuse");
		if (!line) {
			fprintf(stderr, "noop-cuse: cannot request %s:%s as an output: %m\n", argv[2], argv[3]);
			return 1;
		}
	}
	snprintf(devname, sizeof(devname), "DEVNAME=%s", argv[argc - 1]);
	if (!use_mt)
		fuse_argv[2] = "-s";
	se = cuse_lowlevel_setup(use_mt ? 2 : 3, fuse_argv, &ci, &ops, &mt, NULL);
	if (!se)
		return 1;
	/* cuse_lowlevel_main() runs its multi-threaded loop like this too. */
	r = use_sd_event ? run_sd_event(se) : use_mt ? fuse_session_loop_mt(se, 0) : fuse_session_loop(se);
	cuse_lowlevel_teardown(se);
	if (line)
		gpiod_line_request_release(line);
	return r < 0 ? 1 : 0;
}
