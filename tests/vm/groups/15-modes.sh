# shellcheck shell=bash
# The integration group "modes" of tests/vm/suite.sh.
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
