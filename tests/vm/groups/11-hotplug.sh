# shellcheck shell=bash
# The integration group "hotplug" of tests/vm/suite.sh: the gpio-sim chip
# unplugged under a running daemon: every operation fails with ENODEV (a
# parked wait at once), and plugging it back restores the LED.

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
