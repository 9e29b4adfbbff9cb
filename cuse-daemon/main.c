/* SPDX-License-Identifier: MIT */
/*
 * led-cuse: /dev/led served from userspace.
 *
 * Set-up follows the seed driver's init order (lines, then the device
 * state, then the character device), tear-down runs in reverse, and one
 * sd-event loop owns every file descriptor: the CUSE channel, the button's
 * edge events, blink timers and signals.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "uapi.h"
#include "cuse-channel.h"
#include "coalescer.h"
#include "cuse-device.h"
#include "gpio-backend-gpiod.h"
#include "gpio-wait.h"
#include "led-device.h"
#include "log.h"
#include "macro.h"
#include "options.h"
#include "state-file.h"
#include "string-util.h"
#include "unit-actions.h"
#include "unit-bus.h"

struct daemon {
	struct options opts;
	sd_event *event;
	struct gpio_backend *backend;
	struct led_device *dev;
	struct cuse_device cuse;
	struct fuse_session *se;
	struct cuse_channel *channel;
	bool ready;
	uint64_t published_generation;
	bool published_blinking;
	struct coalescer *status; /* STATUS= */
	struct coalescer *saver;  /* the state file */
	bool save_failed;
	bool restore;           /* a saved state was loaded: d->restored */
	bool restore_mode;
	struct led_command restored;
	struct unit_bus *bus;         /* only with button actions */
	struct unit_actions *actions;
};

__attribute__((format(printf, 2, 0)))
static void fuse_log_to_ours(enum fuse_log_level level, const char *fmt, va_list ap)
{
	char msg[512];
	size_t len;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	log_full_errno((int)level, 0, "%s", msg);
}

/* STATUS= is throttled like the state file: at most one update per second. */
#define STATUS_INTERVAL_USEC 1000000ULL

static int write_status(void *userdata, const char *text)
{
	sd_notifyf(0, "STATUS=%s", text);
	return 0;
}

static int write_state(void *userdata, const char *line)
{
	struct daemon *d = userdata;
	int r = state_file_write(d->opts.state_file, line);

	/* Warn once per failure streak; the coalescer retries. */
	if (r < 0 && !d->save_failed)
		log_warning_errno(r, "cannot save the LED state to %s (will retry): %m", d->opts.state_file);
	else if (r >= 0 && d->save_failed)
		log_info("saved the LED state to %s again", d->opts.state_file);
	d->save_failed = r < 0;
	return r;
}

static int format_status(void *userdata, char *buf, size_t size)
{
	struct daemon *d = userdata;

	return led_device_format_status(d->dev, buf, size);
}

static int format_state(void *userdata, char *buf, size_t size)
{
	struct daemon *d = userdata;

	return state_file_format_device(d->dev, buf, size);
}

/* Tell systemd and the state file of a change; they format and write it when due. */
static void publish_state(struct daemon *d)
{
	struct led_device_status st;

	led_device_get_status(d->dev, &st);
	/* Blink phases are not changes (same generation). */
	if (st.generation == d->published_generation && st.blinking == d->published_blinking)
		return;
	d->published_generation = st.generation;
	d->published_blinking = st.blinking;
	coalescer_touch(d->status);
	if (d->saver)
		coalescer_touch(d->saver);
}

static int setup_publishing(struct daemon *d)
{
	int r;

	r = coalescer_new(d->event, STATUS_INTERVAL_USEC, format_status, write_status, d, &d->status);
	if (r >= 0 && d->opts.state_file)
		r = coalescer_new(d->event, d->opts.state_save_interval_s * 1000000ULL, format_state,
				      write_state, d, &d->saver);
	return r;
}

/* Runs before the loop sleeps, once per batch of events: no wake-up of its own. */
static void on_before_sleep(void *userdata)
{
	struct daemon *d = userdata;

	if (d->ready)
		publish_state(d);
}

