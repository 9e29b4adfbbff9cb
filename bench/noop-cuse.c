/* SPDX-License-Identifier: MIT */
/*
 * noop-cuse: the transport floor of the benchmark. A CUSE device built from
 * the same libfuse as led-cuse, in the same mode (restricted ioctls,
 * single-threaded session), that does nothing: open and release succeed,
 * read answers "0\n", write accepts everything, GET_STATE answers a zeroed
 * struct led_cuse_state and any other ioctl ENOTTY.
 *
 *   noop-cuse NAME        creates /dev/NAME; runs until killed
 */
#define FUSE_USE_VERSION 31
#include <cuse_lowlevel.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <led-cuse/led.h>

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

static void noop_write(fuse_req_t req, const char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
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

int main(int argc, char **argv)
{
	char devname[64];
	const char *dev_info_argv[] = { devname };
	char *fuse_argv[] = { argv[0], "-f", "-s", NULL };
	struct cuse_info ci = { .dev_info_argc = 1, .dev_info_argv = dev_info_argv };
	struct fuse_session *se;
	int mt, r;

	if (argc != 2) {
		fprintf(stderr, "usage: noop-cuse NAME\n");
		return 2;
	}
	snprintf(devname, sizeof(devname), "DEVNAME=%s", argv[1]);
	se = cuse_lowlevel_setup(3, fuse_argv, &ci, &ops, &mt, NULL);
	if (!se)
		return 1;
	r = fuse_session_loop(se);
	cuse_lowlevel_teardown(se);
	return r < 0 ? 1 : 0;
}
