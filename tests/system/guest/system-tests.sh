#!/bin/bash
# The led-cuse system tests, run by led-system-test.service inside the VM
# system-vm boots (systemd as PID 1). LED_SYS_MODE says how led-cuse got in:
#   meson    the staged `meson install` tree, copied in at boot (suite system);
#            README.md's after-meson-install commands are run verbatim;
#   package  nothing at boot: README.md's install commands are run verbatim
#            on the staged .deb, the same service checks follow, then an
#            upgrade and a purge (suite package).
# TAP on stdout (the VM's second serial port, i.e. system-vm's stdout);
# exit code in /mnt/led-results/rc.
set -u
S=/mnt/led-stage
R=/mnt/led-results
. $S/env
export PATH=$S/vmguest/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8 SYSTEMD_PAGER= SYSTEMD_COLORS=0
CONF=$LED_SYS_CONFDIR
LOG=$R/logs
mkdir -p "$LOG"
cd /tmp || exit 1

TAP_TTY=${LED_SYS_TAP_TTY:-/dev/ttyS1}
if [ -c "$TAP_TTY" ] && [ "${LED_SYS_SHELL:-0}" != 1 ]; then
    stty -F "$TAP_TTY" raw -echo 2>/dev/null
    exec </dev/null >"$TAP_TTY" 2>&1
fi
awk '{ print $1 }' /proc/uptime >"$R/boot-time"

# ---- TAP (tests/vm/guest/lib/tap.sh; its core staged by system-vm) ------------
TAP_CORE=$S/lib/tap.sh
. $S/vmguest/lib/tap.sh
finish() {
    local rc=0
    tap_done || rc=1
    journalctl -b --no-pager -o short-monotonic >"$R/journal.txt" 2>&1
    echo "$rc" >"$R/rc.tmp"
    mv "$R/rc.tmp" "$R/rc"
    sync
    exit 0
}

prop() { systemctl show -P "$2" "$1"; }
# stop_unit UNIT...: systemctl stop, its words as TAP comments. It warns that
# led-cuse-rtnetlink.socket can still activate the service: only until the
# socket's own stop (BindsTo=), which the netdev section checks.
stop_unit() {
    local out rc
    out=$(systemctl stop "$@" 2>&1)
    rc=$?
    [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# systemctl: /'
    return $rc
}
stat_is() {   # PATH 'FORMAT' EXPECTED
    local got
    got=$(stat -L -c "$2" "$1") || return 1
    is "$got" "$3"
}
led_gid() { getent group led | cut -d: -f3; }
if [ "$LED_SYS_MODE" = package ]; then
    # The user README.md's `usermod -aG led "$USER"` made a member.
    as_member() { setpriv --reuid=ledtest --regid=ledtest --init-groups -- "$@"; }
else
    as_member() { setpriv --reuid=4242 --regid=4242 --groups="$(led_gid)" -- "$@"; }
fi
as_other() { setpriv --reuid=4343 --regid=4343 --clear-groups -- "$@"; }
sim_line() {  # OFFSET: the level the line is driven to
    cat "$(sim_sysdir)/sim_gpio$1/value"
}
. $S/vmguest/lib/sim.sh
export LED_SIM_CFG
export -f led_gid as_member as_other sim_line sim_sysdir

file_arch() {   # FILE: the ELF machine (AArch64, ARM, X86-64)
    local m
    m=$(od -An -tx1 -j18 -N2 "$1" | tr -d ' \n')
    case "$m" in b700) echo arm64 ;; 2800) echo armhf ;; 3e00) echo amd64 ;; *) echo "e_machine $m" ;; esac
}

dump_unit() {   # UNIT: diagnostics after a failure
    systemctl status --no-pager -l "$1" 2>&1 | sed 's/^/# /'
    journalctl -b --no-pager -u "$1" -n 30 2>&1 | sed 's/^/# /'
}

echo "# led-cuse system tests on ${LED_SYS_RELEASE:-?} ${LED_SYS_ARCH:-?}: kernel $(uname -r), $(systemctl --version | head -1)"

# run_readme NAME: README.md's command block NAME (staged by system-vm),
# verbatim, stopping at the first failing command. We are root: where sudo
# is not installed, `sudo CMD` runs CMD.
run_readme() {
    diag "README.md, $1:"
    diag "$(cat "$S/$1.sh")"
    timeout 900 bash -c 'set -e; command -v sudo >/dev/null || sudo() { "$@"; }; . "$1"' _ "$S/$1.sh"
}
by_label_link() {   # the udev link of the sim chip points at it
    is "$(readlink -f "/dev/gpio/by-label/$LED_SIM_LABEL")" "/dev/$(sim_chip)"
}
sim_setup() {
    if ! gpio-sim-setup >"$LOG/gpio-sim-setup.log" 2>&1; then
        not_ok "gpio-sim chip set up" "$(cat "$LOG/gpio-sim-setup.log")"
        finish
    fi
    udevadm settle -t 30
    diag "sim chip: $(sim_chip) ($(sim_sysdir)), label $LED_SIM_LABEL"
}
# The regression case of system-vm's guest init (FAKE_HOST_MODULES): a
# /lib/modules/KVER left by linux-headers does not hide the VM's modules.
if [ "${LED_SYS_FAKE_HOST_MODULES:-0}" = 1 ]; then
    check "modprobe finds the VM kernel's modules despite the host's /lib/modules/$(uname -r)" \
        bash -c 'f=$(modinfo -n cuse) && test -f "$f"'
fi

