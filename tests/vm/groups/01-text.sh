# shellcheck shell=bash
# The integration group "text" of tests/vm/suite.sh: /dev/led as a text file
# (echo, cat, dd, tee, short reads), blinking and ledctl's commands.

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
