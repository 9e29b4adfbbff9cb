# shellcheck shell=bash
# The integration group "lifecycle" of tests/vm/suite.sh: the daemon holds its
# lines while it runs, a second daemon fails cleanly, SIGTERM releases
# everything, bad lines fail with exit 78.

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
