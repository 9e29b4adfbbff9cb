# shellcheck shell=bash
# The integration group "debounce" of tests/vm/suite.sh: with --debounce, a
# bouncy press counts once and a short glitch not at all.

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