# ---- setup ----------------------------------------------------------------------
if [ "$LED_SYS_MODE" = package ]; then
    # The machine before the installation: a GPIO chip is there already.
    sim_setup
    useradd --no-create-home --uid 4242 --shell /bin/sh ledtest
    # Answers apt's questions; man-db's trigger would index all of the
    # host's manuals over 9p (minutes under TCG).
    printf 'APT::Get::Assume-Yes "true";\n' >/tmp/apt.conf
    export APT_CONFIG=/tmp/apt.conf
    rm -f /var/lib/man-db/auto-update
    # Where the package, its maintainer scripts and systemd could leave
    # something (the package's own files are checked one by one too).
    SNAP_DIRS=(/etc /var/lib /run /lib/systemd/system /lib/udev/rules.d /usr/lib/sysusers.d
               /usr/lib/modules-load.d /usr/include /usr/share/pkgconfig)
    snapshot() {   # all but apt's and dpkg's own state, the logs and udev's database
        find "${SNAP_DIRS[@]}" -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /run/udev \
            -o -path /run/systemd -o -path /run/log -o -path /run/user -o -path /var/lib/systemd/timers \) -prune \
            -o -print 2>/dev/null | sort
    }
    snapshot >"$LOG/before-install.txt"
    cd "$S/debs"
    t0=$SECONDS
    if USER=ledtest run_readme install-commands >"$LOG/install.log" 2>&1; then
        ok "README.md's install commands (apt install ./led-cuse_*.deb ...)"
    else
        not_ok "README.md's install commands (apt install ./led-cuse_*.deb ...)" "$(tail -n 30 "$LOG/install.log")"
    fi
    cd /tmp
    diag "install commands took $((SECONDS - t0)) s"
    check "led-cuse is installed" is "$(dpkg-query -W -f='${db:Status-Status}' led-cuse)" installed
    check "the installation created the group led, with ledtest in it (usermod)" \
        bash -c 'getent group led | grep -q "[:,]ledtest\(,\|$\)"'
    check "the installation loaded cuse" test -d /sys/module/cuse
    check "/dev/cuse exists" test -c /dev/cuse
    check "udev: /dev/gpio/by-label/$LED_SIM_LABEL for the chip that was there before (no manual trigger)" by_label_link
    check "led-cuse.service is installed and enabled (README: systemctl enable --now)" \
        is "$(systemctl is-enabled led-cuse.service)" enabled
else
    check "modules-load.d/led-cuse.conf loaded cuse at boot" \
        bash -c 'test -d /sys/module/cuse && journalctl -b -t systemd-modules-load --no-pager | grep -q "Inserted module .cuse."'
    # A GPIO chip present before `meson install` put the rules in place:
    # the rules are held back until the chip is there.
    RULES=$(cd "$S/root" && find . -name 60-led-cuse.rules | sed 's/^\.//')
    mv "$RULES" /tmp/60-led-cuse.rules.held
    udevadm control --reload
    sim_setup
    check "no /dev/gpio/by-label link before the rules are installed" bash -c "! test -e /dev/gpio/by-label/$LED_SIM_LABEL"
    mv /tmp/60-led-cuse.rules.held "$RULES"
    if run_readme after-meson-install >"$LOG/after-meson-install.log" 2>&1; then
        ok "README.md's commands after meson install"
    else
        not_ok "README.md's commands after meson install" "$(cat "$LOG/after-meson-install.log")"
    fi
    check "systemd-sysusers created the led group (sysusers.d/led-cuse.conf)" getent group led
    check "/dev/cuse exists" test -c /dev/cuse
    check "udev: /dev/gpio/by-label/$LED_SIM_LABEL for the chip that was there before" by_label_link
fi
CHIP=$(sim_chip)

# ---- led-cuse.service ----------------------------------------------------------
if systemctl start led-cuse.service 2>"$LOG/start.log"; then
    ok "systemctl start led-cuse"
else
    not_ok "systemctl start led-cuse" "$(cat "$LOG/start.log")"
    dump_unit led-cuse.service
fi
check "led-cuse.service is active" is "$(systemctl is-active led-cuse.service)" active
check "/dev/led exists right after start (Type=notify)" test -c /dev/led
check "/dev/led is group led, mode 0660" stat_is /dev/led '%G %a' 'led 660'
check "/dev/leds/led -> /dev/led" is "$(readlink -f /dev/leds/led)" /dev/led
check "dev-led.device is active (TAG+=systemd)" is "$(systemctl is-active dev-led.device)" active
check "STATUS= names the device" bash -c "systemctl show -P StatusText led-cuse | grep -q '^/dev/led: LED off'"
PID=$(prop led-cuse MainPID)
check "the daemon runs without capabilities (CapEff/CapBnd 0)" \
    bash -c "grep -q '^CapEff:[[:space:]]*0000000000000000' /proc/$PID/status && grep -q '^CapBnd:[[:space:]]*0000000000000000' /proc/$PID/status"
check "the daemon has NoNewPrivs and a seccomp filter" \
    bash -c "grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$PID/status && grep -q '^Seccomp:[[:space:]]*2' /proc/$PID/status"
check "udevadm test applies 60-led-cuse.rules to /sys/class/cuse/led" \
    bash -c 'out=$(udevadm test --action=add /sys/class/cuse/led 2>&1); echo "$out" | grep -q "leds/led" &&
             ! echo "$out" | grep -E "60-led-cuse.rules:[0-9]+.*(nvalid|rror|nknown)"'
# systemd 256 and later do not run PROGRAM= in `udevadm test` ("Running in
# test mode, skipping execution"): there the rule must be seen calling the
# helper for the link (the link itself is checked on the real event above).
gpiochip_rule_applies() {
    local out
    out=$(udevadm test --action=add "/sys/bus/gpio/devices/$CHIP" 2>&1)
    grep -q "gpio/by-label/$LED_SIM_LABEL" <<<"$out" ||
        { grep -q "skipping execution of '[^']*led-cuse-gpiochip-label /dev/$CHIP'" <<<"$out" &&
          grep -q "60-led-cuse.rules:.*Added SYMLINK 'gpio/by-label/" <<<"$out"; }
}
check "udevadm test: gpiochip gets the by-label link" gpiochip_rule_applies

# ---- permissions ----------------------------------------------------------------
check "a member of group led can echo 1 > /dev/led" as_member sh -c 'echo 1 > /dev/led'
check "... and the LED line is high" is "$(sim_line 17)" 1
check "... and cat /dev/led says 1" is "$(as_member cat /dev/led)" 1
out=$(as_other sh -c 'echo 0 > /dev/led' 2>&1)
rc=$?
if [ $rc != 0 ] && [[ $out == *"Permission denied"* ]]; then
    ok "another user gets EACCES (Permission denied)"
else
    not_ok "another user gets EACCES (Permission denied)" "rc=$rc: $out"
fi
check "... and the LED stays on" is "$(sim_line 17)" 1

