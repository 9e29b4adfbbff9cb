# shellcheck shell=bash
# What the integration groups (tests/vm/groups/NN-NAME.sh) share: a group
# starts with begin_group (its own daemon, its own log) and ends with
# end_group; the LED line's level, the button's pull, and ioctl-test's
# points as the suite's.

begin_group() {   # NAME DAEMON-ARGS...
    GROUP=$1
    DLOG=$LOGDIR/daemon-$1.log
    shift
    GROUP_START=$(now)
    echo "# --- group $GROUP: led-cuse $*"
    [ "$(gpio-sim-live)" = 1 ] || gpio-sim-live 1
    if start_daemon "$@"; then
        ok "daemon starts and creates /dev/led ($*)"
        return 0
    fi
    not_ok "daemon starts and creates /dev/led ($*)" "no /dev/led after 10 s"
    stop_daemon
    return 1
}

end_group() {
    if [ -n "$DPID" ]; then
        if kill -0 "$DPID" 2>/dev/null; then
            ok "daemon still alive at the end of the group"
        else
            not_ok "daemon still alive at the end of the group"
        fi
        stop_daemon
    fi
    echo "# --- group $GROUP took $(elapsed "$GROUP_START") s"
}

# The LED line's level (0/1, ? while the chip is gone), what cat /dev/led
# says, and the line's value file in sysfs.
level() { sim_level; }
devstate() { timeout 5 cat /dev/led 2>/dev/null | tr -d '\n' || true; }
level_path() { echo "$(sim_sysdir)/sim_gpio$LED_SIM_LED/value"; }

# Runs ioctl-test and turns each of its ok/not ok lines into a case.
run_ioctl_test() {
    local line out rc
    out=$(LED_LEVEL_PATH=$(level_path) timeout 60 "$IT" "$@" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        "ok - "*) ok "ioctl-test: ${line#ok - }" ;;
        "not ok - "*) not_ok "ioctl-test: ${line#not ok - }" ;;
        "") ;;
        *) echo "# ioctl-test: $line" ;;
        esac
    done <<<"$out"
    [ $rc -ne 124 ] || not_ok "ioctl-test $* finished within 60 s"
}

# For the button groups (events, momentary): pull down|up sets the sim
# button's pull (down = pressed); kinds_of FILE lists the kinds of the events
# `ledctl wait` printed in FILE; lines_of FILE counts them.
pull() { echo "pull-$1" >"$(sim_sysdir)/sim_gpio$LED_SIM_BUTTON/pull"; }
kinds_of() { awk '{ printf "%s%s%s", (NR > 1 ? " " : ""), $2, ($5 == "long" ? "-long" : "") }' "$1"; }
lines_of() { wc -l <"$1" 2>/dev/null || echo 0; }