/* The state saved by the previous run replaces --initial; what its saves left half done goes. */
static void load_state(struct daemon *d)
{
	char line[STATE_FILE_LINE_MAX];
	int r;

	if (!d->opts.state_file)
		return;
	r = state_file_remove_leftovers(d->opts.state_file);
	if (r < 0)
		log_warning_errno(r, "cannot remove the temporary files of saves cut short beside %s: %m",
				  d->opts.state_file);
	else if (r > 0)
		log_notice("removed %d temporary file%s of saves cut short beside %s", r, r == 1 ? "" : "s",
			   d->opts.state_file);
	r = state_file_load(d->opts.state_file, &d->restored);
	if (r == -ENOENT)
		return;
	if (r < 0) {
		log_warning_errno(r, "ignoring the saved state in %s (%m; expected a regular file holding \"on\", "
				  "\"off\", \"blink ON_MS OFF_MS\", \"pattern LEVEL MS ...\" or "
				  "\"heartbeat PERIOD_MS\" and a newline): starting %s",
				  d->opts.state_file, d->opts.gpio.led_initial ? "on" : "off");
		return;
	}
	d->restore = true;
	d->restore_mode = d->restored.type == LED_COMMAND_MODE;
	/* A mode starts with its first step: no glitch between request and start. */
	d->opts.gpio.led_initial = d->restore_mode ? d->restored.mode.steps[0].on : d->restored.on;
	log_info("restoring the LED state saved in %s", d->opts.state_file);
	/* No save at start for the state that is on disk already. */
	if (state_file_format_command(&d->restored, line, sizeof(line)) > 0)
		(void)coalescer_assume_written(d->saver, line);
}

/* Each recorded change, at debug level, with fields for journalctl -o verbose. */
static void on_change_recorded(void *userdata, const struct led_cuse_change *c)
{
	struct daemon *d = userdata;
	const char *source = uapi_change_source_to_string(c->source);
	char f_dev[16 + LED_CUSE_NAME_LEN], f_source[32], f_state[32], f_flags[32], f_gen[48], f_uid[32],
		f_pid[32], who[64] = "", mode[32] = "";
	const char *fields[] = { f_dev, f_source, f_state, f_flags, f_gen, f_uid, f_pid };
	size_t n = 5;

	if (log_get_max_level() < LOG_DEBUG)
		return; /* the formatting costs a button press or a write too */
	snprintf(f_dev, sizeof(f_dev), "LED_CUSE_DEVICE=%s", d->opts.name);
	snprintf(f_source, sizeof(f_source), "LED_CUSE_SOURCE=%s", source ? source : "unknown");
	snprintf(f_state, sizeof(f_state), "LED_CUSE_STATE=%u", c->state);
	snprintf(f_flags, sizeof(f_flags), "LED_CUSE_STATE_FLAGS=%u", c->flags);
	snprintf(f_gen, sizeof(f_gen), "LED_CUSE_GENERATION=%llu", (unsigned long long)c->generation);
	if (c->uid != LED_CUSE_CHANGE_NO_UID) {
		snprintf(f_uid, sizeof(f_uid), "LED_CUSE_UID=%u", c->uid);
		snprintf(f_pid, sizeof(f_pid), "LED_CUSE_PID=%u", c->pid);
		snprintf(who, sizeof(who), ", uid %u, pid %u", c->uid, c->pid);
		n += 2;
	}
	if (c->flags & LED_CUSE_STATE_BLINKING)
		snprintf(mode, sizeof(mode), " (%s)", strunknown(uapi_mode_kind_to_string(LED_CUSE_STATE_MODE(c->flags))));
	log_struct(LOG_DEBUG, fields, n, "/dev/%s: LED %s%s by %s%s", d->opts.name, c->state ? "on" : "off", mode,
		   source ? source : "unknown", who);
}