# ---- readiness vs udev ------------------------------------------------------------
# `systemctl start led-cuse && echo 1 > /dev/led` as a member of led: the
# node is created root:root 0600 by the kernel, and udev gives it group and
# mode a moment later. Start must not return before that, every time.
if [ "$LED_SYS_MODE" = meson ]; then
    RACE_N=${LED_SYS_RACE_N:-20} fails=0
    : >"$LOG/race.log"
    for ((i = 1; i <= RACE_N; i++)); do
        stop_unit led-cuse
        if ! { systemctl start led-cuse && as_member sh -c 'echo 1 > /dev/led'; } 2>>"$LOG/race.log"; then
            fails=$((fails + 1))
            stat -c "#   after the failure: %n %U:%G %a" /dev/led >>"$LOG/race.log" 2>&1
        fi
    done
    check "start, then at once echo 1 > /dev/led as a member: $((RACE_N - fails)) of $RACE_N succeeded" \
        bash -c "[ $fails = 0 ] || { sed -n 1,6p '$LOG/race.log'; false; }"
    # The same with a udev that is slow to get to the device (a busy boot,
    # a slow SD card): a rule that sleeps 2 s before the group and mode.
    # First without the unit's ExecStartPost= (udevadm settle), to show the
    # race is real, then as shipped.
    race_slow() {   # prints how many of 3 start+write rounds failed
        local i n=0
        for ((i = 1; i <= 3; i++)); do
            stop_unit led-cuse
            { systemctl start led-cuse && as_member sh -c 'echo 1 > /dev/led'; } 2>>"$LOG/race.log" || n=$((n + 1))
        done
        echo "$n"
    }
    mkdir -p /run/udev/rules.d /run/systemd/system/led-cuse.service.d
    printf 'SUBSYSTEM=="cuse", ACTION=="add", PROGRAM="/bin/sleep 2"\n' >/run/udev/rules.d/10-led-test-slow.rules
    udevadm control --reload
    printf '[Service]\nExecStartPost=\n' >/run/systemd/system/led-cuse.service.d/50-test-no-settle.conf
    systemctl daemon-reload
    diag "with udev 2 s late and without ExecStartPost=udevadm settle, $(race_slow) of 3 start+write rounds failed"
    rm /run/systemd/system/led-cuse.service.d/50-test-no-settle.conf
    systemctl daemon-reload
    fails=$(race_slow)
    rm -f /run/udev/rules.d/10-led-test-slow.rules
    udevadm control --reload
    check "with udev 2 s late: start, then at once echo 1 > /dev/led as a member: $((3 - fails)) of 3 succeeded" \
        bash -c "[ $fails = 0 ] || { tail -n 3 '$LOG/race.log'; false; }"
fi

# ---- the button, through the sandbox (edge events, debounce timer) -----------
press-button click 150
check "a button press toggles the LED off" wait_for '[ "$(sim_line 17)" = 0 ]' 50
press-button click 150
check "a second press toggles it on again" wait_for '[ "$(sim_line 17)" = 1 ]' 50

# ---- the ioctls, from C: one client per ABI (arm64 also runs an armhf one
# through the kernel's compat ioctls) ------------------------------------------
for client in "$S"/clients/*; do
    [ -x "$client" ] || continue
    c=${client##*/}
    check "$c ($(file_arch "$client")) all: every ioctl, its errors, read/poll, as a member of led" \
        as_member env LED_LEVEL_PATH="$(sim_sysdir)/sim_gpio17/value" "$client" all
    as_member "$client" wait 120000 >"$LOG/$c-wait.out" 2>&1 &
    wpid=$!
    # Press until the waiter returns: a press that the daemon handles before
    # the WAIT_EVENT request is not the one the waiter waits for.
    for _ in 1 2 3 4 5; do
        wait_for "! grep -q running /proc/$wpid/syscall" 300 >/dev/null 2>&1
        press-button click 150
        wait_for "test -s '$LOG/$c-wait.out'" 100 >/dev/null 2>&1 && break
    done
    kill "$wpid" 2>/dev/null
    wait "$wpid"
    rc=$?
    out=$(cat "$LOG/$c-wait.out")
    if [ $rc = 0 ] && [[ $out =~ ^seq\ [0-9]+\ state\ $(sim_line 17)\  ]]; then
        ok "$c: a button press wakes WAIT_EVENT with the new state ($out)"
    else
        not_ok "$c: a button press wakes WAIT_EVENT with the new state" "rc=$rc: $out" "line: $(sim_line 17)"
    fi
done
# ---- button actions: a hold starts a unit, through the sandbox -----------------------
# The shipped unit configured as a user would (its configuration file): a
# hold of hold-ms starts a oneshot test unit over the system bus (StartUnit
# from a root without capabilities, PrivateNetwork=, AF_UNIX only,
# ProtectSystem=strict); a press starts a unit that does not exist.
journal_of() { journalctl -b --no-pager -u led-cuse -o cat; }
export -f journal_of
if ! command -v dbus-daemon >/dev/null && ! command -v dbus-broker >/dev/null; then
    skip "button actions: a hold starts a unit" "no D-Bus system bus in this root file system"
