# shellcheck shell=bash
# The integration group "activelow" of tests/vm/suite.sh: --active-low inverts
# the line; without a button WAIT_EVENT is refused.

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