static void on_cuse_ready(void *userdata)
{
	struct daemon *d = userdata;
	struct pollfd p = { .fd = fuse_session_fd(d->se), .events = POLLIN };
	struct gpio_backend_info bi;
	struct led_cuse_change start;

	/* libfuse calls this right after sending CUSE_INIT's reply, even if the
	 * kernel refused to register the device: it then aborts the channel,
	 * which poll() reports as an error at once. */
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP)))
		return;
	d->ready = true;
	gpio_backend_get_info(d->backend, &bi);
	log_info("ready: /dev/%s, LED on %s line %u%s%s%s", d->opts.name, bi.led_chip, bi.led_offset,
		 bi.has_button ? ", button on " : "", bi.has_button ? bi.button_chip : "",
		 bi.has_button ? "" : ", no button");
	sd_notify(0, "READY=1");
	publish_state(d);
	/* The start's record (and a restored blink's) came before the listener. */
	led_device_get_last_change(d->dev, &start);
	on_change_recorded(d, &start);
}

static int on_cuse_ended(void *userdata, int r)
{
	struct daemon *d = userdata;

	if (r == 1) /* the session ended */
		return sd_event_exit(d->event, d->ready ? EXIT_SUCCESS : EXIT_FAILURE);
	if (!d->ready && d->opts.fixed_devno)
		log_error("the kernel refused to register /dev/%s as %u:%u: the name or the device number is in use",
			  d->opts.name, d->opts.major, d->opts.minor);
	else if (!d->ready)
		log_error("the kernel refused to register /dev/%s: the name is in use by another CUSE device",
			  d->opts.name);
	else if (r < 0)
		log_error_errno(r, "reading /dev/cuse failed: %m");
	else
		log_notice("the kernel closed the CUSE channel of /dev/%s", d->opts.name);
	return sd_event_exit(d->event, EXIT_FAILURE);
}

static const struct cuse_channel_ops channel_ops = {
	.ended = on_cuse_ended,
	.before_sleep = on_before_sleep,
};

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct daemon *d = userdata;

	log_info("received %s, removing /dev/%s", strsignal((int)si->ssi_signo), d->opts.name);
	sd_notify(0, "STOPPING=1");
	return sd_event_exit(d->event, EXIT_SUCCESS);
}

static int setup_signals(struct daemon *d)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	sigset_t mask;
	int r;

	/* sd-event reads signals from a signalfd, which needs them blocked. */
	sigemptyset(&mask);
	for (size_t i = 0; i < 3; i++)
		sigaddset(&mask, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	for (size_t i = 0; i < 3; i++) {
		r = sd_event_add_signal(d->event, NULL, sigs[i], on_signal, d);
		if (r < 0)
			return r;
	}
	return 0;
}

static int setup_gpio(struct daemon *d)
{
	struct led_device_config cfg = {
		.name = d->opts.name,
		.initial_on = d->opts.gpio.led_initial,
		.active_low = d->opts.gpio.led_active_low,
		.dev_dir = "/dev",
		.button_action = d->opts.button_action,
		.hold_ms = d->opts.hold_ms,
		.double_click_ms = d->opts.double_click_ms,
		.button_edge = d->opts.gpio.button_edge,
		.button_active_low = d->opts.gpio.button_active_low,
		.initial_source = d->restore ? LED_CUSE_CHANGE_RESTORE : LED_CUSE_CHANGE_START,
	};
	struct gpio_backend_config gpio = d->opts.gpio;
	int r;

	/* Releases are needed for holds and momentary: ask for both edges then. */
	gpio.button_edge = led_device_button_edges(&cfg);
	r = gpio_wait_open(d->event, cfg.dev_dir, &gpio, gpio_backend_new_gpiod,
			   d->opts.wait_for_gpio_s, &d->backend);
	/* A restart cannot fix these: a status the units do not restart on. */
	if (r == -ENOENT || r == -ERANGE || r == -ENOTUNIQ || r == -EINVAL)
		return LED_EXIT_CONFIG; /* a line that cannot exist on the chips present */
	if (r == -ETIMEDOUT)
		return LED_EXIT_UNAVAILABLE; /* its chip did not come within wait-for-gpio */
	if (r < 0)
		return r;
	r = led_device_new(d->event, d->backend, &cfg, &d->dev);
	if (r < 0)
		return log_error_errno(r, "cannot set up the LED state: %m");
	if (d->restore_mode) {
		r = led_device_apply(d->dev, &d->restored, &(struct led_origin){ .source = LED_CUSE_CHANGE_RESTORE });
		if (r < 0)
			log_warning_errno(r, "cannot restore the LED mode: %m");
	}
	return 0;
}

