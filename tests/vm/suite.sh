#!/bin/bash
# led-cuse integration suite: runs INSIDE the test VM (tests/vm/led-vm
# --script tests/vm/suite.sh), against the real kernel's CUSE and a gpio-sim
# chip (LED = line 17 "GPIO17", button = line 27 "GPIO27").
# Output is TAP; the plan comes last. Each group starts its own daemon from
# $LED_CUSE_BUILD with its log in $LED_VM_LOGDIR/daemon-<group>.log; a failing
# case prints the end of that log as TAP comments.
# SUITE_ONLY="text button" runs only those groups.
set -u

B=${LED_CUSE_BUILD:?LED_CUSE_BUILD is not set (run me through tests/vm/led-vm --build DIR)}
DAEMON=$B/cuse-daemon/led-cuse
LEDCTL=$B/tools/ledctl
IT=$B/tests/vm/ioctl-test
LOGDIR=${LED_VM_LOGDIR:-/tmp/led-suite-logs}
mkdir -p "$LOGDIR"
VMDIR=${LED_VM_DIR:-$(dirname "$(readlink -f "$0")")}
# shellcheck source=guest/lib/sim.sh
. "$VMDIR/guest/lib/sim.sh"
export PATH=$VMDIR/guest/bin:$PATH
TMP=$(mktemp -d /tmp/suite.XXXXXX)
# shellcheck source=guest/lib/tap.sh
. "$VMDIR/guest/lib/tap.sh"
SUITE_START=$(now)

begin_group() {   # NAME DAEMON-ARGS...
    GROUP=$1
    DLOG=$LOGDIR/daemon-$1.log
    shift
    GROUP_START=$(now)
    echo "# --- group $GROUP: led-cuse $*"
    [ "$(gpio-sim-live)" = 1 ] || gpio-sim-live 1
    if start_daemon "$@"; then
        ok "daemon starts and creates /dev/led ($*)"
        return 0
    fi
    not_ok "daemon starts and creates /dev/led ($*)" "no /dev/led after 10 s"
    stop_daemon
    return 1
}

end_group() {
    if [ -n "$DPID" ]; then
        if kill -0 "$DPID" 2>/dev/null; then
            ok "daemon still alive at the end of the group"
        else
            not_ok "daemon still alive at the end of the group"
        fi
        stop_daemon
    fi
    echo "# --- group $GROUP took $(elapsed "$GROUP_START") s"
}

want_group() { [ -z "${SUITE_ONLY:-}" ] || [[ " $SUITE_ONLY " == *" $1 "* ]]; }

level() { sim_level; }
devstate() { timeout 5 cat /dev/led 2>/dev/null | tr -d '\n' || true; }
level_path() { echo "$(sim_sysdir)/sim_gpio$LED_SIM_LED/value"; }

# Runs ioctl-test and turns each of its ok/not ok lines into a case.
run_ioctl_test() {
    local line out rc
    out=$(LED_LEVEL_PATH=$(level_path) timeout 60 "$IT" "$@" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        "ok - "*) ok "ioctl-test: ${line#ok - }" ;;
        "not ok - "*) not_ok "ioctl-test: ${line#not ok - }" ;;
        "") ;;
        *) echo "# ioctl-test: $line" ;;
        esac
    done <<<"$out"
    [ $rc -ne 124 ] || not_ok "ioctl-test $* finished within 60 s"
}

# ---------------------------------------------------------------------------
group_text() {
    begin_group text -l GPIO17 -b GPIO27 || return
    check "/dev/led is a character device" test -c /dev/led
    expect_eq "sim LED line starts low (--initial defaults to off)" 0 "$(level)"

    echo 1 >/dev/led
    expect_eq "echo 1 > /dev/led drives the sim line high" 1 "$(level)"
    out=$(timeout 5 cat /dev/led); rc=$?
    expect_eq "cat /dev/led prints 1 and exits" "0:1" "$rc:$out"
    expect_eq "cat /dev/led output is exactly \"1\\n\"" "310a" \
        "$(timeout 5 cat /dev/led | od -An -tx1 | tr -d ' \n')"
    # Short reads (dd bs=1, a shell's read builtin) get "1\n" whole, then EOF.
    expect_eq "dd if=/dev/led bs=1 reads \"1\\n\" whole, then EOF" "310a" \
        "$(timeout 5 dd if=/dev/led bs=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
    expect_eq "one-byte read()s on one file: 1, newline, EOF, EOF" "1 NL EOF EOF" \
        "$(timeout 5 "$IT" bytes 4 | sed 's/ *$//')"
    v=$(timeout 5 bash -c 'read -r v </dev/led; echo "$?:$v"')
    expect_eq "bash's read builtin (byte by byte) gets the whole line (exit 0)" "0:1" "$v"
    echo 0 >/dev/led
    expect_eq "echo 0 > /dev/led drives the sim line low" 0 "$(level)"
    expect_eq "cat /dev/led prints 0" 0 "$(devstate)"

    out=$(echo on | tee /dev/led); rc=$?
    expect_eq "echo on | tee /dev/led succeeds and echoes" "0:on" "$rc:$out"
    expect_eq "... and the line is high" 1 "$(level)"
    printf 0 >/dev/led; rc=$?
    expect_eq "printf 0 > /dev/led (no newline) turns it off" "0:0" "$rc:$(level)"
    echo off >/dev/led && echo toggle >/dev/led
    expect_eq "toggle from off turns it on" 1 "$(level)"
    echo toggle >/dev/led
    expect_eq "toggle again turns it off" 0 "$(level)"
    echo 255 >/dev/led
    expect_eq "brightness 255 is on" "1:1" "$(level):$(devstate)"
    echo 0 >/dev/led
    expect_eq "brightness 0 is off" "0:0" "$(level):$(devstate)"
    printf '  on  \n' >/dev/led
    expect_eq "surrounding whitespace is ignored" 1 "$(level)"
    printf '0\n1\n' >/dev/led
    expect_eq "a write of two lines applies both (ends on)" 1 "$(level)"

    echo "blink 30 30" >/dev/led
    # The line goes down and then up again (it was on when the blink began).
    if wait_for '[ "$(level)" = 0 ]' && wait_for '[ "$(level)" = 1 ]'; then
        ok "blink 30 30 makes the line go up and down"
    else
        not_ok "blink 30 30 makes the line go up and down" "the line stayed at $(level)"
    fi
    out=$(timeout 5 "$LEDCTL" get)
    expect_eq "ledctl get reports the blink" "blink 30 30" "${out#* }"
    # The write returns once the daemon has handled it: the blink is over.
    # That it stays over can only be watched: 10 samples 20 ms apart, more
    # than three blink periods (a running timer would flip the line).
    echo 0 >/dev/led
    seen=""
    for _ in $(seq 10); do seen="$seen$(level)"; msleep 0.02; done
    expect_eq "echo 0 stops the blink and the line stays low" 0000000000 "$seen"

    # ledctl
    check "ledctl on exits 0" timeout 5 "$LEDCTL" on
    expect_eq "ledctl on: line high, ledctl get 1" "1:1" "$(level):$(timeout 5 "$LEDCTL" get)"
    check "ledctl off exits 0" timeout 5 "$LEDCTL" off
    expect_eq "ledctl off: line low, ledctl get 0" "0:0" "$(level):$(timeout 5 "$LEDCTL" get)"
    out=$(timeout 5 "$LEDCTL" toggle)
    expect_eq "ledctl toggle prints the new state 1" "1:1" "$out:$(level)"
    check "ledctl blink 20 20 exits 0" timeout 5 "$LEDCTL" blink 20 20
    check "ledctl off after blink" timeout 5 "$LEDCTL" off
    out=$(timeout 5 "$LEDCTL" info)
    if grep -qx 'name: led' <<<"$out" && grep -qx 'led_chip: led-cuse-sim' <<<"$out" &&
        grep -qx 'led_offset: 17' <<<"$out" && grep -qx 'button_offset: 27' <<<"$out" &&
        grep -qx 'gpio_present: yes' <<<"$out"; then
        ok "ledctl info describes the sim chip"
    else
        not_ok "ledctl info describes the sim chip" "$out"
    fi
    out=$(timeout 5 "$LEDCTL" -d /dev/nonexistent get 2>&1); rc=$?
    if [ $rc -eq 1 ] && [[ $out == *"No such file or directory"* ]]; then
        ok "ledctl on a missing device exits 1 with strerror"
    else
        not_ok "ledctl on a missing device exits 1 with strerror" "rc=$rc: $out"
    fi
    end_group
}