else
    ACT_MARK=/run/led-action-test.marker
    mkdir -p /run/systemd/system
    printf '[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo started >>%s"\n' "$ACT_MARK" \
        >/run/systemd/system/led-action-test.service
    systemctl daemon-reload
    cp "$CONF/led.conf" /tmp/led.conf.orig
    # log-level = debug: each recorded change in the journal (who changed it).
    printf 'hold-ms = 3000\non-hold = led-action-test.service\non-press = led-no-such-unit.service\nlog-level = debug\n' \
        >>"$CONF/led.conf"
    # The daemon starts before the bus (a boot where dbus comes later): it
    # must start all the same and connect when an action fires.
    dbus_was=$(systemctl is-active dbus.service)
    [ -e /run/dbus/system_bus_socket ] && sock_was=yes || sock_was=no
    [ -d /run/dbus ] && rundir_was=yes || rundir_was=no
    diag "dbus.service before the test: $dbus_was"
    systemctl stop dbus.socket dbus.service 2>/dev/null
    systemctl reset-failed led-cuse 2>/dev/null
    systemctl restart led-cuse
    check "actions: led-cuse starts with the system bus down" is "$(systemctl is-active led-cuse)" active
    check "actions: ... and says it will connect later" \
        wait_for 'journal_of | grep -q "cannot connect to the system bus (.*): will try again"' 100
    check "actions: dbus starts" systemctl start dbus.socket dbus.service
    PID=$(prop led-cuse MainPID)
    level=$(sim_line 17)
    # A short press: the LED toggles on its release, the press starts the
    # unit that does not exist, the hold's unit is not started.
    press-button click 150
    check "actions: a short press toggles the LED (on its release, hold-ms being set)" \
        wait_for "[ \"\$(sim_line 17)\" != $level ]" 100
    check "actions: the journal names the missing unit and the bus error" \
        wait_for 'journal_of | grep -qF "cannot start led-no-such-unit.service: org.freedesktop.systemd1.NoSuchUnit: Unit led-no-such-unit.service not found."' 300
    check "actions: a short press does not start the hold's unit" \
        bash -c "! test -e $ACT_MARK && ! journal_of | grep -q 'starting led-action-test'"
    check "actions: the daemon keeps running after the failed start" \
        is "$(systemctl is-active led-cuse) $(prop led-cuse MainPID)" "active $PID"
    # A hold: down until the unit has run (hold-ms later), then up. A
    # reader polling /dev/led counts the changes meanwhile: at a hold only
    # the feedback blink (hold-feedback = blink, the default) changes the
    # state, starting and ending (the two may come as one wake-up).
    python3 -c '
import os, select
fd = os.open("/dev/led", os.O_RDONLY)
os.read(fd, 64)
p = select.poll()
p.register(fd, select.POLLIN)
print("ready", flush=True)
while p.poll(120000):
    print(os.read(fd, 64).decode().strip(), flush=True)
' >"$LOG/actions-changes.out" 2>&1 &
    cpid=$!
    wait_for "grep -q ready $LOG/actions-changes.out" 100
    level=$(sim_line 17)
    press-button press
    check "actions: holding the button past hold-ms starts led-action-test.service" \
        wait_for "test -s $ACT_MARK" 600
    # The release, seen by a waiting client; the short-press action would
    # come in the same dispatch, so once a later request is answered the
    # LED shows whether the release toggled it.
    ledctl wait --events=release -n 1 >"$LOG/actions-release.out" 2>&1 &
    wpid=$!
    LEDCTL=ledctl wait_parked "$wpid" ioctl poll ppoll read >/dev/null
    press-button release
    reap "$wpid" 300
    check "actions: the hold blinked the LED (a change at the hold: the feedback started)" \
        wait_for "[ \$(grep -vc ready $LOG/actions-changes.out) -ge 1 ]" 100
    # Steady again (no mode running) at the level from before: the blink
    # ended where it started, and the release did not toggle (a toggle
    # would also have stopped the blink, at the other level).
    check "actions: then the LED is back as before, the hold's release did not toggle it" \
        wait_for "[ \"\$(ledctl get)\" = $level ]" 100
    check "actions: ... (the release was seen)" is "$(cut -d' ' -f2 "$LOG/actions-release.out")" release
    # Who changed it: the feedback's start is the action's (a blink: flags
    # BLINKING | LED_CUSE_MODE_BLINK << 8 = 257), its end the timer's, and
    # nothing came after it.
    check "actions: the journal records the feedback's start as LED_CUSE_SOURCE=action, a blink" \
        wait_for "journalctl -b --no-pager -u led-cuse -o verbose LED_CUSE_SOURCE=action | grep -q '^ *LED_CUSE_STATE_FLAGS=257\$'" 100
    check "actions: ledctl info: the last change is the feedback's end, by the timer" \
        bash -c "ledctl info | grep -qx 'last_change: timer' && ledctl info | grep -qx 'last_change_uid: -'"
    kill "$cpid" 2>/dev/null
    wait "$cpid" 2>/dev/null
    diag "changes a reader saw during the hold: $(grep -vc ready "$LOG/actions-changes.out") ($(grep -v ready "$LOG/actions-changes.out" | tr '\n' ' '))"
    check "actions: the unit ran once" is "$(cat $ACT_MARK 2>/dev/null)" started
    check "actions: ... as a unit of its own (Result=success)" is "$(prop led-action-test.service Result)" success
    check "actions: the journal has the start and its job" \
        bash -c 'journal_of | grep -q "button hold: starting led-action-test.service" &&
                 journal_of | grep -q "start of led-action-test.service queued as /org/freedesktop/systemd1/job/"'
    exposure_act=$(systemd-analyze security --no-pager led-cuse.service 2>&1 |
        sed -n 's/.*Overall exposure level for led-cuse.service: \([0-9.]*\).*/\1/p')
    diag "systemd-analyze security led-cuse.service (live, with button actions): ${exposure_act:-?}"
    check "systemd-analyze security: the unit starting units is still rated at most 1.0" \
        awk -v e="${exposure_act:-99}" 'BEGIN { exit !(e <= 1.0) }'
    # Back to the configuration of the tests that follow.
    cp /tmp/led.conf.orig "$CONF/led.conf"
    rm -f /run/systemd/system/led-action-test.service "$ACT_MARK"
    systemctl daemon-reload
    systemctl restart led-cuse
    [ "$dbus_was" = active ] || systemctl stop dbus.socket dbus.service
    # dbus.socket leaves its socket file behind: the purge test compares /run.
    [ "$sock_was" = yes ] || rm -f /run/dbus/system_bus_socket
    # ... and on trixie (dbus 1.16) its /run/dbus too.
    [ "$rundir_was" = yes ] || rmdir /run/dbus 2>/dev/null
