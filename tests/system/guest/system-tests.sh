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

if [ -c /dev/ttyS1 ] && [ "${LED_SYS_SHELL:-0}" != 1 ]; then
    stty -F /dev/ttyS1 raw -echo 2>/dev/null
    exec </dev/null >/dev/ttyS1 2>&1
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

dump_unit() {   # UNIT: diagnostics after a failure
    systemctl status --no-pager -l "$1" 2>&1 | sed 's/^/# /'
    journalctl -b --no-pager -u "$1" -n 30 2>&1 | sed 's/^/# /'
}

echo "# led-cuse system tests: kernel $(uname -r), $(systemctl --version | head -1)"

# ---- setup --------------------------------------------------------------------
systemd-sysusers >"$LOG/sysusers.log" 2>&1
udevadm control --reload
check "systemd-sysusers created the led group (sysusers.d/led-cuse.conf)" getent group led
check "modules-load.d/led-cuse.conf loaded cuse at boot" \
    bash -c 'test -d /sys/module/cuse && journalctl -b -t systemd-modules-load --no-pager | grep -q "Inserted module .cuse."'
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
exposure=$(systemd-analyze security --no-pager led-cuse.service 2>&1 | sed -n 's/.*Overall exposure level for led-cuse.service: \([0-9.]*\).*/\1/p')
diag "systemd-analyze security led-cuse.service (live): ${exposure:-?}"
check "systemd-analyze security rates the running unit at most 1.0" \
    awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 1.0) }'

# ---- crash: kill -9 -----------------------------------------------------------
# A kill -9 loses at most the last state-save interval (README): wait for the save.
check "the state file holds the LED state within the save interval" \
    wait_for 20 grep -qx on /var/lib/led-cuse/led
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

# ---- GPIO lines that cannot exist, and chips that come late (issue 9 item 10) ---------
printf '[led]\nled = NOPE\n' >"$CONF/typo.conf"
systemctl start led-cuse@typo 2>/dev/null
check "a line that cannot exist: exit 78, not restarted" \
    is "$(prop led-cuse@typo ExecMainStatus) $(prop led-cuse@typo Result) $(prop led-cuse@typo NRestarts)" "78 exit-code 0"
check "... the journal names the line" \
    bash -c 'journalctl -b --no-pager -u led-cuse@typo -o cat | grep -qF "no line named '\''NOPE'\''"'
systemctl reset-failed led-cuse@typo

printf '[led]\nled = late-sim:5\nwait-for-gpio = 300\n' >"$CONF/late.conf"
systemctl start --no-block led-cuse@late
check "a chip not there yet: the unit waits (activating) and STATUS= says for what" \
    wait_for 30 bash -c '[ "$(systemctl is-active led-cuse@late)" = activating ] &&
        systemctl show -P StatusText led-cuse@late | grep -q "Waiting up to 300 s for GPIO: LED: no GPIO chip with label .late-sim."'
LED_SIM_CFG=/sys/kernel/config/gpio-sim/late LED_SIM_LABEL=late-sim LED_SIM_LED=5 LED_SIM_BUTTON=6 \
    gpio-sim-setup >"$LOG/gpio-sim-late.log" 2>&1
check "the chip appears: the unit becomes active and serves /dev/late" \
    wait_for 60 bash -c '[ "$(systemctl is-active led-cuse@late)" = active ] && test -c /dev/late'
check "... without a restart" is "$(prop led-cuse@late NRestarts)" 0
systemctl stop led-cuse@late
c=/sys/kernel/config/gpio-sim/late
echo 0 >"$c/live" && rmdir "$c"/bank0/line* "$c/bank0" "$c"

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

if [ "${LED_SYS_SHELL:-0}" = 1 ]; then
    echo "1..$N"
    exit "$FAILED"
fi
finish
