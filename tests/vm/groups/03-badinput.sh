# shellcheck shell=bash
# The integration group "badinput" of tests/vm/suite.sh: writes that must fail
# with EINVAL (bad words, NULs, a 1 MiB write) and the odd ones that must not.

group_badinput() {
    begin_group badinput -l GPIO17 -b GPIO27 || return
    echo 1 >/dev/led
    printf '\0' >"$TMP/nul"
    printf '1\0' >"$TMP/one-nul"
    printf 'o\0n' >"$TMP/o-nul-n"
    : >"$TMP/empty"
    head -c 1048576 /dev/zero | tr '\0' 1 >"$TMP/huge"
    printf 'on\nbogus\n' >"$TMP/half-bad"
    local s want
    for s in hello "garbage!" $'\n' " " blink "blink 0" "blink 10 20 30 40" "blink 10 20 0" "pattern 1" "heartbeat 50" "oneshot" "blink -5" \
        "blink 3600001" toggle2 "on off" -1 1.5 0x1 "+1" "1 2" ONN; do
        out=$(timeout 5 "$IT" write "$s" 2>&1)
        expect_eq "write \"$(printf %q "$s")\" fails with EINVAL" EINVAL "$out"
    done
    for f in nul one-nul o-nul-n half-bad; do
        out=$(timeout 5 "$IT" write-file "$TMP/$f" 2>&1)
        expect_eq "write of $f ($(od -An -c "$TMP/$f" | tr -s ' ' | head -c 40)) fails with EINVAL" EINVAL "$out"
    done
    out=$(timeout 10 "$IT" write-file "$TMP/huge" 2>&1)
    if [ "$out" = EFBIG ] || [ "$out" = EINVAL ]; then ok "1 MiB write fails with EFBIG/EINVAL ($out)"
    else not_ok "1 MiB write fails with EFBIG/EINVAL" "got '$out'"; fi
    out=$(timeout 5 "$IT" write-file "$TMP/empty" 2>&1)
    # A 0-byte write() never reaches a FUSE server (the kernel returns 0).
    if [ "$out" = OK ] || [ "$out" = EINVAL ]; then ok "empty write returns 0 or EINVAL ($out)"
    else not_ok "empty write returns 0 or EINVAL" "got '$out'"; fi
    # Brightness is "any non-negative integer" (README): no overflow to reject.
    echo 0 >/dev/led
    out=$(timeout 5 "$IT" write 99999999999999999999999 2>&1)
    expect_eq "a 23-digit brightness is accepted as on" "OK:1" "$out:$(level)"
    echo 1 >/dev/led
    out=$(bash -c 'echo bogus > /dev/led' 2>&1); rc=$?
    if [ $rc -ne 0 ] && [[ $out == *"Invalid argument"* ]]; then ok "echo bogus > /dev/led fails in the shell with 'Invalid argument'"
    else not_ok "echo bogus > /dev/led fails in the shell with 'Invalid argument'" "rc=$rc: $out"; fi
    expect_eq "after all bad writes the LED is still on (line, cat)" "1:1" "$(level):$(devstate)"
    check "daemon alive after bad input" kill -0 "$DPID"
    echo 0 >/dev/led
    expect_eq "a good write still works afterwards" 0 "$(level)"
    end_group
}