fi
# ---- triggers unit and system: the LED follows systemd, through the sandbox ----
# led-cuse(4): a unit active is on, failed a fast blink (100 ms on, 100 off),
# inactive off; the system running is on, starting a slow blink (500/500),
# degraded a fast blink. The trigger's blink is the running mode: GET_MODE
# shows it (ledctl get prints the trigger instead).
led_mode_now() {   # the running mode from GET_MODE: "none" or "blink ON_MS OFF_MS"
    python3 -c '
import fcntl, os, struct
fd = os.open("/dev/led", os.O_RDONLY)
size = 16 + 16 * 8
buf = fcntl.ioctl(fd, (2 << 30) | (size << 16) | (0xB7 << 8) | 0x09, bytes(size))
mode, count, period, nsteps = struct.unpack_from("4I", buf)
steps = [struct.unpack_from("2I", buf, 16 + 8 * i) for i in range(nsteps)]
if mode == 0:
    print("none")
elif mode == 1 and count == 0 and [s[0] for s in steps] == [1, 0]:
    print("blink %d %d" % (steps[0][1], steps[1][1]))
else:
    print("mode %d count %d steps %s" % (mode, count, steps))
'
}
line_toggles() {   # the LED line takes both levels within 2 s
    local seen="" i
    for ((i = 0; i < 40; i++)); do
        seen+=$(sim_line 17)
        [[ $seen == *0* && $seen == *1* ]] && return 0
        sleep 0.05
    done
    echo "line levels seen: $seen"
    return 1
}
# quiet_wakeups DESC: the daemon's own wake-ups (voluntary context switches)
# over 5 s of a quiet source, as a figure (bench/README.md, "Triggers") and a
# check: none but the watchdog's ping (every 15 s) and a stray job's signal.
quiet_wakeups() {
    local pid a b
    pid=$(prop led-cuse MainPID)
    sleep 1
    a=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
    sleep 5
    b=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status")
    diag "$1: $((b - a)) daemon wake-ups in 5 s"
    check "$1: the daemon does not poll (at most 2 wake-ups in 5 s)" test $((b - a)) -le 2
}
trigger_shows() {   # LEDCTL_GET MODE: ledctl get and GET_MODE say so
    [ "$(ledctl get)" = "$1" ] && [ "$(led_mode_now)" = "$2" ]
}
export -f led_mode_now line_toggles
if ! command -v dbus-daemon >/dev/null && ! command -v dbus-broker >/dev/null; then
    skip "triggers unit and system" "no D-Bus system bus in this root file system"
else
    dbus_was=$(systemctl is-active dbus.service)
    [ -e /run/dbus/system_bus_socket ] && sock_was=yes || sock_was=no
    [ -d /run/dbus ] && rundir_was=yes || rundir_was=no
    TU=led-trigger-test.service TF=led-trigger-fail.service
    mkdir -p /run/systemd/system
    printf '[Service]\nExecStart=/bin/sleep infinity\n' >/run/systemd/system/$TU
    printf '[Service]\nType=oneshot\nExecStart=/bin/false\n' >/run/systemd/system/$TF
    systemctl daemon-reload
    systemctl reset-failed led-cuse 2>/dev/null
    systemctl restart led-cuse
    echo 0 >/dev/led
    # The bus not there yet: the trigger waits for it (inotify, no polling).
    systemctl stop dbus.socket dbus.service 2>/dev/null
    check "trigger unit: set while the system bus is down" ledctl trigger unit $TU
    check "trigger unit: ledctl get prints the trigger" is "$(ledctl get)" "0 trigger unit $TU"
    check "trigger unit: dbus starts" systemctl start dbus.socket dbus.service
    systemctl start $TU
    check "trigger unit: $TU started: the LED is on (ledctl get, the line high)" \
        wait_for "[ \"\$(ledctl get)\" = '1 trigger unit $TU' ] && [ \"\$(sim_line 17)\" = 1 ]" 100
    quiet_wakeups "trigger unit: $TU active and quiet"
    systemctl stop $TU
    check "trigger unit: $TU stopped: the LED is off" \
        wait_for "[ \"\$(ledctl get)\" = '0 trigger unit $TU' ] && [ \"\$(sim_line 17)\" = 0 ]" 100
    # dbus restarted: the trigger connects again, subscribes again.
    systemctl restart dbus.service
    systemctl start $TU
    check "trigger unit: after a dbus restart, $TU started again: on" \
        wait_for "[ \"\$(ledctl get)\" = '1 trigger unit $TU' ] && [ \"\$(sim_line 17)\" = 1 ]" 150
    systemctl stop $TU
    check "trigger unit: a unit not loaded yet is followed" ledctl trigger unit $TF
    systemctl start $TF 2>/dev/null
    check "trigger unit: $TF failed: a fast blink (GET_MODE blink 100 100)" \
        wait_for "[[ \$(ledctl get) =~ ^[01]\ trigger\ unit\ $TF\$ ]] && [ \"\$(led_mode_now)\" = 'blink 100 100' ]" 100
    check "trigger unit: ... the line blinks" line_toggles
    systemctl reset-failed $TF
    check "trigger unit: reset-failed: the LED is off, no blink" \
        wait_for "trigger_shows '0 trigger unit $TF' none" 100
    # The system: initializing (no basic.target: the suite is the boot's
    # unit) or starting while this suite's boot job runs, then running once
    # the boot's jobs are done.
    check "trigger system" ledctl trigger system
    state=$(systemctl is-system-running)
    diag "system state with the suite running: $state"
    if [[ $state =~ ^(initializing|starting)$ ]]; then
        check "trigger system: $state: a slow blink (GET_MODE blink 500 500)" \
            wait_for "[[ \$(ledctl get) =~ ^[01]\ trigger\ system\$ ]] && [ \"\$(led_mode_now)\" = 'blink 500 500' ]" 100
        # The boot finishes when no job is left: cancel this suite's (its
        # service runs on, and powers off when it ends, as before).
        systemctl cancel
    fi
    wait_for '[[ $(systemctl is-system-running) =~ ^(running|degraded)$ ]]' 100
    if [ "$(systemctl is-system-running)" = degraded ]; then
        diag "failed units before the test: $(systemctl --failed --no-legend --plain | awk '{ print $1 }' | tr '\n' ' ')"
        systemctl reset-failed
    fi
    check "trigger system: running: the LED is on" \
        wait_for "trigger_shows '1 trigger system' none && [ \"\$(sim_line 17)\" = 1 ]" 100
    quiet_wakeups "trigger system: running and quiet"
    systemctl start $TF 2>/dev/null
    check "trigger system: $TF failed, the system is degraded" is "$(systemctl is-system-running)" degraded
    check "trigger system: degraded: a fast blink (GET_MODE blink 100 100)" \
        wait_for "[[ \$(ledctl get) =~ ^[01]\ trigger\ system\$ ]] && [ \"\$(led_mode_now)\" = 'blink 100 100' ]" 100
    check "trigger system: ... the line blinks" line_toggles
    systemctl reset-failed $TF
    check "trigger system: reset-failed: running, the LED on again" \
        wait_for "[ \"\$(systemctl is-system-running)\" = running ] && trigger_shows '1 trigger system' none && [ \"\$(sim_line 17)\" = 1 ]" 100
    ledctl off
    rm -f /run/systemd/system/$TU /run/systemd/system/$TF
    systemctl daemon-reload
    [ "$dbus_was" = active ] || systemctl stop dbus.socket dbus.service
    [ "$sock_was" = yes ] || rm -f /run/dbus/system_bus_socket
    [ "$rundir_was" = yes ] || rmdir /run/dbus 2>/dev/null
