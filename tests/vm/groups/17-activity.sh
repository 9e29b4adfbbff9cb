# shellcheck shell=bash
# The integration group "activity" of tests/vm/suite.sh: the sampled
# triggers (trigger-cpu.c, trigger-disk.c) on the guest's real /proc.
# cpu: a busy loop on one of the 2 vCPUs lights the LED (each 100 ms
# interval busy for at least half a CPU flashes it for 100 ms), idle lets
# it go dark. disk: direct reads of a loop device (the guest has no other
# block device: led-vm loads the loop module) flash it.
# The line is watched by ioctl-test timeline (1 ms sampling).

# watch FILE MS [N]: the line's changes for MS ms, or until N of them came,
# into FILE ("t level" lines, the first "0 level"). Fails if none was
# written or, with N, fewer than N came.
watch() {
    LED_LEVEL_PATH=$(level_path) timeout $(($2 / 1000 + 10)) "$IT" timeline "${3:-1000000}" "$2" >"$1"
    local rc=$?
    [ -s "$1" ] && { [ -z "${3:-}" ] || [ $rc = 0 ]; }
}

# lit_share FILE FROM TO: the share of FROM..TO ms the line was on, in %.
lit_share() {
    awk -v a="$2" -v b="$3" '
        function add(from, to) { if (from < a) from = a; if (to > b) to = b; if (to > from) lit += to - from }
        NR == 1 { t = 0; l = $2; next }
        { if (l == 1) add(t, $1); t = $1; l = $2 }
        END { if (l == 1) add(t, b); printf "%d\n", lit * 100 / (b - a) }' "$1"
}

# first_dark FILE: the time (whole ms) from which the line stays off to the end, or -1.
first_dark() {
    awk 'NR == 1 { t = 0 } { t = $1; l = $2 } END { printf "%d\n", (l == 0 ? t : -1) }' "$1"
}

# flashes FILE: how many times the line went on.
flashes() { awk 'NR > 1 && $2 == 1 { n++ } END { print n + 0 }' "$1"; }

# flashed FILE: 1 if the line went on after the first sample and off after
# that, else 0.
flashed() { awk 'NR > 1 && $2 == 1 { on = 1 } on && $2 == 0 { f = 1 } END { print f + 0 }' "$1"; }

activity_cpu() {
    local tl=$TMP/activity-cpu busy_pid share dark out

    echo "trigger cpu" >/dev/led
    out=$(timeout 5 "$LEDCTL" get)
    expect_eq "ledctl get names the cpu trigger" "trigger cpu" "${out#* }"
    sleep 0.5

    # A busy loop of 3 s on one vCPU (exec under TCG may take a while: the
    # second measured starts once the LED is lit).
    timeout 3 bash -c 'while :; do :; done' &
    busy_pid=$!
    for _ in $(seq 200); do
        [ "$(level)" != 1 ] || break
        sleep 0.05
    done
    if [ "$(level)" != 1 ]; then
        not_ok "trigger cpu: a busy loop lights the LED within 10 s"
        wait "$busy_pid"
        return
    fi
    watch "$tl" 1000
    wait "$busy_pid"
    share=$(lit_share "$tl" 0 1000)
    if [ "$share" -ge 70 ]; then
        ok "trigger cpu: lit ${share} % of a busy second"
    else
        not_ok "trigger cpu: lit most of a busy second (>= 70 %)" "lit ${share} %" "$(cat "$tl")"
    fi

    # Idle: dark within a few intervals, and (but for the guest's own
    # noise) dark after that.
    watch "$tl" 1500
    dark=$(first_dark "$tl")
    share=$(lit_share "$tl" 500 1500)
    if [ "$dark" -ge 0 ] && [ "$dark" -le 500 ] && [ "$share" -le 20 ]; then
        ok "trigger cpu: dark ${dark} ms after the loop, lit ${share} % of the next second"
    else
        not_ok "trigger cpu: dark within 500 ms of idle, lit <= 20 % after" \
            "dark from ${dark} ms, lit ${share} %" "$(cat "$tl")"
    fi
}

activity_disk() {
    local tl=$TMP/activity-disk img=$TMP/activity-disk.img loopdev n watcher

    if ! dd if=/dev/zero of="$img" bs=1M count=4 status=none ||
        ! loopdev=$(losetup --find --show "$img" 2>&1); then
        not_ok "a loop device for the disk trigger" "${loopdev:-dd failed}"
        return
    fi
    # The kernel reads the new device's partition table: let that pass.
    sleep 0.3
    echo "trigger disk" >/dev/led
    sleep 0.3
    watch "$tl" 600
    n=$(flashes "$tl")
    expect_eq "trigger disk: no flash without I/O" 0 "$n"

    # Direct reads until the watcher saw a flash: the line went on after the
    # watch began, then off again. dd's exec alone may take longer than a
    # flash under TCG, and the first read waits for the watcher's first
    # sample, so that a flash already under way is not taken for one whole.
    LED_LEVEL_PATH=$(level_path) "$IT" timeline 1000000 20000 >"$tl" &
    watcher=$!
    for _ in $(seq 100); do
        [ ! -s "$tl" ] || break
        sleep 0.1
    done
    for _ in $(seq 20); do
        [ "$(flashed "$tl")" = 0 ] || break
        dd if="$loopdev" of=/dev/null bs=4k count=16 iflag=direct status=none
        sleep 0.3
    done
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    if [ "$(flashed "$tl")" = 1 ]; then
        ok "trigger disk: direct reads of $loopdev flash the LED"
    else
        not_ok "trigger disk: direct reads flash the LED (on, then off)" "$(cat "$tl")"
    fi
    losetup -d "$loopdev"
    rm -f "$img"
}

group_activity() {
    begin_group activity -l GPIO17 -b GPIO27 || return
    activity_cpu
    activity_disk
    echo "trigger none" >/dev/led
    end_group
}
