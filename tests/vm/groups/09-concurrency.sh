# shellcheck shell=bash
# The integration group "concurrency" of tests/vm/suite.sh: many clients at
# once (writers, readers, ioctl stress, ledctl, the button) all succeed, and
# every view of the state agrees afterwards.

group_concurrency() {
    begin_group concurrency -l GPIO17 -b GPIO27 || return
    local pids=() i start bad=0 multi=0 f n p0
    mkdir -p "$TMP/conc"
    rm -f "$TMP"/conc/*
    start=$(now)
    # 8 ioctl stressers, 8 shell writers, 8 cat readers, 8 ledctl users and
    # a button presser, all at once (33 processes).
    for i in $(seq 8); do
        ("$IT" stress 40 >"$TMP/conc/stress$i" 2>&1; echo $? >"$TMP/conc/stress$i.rc") &
        pids+=($!)
        (rc=0
         for j in $(seq 30); do
             case $((j % 3)) in 0) c=toggle ;; 1) c=1 ;; 2) c=off ;; esac
             echo $c >/dev/led || { rc=1; echo "write $c failed"; }
         done
         echo $rc >"$TMP/conc/writer$i.rc") >"$TMP/conc/writer$i" 2>&1 &
        pids+=($!)
        (rc=0
         for j in $(seq 8); do
             v=$(cat /dev/led) || { rc=1; echo "cat failed"; }
             # Under concurrent changes cat may see more than one state
             # (each change is readable once more): every line must be a state.
             [ -n "$v" ] || { rc=1; echo "cat read nothing"; }
             while IFS= read -r l; do
                 [ "$l" = 0 ] || [ "$l" = 1 ] || { rc=1; echo "cat read '$v'"; }
             done <<<"$v"
             [ "${#v}" -eq 1 ] || echo "multi $(printf %s "$v" | tr '\n' ,)" >>"$TMP/conc/multiline"
         done
         echo $rc >"$TMP/conc/reader$i.rc") >"$TMP/conc/reader$i" 2>&1 &
        pids+=($!)
        (rc=0
         for j in $(seq 3); do
             for c in toggle get info; do
                 "$LEDCTL" $c >/dev/null || { rc=1; echo "ledctl $c failed"; }
             done
         done
         echo $rc >"$TMP/conc/ledctl$i.rc") >"$TMP/conc/ledctl$i" 2>&1 &
        pids+=($!)
    done
    p0=$(presses)
    # (Presses and releases of 20 ms, longer than the 10 ms debounce: 10 presses.)
    (for j in $(seq 10); do press-button click 20; done; echo 0 >"$TMP/conc/button.rc") \
        >"$TMP/conc/button" 2>&1 &
    pids+=($!)
    # Watchdog: nothing may hang.
    (sleep 180; echo "# concurrency watchdog fired" >&2; kill "${pids[@]}" 2>/dev/null) </dev/null >/dev/null 2>&1 &
    local wd=$!
    for p in "${pids[@]}"; do wait "$p"; done
    kill $wd 2>/dev/null; wait $wd 2>/dev/null
    echo "# ${#pids[@]} concurrent clients finished in $(elapsed "$start") s"
    for f in "$TMP"/conc/*.rc; do
        [ "$(cat "$f")" = 0 ] || { bad=$((bad + 1)); echo "# ${f##*/}: rc $(cat "$f"): $(head -c 300 "${f%.rc}" | tr '\n' ' ')"; }
    done
    n=$(ls "$TMP"/conc/*.rc | wc -l)
    expect_eq "${#pids[@]} concurrent clients (writers, readers, ioctl stress, ledctl, button) all succeed" \
        "0 of ${#pids[@]}" "$bad of $n"
    # Not a test point: a cat that overlaps changes reads each of them (the
    # readers above already failed on any line that is not a whole state).
    [ -f "$TMP/conc/multiline" ] && multi=$(wc -l <"$TMP/conc/multiline")
    echo "# $multi of 64 cats overlapped a change and printed more than one state"
    # The last presses may still be on their way through the debounce.
    wait_for '[ "$(presses)" -ge $((p0 + 10)) ]' || echo "# presses $p0 -> $(presses), not +10"
    l=$(level) c=$(devstate) g=$(timeout 5 "$IT" get) lc=$(timeout 5 "$LEDCTL" get)
    if [ "$l" = "$c" ] && [ "$c" = "$g" ] && [ "$g" = "$lc" ] && [[ $l == [01] ]]; then
        ok "afterwards sim line, cat, GET_STATE and ledctl get agree ($l)"
    else
        not_ok "afterwards sim line, cat, GET_STATE and ledctl get agree" "line=$l cat=$c ioctl=$g ledctl=$lc"
    fi
    echo toggle >/dev/led
    expect_eq "... and a toggle still flips the line" "$((1 - l))" "$(level)"
    end_group
}