fi
# ---- trigger netdev: the host's links, through led-cuse-rtnetlink.socket ----
# The service has no network of its own (PrivateNetwork=yes, AF_UNIX only):
# systemd passes it rtnetlink of the host's, and the socket goes with it.
NI=ledsys0
if ! modprobe dummy 2>/dev/null || ! ip link add $NI type dummy 2>/dev/null; then
    skip "trigger netdev through the service's socket" "no dummy interface in this VM"
else
    # Its IPv6 would send packets (and flash) at any time.
    echo 1 >/proc/sys/net/ipv6/conf/$NI/disable_ipv6
    check "trigger netdev: led-cuse-rtnetlink.socket is active with the service" \
        is "$(systemctl is-active led-cuse-rtnetlink.socket)" active
    check "trigger netdev: the daemon itself sees no interface but lo" \
        is "$(nsenter -t "$(prop led-cuse MainPID)" -n ip -o link show | awk -F': ' '{ print $2 }' | tr '\n' ' ')" "lo "
    check "trigger netdev: set on the host's $NI, which is down" sh -c "echo 'trigger netdev $NI link tx' >/dev/led"
    check "trigger netdev: $NI down: the LED is off" \
        wait_for "[ \"\$(ledctl get)\" = '0 trigger netdev $NI link tx' ] && [ \"\$(sim_line 17)\" = 0 ]" 100
    ip link set $NI up
    check "trigger netdev: $NI up: the LED is on" \
        wait_for "[ \"\$(ledctl get)\" = '1 trigger netdev $NI link tx' ] && [ \"\$(sim_line 17)\" = 1 ]" 100
    ip addr add 192.0.2.1/24 dev $NI
    (for ((i = 0; i < 150; i++)); do echo x 2>/dev/null >/dev/udp/192.0.2.2/9; sleep 0.02; done) &
    check "trigger netdev: packets sent on $NI flash the line (its statistics over the socket)" line_toggles
    wait
    ip link set $NI down
    check "trigger netdev: $NI down again: off" \
        wait_for "[ \"\$(ledctl get)\" = '0 trigger netdev $NI link tx' ] && [ \"\$(sim_line 17)\" = 0 ]" 100
    ledctl off
    # Stopped, the service takes its socket along: link events do not start it again.
    stop_unit led-cuse
    check "trigger netdev: the socket stops with the service" \
        is "$(systemctl is-active led-cuse-rtnetlink.socket)" inactive
    ip link set $NI up
    ip link del $NI
    sleep 1
    check "trigger netdev: ... and link events do not start the service" is "$(systemctl is-active led-cuse)" inactive
    systemctl start led-cuse
    check "trigger netdev: started again, with its socket" \
        is "$(systemctl is-active led-cuse led-cuse-rtnetlink.socket | tr '\n' ' ')" "active active "
fi
check "a member of group led switches the LED on again" as_member sh -c 'echo 1 > /dev/led'

exposure=$(systemd-analyze security --no-pager led-cuse.service 2>&1 | sed -n 's/.*Overall exposure level for led-cuse.service: \([0-9.]*\).*/\1/p')
diag "systemd-analyze security led-cuse.service (live): ${exposure:-?}"
check "systemd-analyze security rates the running unit at most 1.0" \
    awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 1.0) }'

# ---- crash: kill -9 -----------------------------------------------------------
# A kill -9 loses at most the last state-save interval (README): wait for the save.
check "the state file holds the LED state within the save interval" \
    wait_for 'grep -qx on /var/lib/led-cuse/led' 200
