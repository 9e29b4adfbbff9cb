/* SPDX-License-Identifier: MIT */
/*
 * led-cuse: /dev/led served from userspace. main.c only sets up, runs and
 * tears down; each job has its file (README's "How it is built").
 *
 * Set-up follows the init order of the kernel's classic LED
 * character-device driver (lines, then the device state, then the
 * character device), tear-down runs in reverse, and one sd-event loop owns
 * every file descriptor: the CUSE channel, the button's edge events, the
 * mode's timer and signals. run() does the work and returns a named result;
 * main() maps it to the exit status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "button-actions.h"
#include "button-source.h"
#include "change-log.h"
#include "cuse-session.h"
#include "gpio-backend-gpiod.h"
#include "gpio-wait.h"
#include "led-device.h"
#include "log.h"
#include "macro.h"
#include "options.h"
#include "state-file.h"
#include "state-publisher.h"
#include "trigger-sockets.h"
#include "unit-actions.h"
#include "unit-bus.h"

/* How run() ended; main() maps each to an exit status (sysexits.h for the ones a restart cannot fix). */
enum daemon_result {
	DAEMON_DONE,            /* stopped in order, or --help / --version */
	DAEMON_FAILED,          /* logged; a restart may help: EXIT_FAILURE */
	DAEMON_USAGE,           /* a bad command line or configuration value: 64 */
	DAEMON_UNAVAILABLE,     /* the GPIO chip did not come within wait-for-gpio: 69 */
	DAEMON_CONFIG,          /* a line that cannot exist on the chips present: 78 */
};

struct daemon {
	struct options opts;
	sd_event *event;
	struct gpio_backend *backend;
	struct led_device *dev;
	struct state_publisher *publisher;
	struct unit_bus *bus;                   /* only with button actions */
	struct button_actions *actions;
	struct cuse_session *session;
	struct trigger_sockets sockets;         /* systemd's, for the triggers */
	bool change_log;                        /* change_log_listener is subscribed */
	bool restore;                           /* a saved state was loaded: restored */
	struct led_command restored;
	char saved[STATE_FILE_LINE_MAX];        /* the line of the state file, "" if none */
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
	for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
		sigaddset(&mask, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	for (size_t i = 0; i < ELEMENTSOF(sigs); i++) {
		r = sd_event_add_signal(d->event, NULL, sigs[i], on_signal, d);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The state saved by the previous run replaces --initial; what its saves left half done goes. */
static void load_state(struct daemon *d)
{
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
				  "\"off\", \"blink ON_MS OFF_MS\", \"pattern LEVEL MS ...\", \"heartbeat PERIOD_MS\" or "
				  "\"trigger KIND ...\" and a newline): starting %s",
				  d->opts.state_file, d->opts.gpio.led_initial ? "on" : "off");
		return;
	}
	d->restore = true;
	/* A mode starts with its first step: no glitch between request and start;
	 * a trigger from --initial, until its source says otherwise. */
	if (d->restored.type == LED_COMMAND_MODE)
		d->opts.gpio.led_initial = d->restored.mode.steps[0].on;
	else if (d->restored.type == LED_COMMAND_SET)
		d->opts.gpio.led_initial = d->restored.on;
	log_info("restoring the LED state saved in %s", d->opts.state_file);
	if (state_file_format_command(&d->restored, d->saved, sizeof(d->saved)) < 0)
		d->saved[0] = '\0';
}

static int open_gpiod(void *userdata, const struct gpio_backend_config *config, struct gpio_backend **ret,
		      char *why, size_t whylen)
{
	return gpio_backend_new_gpiod(config, ret, why, whylen);
}

static const struct gpio_wait_ops gpiod_lines = {
	.open = open_gpiod,
};

static enum daemon_result setup_gpio(struct daemon *d)
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
		.trigger_sockets = &d->sockets,
	};
	struct gpio_backend_config gpio = d->opts.gpio;
	int r;

	/* Releases are needed for holds and momentary: ask for both edges then. */
	gpio.button_edge = button_source_edges(cfg.hold_ms, cfg.button_action, cfg.button_edge);
	r = gpio_wait_open(d->event, cfg.dev_dir, &gpio, &gpiod_lines, NULL, d->opts.wait_for_gpio_s, &d->backend);
	if (r == -ENOENT || r == -ERANGE || r == -ENOTUNIQ || r == -EINVAL)
		return DAEMON_CONFIG;
	if (r == -ETIMEDOUT)
		return DAEMON_UNAVAILABLE;
	if (r == -ECANCELED)
		return DAEMON_DONE; /* a signal while waiting for GPIO */
	if (r < 0)
		return DAEMON_FAILED; /* logged by gpio_wait_open() */
	r = led_device_new(d->event, d->backend, &cfg, &d->dev);
	if (r < 0) {
		log_error_errno(r, "cannot set up the LED state: %m");
		return DAEMON_FAILED;
	}
	if (!d->restore && d->opts.trigger.kind != LED_CUSE_TRIGGER_NONE) {
		r = led_device_start_trigger(d->dev, &d->opts.trigger, &(struct led_origin){ .source = LED_CUSE_CHANGE_START });
		if (r < 0)
			log_warning_errno(r, "cannot start the trigger: %m");
	}
	if (d->restore && d->restored.type != LED_COMMAND_SET) {
		r = led_device_apply(d->dev, &d->restored, &(struct led_origin){ .source = LED_CUSE_CHANGE_RESTORE });
		if (r < 0)
			log_warning_errno(r, "cannot restore the LED's %s: %m",
					  d->restored.type == LED_COMMAND_TRIGGER ? "trigger" : "mode");
	}
	return DAEMON_DONE;
}

