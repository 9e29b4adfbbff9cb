# Sourced by the TAP scripts that run inside the VMs (tests/vm/suite.sh and
# its groups, tests/vm/faults.sh, tests/system/guest/system-tests.sh): the
# test points of tests/lib/tap.sh, plus waits on events with a bounded
# timeout and one daemon under test. The caller sets DAEMON (the led-cuse
# binary), LEDCTL and LOGDIR, and DLOG (the daemon's log) before
# start_daemon; GROUP, if set, prefixes every test point. A failed point
# shows the end of the daemon's log. The plan comes last (tap_done).
#
# Nothing here sleeps for a fixed time to let something happen: wait_for
# polls a condition until a deadline, wait_parked waits until a client is
# asleep in the kernel and the daemon has taken its request.

# tests/lib/tap.sh, three directories up in the source tree (which led-vm's
# guest sees); a VM that stages this directory elsewhere (system-vm) stages
# that file too and names it in TAP_CORE.
# shellcheck source=../../../lib/tap.sh
. "${TAP_CORE:-$(dirname "${BASH_SOURCE[0]}")/../../../lib/tap.sh}"
DPID= DLOG=

# Sleeping without fork+exec (slow in the emulated guest): read -t on a pipe.
exec {TAP_SLEEPFD}<> <(:)
msleep() { read -r -t "$1" -u "$TAP_SLEEPFD" || true; }   # msleep SECONDS

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
note() { echo "# [$GROUP] $*"; }

daemon_log_tail() {
    [ -n "$DLOG" ] && [ -f "$DLOG" ] || return 0
    echo "daemon log ($DLOG), last 25 lines:"
    tail -n 25 "$DLOG"
}

tap_failure_details() { daemon_log_tail; }

# wait_for CMD [TENTHS]: until the shell command CMD succeeds, at most
# TENTHS tenths of a second (default 50). Fails on the deadline.
wait_for() {
    local cmd=$1 tries=${2:-50}
    while :; do
        eval "$cmd" >/dev/null 2>&1 && return 0
        [ "$tries" -gt 0 ] || return 1
        msleep 0.1
        tries=$((tries - 1))
    done
}

# reap PID [TENTHS]: wait (bounded, default 15 s) for a background child to
# exit and return its status; on the deadline it is killed and 124 returned.
reap() {
    local pid=$1
    if ! wait_for "! kill -0 $pid" "${2:-150}"; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        return 124
    fi
    wait "$pid"
}

# System call numbers, for asleep_in (they differ between architectures).
declare -A TAP_SYSCALLS
case "$(uname -m)" in
x86_64) TAP_SYSCALLS=([read]=0 [poll]=7 [ioctl]=16 [ppoll]=271) ;;
aarch64) TAP_SYSCALLS=([read]=63 [ioctl]=29 [ppoll]=73) ;;
esac

# asleep_in PID CALL...: PID sleeps (state S) inside one of these system calls.
asleep_in() {
    local pid=$1 stat nr c
    shift
    read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
    stat=${stat##*) }
    [ "${stat%% *}" = S ] || return 1
    read -r nr _ 2>/dev/null <"/proc/$pid/syscall" || return 1
    for c in "$@"; do
        [ "$nr" = "${TAP_SYSCALLS[$c]:-none}" ] && return 0
    done
    return 1
}

# wait_parked PID CALL...: PID is asleep in CALL on /dev/led and the daemon
# holds its request. The kernel queues FUSE requests in order, so once a
# later round trip (ledctl get) is answered the daemon has read PID's
# request too (and parked it, for a wait or a poll).
wait_parked() {
    local pid=$1
    shift
    wait_for "asleep_in $pid $*" 100 || { echo "$pid is not asleep in $*"; return 1; }
    timeout 10 "$LEDCTL" get >/dev/null 2>&1 || { echo "the daemon did not answer ledctl get"; return 1; }
    asleep_in "$pid" "$@" || { echo "$pid returned from $* before an event"; return 1; }
}

# The daemon's button press count (ledctl info).
presses() { timeout 5 "$LEDCTL" info 2>/dev/null | awk '/^presses:/ { print $2 }'; }

# start_daemon ARGS...: starts $DAEMON (log: $DLOG) and waits for /dev/led.
start_daemon() {
    echo "=== $(date +%T) led-cuse $*" >>"$DLOG"
    "$DAEMON" "$@" >>"$DLOG" 2>&1 &
    DPID=$!
    wait_for "[ -c /dev/led ] || ! kill -0 $DPID" 100 && [ -c /dev/led ]
}

# stop_daemon: SIGTERM, at most 5 s to exit (a failed point otherwise);
# returns the daemon's exit status once /dev/led is gone.
stop_daemon() {
    local rc
    [ -n "$DPID" ] || return 0
    kill -TERM "$DPID" 2>/dev/null
    reap "$DPID" 50
    rc=$?
    [ "$rc" -ne 124 ] || not_ok "daemon exits within 5 s of SIGTERM" "still running; killed it"
    DPID=
    wait_for '[ ! -e /dev/led ]' 30
    return $rc
}
