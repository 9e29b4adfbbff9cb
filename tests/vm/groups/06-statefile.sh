# shellcheck shell=bash
# The integration group "statefile" of tests/vm/suite.sh.
# The state file: coalesced saves, saved at exit, never trusted blindly.
group_statefile() {
    local sd=$TMP/state sf ino n out
    sf=$sd/led
    mkdir -p "$sd"
    rm -rf "${sd:?}"/*

    # A FIFO where the state file should be must not hang the start.
    mkfifo "$sf"
    begin_group statefile -l GPIO17 -b GPIO27 --initial=on --state-file="$sf" || { rm -f "$sf"; return; }
    expect_eq "a FIFO as state file: started with --initial=on" 1 "$(level)"
    check "... and the log says why the saved state was ignored" grep -q "ignoring the saved state in $sf" "$DLOG"
    stop_daemon
    rm -f "$sf"
    printf 'blink 100' >"$sf"   # cut short (from "blink 100 900\n")
    if start_daemon -l GPIO17 -b GPIO27 --state-file="$sf"; then
        expect_eq "a truncated state file is ignored: --initial (off), not blinking" "0:0" \
            "$(level):$(timeout 5 "$LEDCTL" get | grep -c blinking)"
    else
        not_ok "a truncated state file is ignored" "no /dev/led"
    fi
    stop_daemon
    rm -f "$sf"

    # 40 changes within the interval: no save but the first until the exit.
    if ! start_daemon -l GPIO17 -b GPIO27 --state-file="$sf" --state-save-interval=3600; then
        not_ok "daemon starts with --state-save-interval=3600"
        return
    fi
    wait_for "[ -s $sf ]" 50
    expect_eq "the first state is saved at start" off "$(cat "$sf")"
    ino=$(stat -c %i "$sf")
    for _ in $(seq 40); do echo toggle >/dev/led; done
    echo 1 >/dev/led
    msleep 0.5
    expect_eq "40 toggles within the interval: the file was not rewritten (same inode, still off)" \
        "$ino:off" "$(stat -c %i "$sf"):$(cat "$sf")"
    stop_daemon
    expect_eq "SIGTERM saves the pending state" on "$(cat "$sf")"
    n=$(find "$sd" -mindepth 1 | wc -l)
    expect_eq "no temporary files are left" 1 "$n"
    if start_daemon -l GPIO17 -b GPIO27 --state-file="$sf" --state-save-interval=1; then
        expect_eq "restarted: the saved state is restored" 1 "$(level)"
        echo "blink 200 300" >/dev/led
        if wait_for "grep -qx 'blink 200 300' $sf" 100; then ok "a change is saved by the timer within the interval (1 s)"
        else not_ok "a change is saved by the timer within the interval (1 s)" "file: $(cat "$sf")"; fi
    else
        not_ok "restarted with the saved state"
    fi
    stop_daemon
    rm -rf "${sd:?}"/*
    end_group
}
