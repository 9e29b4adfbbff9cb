# shellcheck shell=bash
# The integration group "button" of tests/vm/suite.sh: a button click toggles
# the LED and is counted; it wakes ledctl wait, WAIT_EVENT and poll(); ledctl
# info names who changed the LED.

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
