# shellcheck shell=bash
# The integration group "momentary" of tests/vm/suite.sh:
# --button-action=momentary, the LED lights while the button is down.

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