# ---------------------------------------------------------------------------
group_ioctl() {
    begin_group ioctl -l GPIO17 -b GPIO27 || return
    run_ioctl_test all
    echo 1 >/dev/led
    run_ioctl_test rdonly
    expect_eq "read-only opens changed nothing (line still high)" 1 "$(level)"
    end_group
}

# ---------------------------------------------------------------------------
group_badinput() {
    begin_group badinput -l GPIO17 -b GPIO27 || return
    echo 1 >/dev/led
    printf '\0' >"$TMP/nul"
    printf '1\0' >"$TMP/one-nul"
    printf 'o\0n' >"$TMP/o-nul-n"
    : >"$TMP/empty"
    head -c 1048576 /dev/zero | tr '\0' 1 >"$TMP/huge"
    printf 'on\nbogus\n' >"$TMP/half-bad"
    local s want
    for s in hello "garbage!" $'\n' " " blink "blink 0" "blink 10 20 30 40" "blink 10 20 0" "pattern 1" "heartbeat 50" "oneshot" "blink -5" \
        "blink 3600001" toggle2 "on off" -1 1.5 0x1 "+1" "1 2" ONN; do
        out=$(timeout 5 "$IT" write "$s" 2>&1)
        expect_eq "write \"$(printf %q "$s")\" fails with EINVAL" EINVAL "$out"
    done
    for f in nul one-nul o-nul-n half-bad; do
        out=$(timeout 5 "$IT" write-file "$TMP/$f" 2>&1)
        expect_eq "write of $f ($(od -An -c "$TMP/$f" | tr -s ' ' | head -c 40)) fails with EINVAL" EINVAL "$out"
    done
    out=$(timeout 10 "$IT" write-file "$TMP/huge" 2>&1)
    if [ "$out" = EFBIG ] || [ "$out" = EINVAL ]; then ok "1 MiB write fails with EFBIG/EINVAL ($out)"
    else not_ok "1 MiB write fails with EFBIG/EINVAL" "got '$out'"; fi
    out=$(timeout 5 "$IT" write-file "$TMP/empty" 2>&1)
    # A 0-byte write() never reaches a FUSE server (the kernel returns 0).
    if [ "$out" = OK ] || [ "$out" = EINVAL ]; then ok "empty write returns 0 or EINVAL ($out)"
    else not_ok "empty write returns 0 or EINVAL" "got '$out'"; fi
    # Brightness is "any non-negative integer" (README): no overflow to reject.
    echo 0 >/dev/led
    out=$(timeout 5 "$IT" write 99999999999999999999999 2>&1)
    expect_eq "a 23-digit brightness is accepted as on" "OK:1" "$out:$(level)"
    echo 1 >/dev/led
    out=$(bash -c 'echo bogus > /dev/led' 2>&1); rc=$?
    if [ $rc -ne 0 ] && [[ $out == *"Invalid argument"* ]]; then ok "echo bogus > /dev/led fails in the shell with 'Invalid argument'"
    else not_ok "echo bogus > /dev/led fails in the shell with 'Invalid argument'" "rc=$rc: $out"; fi
    expect_eq "after all bad writes the LED is still on (line, cat)" "1:1" "$(level):$(devstate)"
    check "daemon alive after bad input" kill -0 "$DPID"
    echo 0 >/dev/led
    expect_eq "a good write still works afterwards" 0 "$(level)"
    end_group
}

# ---------------------------------------------------------------------------
group_button() {
    begin_group button -l GPIO17 -b GPIO27 || return
    echo 0 >/dev/led
    p0=$(presses)
    press-button click
    wait_for '[ "$(presses)" = $((p0 + 1)) ]'
    expect_eq "a click toggles the LED on" "1:1" "$(level):$(devstate)"
    expect_eq "presses count went up by one" "$((p0 + 1))" "$(presses)"
    press-button click
    wait_for '[ "$(presses)" = $((p0 + 2)) ]'
    expect_eq "a second click toggles it off" "0:0" "$(level):$(devstate)"

    "$LEDCTL" wait >"$TMP/wait.out" 2>&1 &
    wpid=$!
    if out=$(wait_parked $wpid ioctl); then ok "ledctl wait blocks while nothing happens"
    else not_ok "ledctl wait blocks while nothing happens" "$out" "$(cat "$TMP/wait.out")"; fi
    press-button click
    reap $wpid; rc=$?
    if [ $rc -eq 0 ] && grep -q '^seq=[0-9]* timestamp_ns=[0-9]* state=1$' "$TMP/wait.out"; then
        ok "a press wakes a blocked ledctl wait (exit 0, state=1)"
    else
        not_ok "a press wakes a blocked ledctl wait (exit 0, state=1)" "rc=$rc" "$(cat "$TMP/wait.out")"
    fi

    "$IT" wait 10000 >"$TMP/itwait.out" 2>&1 &
    wpid=$!
    wait_parked $wpid ioctl | comment
    press-button click
    reap $wpid; rc=$?
    out=$(cat "$TMP/itwait.out")
    if [ $rc -eq 0 ] && [[ $out =~ ^seq\ [0-9]+\ state\ 0\ reserved\ 0$ ]]; then
        ok "a press completes WAIT_EVENT with state 0 ($out)"
    else
        not_ok "a press completes WAIT_EVENT with state 0" "rc=$rc: $out"
    fi

    "$IT" poll 10000 >"$TMP/poll.out" 2>&1 &
    wpid=$!
    wait_parked $wpid poll ppoll | comment
    press-button click
    reap $wpid; rc=$?
    out=$(tail -n1 "$TMP/poll.out")
    expect_eq "a press makes a blocked poll() return POLLIN" "0:POLLIN state 1" "$rc:$out"

    "$LEDCTL" wait -n 3 >"$TMP/wait3.out" 2>&1 &
    wpid=$!
    for i in 1 2 3; do
        # Each press once ledctl waits again.
        wait_for "[ \$(grep -c '^seq=' $TMP/wait3.out) -ge $((i - 1)) ]" 100
        wait_parked $wpid ioctl | comment
        press-button click
    done
    reap $wpid; rc=$?
    expect_eq "ledctl wait -n 3 returns after three presses" "0:3" "$rc:$(grep -c '^seq=' "$TMP/wait3.out")"

    "$LEDCTL" wait >"$TMP/wint.out" 2>&1 &
    wpid=$!
    wait_parked $wpid ioctl | comment
    kill -INT $wpid
    reap $wpid; rc=$?
    expect_eq "ledctl wait interrupted by SIGINT exits 130" 130 "$rc"
    check "daemon alive after the interrupted wait" timeout 5 "$LEDCTL" get

    # Who changed it: a write by another user, then the button.
    local user wpid
    user=$(getent passwd 65534 | cut -d: -f1)
    echo 0 >/dev/led
    chmod 0666 /dev/led
    # sh's echo is a builtin: the write comes from the shell whose pid it prints.
    wpid=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'echo $$; echo 1 >/dev/led')
    out=$(timeout 5 "$LEDCTL" info)
    if grep -qx 'last_change: write' <<<"$out" && grep -qx 'last_change_uid: 65534' <<<"$out" &&
        grep -qx "last_change_user: $user" <<<"$out" && grep -qx "last_change_pid: $wpid" <<<"$out" &&
        grep -qx 'last_change_state: 1' <<<"$out" && grep -q '^last_change_time: 20[0-9-]* [0-9:.]* ' <<<"$out"; then
        ok "ledctl info: last change a write by uid 65534 ($user), pid $wpid"
    else
        not_ok "ledctl info: last change a write by uid 65534 ($user), pid $wpid" "$out"
    fi
    p0=$(presses)
    press-button click
    wait_for '[ "$(presses)" = $((p0 + 1)) ]'
    out=$(timeout 5 "$LEDCTL" info)
    if grep -qx 'last_change: button' <<<"$out" && grep -qx 'last_change_uid: -' <<<"$out" &&
        grep -qx 'last_change_pid: -' <<<"$out" && grep -qx 'last_change_state: 0' <<<"$out"; then
        ok "ledctl info: then the button, with no user"
    else
        not_ok "ledctl info: then the button, with no user" "$out"
    fi
    end_group
}

