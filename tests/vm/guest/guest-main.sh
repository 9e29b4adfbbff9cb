#!/bin/bash
# Runs inside the led-cuse test VM, chrooted into the host's root (read-only
# over 9p). Started by /run/led-vm/boot.sh, which led-vm writes with the
# LED_VM_* variables. Sets up the gpio-sim chip, then runs the payload and
# writes its exit code to /run/led-vm/rc.
set -u
R=/run/led-vm
export LED_VM_RESULTS=$R
export LED_VM_LOGDIR=$R/logs
export PATH=$LED_VM_DIR/guest/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ -z "${LED_CUSE_BUILD:-}" ] || PATH=$LED_CUSE_BUILD/tools:$LED_CUSE_BUILD/cuse-daemon:$LED_CUSE_BUILD/tests/vm:$PATH
export HOME=/tmp
export TERM=${LED_VM_TERM:-linux}
export LANG=C.UTF-8
mkdir -p "$LED_VM_LOGDIR"
cd /tmp || exit 1

finish() {
    echo "$1" >"$R/rc.tmp" && mv "$R/rc.tmp" "$R/rc"
    exit 0
}

if [ "$LED_VM_MODE" != shell ]; then
    # The payload talks to the host's stdout through the second serial port,
    # raw so that no \r is added; the console (ttyS0) goes to console.log.
    stty -F /dev/ttyS1 raw -echo 2>/dev/null
    exec </dev/null >/dev/ttyS1 2>&1
fi

if ! gpio-sim-setup >"$LED_VM_LOGDIR/gpio-sim-setup.log" 2>&1; then
    echo "led-vm: gpio-sim setup failed:"
    cat "$LED_VM_LOGDIR/gpio-sim-setup.log"
    finish 126
fi

if [ -n "${LED_VM_DAEMON_ARGS+x}" ]; then
    # shellcheck disable=SC2086 # word splitting of the user's arguments is wanted
    start-led-cuse $LED_VM_DAEMON_ARGS || finish 126
fi

rc=0
case "$LED_VM_MODE" in
shell)
    if [ -n "${LED_VM_ROWS:-}" ] && [ -n "${LED_VM_COLS:-}" ]; then
        stty -F /dev/ttyS0 rows "$LED_VM_ROWS" cols "$LED_VM_COLS" 2>/dev/null
    fi
    [ -n "${LED_VM_BANNER:-}" ] && [ -f "$LED_VM_BANNER" ] && cat "$LED_VM_BANNER" >/dev/ttyS0
    # setsid -c: the shell gets ttyS0 as its controlling terminal (job control, ^C).
    setsid -c -w bash --rcfile "$LED_VM_DIR/guest/bashrc" -i </dev/ttyS0 >/dev/ttyS0 2>&1
    rc=$?
    ;;
command)
    bash -c "$LED_VM_CMD"
    rc=$?
    ;;
script)
    bash "$LED_VM_SCRIPT"
    rc=$?
    ;;
*)
    echo "led-vm: unknown mode '$LED_VM_MODE'"
    rc=125
    ;;
esac
# Stop a daemon started with --daemon and wait (at most 5 s) until it has
# exited, so that its log is complete. (Not our child: a zombie has exited.)
if [ -f /run/led-cuse.pid ]; then
    pid=$(cat /run/led-cuse.pid)
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do
        read -r stat 2>/dev/null <"/proc/$pid/stat" || break
        stat=${stat##*) }
        [ "${stat%% *}" != Z ] || break
        sleep 0.1
    done
fi
finish "$rc"