systemctl reset-failed led-cuse 2>/dev/null
PID=$(prop led-cuse MainPID)
kill -9 "$PID"
check "kill -9: systemd restarts the daemon (NRestarts=1, new MainPID)" \
    wait_for "[ \"\$(systemctl show -P NRestarts led-cuse)\" = 1 ] &&
        [ \"\$(systemctl is-active led-cuse)\" = active ] && [ \"\$(systemctl show -P MainPID led-cuse)\" != $PID ]" 200
check "kill -9: /dev/led is back" wait_for 'test -c /dev/led' 100
check "kill -9: the LED state is restored (line high)" is "$(sim_line 17)" 1
check "kill -9: cat /dev/led says 1" is "$(cat /dev/led)" 1
check "kill -9: the state file is in the StateDirectory" test -s /var/lib/led-cuse/led

# ---- watchdog -------------------------------------------------------------------
mkdir -p /run/systemd/system/led-cuse.service.d
printf '[Service]\nWatchdogSec=3s\n' >/run/systemd/system/led-cuse.service.d/50-test-watchdog.conf
systemctl daemon-reload
systemctl reset-failed led-cuse 2>/dev/null
systemctl restart led-cuse
check "watchdog: restarted with WatchdogSec=3s" is "$(prop led-cuse WatchdogUSec)" 3s
sleep 5
check "watchdog: a healthy daemon survives 5 s (it pings)" \
    is "$(systemctl is-active led-cuse) $(prop led-cuse NRestarts)" "active 0"
PID=$(prop led-cuse MainPID)
kill -STOP "$PID"
check "watchdog: a stopped daemon is killed and restarted" \
    wait_for "[ \"\$(systemctl show -P NRestarts led-cuse)\" = 1 ] &&
        [ \"\$(systemctl is-active led-cuse)\" = active ] && [ \"\$(systemctl show -P MainPID led-cuse)\" != $PID ]" 300
check "watchdog: the journal says so" \
    bash -c "journalctl -b --no-pager -u led-cuse | grep -q 'Watchdog timeout'"
check "watchdog: /dev/led is back with the LED on" \
    wait_for 'test -c /dev/led && [ "$(cat /dev/led)" = 1 ]' 100
rm -f /run/systemd/system/led-cuse.service.d/50-test-watchdog.conf
systemctl daemon-reload

# ---- who changed it: each change in the journal, with fields (at debug level) ---
cp "$CONF/led.conf" "$LOG/led.conf.orig"
printf 'log-level = debug\n' >>"$CONF/led.conf"   # into its [led] section
systemctl restart led-cuse
# sh's echo is a builtin: the write comes from the shell whose pid it prints.
wpid=$(as_member sh -c 'echo $$; echo 0 > /dev/led')
check "journal: the member's write with LED_CUSE_SOURCE=write LED_CUSE_UID=4242 LED_CUSE_PID=$wpid LED_CUSE_STATE=0" \
    wait_for "journalctl -b --no-pager -u led-cuse -o verbose LED_CUSE_SOURCE=write LED_CUSE_UID=4242 \
        LED_CUSE_PID=$wpid | grep -q '^ *LED_CUSE_STATE=0$'" 100
as_member sh -c 'echo 1 > /dev/led'
cp "$LOG/led.conf.orig" "$CONF/led.conf"
systemctl restart led-cuse

# ---- stop ---------------------------------------------------------------------------
systemctl reset-failed led-cuse 2>/dev/null
check "systemctl stop led-cuse" systemctl stop led-cuse
check "stop: /dev/led is gone" wait_for '! test -e /dev/led' 50
check "stop: /dev/leds/led is gone" wait_for '! test -e /dev/leds/led' 50
check "stop: dev-led.device is inactive" wait_for '[ "$(systemctl is-active dev-led.device)" = inactive ]' 50
check "stop: the LED is off (--exit-state=off)" is "$(sim_line 17)" 0
check "stop: GPIO17 is free (gpioset can request it)" gpioset -t 0 GPIO17=0
check "stop: GPIO27 is free (gpioget can request it)" gpioget GPIO27
check "stop: the unit ended cleanly" is "$(prop led-cuse Result) $(prop led-cuse ExecMainStatus)" "success 0"

# ---- bad configuration ------------------------------------------------------------
mkdir -p "$CONF"
printf '[led]\nled = GPIO17\ndebounce = soon\n' >"$CONF/bad.conf"
if systemctl start led-cuse@bad 2>/dev/null; then
    not_ok "bad config: systemctl start led-cuse@bad fails"
else
    ok "bad config: systemctl start led-cuse@bad fails"
fi
check "bad config: the unit is failed" is "$(systemctl is-failed led-cuse@bad)" failed
check "bad config: exit status 78, not restarted" \
    is "$(prop led-cuse@bad ExecMainStatus) $(prop led-cuse@bad Result) $(prop led-cuse@bad NRestarts)" "78 exit-code 0"
msg="$CONF/bad.conf:3: key 'debounce' = 'soon': expected milliseconds from 0 to 10000"
check "bad config: the journal has \"$msg\"" \
    bash -c 'journalctl -b --no-pager -u led-cuse@bad -o cat | grep -qF "$1"' _ "$msg"
check "bad config: /dev/bad does not exist" bash -c '! test -e /dev/bad'
systemctl reset-failed led-cuse@bad

# ---- GPIO lines that cannot exist (exit 78, no restart), a chip that comes late (waited for) --
printf '[led]\nled = NOPE\n' >"$CONF/typo.conf"
systemctl start led-cuse@typo 2>/dev/null
check "a line that cannot exist: exit 78, not restarted" \
    is "$(prop led-cuse@typo ExecMainStatus) $(prop led-cuse@typo Result) $(prop led-cuse@typo NRestarts)" "78 exit-code 0"
check "... the journal names the line" \
    bash -c 'journalctl -b --no-pager -u led-cuse@typo -o cat | grep -qF "no line named '\''NOPE'\''"'
systemctl reset-failed led-cuse@typo
rm -f "$CONF/typo.conf"

printf '[led]\nled = late-sim:5\nwait-for-gpio = 300\n' >"$CONF/late.conf"
systemctl start --no-block led-cuse@late
check "a chip not there yet: the unit waits (activating) and STATUS= says for what" \
    wait_for '[ "$(systemctl is-active led-cuse@late)" = activating ] &&
        systemctl show -P StatusText led-cuse@late | grep -q "Waiting up to 300 s for GPIO: LED: no GPIO chip with label .late-sim."' 300
LED_SIM_CFG=/sys/kernel/config/gpio-sim/late LED_SIM_LABEL=late-sim LED_SIM_LED=5 LED_SIM_BUTTON=6 \
    gpio-sim-setup >"$LOG/gpio-sim-late.log" 2>&1
check "the chip appears: the unit becomes active and serves /dev/late" \
    wait_for '[ "$(systemctl is-active led-cuse@late)" = active ] && test -c /dev/late' 600
check "... without a restart" is "$(prop led-cuse@late NRestarts)" 0
stop_unit led-cuse@late
rm -f "$CONF/late.conf"
c=/sys/kernel/config/gpio-sim/late
echo 0 >"$c/live" && rmdir "$c"/bank0/line* "$c/bank0" "$c"

# ---- a label on two chips: the link stays with the first ---------------------------
# udev recomputes a chip's links on every event: a re-trigger (the postinst
# runs `udevadm trigger --subsystem-match=gpio`) must not take it away.
LED_SIM_CFG=/sys/kernel/config/gpio-sim/twin LED_SIM_LED=7 LED_SIM_BUTTON=8 \
    gpio-sim-setup >"$LOG/gpio-sim-twin.log" 2>&1
udevadm settle -t 30
check "a second chip labelled $LED_SIM_LABEL: the by-label link stays with the first" by_label_link
udevadm trigger --subsystem-match=gpio
udevadm settle -t 30
check "... also after udevadm trigger --subsystem-match=gpio, as the postinst runs" by_label_link
c=/sys/kernel/config/gpio-sim/twin
echo 0 >"$c/live" && rmdir "$c"/bank0/line* "$c/bank0" "$c"
udevadm settle -t 30
check "... and after the second chip is gone" by_label_link

# ---- two instances ----------------------------------------------------------------
printf '[led]\nled = %s:5\n' "$LED_SIM_LABEL" >"$CONF/a.conf"
printf '[led]\nled = %s:6\n' "$LED_SIM_LABEL" >"$CONF/b.conf"
check "systemctl start led-cuse@a led-cuse@b" systemctl start led-cuse@a led-cuse@b
check "led-cuse@a and led-cuse@b are active" \
    is "$(systemctl is-active led-cuse@a led-cuse@b | tr '\n' ' ')" "active active "
for d in a b; do
    check "/dev/$d: group led, mode 0660, /dev/leds/$d (marker rule)" \
        bash -c "[ \"\$(stat -c '%G %a' /dev/$d)\" = 'led 660' ] && [ \"\$(readlink -f /dev/leds/$d)\" = /dev/$d ]"
done
check "echo 1 > /dev/a lights line 5 only" \
    bash -c 'as_member sh -c "echo 1 > /dev/a" && [ "$(sim_line 5)$(sim_line 6)" = 10 ]'
check "echo 1 > /dev/b lights line 6 too" \
    bash -c 'as_member sh -c "echo 1 > /dev/b" && [ "$(sim_line 5)$(sim_line 6)" = 11 ]'
check "each instance has its own state file" \
    bash -c 'test -s /var/lib/led-cuse/a && test -s /var/lib/led-cuse/b'
check "systemctl stop led-cuse@a: /dev/a gone, /dev/b still served" \
    bash -c 'systemctl stop led-cuse@a && ! test -e /dev/a && [ "$(cat /dev/b)" = 1 ]'
check "systemctl stop led-cuse@b: /dev/b gone" bash -c 'systemctl stop led-cuse@b && ! test -e /dev/b'

if [ "$LED_SYS_MODE" = package ]; then
    # ---- upgrade: the same package again ----------------------------------------------
    systemctl reset-failed led-cuse 2>/dev/null
    systemctl start led-cuse led-cuse@a
    as_member sh -c 'echo 1 > /dev/led; echo 1 > /dev/a'
    check "before the upgrade: /dev/led and /dev/a on" is "$(sim_line 17)$(sim_line 5)" 11
    PID=$(prop led-cuse MainPID) PID_A=$(prop led-cuse@a MainPID) t0=$SECONDS
    if (cd "$S/debs" && timeout 900 apt install --reinstall ./led-cuse_*.deb) >"$LOG/upgrade.log" 2>&1; then
        ok "apt install --reinstall ./led-cuse_*.deb"
    else
        not_ok "apt install --reinstall ./led-cuse_*.deb" "$(tail -n 30 "$LOG/upgrade.log")"
    fi
    diag "upgrade took $((SECONDS - t0)) s"
    check "upgrade: led-cuse.service was restarted (new MainPID, active)" \
        bash -c "[ \"\$(systemctl show -P MainPID led-cuse)\" != $PID ] && [ \"\$(systemctl is-active led-cuse)\" = active ]"
    check "upgrade: led-cuse@a.service was restarted too" \
        bash -c "[ \"\$(systemctl show -P MainPID led-cuse@a)\" != $PID_A ] && [ \"\$(systemctl is-active led-cuse@a)\" = active ]"
    check "upgrade: the LED state is kept (lines 17 and 5 high)" is "$(sim_line 17)$(sim_line 5)" 11
    check "upgrade: cat /dev/led says 1" is "$(as_member cat /dev/led)" 1
    check "upgrade: /dev/led is still group led, mode 0660" stat_is /dev/led '%G %a' 'led 660'
    # a.conf, b.conf and bad.conf stay: the administrator's configuration,
    # which purge must delete with the rest.

    # ---- purge ------------------------------------------------------------------------
    dpkg-query -L led-cuse >"$LOG/files.txt"
    t0=$SECONDS
    if timeout 900 apt purge led-cuse >"$LOG/purge.log" 2>&1; then
        ok "apt purge led-cuse"
    else
        not_ok "apt purge led-cuse" "$(tail -n 30 "$LOG/purge.log")"
    fi
    diag "purge took $((SECONDS - t0)) s"
    check "purge: led-cuse is not installed" \
        bash -c '! dpkg-query -W -f="\${db:Status-Status}" led-cuse 2>/dev/null | grep -qv not-installed'
    check "purge: the daemons are stopped, /dev/led and /dev/a are gone" \
        bash -c '! test -e /dev/led && ! test -e /dev/a && ! test -e /dev/leds/led'
    check "purge: the LED was left off (exit-state)" is "$(sim_line 17)$(sim_line 5)" 00
    check "purge: no unit left" bash -c '[ -z "$(systemctl list-unit-files --no-legend "led-cuse*")" ]'
    check "purge: /var/lib/led-cuse and /etc/led-cuse are gone" bash -c '! test -e /var/lib/led-cuse && ! test -e /etc/led-cuse'
    check "purge: /dev/gpio/by-label/$LED_SIM_LABEL is gone" wait_for "! test -e /dev/gpio/by-label/$LED_SIM_LABEL" 100
    left=$(while read -r f; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done <"$LOG/files.txt")
    check "purge: none of the package's files is left" is "$left" ""
    snapshot >"$LOG/after-purge.txt"
    # (README's own first step, the backports source, is the user's, not the package's.)
    left=$(comm -13 "$LOG/before-install.txt" "$LOG/after-purge.txt" | grep -vx /etc/apt/sources.list.d/bookworm-backports.list)
    check "purge: nothing new anywhere (${SNAP_DIRS[*]}) compared with before the installation" is "$left" ""
    check "purge: the journal kept the daemon's log" \
        bash -c 'journalctl -b --no-pager -u led-cuse -o cat | grep -q "/dev/led"'
fi

if [ "${LED_SYS_SHELL:-0}" = 1 ]; then
    echo "1..$N"
    exit "$FAILED"
fi
finish