# ---------------------------------------------------------------------------
# ledctl wait: loops on EINTR, and its timeout and Ctrl-C cannot be lost.
group_waits() {
    begin_group waits -l GPIO17 -b GPIO27 || return
    local shim=$B/tests/vm/wait-race-shim.so bad=0 i rc pid out
    # An ASan-built ledctl (run-hardening's vm-asan) refuses a preload ahead
    # of its runtime unless told the order does not matter.
    local preload_env="LD_PRELOAD=$shim ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

    # Many short timeouts: every one must end (124), none may hang. (The
    # race window itself is hit on purpose below, with the shim.)
    for i in $(seq 20); do
        timeout -s KILL 30 "$LEDCTL" wait -t $((i % 7 + 1)) >/dev/null 2>&1; rc=$?
        [ $rc -eq 124 ] || { bad=$((bad + 1)); echo "# ledctl wait -t $((i % 7 + 1)): rc $rc"; }
    done
    expect_eq "20 x ledctl wait -t 1..7: each times out with 124, none hangs" 0 "$bad"

    # The alarm lands between ledctl's last check and the blocking ioctl
    # (the shim sleeps 1 s there): the timeout must still end the wait.
    out=$(env $preload_env LED_RACE_DELAY_MS=1000 timeout -s KILL 30 "$LEDCTL" wait -t 100 2>&1); rc=$?
    if [ $rc -eq 124 ] && [[ $out == *"timed out after 100 ms"* ]]; then
        ok "wait -t 100 with the alarm in the race window still times out (124)"
    else
        not_ok "wait -t 100 with the alarm in the race window still times out (124)" "rc=$rc (137: hung, killed)" "$out"
    fi

    # Same for Ctrl-C: SIGINT while ledctl is between its check and the ioctl.
    env $preload_env LED_RACE_DELAY_MS=2000 "$LEDCTL" wait >"$TMP/race-int.out" 2>&1 &
    pid=$!
    wait_for "grep -q 'shim: waiting' $TMP/race-int.out" 100
    kill -INT $pid
    if wait_for "! kill -0 $pid" 150; then
        wait $pid; rc=$?
        expect_eq "SIGINT in the race window: ledctl wait exits 130" 130 "$rc"
    else
        not_ok "SIGINT in the race window: ledctl wait exits 130" "still waiting 15 s after SIGINT" "$(cat "$TMP/race-int.out")"
        kill -KILL $pid; wait $pid 2>/dev/null
    fi

    # Stop and continue interrupt the ioctl with EINTR; ledctl waits on.
    "$LEDCTL" wait >"$TMP/stopcont.out" 2>&1 &
    pid=$!
    wait_parked $pid ioctl | comment
    kill -STOP $pid; msleep 0.3; kill -CONT $pid; msleep 0.5
    if kill -0 $pid 2>/dev/null; then ok "ledctl wait survives SIGSTOP + SIGCONT (EINTR, waits again)"
    else not_ok "ledctl wait survives SIGSTOP + SIGCONT" "$(cat "$TMP/stopcont.out")"; fi
    wait_parked $pid ioctl | comment
    press-button click
    if wait_for "! kill -0 $pid" 100; then
        wait $pid; rc=$?
        if [ $rc -eq 0 ] && grep -q '^seq=' "$TMP/stopcont.out"; then ok "... and then gets the press (exit 0)"
        else not_ok "... and then gets the press (exit 0)" "rc=$rc" "$(cat "$TMP/stopcont.out")"; fi
    else
        not_ok "... and then gets the press (exit 0)" "still waiting after the press"
        kill -KILL $pid; wait $pid 2>/dev/null
    fi
    end_group
}

