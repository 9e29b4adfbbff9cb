# shellcheck shell=bash
# The integration group "events" of tests/vm/suite.sh.
# Button events (led.h 1.1): kinds, the per-file mask, hold, double click and
# what they do to the LED. The sim button is active-low (pulled up, a press
# pulls it down). Every step waits for an event (a line from ledctl wait, a
# level, a press count); the timings are generous so load cannot turn a click
# into a hold.

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
