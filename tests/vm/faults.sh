#!/bin/bash
# led-cuse fault cases: runs INSIDE the test VM (tests/vm/led-vm --script
# tests/vm/faults.sh), against the real kernel's CUSE and the gpio-sim chip.
# Output is TAP (plan last). Figures (fd counts, RSS in KiB, rates) are
# printed as TAP comments. Cases:
#   - clients killed with SIGKILL while blocked in LED_CUSE_IOC_WAIT_EVENT
#     or in poll(): they die, the daemon keeps answering, no fd/RSS growth;
#   - 10 000 open/close cycles: the daemon's fd count and RSS stay flat;
#   - the button bouncing at thousands of edges per second (gpio-sim pull
#     written in a tight loop, daemon at --debounce=0): a concurrent
#     `ledctl get` loop is still served, each get within FAULTS_GET_RATIO
#     times the slowest of 5 gets just before the storm (the floor, measured
#     in the same run: no absolute time under emulation), RSS does not grow.
# Knobs: FAULTS_KILLS (10), FAULTS_CYCLES (10000), FAULTS_BOUNCE_SECONDS (5),
# FAULTS_RSS_SLACK_KB (128), FAULTS_GET_RATIO (10). SUITE_ONLY="bounce"
# runs only those groups (killed_clients open_close bounce).
VMDIR=${LED_VM_DIR:-$(dirname "$(readlink -f "$0")")}
# shellcheck source=guest/lib/runner.sh
. "$VMDIR/guest/lib/runner.sh" faults

# An AddressSanitizer build (scripts/run-hardening, vm-asan) keeps freed
# memory in quarantine, so its RSS grows without a leak: the RSS checks are
# skipped there (LeakSanitizer checks for leaks at exit instead), and the
# time bound is tripled.
ASAN=0
if ldd "$DAEMON" 2>/dev/null | grep -q libasan; then ASAN=1; fi

KILLS=${FAULTS_KILLS:-10}
CYCLES=${FAULTS_CYCLES:-10000}
BOUNCE_SECONDS=${FAULTS_BOUNCE_SECONDS:-5}
SLACK=${FAULTS_RSS_SLACK_KB:-128}
GET_RATIO=${FAULTS_GET_RATIO:-$((ASAN ? 30 : 10))}
DLOG=$LOGDIR/daemon-faults.log

# rss_flat BEFORE AFTER
rss_flat() {
    if [ "$ASAN" = 1 ]; then
        skip "RSS flat ($1 -> $2 KiB)" "ASan quarantine; leaks are LeakSanitizer's"
    elif [ "$2" -le $(($1 + SLACK)) ]; then ok "RSS flat ($1 -> $2 KiB, slack $SLACK)"
    else not_ok "RSS flat" "RSS $1 -> $2 KiB (slack $SLACK)"; fi
}
begin() {   # GROUP DAEMON-ARGS...
    GROUP=$1
    shift
    stop_daemon
    press-button release 2>/dev/null
    if start_daemon "$@"; then ok "daemon started ($*)"; else not_ok "daemon started ($*)"; return 1; fi
}