# ---------------------------------------------------------------------------
# The state file: coalesced saves, saved at exit, never trusted blindly.
group_statefile() {
    local sd=$TMP/state sf ino n out
    sf=$sd/led
    mkdir -p "$sd"
    rm -rf "${sd:?}"/*

    # A FIFO where the state file should be must not hang the start.
    mkfifo "$sf"
    begin_group statefile -l GPIO17 -b GPIO27 --initial=on --state-file="$sf" || { rm -f "$sf"; return; }
    expect_eq "a FIFO as state file: started with --initial=on" 1 "$(level)"
    check "... and the log says why the saved state was ignored" grep -q "ignoring the saved state in $sf" "$DLOG"
    stop_daemon
    rm -f "$sf"
    printf 'blink 100' >"$sf"   # cut short (from "blink 100 900\n")
    if start_daemon -l GPIO17 -b GPIO27 --state-file="$sf"; then
        expect_eq "a truncated state file is ignored: --initial (off), not blinking" "0:0" \
            "$(level):$(timeout 5 "$LEDCTL" get | grep -c blinking)"
    else
        not_ok "a truncated state file is ignored" "no /dev/led"
    fi
    stop_daemon
    rm -f "$sf"

    # 40 changes within the interval: no save but the first until the exit.
    if ! start_daemon -l GPIO17 -b GPIO27 --state-file="$sf" --state-save-interval=3600; then
        not_ok "daemon starts with --state-save-interval=3600"
        return
    fi
    wait_for "[ -s $sf ]" 50
    expect_eq "the first state is saved at start" off "$(cat "$sf")"
    ino=$(stat -c %i "$sf")
    for _ in $(seq 40); do echo toggle >/dev/led; done
    echo 1 >/dev/led
    msleep 0.5
    expect_eq "40 toggles within the interval: the file was not rewritten (same inode, still off)" \
        "$ino:off" "$(stat -c %i "$sf"):$(cat "$sf")"
    stop_daemon
    expect_eq "SIGTERM saves the pending state" on "$(cat "$sf")"
    n=$(find "$sd" -mindepth 1 | wc -l)
    expect_eq "no temporary files are left" 1 "$n"
    if start_daemon -l GPIO17 -b GPIO27 --state-file="$sf" --state-save-interval=1; then
        expect_eq "restarted: the saved state is restored" 1 "$(level)"
        echo "blink 200 300" >/dev/led
        if wait_for "grep -qx 'blink 200 300' $sf" 100; then ok "a change is saved by the timer within the interval (1 s)"
        else not_ok "a change is saved by the timer within the interval (1 s)" "file: $(cat "$sf")"; fi
    else
        not_ok "restarted with the saved state"
    fi
    stop_daemon
    rm -rf "${sd:?}"/*
    end_group
}

# ---------------------------------------------------------------------------
group_debounce() {
    begin_group debounce -l GPIO17 -b GPIO27 --debounce=50 || return
    echo 0 >/dev/led
    p0=$(presses)
    local pull
    pull="$(sim_sysdir)/sim_gpio$LED_SIM_BUTTON/pull"
    # A bouncy press: 4 falling edges within a few ms, then held down.
    # Extra presses from the bounces would be counted before or with the
    # debounced one; the next clean press proves none came later.
    for _ in 1 2 3; do echo pull-down >"$pull"; echo pull-up >"$pull"; done
    echo pull-down >"$pull"
    wait_for '[ "$(presses)" -gt "$p0" ]'
    expect_eq "--debounce=50: a bouncy press counts once" "$((p0 + 1))" "$(presses)"
    expect_eq "... and toggles the LED once" 1 "$(level)"
    # ... and a bouncy release. A release is seen only by the debouncer,
    # which needs the line steady for 50 ms: shorter, and it would merge
    # with the next press (a time the stimulus takes, not a wait).
    for _ in 1 2 3; do echo pull-up >"$pull"; echo pull-down >"$pull"; done
    echo pull-up >"$pull"
    msleep 0.1
    press-button click 150
    wait_for '[ "$(presses)" -gt $((p0 + 1)) ]'
    expect_eq "a clean 150 ms press counts once more" "$((p0 + 2))" "$(presses)"
    # Presses shorter than the debounce period are filtered out: of a
    # glitch and a clean press right after it, only the press counts.
    local t0=$EPOCHREALTIME t1
    echo pull-down >"$pull"; echo pull-up >"$pull"
    t1=$EPOCHREALTIME
    press-button click 150
    wait_for '[ "$(presses)" -gt $((p0 + 2)) ]'
    expect_eq "a glitch of $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }') ms is ignored" \
        "$((p0 + 3))" "$(presses)"
    end_group
}

# ---------------------------------------------------------------------------
group_activelow() {
    begin_group activelow -l GPIO17 --active-low --initial=on || return
    expect_eq "--active-low --initial=on: line low, cat 1" "0:1" "$(level):$(devstate)"
    echo 0 >/dev/led
    expect_eq "--active-low: echo 0 drives the line high" "1:0" "$(level):$(devstate)"
    echo 1 >/dev/led
    expect_eq "--active-low: echo 1 drives the line low" "0:1" "$(level):$(devstate)"
    out=$(timeout 5 "$LEDCTL" info)
    if grep -qx 'active_low: yes' <<<"$out" && grep -qx 'button: no' <<<"$out"; then
        ok "ledctl info: active_low yes, no button"
    else not_ok "ledctl info: active_low yes, no button" "$out"; fi
    out=$(timeout 5 "$IT" try wait)
    expect_eq "WAIT_EVENT without a button fails with EOPNOTSUPP (led.h)" EOPNOTSUPP "$out"
    end_group
}

# ---------------------------------------------------------------------------
group_concurrency() {
    begin_group concurrency -l GPIO17 -b GPIO27 || return
    local pids=() i start bad=0 multi=0 f n p0
    mkdir -p "$TMP/conc"
    rm -f "$TMP"/conc/*
    start=$(now)
    # 8 ioctl stressers, 8 shell writers, 8 cat readers, 8 ledctl users and
    # a button presser, all at once (33 processes).
    for i in $(seq 8); do
        ("$IT" stress 40 >"$TMP/conc/stress$i" 2>&1; echo $? >"$TMP/conc/stress$i.rc") &
        pids+=($!)
        (rc=0
         for j in $(seq 30); do
             case $((j % 3)) in 0) c=toggle ;; 1) c=1 ;; 2) c=off ;; esac
             echo $c >/dev/led || { rc=1; echo "write $c failed"; }
         done
         echo $rc >"$TMP/conc/writer$i.rc") >"$TMP/conc/writer$i" 2>&1 &
        pids+=($!)
        (rc=0
         for j in $(seq 8); do
             v=$(cat /dev/led) || { rc=1; echo "cat failed"; }
             # Under concurrent changes cat may see more than one state
             # (each change is readable once more): every line must be a state.
             [ -n "$v" ] || { rc=1; echo "cat read nothing"; }
             while IFS= read -r l; do
                 [ "$l" = 0 ] || [ "$l" = 1 ] || { rc=1; echo "cat read '$v'"; }
             done <<<"$v"
             [ "${#v}" -eq 1 ] || echo "multi $(printf %s "$v" | tr '\n' ,)" >>"$TMP/conc/multiline"
         done
         echo $rc >"$TMP/conc/reader$i.rc") >"$TMP/conc/reader$i" 2>&1 &
        pids+=($!)
        (rc=0
         for j in $(seq 3); do
             for c in toggle get info; do
                 "$LEDCTL" $c >/dev/null || { rc=1; echo "ledctl $c failed"; }
             done
         done
         echo $rc >"$TMP/conc/ledctl$i.rc") >"$TMP/conc/ledctl$i" 2>&1 &
        pids+=($!)
    done
    p0=$(presses)
    # (Presses and releases of 20 ms, longer than the 10 ms debounce: 10 presses.)
    (for j in $(seq 10); do press-button click 20; done; echo 0 >"$TMP/conc/button.rc") \
        >"$TMP/conc/button" 2>&1 &
    pids+=($!)
    # Watchdog: nothing may hang.
    (sleep 180; echo "# concurrency watchdog fired" >&2; kill "${pids[@]}" 2>/dev/null) </dev/null >/dev/null 2>&1 &
    local wd=$!
    for p in "${pids[@]}"; do wait "$p"; done
    kill $wd 2>/dev/null; wait $wd 2>/dev/null
    echo "# ${#pids[@]} concurrent clients finished in $(elapsed "$start") s"
    for f in "$TMP"/conc/*.rc; do
        [ "$(cat "$f")" = 0 ] || { bad=$((bad + 1)); echo "# ${f##*/}: rc $(cat "$f"): $(head -c 300 "${f%.rc}" | tr '\n' ' ')"; }
    done
    n=$(ls "$TMP"/conc/*.rc | wc -l)
    expect_eq "${#pids[@]} concurrent clients (writers, readers, ioctl stress, ledctl, button) all succeed" \
        "0 of ${#pids[@]}" "$bad of $n"
    # Not a test point: a cat that overlaps changes reads each of them (the
    # readers above already failed on any line that is not a whole state).
    [ -f "$TMP/conc/multiline" ] && multi=$(wc -l <"$TMP/conc/multiline")
    echo "# $multi of 64 cats overlapped a change and printed more than one state"
    # The last presses may still be on their way through the debounce.
    wait_for '[ "$(presses)" -ge $((p0 + 10)) ]' || echo "# presses $p0 -> $(presses), not +10"
    l=$(level) c=$(devstate) g=$(timeout 5 "$IT" get) lc=$(timeout 5 "$LEDCTL" get)
    if [ "$l" = "$c" ] && [ "$c" = "$g" ] && [ "$g" = "$lc" ] && [[ $l == [01] ]]; then
        ok "afterwards sim line, cat, GET_STATE and ledctl get agree ($l)"
    else
        not_ok "afterwards sim line, cat, GET_STATE and ledctl get agree" "line=$l cat=$c ioctl=$g ledctl=$lc"
    fi
    echo toggle >/dev/led
    expect_eq "... and a toggle still flips the line" "$((1 - l))" "$(level)"
    end_group
}

# ---------------------------------------------------------------------------
group_lifecycle() {
    begin_group lifecycle -l GPIO17 -b GPIO27 || return
    local chip
    chip=$(sim_chip)
    out=$(timeout 5 gpioset -c "$chip" -t0 17=1 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ]; then ok "the LED line is held while the daemon runs (gpioset fails: busy)"
    else not_ok "the LED line is held while the daemon runs (gpioset fails: busy)" "rc=$rc $out"; fi

    # A second daemon with the same name: clean failure, no hang, first one unharmed.
    out=$(timeout 15 "$DAEMON" -n led -l "$LED_SIM_LABEL:5" 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $rc -lt 128 ]; then
        ok "a second daemon named led fails cleanly (exit $rc)"
    else
        not_ok "a second daemon named led fails cleanly (exit non-zero, no hang)" "rc=$rc" "$out"
    fi
    echo "$out" | comment
    echo 1 >/dev/led
    expect_eq "the first daemon still serves /dev/led" "1:1" "$(level):$(devstate)"
    out=$(timeout 15 "$DAEMON" -n led2 -l GPIO17 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $rc -lt 128 ] && [ ! -e /dev/led2 ]; then
        ok "a second daemon on the busy LED line fails cleanly (exit $rc)"
    else
        not_ok "a second daemon on the busy LED line fails cleanly" "rc=$rc" "$out"
    fi
    echo "$out" | comment

    kill -TERM "$DPID"
    wait_for "! kill -0 $DPID" 50
    wait "$DPID"; rc=$?
    DPID=
    expect_eq "SIGTERM: the daemon exits with status 0" 0 "$rc"
    check "SIGTERM removes /dev/led" wait_for '[ ! -e /dev/led ]' 30
    out=$(timeout 5 gpioset -c "$chip" -t0 17=1 2>&1); rc=$?
    expect_eq "after SIGTERM the LED line can be requested (gpioset)" "0" "$rc${out:+: $out}"
    out=$(timeout 5 gpioget -c "$chip" 27 2>&1); rc=$?
    expect_eq "after SIGTERM the button line can be requested (gpioget)" "0" "$rc"

    out=$(timeout 15 "$DAEMON" -l NOPE 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [[ $out == *NOPE* ]] && [ ! -e /dev/led ]; then
        ok "-l NOPE fails (exit $rc) naming the line"
    else
        not_ok "-l NOPE fails (exit non-zero) naming the line" "rc=$rc" "$out"
    fi
    echo "$out" | comment
    out=$(timeout 15 "$DAEMON" -l GPIO17 -b NOPE2 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [[ $out == *NOPE2* ]] && [ ! -e /dev/led ]; then
        ok "-b NOPE2 fails (exit $rc) naming the line"
    else
        not_ok "-b NOPE2 fails (exit non-zero) naming the line" "rc=$rc" "$out"
    fi
    out=$(timeout 15 "$DAEMON" -l "$LED_SIM_LABEL:99" 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ]; then ok "an offset past the chip's lines fails (exit $rc)"
    else not_ok "an offset past the chip's lines fails" "rc=$rc" "$out"; fi
    out=$(timeout 15 "$DAEMON" -l GPIO17 --bogus-option 2>&1); rc=$?
    expect_eq "an unknown option exits 64 (EX_USAGE)" 64 "$rc"

    # SIGINT behaves like SIGTERM; the chip's label also names the LED line.
    if start_daemon -l "$LED_SIM_LABEL:17"; then
        ok "the LED found as LABEL:OFFSET ($LED_SIM_LABEL:17)"
        echo 1 >/dev/led
        expect_eq "... drives line 17" 1 "$(level)"
        kill -INT "$DPID"
        wait_for "! kill -0 $DPID" 50
        wait "$DPID"; rc=$?
        DPID=
        expect_eq "SIGINT: exit 0 and /dev/led removed" "0:no" "$rc:$([ -e /dev/led ] && echo yes || echo no)"
    else
        not_ok "the LED found as LABEL:OFFSET ($LED_SIM_LABEL:17)"
        stop_daemon
    fi
    end_group
}

# ---------------------------------------------------------------------------
group_hotplug() {
    begin_group hotplug -l GPIO17 -b GPIO27 || return
    local t0 op out
    echo 1 >/dev/led
    expect_eq "LED on before the unplug" 1 "$(level)"
    "$IT" wait 6000 >"$TMP/hp-wait.out" 2>&1 &
    wpid=$!
    wait_parked $wpid ioctl | comment
    t0=$(now)
    gpio-sim-live 0
    # Nothing touches the LED here: the daemon must notice the unplug itself.
    wait $wpid
    expect_eq "a parked WAIT_EVENT fails with ENODEV at the unplug (not after its 6 s timeout)" \
        ENODEV "$(cat "$TMP/hp-wait.out")"
    echo "# parked wait returned $(elapsed "$t0") s after the unplug"
    for op in get read info set toggle write wait; do
        out=$(timeout 10 "$IT" try $op 2>&1)
        if [ $op = info ]; then
            expect_eq "unplugged: GET_INFO still works" OK "$out"
            out=$(timeout 5 "$LEDCTL" info 2>&1 | awk '/^gpio_present:/ { print $2 }')
            expect_eq "unplugged: ledctl info says gpio_present: no" no "$out"
        elif [ "$out" = ENODEV ] || [ "$out" = EIO ]; then ok "unplugged: $op fails with $out"
        else not_ok "unplugged: $op fails with ENODEV or EIO, not hang" "got '$out'"; fi
    done
    out=$(timeout 5 bash -c 'echo 0 > /dev/led' 2>&1); rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ]; then ok "unplugged: echo 0 > /dev/led fails (${out##*: })"
    else not_ok "unplugged: echo 0 > /dev/led fails" "rc=$rc $out"; fi
    check "daemon alive while the chip is gone" kill -0 "$DPID"

    t0=$(now)
    gpio-sim-live 1
    if wait_for '[ "$(timeout 5 "$IT" try get)" = OK ]' 100; then
        ok "replugged: the daemon recovers without a restart ($(elapsed "$t0") s)"
    else
        not_ok "replugged: the daemon recovers without a restart (within 10 s)" "try get: $(timeout 5 "$IT" try get)"
    fi
    wait_for '[ "$(level)" = 1 ]' 30
    expect_eq "replugged: LED state restored (line, cat, GET_STATE)" "1:1:1" \
        "$(level):$(devstate):$(timeout 5 "$IT" get)"
    echo 0 >/dev/led
    expect_eq "replugged: echo 0 drives the new line low" 0 "$(level)"
    press-button click
    wait_for '[ "$(level)" = 1 ]'
    expect_eq "replugged: the button works again" 1 "$(level)"

    # Quick unplug/replug cycles, again without touching the LED meanwhile.
    for i in 1 2 3; do gpio-sim-live 0; msleep 0.2; gpio-sim-live 1; msleep 0.2; done
    wait_for '[ "$(level)" = 1 ]' 50
    expect_eq "after 3 quick unplug cycles: line restored, cat and GET_STATE on" "1:1:1" \
        "$(level):$(devstate):$(timeout 5 "$IT" get)"
    echo 0 >/dev/led
    echo 1 >/dev/led
    expect_eq "after the cycles a write drives the line" 1 "$(level)"
    end_group
}

# ---------------------------------------------------------------------------
# Button events (led.h 1.1): kinds, the per-file mask, hold, double click and
# what they do to the LED. The sim button is active-low (pulled up, a press
# pulls it down). Every step waits for an event (a line from ledctl wait, a
# level, a press count); the timings are generous so load cannot turn a click
# into a hold.
pull() { echo "pull-$1" >"$(sim_sysdir)/sim_gpio$LED_SIM_BUTTON/pull"; }   # pull down = pressed
kinds_of() { awk '{ printf "%s%s%s", (NR > 1 ? " " : ""), $2, ($5 == "long" ? "-long" : "") }' "$1"; }
lines_of() { wc -l <"$1" 2>/dev/null || echo 0; }

group_events() {
    begin_group events -l GPIO17 -b GPIO27 --button-active-low --edge=both --hold-ms=2000 \
        --double-click-ms=1500 || return
    local all old out l0 p0 seqs
    echo 0 >/dev/led

    # An old-style client (no SET_EVENT_MASK) beside one that asked for everything.
    "$LEDCTL" wait --events=all -n 200 >"$TMP/ev-all.out" 2>&1 &
    all=$!
    wait_parked $all ioctl | comment
    "$IT" wait 60000 >"$TMP/ev-old.out" 2>&1 &
    old=$!
    wait_parked $old ioctl | comment
    pull down
    wait_for "[ -s $TMP/ev-old.out ]" 100
    out=$(cat "$TMP/ev-old.out")
    if [[ $out =~ ^seq\ [0-9]+\ state\ [01]\ reserved\ 0$ ]]; then ok "an old-style WAIT_EVENT gets the press, kind 0 ($out)"
    else not_ok "an old-style WAIT_EVENT gets the press, kind 0" "$out"; fi
    reap $old
    "$IT" wait 60000 >"$TMP/ev-old.out" 2>&1 &
    old=$!
    wait_parked $old ioctl | comment
    # Held past hold-ms: wait for the hold itself, then release.
    wait_for "grep -q ' hold ' $TMP/ev-all.out" 100
    pull up
    wait_for "[ \$(lines_of $TMP/ev-all.out) -ge 3 ]" 100
    expect_eq "a long press: press, hold, release marked long (ledctl wait --events=all)" \
        "press hold release-long" "$(kinds_of "$TMP/ev-all.out")"
    if [ ! -s "$TMP/ev-old.out" ] && kill -0 $old 2>/dev/null; then
        ok "the old-style wait saw neither the hold nor the release (default mask: presses)"
    else
        not_ok "the old-style wait saw neither the hold nor the release" "$(cat "$TMP/ev-old.out")"
    fi
    expect_eq "the long press left the LED off (a hold is no short press)" 0 "$(level)"

    # A short press: the LED toggles once the double-click window has closed.
    p0=$(presses)
    pull down; msleep 0.05; pull up
    wait_for "[ -s $TMP/ev-old.out ]" 100
    out=$(cat "$TMP/ev-old.out")
    expect_eq "the old-style wait gets the next press with the press count as seq" \
        "seq $((p0 + 1))" "${out% state*}"
    reap $old
    check "a short press toggles the LED after the double-click window" wait_for '[ "$(level)" = 1 ]' 100
    expect_eq "... and is a press and a release, no hold" "press hold release-long press release" \
        "$(kinds_of "$TMP/ev-all.out")"

    # A double click: no toggle, the DOUBLE right after the second press.
    l0=$(level)
    pull down; msleep 0.03; pull up; msleep 0.03; pull down; msleep 0.03; pull up
    wait_for "[ \$(lines_of $TMP/ev-all.out) -ge 10 ]" 100
    expect_eq "a double click: press release press double release" \
        "press hold release-long press release press release press double release" \
        "$(kinds_of "$TMP/ev-all.out")"
    msleep 2 # longer than double-click-ms: a wrong toggle would be there by now
    expect_eq "a double click does not toggle the LED" "$l0" "$(level)"
    seqs=$(awk '{ printf "%s ", $1 }' "$TMP/ev-all.out")
    expect_eq "ledctl wait --events=all numbers every event, one after the other" \
        "$(seq -s ' ' $((${seqs%% *})) $((${seqs%% *} + 9))) " "$seqs"
    kill $all 2>/dev/null; reap $all

    out=$(timeout 5 "$LEDCTL" wait --events=press,bogus 2>&1); rc=$?
    expect_eq "ledctl wait --events with an unknown kind exits 2" 2 "$rc"
    "$LEDCTL" wait --events=release >"$TMP/ev-rel.out" 2>&1 &
    all=$!
    wait_parked $all ioctl | comment
    pull down; msleep 0.05; pull up
    reap $all; rc=$?
    out=$(cat "$TMP/ev-rel.out")
    if [ $rc -eq 0 ] && [[ $out =~ ^[0-9]+\ release\ [0-9]+\ state=[01]$ ]]; then
        ok "ledctl wait --events=release returns the release only ($out)"
    else
        not_ok "ledctl wait --events=release returns the release only" "rc=$rc" "$out"
    fi
    end_group
}

group_momentary() {
    begin_group momentary -l GPIO17 -b GPIO27 --button-action=momentary || return
    local p0 w
    echo 0 >/dev/led
    p0=$(presses)
    "$LEDCTL" wait --events=press,release -n 2 >"$TMP/mom.out" 2>&1 &
    w=$!
    wait_parked $w ioctl | comment
    pull down
    check "momentary: the LED lights while the button is down" wait_for '[ "$(level)" = 1 ]' 100
    pull up
    check "momentary: ... and goes off at the release" wait_for '[ "$(level)" = 0 ]' 100
    reap $w
    expect_eq "momentary with --edge=falling still reports the release" "press release" "$(kinds_of "$TMP/mom.out")"
    expect_eq "momentary: the press is counted" "$((p0 + 1))" "$(presses)"
    end_group
}

# ---------------------------------------------------------------------------
# GPIO chips that come late, go, come back renumbered or share a label
# (issue 9 items 4, 10, 13), with more gpio-sim chips next to led-cuse-sim.
SIM_CFGFS=/sys/kernel/config/gpio-sim
sim_add() {   # NAME LABEL OFFSET1 OFFSET2: a chip whose lines OFFSETn are named GPIO<OFFSETn>
    LED_SIM_CFG=$SIM_CFGFS/$1 LED_SIM_LABEL=$2 LED_SIM_LED=$3 LED_SIM_BUTTON=$4 gpio-sim-setup >/dev/null
}
sim_del() {   # NAME
    local c=$SIM_CFGFS/$1
    [ -d "$c" ] || return 0
    echo 0 >"$c/live"
    rmdir "$c"/bank0/line* "$c/bank0" "$c"
}
present() { timeout 5 "$LEDCTL" info 2>/dev/null | awk '/^gpio_present:/ { print $2 }'; }
log_has() { grep -q -- "$1" "$DLOG"; }

group_chips() {
    local out rc chip new late_level
    GROUP=chips
    DLOG=$LOGDIR/daemon-chips.log
    echo "# --- group chips"
    [ "$(gpio-sim-live)" = 1 ] || gpio-sim-live 1

    # A line that cannot exist fails at once, naming it, with a status the unit does not restart on.
    out=$(timeout 20 "$DAEMON" -l NOPE 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"'NOPE'"* ]]; then ok "-l NOPE: exit 78 at once, naming the line"
    else not_ok "-l NOPE: exit 78 at once, naming the line" "rc=$rc" "$out"; fi
    out=$(timeout 20 "$DAEMON" -l "$LED_SIM_LABEL:99" 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"no line 99"* ]]; then ok "-l $LED_SIM_LABEL:99: exit 78 at once, naming the offset"
    else not_ok "-l $LED_SIM_LABEL:99: exit 78 at once, naming the offset" "rc=$rc" "$out"; fi
    # An absent chip is waited for, bounded.
    out=$(timeout 30 "$DAEMON" -l late-sim:5 --wait-for-gpio=1 2>&1); rc=$?
    if [ $rc = 69 ] && [[ $out == *"late-sim"* ]]; then ok "an absent chip, --wait-for-gpio=1: exit 69, naming the chip"
    else not_ok "an absent chip, --wait-for-gpio=1: exit 69, naming the chip" "rc=$rc" "$out"; fi

    # The LED's chip comes late: the daemon waits for it, then serves.
    echo "=== $(date +%T) led-cuse -l late-sim:5 -b GPIO27 --wait-for-gpio=300" >>"$DLOG"
    "$DAEMON" -l late-sim:5 -b GPIO27 --wait-for-gpio=300 >>"$DLOG" 2>&1 &
    DPID=$!
    if wait_for "log_has 'waiting up to 300 s for GPIO: LED: no GPIO chip with label .late-sim.'" 200 &&
       kill -0 "$DPID" 2>/dev/null && [ ! -e /dev/led ]; then
        ok "the LED's chip is absent: the daemon waits, saying for what"
    else
        not_ok "the LED's chip is absent: the daemon waits, saying for what"
    fi
    sim_add late late-sim 5 6
    late_level() { LED_SIM_CFG=$SIM_CFGFS/late LED_SIM_LED=5 sim_level; }
    if wait_for '[ -c /dev/led ]' 300; then ok "the chip appears: /dev/led is served"
    else not_ok "the chip appears: /dev/led is served" "no /dev/led 30 s after the chip appeared"; fi
    # (A daemon that gave up is started again, so the cases below stand alone.)
    kill -0 "$DPID" 2>/dev/null || start_daemon -l late-sim:5 -b GPIO27
    echo 1 >/dev/led
    expect_eq "echo 1 drives the late chip's line" 1 "$(late_level)"

    # LED and button on two chips: losing either is noticed, and both come back.
    gpio-sim-live 0
    if wait_for '[ "$(present)" = no ]' 100; then ok "the button's chip unplugged (LED chip stays): noticed"
    else not_ok "the button's chip unplugged (LED chip stays): noticed" "gpio_present: $(present)"; fi
    gpio-sim-live 1
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the button's chip back: the lines are requested again"
    else not_ok "the button's chip back: the lines are requested again" "gpio_present: $(present)"; fi
    expect_eq "... the LED kept its state" "1:1" "$(late_level):$(devstate)"
    press-button click
    wait_for '[ "$(late_level)" = 0 ]' 30
    expect_eq "... and the button on the replugged chip toggles the LED" "0:0" "$(late_level):$(devstate)"
    LED_SIM_CFG=$SIM_CFGFS/late gpio-sim-live 0
    if wait_for '[ "$(present)" = no ]' 100; then ok "the LED's chip unplugged: noticed"
    else not_ok "the LED's chip unplugged: noticed" "gpio_present: $(present)"; fi
    LED_SIM_CFG=$SIM_CFGFS/late gpio-sim-live 1
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the LED's chip back: the lines are requested again"
    else not_ok "the LED's chip back: the lines are requested again" "gpio_present: $(present)"; fi
    press-button click
    wait_for '[ "$(late_level)" = 1 ]' 30
    expect_eq "... and the button (on the chip that stayed) still toggles the LED" "1:1" "$(late_level):$(devstate)"
    check "daemon alive" kill -0 "$DPID"
    stop_daemon
    sim_del late

    # A chip named /dev/gpiochipN comes back as another gpiochipM.
    chip=$(sim_chip)
    if start_daemon -l "/dev/$chip:17" -b "$chip:27"; then ok "started with -l /dev/$chip:17 -b $chip:27"
    else not_ok "started with -l /dev/$chip:17 -b $chip:27"; fi
    echo 1 >/dev/led
    gpio-sim-live 0
    sim_add blocker blocker-sim 9 10   # takes the number that became free
    gpio-sim-live 1
    new=$(sim_chip)
    if [ "$new" != "$chip" ]; then ok "precondition: the chip came back as $new (was $chip)"
    else not_ok "precondition: the chip came back under another number" "still $chip"; fi
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the daemon found $chip again as $new, by its label"
    else not_ok "the daemon found $chip again as $new, by its label" "gpio_present: $(present)"; fi
    expect_eq "... LED restored on the renumbered chip" "1:1" "$(level):$(devstate)"
    press-button click
    wait_for '[ "$(level)" = 0 ]' 30
    expect_eq "... and its button works" 0 "$(level)"

    # Back at the same time as another chip with its label (the daemon is
    # stopped meanwhile, so it sees both at once): the journal says why it waits.
    gpio-sim-live 0
    wait_for '[ "$(present)" = no ]' 100
    kill -STOP "$DPID"
    sim_add dup "$LED_SIM_LABEL" 7 8
    gpio-sim-live 1
    kill -CONT "$DPID"
    if wait_for "log_has 'label .$LED_SIM_LABEL. is ambiguous'" 100 && [ "$(present)" = no ]; then
        ok "back next to a chip with the same label: stays unplugged, the log says it is ambiguous"
    else
        not_ok "back next to a chip with the same label: stays unplugged, the log says it is ambiguous"
    fi
    sim_del dup
    if wait_for '[ "$(present)" = yes ]' 100; then ok "the other chip gone: found again"
    else not_ok "the other chip gone: found again" "gpio_present: $(present)"; fi
    stop_daemon
    sim_del blocker

    # A label shared at start cannot find the chip again: only its old
    # name is tried, and only if the chip there still has that label.
    sim_add dup "$LED_SIM_LABEL" 7 8
    chip=$(sim_chip)
    if start_daemon -l "/dev/$chip:17"; then ok "started with -l /dev/$chip:17 next to a chip with the same label"
    else not_ok "started with -l /dev/$chip:17 next to a chip with the same label"; fi
    gpio-sim-live 0
    sim_add blocker blocker-sim 9 10
    gpio-sim-live 1
    new=$(sim_chip)
    if [ "$new" = "$chip" ]; then
        if wait_for '[ "$(present)" = yes ]' 100; then ok "back as $chip: found again under its name"
        else not_ok "back as $chip: found again under its name" "gpio_present: $(present)"; fi
    elif wait_for "log_has 'looked for under that name only'" 100 && [ "$(present)" = no ]; then
        ok "back as $new, $chip now another chip: not taken, the log says why"
    else
        not_ok "back as $new, $chip now another chip: not taken, the log says why" "gpio_present: $(present)"
    fi
    stop_daemon
    sim_del blocker
    sim_del dup

    # Two chips with one label: the daemon and udev's helper refuse to pick one.
    sim_add dup "$LED_SIM_LABEL" 7 8
    chip=$(sim_chip)
    new=$(read -r c <"$SIM_CFGFS/dup/bank0/chip_name" && echo "$c")
    out=$(timeout 20 "$DAEMON" -l "$LED_SIM_LABEL:17" 2>&1); rc=$?
    if [ $rc = 78 ] && [[ $out == *"$chip"* ]] && [[ $out == *"$new"* ]]; then
        ok "-l $LED_SIM_LABEL:17 with two such chips: exit 78, naming $chip and $new"
    else
        not_ok "-l $LED_SIM_LABEL:17 with two such chips: exit 78, naming both chips" "rc=$rc" "$out"
    fi
    out=$("$B/udev-rules/led-cuse-gpiochip-label" "/dev/$new" 2>&1); rc=$?
    if [ $rc = 1 ] && [[ $out == *"$chip"* ]]; then ok "udev's label helper gives $new no by-label link ($out)"
    else not_ok "udev's label helper gives a shared label no link" "rc=$rc" "$out"; fi
    sim_del dup
    out=$("$B/udev-rules/led-cuse-gpiochip-label" "/dev/$chip" 2>&1); rc=$?
    expect_eq "... and with one such chip prints its label" "0:$LED_SIM_LABEL" "$rc:$out"
}

# ---------------------------------------------------------------------------
# LED modes: the line's real timings, sampled every millisecond by ioctl-test
# timeline (a change's time is when the sampler saw it). Phases are long
# (300-600 ms, 5 % = 15-30 ms) so that sampling and TCG latencies stay well
# below the tolerance; each step's length is averaged over several periods.

# timeline FILE N CMD: run CMD on /dev/led and record the line's first N changes
# (at most 60 s); fails if fewer came.
timeline() {
    LED_LEVEL_PATH=$(level_path) timeout 70 "$IT" timeline "$2" 60000 "$3" >"$1"
}

# steps_ok FILE L MS [L MS ...]: the changes of FILE (after its "0 LEVEL"
# line) start the steps L MS, in order and cyclically, the first change being
# the start of the first step. Each step's average length (from one change to
# the next; a step after the last change is not measured) and the average
# period are within 5 % of what was asked, and
# every change goes to its step's level. Prints the measurements.
steps_ok() {
    local file=$1
    shift
    awk -v steps="$*" '
        BEGIN { n = 0; k = split(steps, s, " ") / 2; for (j = 0; j < k; j++) { lv[j] = s[2*j+1]; ms[j] = s[2*j+2]; per += ms[j] } }
        NR == 1 { next }
        { t[n] = $1; l[n] = $2; n++ }
        function within(what, got, want) {
            d = (got - want) / want
            printf "%s: %.1f ms (want %d, %+.1f%%)\n", what, got, want, d * 100
            if (d > 0.05 || d < -0.05) bad = bad " " what
        }
        END {
            for (i = 0; i < n; i++)
                if (l[i] != lv[i % k]) bad = bad sprintf(" change%d-to-%s", i, l[i])
            for (i = 0; i + 1 < n; i++) { sum[i % k] += t[i + 1] - t[i]; cnt[i % k]++ }
            for (j = 0; j < k; j++)
                if (cnt[j]) within(sprintf("step %d (level %d, %d samples)", j, lv[j], cnt[j]), sum[j] / cnt[j], ms[j])
            if (n < 2) bad = bad " nothing-measured"
            if (n > k) within(sprintf("period (%d)", int((n - 1) / k)), (t[int((n - 1) / k) * k] - t[0]) / int((n - 1) / k), per)
            if (bad != "") { print "outside 5 %:" bad; exit 1 }
        }' "$file"
}

# mode_case DESC FILE L MS...: one point from steps_ok, the measurements as comments.
mode_case() {
    local desc=$1 file=$2 out
    shift 2
    if out=$(steps_ok "$file" "$@"); then ok "$desc"; diag "$out"
    else not_ok "$desc" "$out" "timeline:" "$(cat "$file")"; fi
}

# timed_mode DESC N CMD L MS...: CMD's first N line changes, checked by steps_ok.
timed_mode() {
    local desc=$1 n=$2 cmd=$3 tl=$TMP/timeline
    shift 3
    if timeline "$tl" "$n" "$cmd"; then mode_case "$desc" "$tl" "$@"
    else not_ok "$desc" "the line did not change $n times" "$(cat "$tl")"; fi
}

# mode_shown DESC WANT: ledctl get prints a level and then WANT.
mode_shown() {
    local out
    out=$(timeout 5 "$LEDCTL" get)
    expect_eq "$1" "$2" "${out#* }"
}

group_modes() {
    local tl=$TMP/timeline sd=$TMP/modes-state sf out rc bad m bg
    begin_group modes -l GPIO17 -b GPIO27 || return

    # pattern: 3 periods of 4 steps of different lengths.
    echo 0 >/dev/led
    timed_mode "pattern 1 300 0 500 1 400 0 600: every step and the period within 5 % over 3 periods" \
        13 "pattern 1 300 0 500 1 400 0 600" 1 300 0 500 1 400 0 600
    mode_shown "ledctl get shows the pattern" "pattern 1 300 0 500 1 400 0 600"

    # heartbeat: the kernel's beats (70 ms on, the second a quarter period
    # after the first), 6 default periods: 6 samples of each 70 ms beat.
    echo 0 >/dev/led
    timed_mode "heartbeat: on 70, off 180, on 70, off 680 and the period within 5 % over 6 periods" \
        25 heartbeat 1 70 0 180 1 70 0 680
    mode_shown "ledctl get shows the heartbeat and its default period" "heartbeat 1000"

    # A finite blink from on: 3 blinks, then on again, and the mode is over.
    # The line was on already: the first change ends the first on step, the
    # 6th (measured as a step "1") is the return to the old level.
    echo 1 >/dev/led
    timed_mode "blink 400 400 3 from on: off/on phases within 5 %, the 6th change back to on" \
        6 "blink 400 400 3" 0 400 1 400
    if wait_for '[ "$(timeout 5 "$LEDCTL" get)" = 1 ]' 50; then ok "a finite blink ends: ledctl get is 1, no mode"
    else not_ok "a finite blink ends: ledctl get is 1, no mode" "got '$(timeout 5 "$LEDCTL" get)'"; fi
    expect_eq "... and the line stays at the old level (on)" 1 "$(level)"

    # From off, with OFF_MS and COUNT by ledctl.
    echo 0 >/dev/led
    rm -f "$tl.bg"
    LED_LEVEL_PATH=$(level_path) timeout 70 "$IT" timeline 6 60000 >"$tl.bg" &
    bg=$!
    wait_for '[ -s "$tl.bg" ]' 50     # its "0 LEVEL" line: sampling
    check "ledctl blink 300 500 3 exits 0" timeout 5 "$LEDCTL" blink 300 500 3
    if reap "$bg" 300; then
        mode_case "ledctl blink 300 500 3 from off: on/off phases within 5 %" "$tl.bg" 1 300 0 500
    else not_ok "ledctl blink 300 500 3: the line changes 6 times" "$(cat "$tl.bg")"; fi
    if wait_for '[ "$(timeout 5 "$LEDCTL" get)" = 0 ]' 50; then ok "ledctl blink COUNT ends at the old level (off)"
    else not_ok "ledctl blink COUNT ends at the old level (off)" "got '$(timeout 5 "$LEDCTL" get)'"; fi

    # oneshot: on for MS, then off, the mode over.
    echo 0 >/dev/led
    timed_mode "oneshot 500: on for 500 ms within 5 %, then off" 2 "oneshot 500" 1 500 0 500
    if wait_for '[ "$(timeout 5 "$LEDCTL" get)" = 0 ]' 50; then ok "a oneshot ends off: ledctl get is 0"
    else not_ok "a oneshot ends off: ledctl get is 0" "got '$(timeout 5 "$LEDCTL" get)'"; fi
    # ... even from on.
    # (2 s: ledctl get must find it running even when a loaded host slows the guest.)
    echo 1 >/dev/led
    check "ledctl oneshot 2000 exits 0" timeout 5 "$LEDCTL" oneshot 2000
    mode_shown "ledctl get shows the oneshot" "oneshot 2000"
    if wait_for '[ "$(timeout 5 "$LEDCTL" get):$(level)" = 0:0 ]' 100; then ok "a oneshot from on ends off"
    else not_ok "a oneshot from on ends off" "got '$(timeout 5 "$LEDCTL" get)', line $(level)"; fi

    # Bad arguments change nothing, and a write is all or nothing.
    echo "pattern 1 100 0 100" >/dev/led
    for bad in "heartbeat 299" "pattern 2 100" "oneshot 0" "blink 1 1 0" "on
heartbeat 60001"; do
        out=$(timeout 5 "$IT" write "$bad")
        expect_eq "'${bad//$'\n'/\\n}' fails with EINVAL" EINVAL "$out"
    done
    mode_shown "... and the pattern still runs" "pattern 1 100 0 100"
    out=$(timeout 5 "$LEDCTL" heartbeat 10 2>&1); rc=$?
    expect_eq "ledctl heartbeat 10 is a usage error (exit 2)" 2 "$rc"
    echo 0 >/dev/led
    end_group

    # A restart brings back the endless modes from the state file, never a oneshot.
    mkdir -p "$sd"
    rm -rf "${sd:?}"/*
    sf=$sd/led
    for m in "heartbeat 2400" "pattern 1 300 0 500" "oneshot 60000"; do
        if ! start_daemon -l GPIO17 -b GPIO27 --state-file="$sf"; then
            not_ok "daemon starts with --state-file ($m)"
            continue
        fi
        echo "$m" >/dev/led
        stop_daemon
        if ! start_daemon -l GPIO17 -b GPIO27 --state-file="$sf"; then
            not_ok "daemon restarts with the state file saved under '$m'"
            continue
        fi
        out=$(timeout 5 "$LEDCTL" get)
        case $m in
        oneshot*)
            expect_eq "'$m' is not restored: saved as off, the state it ends in" "off:0" "$(cat "$sf"):$out" ;;
        *)
            expect_eq "'$m' is restored after a restart (ledctl get)" "$m" "${out#* }"
            if LED_LEVEL_PATH=$(level_path) timeout 70 "$IT" timeline 3 60000 >"$tl"; then
                ok "... and drives the line after the restart"
            else not_ok "... and drives the line after the restart" "$(cat "$tl")"; fi ;;
        esac
        stop_daemon
    done
    rm -rf "${sd:?}"
}

# ---------------------------------------------------------------------------
echo "# led-cuse VM suite: kernel $(uname -r), build $B"
for f in "$DAEMON" "$LEDCTL" "$IT"; do
    if [ ! -x "$f" ]; then
        echo "1..1"
        echo "not ok 1 - $f is built"
        exit 1
    fi
done
for g in text ioctl badinput button waits statefile debounce activelow concurrency lifecycle hotplug chips events momentary modes; do
    want_group "$g" && "group_$g"
done
[ -z "$DPID" ] || stop_daemon
rm -rf "$TMP"
echo "# suite total: $(elapsed "$SUITE_START") s"
tap_done
