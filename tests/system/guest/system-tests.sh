#!/bin/bash
# The led-cuse system tests, run by led-system-test.service inside the VM
# system-vm boots (systemd as PID 1; led-cuse installed from the staged
# `meson install`). TAP on stdout (the VM's second serial port, i.e.
# system-vm's stdout); exit code in /mnt/led-results/rc.
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

# ---- TAP ------------------------------------------------------------------------
N=0 FAILED=0
ok() { N=$((N + 1)); echo "ok $N - $1"; }
not_ok() {
    N=$((N + 1)); FAILED=$((FAILED + 1))
    echo "not ok $N - $1"
    shift
    local l
    for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
}
# check DESCRIPTION CMD...: one assertion, the command's output as diagnostics.
check() {
    local d=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d" "\$ $*" "$out"; fi
}
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
finish() {
    echo "1..$N"
    journalctl -b --no-pager -o short-monotonic >"$R/journal.txt" 2>&1
    [ "$FAILED" = 0 ] && echo 0 >"$R/rc.tmp" || echo 1 >"$R/rc.tmp"
    mv "$R/rc.tmp" "$R/rc"
    sync
    exit 0
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s.
wait_for() {
    local t=$(( $1 * 5 )) i
    shift
    for ((i = 0; i < t; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    "$@"
}
prop() { systemctl show -P "$2" "$1"; }
is() { [ "$1" = "$2" ] || { echo "expected '$2', got '$1'"; return 1; }; }
stat_is() {   # PATH 'FORMAT' EXPECTED
    local got
    got=$(stat -L -c "$2" "$1") || return 1
    is "$got" "$3"
}
led_gid() { getent group led | cut -d: -f3; }
as_member() { setpriv --reuid=4242 --regid=4242 --groups="$(led_gid)" -- "$@"; }
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

echo "# led-cuse system tests: kernel $(uname -r), $(systemctl --version | head -1)"

# ---- setup --------------------------------------------------------------------
if [ -n "${LED_SYS_DEBS:-}" ]; then
    check "apt-get install $(cd "$LED_SYS_DEBS" && echo *.deb)" \
        env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$LED_SYS_DEBS"/*.deb
    check "dpkg: led-cuse is installed, architecture ${LED_SYS_ARCH:-}" \
        is "$(dpkg-query -W -f '${Status} ${Architecture}' led-cuse)" "install ok installed ${LED_SYS_ARCH:-}"
fi
systemd-sysusers >"$LOG/sysusers.log" 2>&1
udevadm control --reload
check "systemd-sysusers created the led group (sysusers.d/led-cuse.conf)" getent group led
if [ -n "${LED_SYS_DEBS:-}" ]; then   # installed after boot: cuse is loaded by then
    check "cuse is loaded" test -d /sys/module/cuse
else
    check "modules-load.d/led-cuse.conf loaded cuse at boot" \
        bash -c 'test -d /sys/module/cuse && journalctl -b -t systemd-modules-load --no-pager | grep -q "Inserted module .cuse."'
fi
check "/dev/cuse exists" test -c /dev/cuse
if ! gpio-sim-setup >"$LOG/gpio-sim-setup.log" 2>&1; then
    not_ok "gpio-sim chip set up" "$(cat "$LOG/gpio-sim-setup.log")"
    finish
fi
udevadm settle -t 30
CHIP=$(sim_chip)
diag "sim chip: $CHIP ($(sim_sysdir)), label $LED_SIM_LABEL"

check "udev: /dev/gpio/by-label/$LED_SIM_LABEL -> /dev/$CHIP" \
    is "$(readlink -f "/dev/gpio/by-label/$LED_SIM_LABEL")" "/dev/$CHIP"

# ---- led-cuse.service ----------------------------------------------------------
if systemctl start led-cuse.service 2>"$LOG/start.log"; then
    ok "systemctl start led-cuse"
else
    not_ok "systemctl start led-cuse" "$(cat "$LOG/start.log")"
    dump_unit led-cuse.service
fi
check "led-cuse.service is active" is "$(systemctl is-active led-cuse.service)" active
check "/dev/led exists right after start (Type=notify)" test -c /dev/led
# udev sets group and mode after the node exists (and after READY=1): under
# TCG it can take seconds, so wait for the change.
check "/dev/led is group led, mode 0660" wait_for 60 stat_is /dev/led '%G %a' 'led 660'
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
check "udevadm test: gpiochip gets the by-label link" \
    bash -c "udevadm test --action=add /sys/bus/gpio/devices/$CHIP 2>&1 | grep -q 'gpio/by-label/$LED_SIM_LABEL'"

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

# ---- the button, through the sandbox (edge events, debounce timer) -----------
press-button click 150
check "a button press toggles the LED off" wait_for 5 bash -c '[ "$(sim_line 17)" = 0 ]'
press-button click 150
check "a second press toggles it on again" wait_for 5 bash -c '[ "$(sim_line 17)" = 1 ]'

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
        wait_for 30 bash -c "! grep -q running /proc/$wpid/syscall" >/dev/null 2>&1
        press-button click 150
        wait_for 10 test -s "$LOG/$c-wait.out" >/dev/null 2>&1 && break
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
check "a member of group led switches the LED on again" as_member sh -c 'echo 1 > /dev/led'

exposure=$(systemd-analyze security --no-pager led-cuse.service 2>&1 | sed -n 's/.*Overall exposure level for led-cuse.service: \([0-9.]*\).*/\1/p')
diag "systemd-analyze security led-cuse.service (live): ${exposure:-?}"
check "systemd-analyze security rates the running unit at most 1.0" \
    awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 1.0) }'

# ---- crash: kill -9 -----------------------------------------------------------
systemctl reset-failed led-cuse 2>/dev/null
PID=$(prop led-cuse MainPID)
kill -9 "$PID"
check "kill -9: systemd restarts the daemon (NRestarts=1, new MainPID)" \
    wait_for 20 bash -c "[ \"\$(systemctl show -P NRestarts led-cuse)\" = 1 ] &&
        [ \"\$(systemctl is-active led-cuse)\" = active ] && [ \"\$(systemctl show -P MainPID led-cuse)\" != $PID ]"
check "kill -9: /dev/led is back" wait_for 10 test -c /dev/led
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
    wait_for 30 bash -c "[ \"\$(systemctl show -P NRestarts led-cuse)\" = 1 ] &&
        [ \"\$(systemctl is-active led-cuse)\" = active ] && [ \"\$(systemctl show -P MainPID led-cuse)\" != $PID ]"
check "watchdog: the journal says so" \
    bash -c "journalctl -b --no-pager -u led-cuse | grep -q 'Watchdog timeout'"
check "watchdog: /dev/led is back with the LED on" \
    wait_for 10 bash -c 'test -c /dev/led && [ "$(cat /dev/led)" = 1 ]'
rm -f /run/systemd/system/led-cuse.service.d/50-test-watchdog.conf
systemctl daemon-reload

# ---- stop ---------------------------------------------------------------------------
systemctl reset-failed led-cuse 2>/dev/null
check "systemctl stop led-cuse" systemctl stop led-cuse
check "stop: /dev/led is gone" wait_for 5 bash -c '! test -e /dev/led'
check "stop: /dev/leds/led is gone" wait_for 5 bash -c '! test -e /dev/leds/led'
check "stop: dev-led.device is inactive" wait_for 5 bash -c '[ "$(systemctl is-active dev-led.device)" = inactive ]'
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

# ---- two instances ----------------------------------------------------------------
printf '[led]\nled = %s:5\n' "$LED_SIM_LABEL" >"$CONF/a.conf"
printf '[led]\nled = %s:6\n' "$LED_SIM_LABEL" >"$CONF/b.conf"
check "systemctl start led-cuse@a led-cuse@b" systemctl start led-cuse@a led-cuse@b
check "led-cuse@a and led-cuse@b are active" \
    is "$(systemctl is-active led-cuse@a led-cuse@b | tr '\n' ' ')" "active active "
for d in a b; do
    check "/dev/$d: group led, mode 0660, /dev/leds/$d (marker rule)" \
        wait_for 60 bash -c "[ \"\$(stat -c '%G %a' /dev/$d)\" = 'led 660' ] && [ \"\$(readlink -f /dev/leds/$d)\" = /dev/$d ]"
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

if [ "${LED_SYS_SHELL:-0}" = 1 ]; then
    echo "1..$N"
    exit "$FAILED"
fi
finish
