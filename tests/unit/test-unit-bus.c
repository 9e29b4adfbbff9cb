/* SPDX-License-Identifier: MIT */
/*
 * The sd-bus starter against a fake systemd: a server bus on the other end
 * of a socketpair, on the same event loop, answering StartUnit.
 */
#include "led-test.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <systemd/sd-id128.h>

#include "log.h"
#include "unit-bus.h"

static sd_event *event;
static sd_bus *server;          /* the fake systemd of the latest connection */
static struct unit_bus *ub;
static int opens, opens_failing; /* calls of fake_open; the first opens_failing fail */
static char asked[8][80];       /* "UNIT MODE" per StartUnit received */
static int asked_n;
static FILE *log_file;          /* stderr while a test runs */
static int saved_stderr = -1;
static char logged[4096];

static int method_start_unit(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	const char *unit, *mode;
	int r = sd_bus_message_read(m, "ss", &unit, &mode);

	if (r < 0)
		return r;
	ck_assert_int_lt(asked_n, 8);
	snprintf(asked[asked_n++], sizeof(asked[0]), "%s %s", unit, mode);
	if (strcmp(unit, "missing.service") == 0)
		return sd_bus_error_setf(error, "org.freedesktop.systemd1.NoSuchUnit", "Unit %s not found.", unit);
	if (strcmp(unit, "bodyless.service") == 0) /* an error reply with no message text */
		return sd_bus_error_set(error, "org.example.Bodyless", NULL);
	return sd_bus_reply_method_return(m, "o", "/org/freedesktop/systemd1/job/42");
}

static const sd_bus_vtable manager_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("StartUnit", "ss", "o", method_start_unit, 0),
	SD_BUS_VTABLE_END,
};

static int fake_open(void *userdata, sd_bus **ret)
{
	sd_bus *client = NULL;
	sd_id128_t id;
	int fds[2];

	if (++opens <= opens_failing)
		return -ENOENT; /* as sd_bus_open_system() without /run/dbus/system_bus_socket */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds), 0);
	server = sd_bus_close_unref(server);
	ck_assert_int_ge(sd_bus_new(&server), 0);
	ck_assert_int_ge(sd_bus_set_fd(server, fds[0], fds[0]), 0);
	ck_assert_int_ge(sd_id128_randomize(&id), 0);
	ck_assert_int_ge(sd_bus_set_server(server, 1, id), 0);
	ck_assert_int_ge(sd_bus_add_object_vtable(server, NULL, "/org/freedesktop/systemd1",
						  "org.freedesktop.systemd1.Manager", manager_vtable, NULL), 0);
	ck_assert_int_ge(sd_bus_start(server), 0);
	ck_assert_int_ge(sd_bus_attach_event(server, event, 0), 0);
	ck_assert_int_ge(sd_bus_new(&client), 0);
	ck_assert_int_ge(sd_bus_set_fd(client, fds[1], fds[1]), 0);
	ck_assert_int_ge(sd_bus_start(client), 0);
	*ret = client;
	return 0;
}

static const struct unit_bus_ops fake_ops = { .open = fake_open };

static void setup(void)
{
	ck_assert_int_ge(sd_event_new(&event), 0);
	opens = opens_failing = asked_n = 0;
	/* The log goes to a file the tests read. */
	log_file = tmpfile();
	ck_assert_ptr_nonnull(log_file);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	ck_assert_int_ge(dup2(fileno(log_file), STDERR_FILENO), 0);
}

static void teardown(void)
{
	ub = unit_bus_free(ub);
	server = sd_bus_close_unref(server);
	event = sd_event_unref(event);
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	fclose(log_file);
}

LED_TEST_FIXTURE(setup, teardown)

/* Everything logged so far. */
static const char *log_text(void)
{
	size_t n;

	fflush(stderr);
	rewind(log_file);
	n = fread(logged, 1, sizeof(logged) - 1, log_file);
	logged[n] = '\0';
	fseek(log_file, 0, SEEK_END);
	return logged;
}

/* Run the loop until the log has text (bounded: a failure, never a hang). */
static bool run_until_logged(const char *text)
{
	for (int i = 0; i < 500 && !strstr(log_text(), text); i++)
		ck_assert_int_ge(sd_event_run(event, 10000), 0);
	return strstr(log_text(), text);
}

LED_TEST_CASE(test_start_is_asynchronous)
{
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(opens, 1);
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), 0);
	/* Asked, not waited for: systemd has not even read the call yet. */
	ck_assert_int_eq(asked_n, 0);
	ck_assert_msg(run_until_logged("start of foo.service queued as /org/freedesktop/systemd1/job/42"),
		      "log: %s", log_text());
	ck_assert_int_eq(asked_n, 1);
	ck_assert_str_eq(asked[0], "foo.service replace");
	ck_assert_int_eq(opens, 1);
}

LED_TEST_CASE(test_bus_error_is_logged)
{
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "missing.service"), 0);
	ck_assert_msg(run_until_logged("cannot start missing.service: org.freedesktop.systemd1.NoSuchUnit: "
				       "Unit missing.service not found."), "log: %s", log_text());
	/* Nothing else changed: the next start goes the same way. */
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), 0);
	ck_assert_msg(run_until_logged("start of foo.service queued"), "log: %s", log_text());
	ck_assert_int_eq(asked_n, 2);
	ck_assert_int_eq(opens, 1);
}

/* An error reply need not carry a text (sd-bus then has message NULL). */
LED_TEST_CASE(test_bus_error_without_message)
{
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "bodyless.service"), 0);
	ck_assert_msg(run_until_logged("cannot start bodyless.service: org.example.Bodyless\n"), "log: %s", log_text());
}

/* dbus not up yet when the daemon starts: no failure, a connection at the first start. */
LED_TEST_CASE(test_no_bus_at_start)
{
	opens_failing = 1;
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(opens, 1);
	ck_assert_ptr_nonnull(strstr(log_text(), "cannot connect to the system bus (No such file or directory)"));
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), 0);
	ck_assert_int_eq(opens, 2);
	ck_assert_msg(run_until_logged("start of foo.service queued"), "log: %s", log_text());
	ck_assert_str_eq(asked[0], "foo.service replace");
}

LED_TEST_CASE(test_no_bus_at_all)
{
	opens_failing = 100;
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), -ENOENT);
	ck_assert_ptr_nonnull(strstr(log_text(), "cannot start foo.service: cannot connect to the system bus: "
					       "No such file or directory"));
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), -ENOENT);
	ck_assert_int_eq(opens, 3);
}

/* The bus went away (dbus restarted): the next start connects again. */
LED_TEST_CASE(test_reconnect_after_close)
{
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), 0);
	ck_assert(run_until_logged("start of foo.service queued"));
	server = sd_bus_close_unref(server);
	/* The client notices the hang-up on the loop. */
	for (int i = 0; i < 50; i++)
		ck_assert_int_ge(sd_event_run(event, 10000), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "bar.service"), 0);
	ck_assert_int_eq(opens, 2);
	ck_assert_msg(run_until_logged("start of bar.service queued"), "log: %s", log_text());
	ck_assert_str_eq(asked[1], "bar.service replace");
}

/* Replies still to come when the daemon stops: dropped, nothing leaks (valgrind). */
LED_TEST_CASE(test_free_with_a_call_pending)
{
	ck_assert_int_eq(unit_bus_new(event, &fake_ops, NULL, &ub), 0);
	ck_assert_int_eq(unit_bus_start_unit(ub, "foo.service"), 0);
	ub = unit_bus_free(ub);
	ck_assert_int_eq(asked_n, 0);
}
