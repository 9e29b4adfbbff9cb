# shellcheck shell=bash
# The integration group "waits" of tests/vm/suite.sh.
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