static int setup_publisher(struct daemon *d)
{
	return state_publisher_new(d->event, d->dev, d->opts.state_file,
				   (usec_t)d->opts.state_save_interval_s * USEC_PER_SEC, d->saved[0] ? d->saved : NULL,
				   &d->publisher);
}

/* on-press, on-hold, on-double: a bus connection only when one is set. */
static int setup_actions(struct daemon *d)
{
	int r;

	if (!unit_actions_configured(d->opts.on_unit))
		return 0;
	r = unit_bus_new(d->event, NULL, NULL, &d->bus);
	if (r >= 0)
		r = button_actions_new(d->event, d->dev, d->opts.on_unit, d->opts.hold_feedback, &unit_bus_starter,
				       d->bus, &d->actions);
	if (r < 0)
		return log_error_errno(r, "cannot set up the button actions: %m");
	return 0;
}

static void on_ready(void *userdata)
{
	struct daemon *d = userdata;
	struct led_cuse_change start;

	state_publisher_sync(d->publisher);
	/* The start's record (and a restored mode's) came before the change log. */
	led_device_get_last_change(d->dev, &start);
	change_log_record(d->opts.name, &start);
}

static void on_before_sleep(void *userdata)
{
	struct daemon *d = userdata;

	state_publisher_sync(d->publisher);
}

static const struct cuse_session_ops session_ops = {
	.ready = on_ready,
	.before_sleep = on_before_sleep,
};