fds() { ls "/proc/$DPID/fd" 2>/dev/null | wc -l; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$DPID/status"; }
answers() { timeout 5 "$LEDCTL" get >/dev/null; }

# A client blocked in the wait ioctl / in poll() without a time limit, on a
# read-only open, started with & (exec: the background job's pid is the
# client's, not a subshell's).
blocked_wait() { exec "$IT" -r wait 0; }
blocked_poll() { exec "$IT" -r poll 0; }

# kill_blocked KIND: start a blocked client, make sure it is asleep in the
# kernel with its request held by the daemon, SIGKILL it and check that it
# is reaped within 5 s.
kill_blocked() {
    local kind=$1 pid
    declare -A call=([wait]=ioctl [poll]="poll ppoll")
    "blocked_$kind" >/dev/null 2>>"$LOGDIR/faults-clients.log" &
    pid=$!
    # shellcheck disable=SC2086 # one word per system call
    wait_parked "$pid" ${call[$kind]} || { kill -9 "$pid"; wait "$pid"; return 1; }
    kill -KILL "$pid"
    reap "$pid" 50
    [ $? -ne 124 ] || { echo "client $pid still alive 5 s after SIGKILL (stuck request?)"; return 1; }
}

group_killed_clients() {
    local kind f0 r0 f1 r1 i err
    begin killed --debounce=0 -l GPIO17 -b GPIO27 || return
    # Warm up: one round of each, so lazily allocated buffers exist.
    kill_blocked wait >/dev/null; kill_blocked poll >/dev/null
    answers
    f0=$(fds) r0=$(rss)
    for kind in wait poll; do
        err=
        for i in $(seq "$KILLS"); do
            if ! out=$(kill_blocked "$kind" 2>&1); then err="round $i: $out"; break; fi
            answers || { err="round $i: the daemon did not answer ledctl get within 5 s"; break; }
        done
        if [ -z "$err" ]; then ok "$KILLS clients killed while blocked in $kind: all reaped, daemon answers"
        else not_ok "$KILLS clients killed while blocked in $kind" "$err"; fi
    done
    # The cancelled waits are gone: a real press now reaches a new waiter.
    "$LEDCTL" wait -t 8000 >"$LOGDIR/faults-wait.out" 2>&1 &
    local wpid=$!
    wait_parked "$wpid" ioctl | comment
    press-button click 20
    if reap "$wpid" 100; then ok "a new waiter gets the next press"
    else not_ok "a new waiter gets the next press" "$(cat "$LOGDIR/faults-wait.out")"; fi
    answers
    f1=$(fds) r1=$(rss)
    note "fds $f0 -> $f1, RSS $r0 -> $r1 KiB after $((2 * KILLS)) killed clients"
    if [ "$f1" -le "$f0" ]; then ok "fd count flat ($f0 -> $f1)"; else not_ok "fd count flat" "fds $f0 -> $f1"; fi
    rss_flat "$r0" "$r1"
    check "daemon still running" kill -0 "$DPID"
}

open_close() {   # COUNT
    python3 -c 'import os, sys
for _ in range(int(sys.argv[1])):
    os.close(os.open("/dev/led", os.O_RDWR))' "$1"
}

group_open_close() {
    local f0 r0 f1 r1 t0 t1
    begin openclose -l GPIO17 -b GPIO27 || return
    open_close 500
    f0=$(fds) r0=$(rss)
    t0=$(date +%s.%N)
    check "$CYCLES open/close cycles" open_close "$CYCLES"
    t1=$(date +%s.%N)
    f1=$(fds) r1=$(rss)
    note "$CYCLES cycles in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s; fds $f0 -> $f1, RSS $r0 -> $r1 KiB"
    if [ "$f1" -le "$f0" ]; then ok "fd count flat ($f0 -> $f1)"; else not_ok "fd count flat" "fds $f0 -> $f1"; fi
    rss_flat "$r0" "$r1"
    check "daemon answers afterwards" answers
}

bounce() {   # PULL SECONDS: toggle the pull as fast as possible; prints edges/s
    python3 -c 'import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY)
end = time.monotonic() + float(sys.argv[2])
n = 0
t0 = time.monotonic()
while time.monotonic() < end:
    for _ in range(50):
        os.pwrite(fd, b"pull-down", 0)
        os.pwrite(fd, b"pull-up", 0)
    n += 100
print(int(n / (time.monotonic() - t0)))' "$1" "$2"
}

# timed_get: one ledctl get; prints how long it took in ms, fails if it did.
timed_get() {
    local t0=$EPOCHREALTIME
    timeout 10 "$LEDCTL" get >/dev/null 2>&1 || return 1
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }'
}

group_bounce() {
    local pull r0 r1 p0 p1 rate gets=0 slow=0 worst=0 floor=0 bound ms bpid
    begin bounce --debounce=0 -l GPIO17 -b GPIO27 || return
    pull=$(sim_sysdir)/sim_gpio$LED_SIM_BUTTON/pull
    for _ in 1 2 3 4 5; do
        ms=$(timed_get) || { not_ok "the daemon answers before the storm"; return; }
        [ "$ms" -le "$floor" ] || floor=$ms
    done
    bound=$((GET_RATIO * floor))
    r0=$(rss)
    p0=$(presses)
    # A waiter and a poller stay parked through the storm.
    timeout $((BOUNCE_SECONDS + 20)) "$LEDCTL" wait -n 1000000 >/dev/null 2>&1 &
    local waiter=$!
    bounce "$pull" "$BOUNCE_SECONDS" >"$LOGDIR/faults-bounce.out" 2>&1 &
    bpid=$!
    while kill -0 "$bpid" 2>/dev/null; do
        if ms=$(timed_get); then
            gets=$((gets + 1))
            [ "$ms" -le "$worst" ] || worst=$ms
            [ "$ms" -le "$bound" ] || slow=$((slow + 1))
        else
            slow=$((slow + 1))
        fi
    done
    wait "$bpid"
    rate=$(cat "$LOGDIR/faults-bounce.out")
    press-button release
    wait_for '[ "$(presses)" -gt "$p0" ]'
    p1=$(presses)
    r1=$(rss)
    kill "$waiter" 2>/dev/null; wait "$waiter" 2>/dev/null
    note "bounce: $rate pull writes/s for ${BOUNCE_SECONDS}s, presses counted $p0 -> $p1, $gets ledctl get, worst ${worst} ms (floor $floor ms), RSS $r0 -> $r1 KiB"
    case "$rate" in
    '' | *[!0-9]*) not_ok "bouncing ran" "bouncer output: $rate" ;;
    *) if [ "$rate" -ge 1000 ]; then ok "bouncing at $rate edges/s (>= 1000)"
       else not_ok "bouncing at >= 1000 edges/s" "only $rate/s"; fi ;;
    esac
    if [ "$gets" -ge 1 ] && [ "$slow" -eq 0 ]; then
        ok "clients served during the storm: $gets gets, each within ${GET_RATIO}x the floor of $floor ms (worst $worst)"
    else
        not_ok "clients served during the storm" "$gets gets succeeded, $slow slower than $bound ms (${GET_RATIO}x $floor) or failed (worst $worst ms)"
    fi
    if [ -n "$p1" ] && [ -n "$p0" ] && [ "$p1" -gt "$p0" ]; then ok "presses were seen ($p0 -> $p1)"
    else not_ok "presses were seen" "presses $p0 -> $p1"; fi
    rss_flat "$r0" "$r1"
    check "daemon answers afterwards" answers
}

runner_run killed_clients open_close bounce