/* hold-feedback = blink: quick enough to be over before a poweroff gets far. */
#define HOLD_FEEDBACK_MS 100
#define HOLD_FEEDBACK_BLINKS 3

static int action_start_unit(void *userdata, const char *unit)
{
	struct daemon *d = userdata;

	return unit_bus_start_unit(d->bus, unit);
}

static void action_hold_feedback(void *userdata)
{
	struct daemon *d = userdata;
	struct led_mode blink;
	int r;

	/* A finite blink ends in the state from before it (led-device.h). Its
	 * start is recorded as ACTION, its end as TIMER. */
	r = led_mode_blink(HOLD_FEEDBACK_MS, HOLD_FEEDBACK_MS, HOLD_FEEDBACK_BLINKS, &blink);
	if (r >= 0)
		r = led_device_start_mode(d->dev, &blink, &(struct led_origin){ .source = LED_CUSE_CHANGE_ACTION });
	if (r < 0)
		log_warning_errno(r, "cannot blink the LED for the hold: %m");
}

static const struct unit_actions_ops action_ops = {
	.start_unit = action_start_unit,
	.hold_feedback = action_hold_feedback,
};

static void on_button_action(void *userdata, const struct led_cuse_event *event)
{
	struct daemon *d = userdata;

	/* A failed start is logged by the starter and changes nothing else. */
	(void)unit_actions_handle(d->actions, event);
}

/* on-press, on-hold, on-double: a bus connection only when one is set. */
static int setup_actions(struct daemon *d)
{
	int r;

	if (!unit_actions_configured(d->opts.on_unit))
		return 0;
	r = unit_bus_new(d->event, NULL, &d->bus);
	if (r >= 0)
		r = unit_actions_new(d->opts.on_unit, d->opts.hold_feedback, &action_ops, d, &d->actions);
	if (r < 0)
		return log_error_errno(r, "cannot set up the button actions: %m");
	return 0;
}

static int setup_cuse(struct daemon *d)
{
	char devname[16 + LED_CUSE_NAME_LEN];
	const char *dev_info_argv[] = { devname };
	char *fuse_argv[] = { "led-cuse", "-f", "-s", "-d", NULL };
	struct cuse_info ci = {
		.dev_major = d->opts.fixed_devno ? d->opts.major : 0,
		.dev_minor = d->opts.fixed_devno ? d->opts.minor : 0,
		.dev_info_argc = 1,
		.dev_info_argv = dev_info_argv,
		.flags = 0, /* restricted ioctls: the kernel copies _IOC_SIZE bytes */
	};
	int multithreaded, r;

	snprintf(devname, sizeof(devname), "DEVNAME=%s", d->opts.name);
	if (access("/dev/cuse", R_OK | W_OK) < 0)
		return log_error_errno(errno, "cannot open /dev/cuse: %m (is the cuse module loaded? modprobe cuse)");

	r = cuse_device_init(&d->cuse, d->dev);
	if (r < 0)
		return log_error_errno(r, "cannot set up the event fan-out: %m");
	d->cuse.ready = on_cuse_ready;
	d->cuse.recorded = on_change_recorded;
	d->cuse.userdata = d;
	if (d->actions) {
		d->cuse.button = on_button_action;
		d->cuse.button_userdata = d;
	}

	fuse_set_log_func(fuse_log_to_ours);
	/* -f -s: our loop drives the session; -d traces requests at -vv. */
	d->se = cuse_lowlevel_setup(log_get_max_level() > LOG_DEBUG ? 4 : 3, fuse_argv, &ci, &cuse_device_ops,
				    &multithreaded, &d->cuse);
	if (!d->se)
		return log_error_errno(EIO, "cannot set up the CUSE session for /dev/%s", d->opts.name);
	/* Signals belong to sd-event, not to libfuse's handlers. */
	fuse_remove_signal_handlers(d->se);

	r = cuse_channel_new(d->event, d->se, &channel_ops, d, &d->channel);
	if (r < 0)
		return log_error_errno(r, "cannot watch /dev/cuse: %m");
	return 0;
}