static int setup_cuse(struct daemon *d)
{
	const struct cuse_session_config config = {
		.name = d->opts.name,
		.fixed_devno = d->opts.fixed_devno,
		.major = d->opts.major,
		.minor = d->opts.minor,
	};
	int r;

	r = cuse_session_new(d->event, d->dev, &config, &session_ops, d, &d->session);
	if (r < 0)
		return r;
	r = led_device_add_listener(d->dev, &change_log_listener, d->opts.name);
	if (r < 0)
		return log_error_errno(r, "cannot log the LED's changes: %m");
	d->change_log = true;
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
	if (d->change_log)
		led_device_remove_listener(d->dev, &change_log_listener, d->opts.name);
	d->session = cuse_session_free(d->session); /* /dev/NAME disappears here */
	d->actions = button_actions_free(d->actions);
	d->bus = unit_bus_free(d->bus);
	/* Every orderly exit saves what the timer had not saved yet. */
	if (d->publisher)
		state_publisher_flush(d->publisher);
	apply_exit_state(d);
	d->publisher = state_publisher_free(d->publisher);
	d->dev = led_device_free(d->dev);
	trigger_sockets_done(&d->sockets);
	gpio_backend_free(d->backend);
	sd_event_unref(d->event);
	options_done(&d->opts);
}

/* Everything the daemon does; set-up failures unwind through daemon_done(). */
static enum daemon_result run(int argc, char **argv)
{
	_cleanup_(daemon_done) struct daemon d = { .sockets = TRIGGER_SOCKETS_NONE };
	enum daemon_result result;
	char err[512];
	int r;

	r = options_parse(argc, argv, &d.opts, err, sizeof(err));
	if (r < 0) {
		log_error_errno(r, "cannot parse the options: %m");
		return DAEMON_FAILED;
	}
	if (r > 0) {
		log_error("%s", err);
		if (r == LED_EXIT_USAGE)
			fprintf(stderr, "Try '%s --help'.\n", argv[0]);
		return r == LED_EXIT_USAGE ? DAEMON_USAGE : DAEMON_CONFIG;
	}
	if (d.opts.help) {
		options_usage(stdout, argv[0]);
		return DAEMON_DONE;
	}
	if (d.opts.version) {
		printf("led-cuse %s\n", LED_CUSE_VERSION_STRING);
		return DAEMON_DONE;
	}
	log_set_max_level(d.opts.log_level);
	r = trigger_sockets_take(&d.sockets);
	if (r < 0)
		log_warning_errno(r, "ignoring the sockets systemd passed (LISTEN_FDS): %m");

	/* Not sd_event_default(): its thread check costs a gettid() per iteration. */
	r = sd_event_new(&d.event);
	if (r < 0) {
		log_error_errno(r, "cannot create the event loop: %m");
		return DAEMON_FAILED;
	}
	r = setup_signals(&d);
	if (r < 0) {
		log_error_errno(r, "cannot set up signal handling: %m");
		return DAEMON_FAILED;
	}
	load_state(&d);
	result = setup_gpio(&d);
	if (result != DAEMON_DONE || !d.dev)
		return result;
	r = setup_publisher(&d);
	if (r < 0) {
		log_error_errno(r, "cannot set up the status and state-file timers: %m");
		return DAEMON_FAILED;
	}
	if (setup_cuse(&d) < 0 || setup_actions(&d) < 0)
		return DAEMON_FAILED;
	/* Pings WATCHDOG=1 from the loop itself when WatchdogSec= is set. */
	r = sd_event_set_watchdog(d.event, true);
	if (r < 0)
		log_warning_errno(r, "cannot enable the systemd watchdog: %m");

	r = sd_event_loop(d.event);
	if (r < 0) {
		log_error_errno(r, "event loop failed: %m");
		return DAEMON_FAILED;
	}
	/* The handlers exit the loop with EXIT_FAILURE after logging why. */
	return r == EXIT_SUCCESS ? DAEMON_DONE : DAEMON_FAILED;
}

int main(int argc, char **argv)
{
	static const int exit_status[] = {
		[DAEMON_DONE] = EXIT_SUCCESS,
		[DAEMON_FAILED] = EXIT_FAILURE,
		[DAEMON_USAGE] = LED_EXIT_USAGE,
		[DAEMON_UNAVAILABLE] = LED_EXIT_UNAVAILABLE,
		[DAEMON_CONFIG] = LED_EXIT_CONFIG,
	};

	log_open();
	return exit_status[run(argc, argv)];
}