static void apply_exit_state(struct daemon *d)
{
	int r;

	if (!d->dev || d->opts.exit_state == LED_EXIT_STATE_KEEP)
		return;
	/* Not recorded (NULL): nobody can ask for the record any more. */
	r = led_device_set(d->dev, d->opts.exit_state == LED_EXIT_STATE_ON, NULL);
	if (r < 0)
		log_warning_errno(r, "cannot leave the LED %s: %m",
				  d->opts.exit_state == LED_EXIT_STATE_ON ? "on" : "off");
}

/* Tear down in the reverse order of set-up. */
static void daemon_done(struct daemon *d)
{
	cuse_device_done(&d->cuse);
	d->channel = cuse_channel_free(d->channel);
	/* Not cuse_lowlevel_teardown(): it would remove libfuse's signal
	 * handlers a second time, which libfuse reports as an error. */
	if (d->se)
		fuse_session_destroy(d->se); /* /dev/NAME disappears here */
	d->actions = unit_actions_free(d->actions);
	d->bus = unit_bus_free(d->bus);
	/* Every orderly exit saves what the timer had not saved yet. */
	if (d->saver)
		(void)coalescer_flush(d->saver);
	apply_exit_state(d);
	d->dev = led_device_free(d->dev);
	gpio_backend_free(d->backend);
	d->saver = coalescer_free(d->saver);
	d->status = coalescer_free(d->status);
	sd_event_unref(d->event);
	options_done(&d->opts);
}

/* Everything the daemon does; set-up failures unwind through daemon_done(). */
static int run(int argc, char **argv)
{
	_cleanup_(daemon_done) struct daemon d = {0};
	char err[512];
	int r;

	r = options_parse(argc, argv, &d.opts, err, sizeof(err));
	if (r < 0)
		return log_error_errno(r, "cannot parse the options: %m");
	if (r > 0) {
		log_error("%s", err);
		if (r == LED_EXIT_USAGE)
			fprintf(stderr, "Try '%s --help'.\n", argv[0]);
		return r;
	}
	if (d.opts.help) {
		options_usage(stdout, argv[0]);
		return 0;
	}
	if (d.opts.version) {
		printf("led-cuse %s\n", LED_CUSE_VERSION_STRING);
		return 0;
	}
	log_set_max_level(d.opts.log_level);

	/* Not sd_event_default(): its thread check costs a gettid() per iteration. */
	r = sd_event_new(&d.event);
	if (r < 0)
		return log_error_errno(r, "cannot create the event loop: %m");
	r = setup_signals(&d);
	if (r < 0)
		return log_error_errno(r, "cannot set up signal handling: %m");
	r = setup_publishing(&d);
	if (r < 0)
		return log_error_errno(r, "cannot set up the status and state-file timers: %m");
	load_state(&d);
	r = setup_gpio(&d);
	if (r == -ECANCELED)
		return 0; /* a signal while waiting for GPIO */
	if (r != 0)
		return r;
	r = setup_actions(&d);
	if (r < 0)
		return r;
	r = setup_cuse(&d);
	if (r < 0)
		return r;
	/* Pings WATCHDOG=1 from the loop itself when WatchdogSec= is set. */
	r = sd_event_set_watchdog(d.event, true);
	if (r < 0)
		log_warning_errno(r, "cannot enable the systemd watchdog: %m");

	r = sd_event_loop(d.event);
	if (r < 0)
		return log_error_errno(r, "event loop failed: %m");
	/* The handlers exit the loop with EXIT_FAILURE after logging why. */
	return r == EXIT_SUCCESS ? 0 : -EIO;
}

/* Negative errno: failure; positive: the sysexits.h status the options asked for. */
int main(int argc, char **argv)
{
	int r;

	log_open();
	r = run(argc, argv);
	if (r > 0)
		return r;
	return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
