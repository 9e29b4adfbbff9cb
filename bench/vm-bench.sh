#!/bin/bash
# vm-bench.sh: the benchmark's payload, run inside the led-cuse VM by
# bench/run (tests/vm/led-vm). Starts led-cuse on the gpio-sim chip (LED
# GPIO17, button GPIO27, --debounce=0) and four no-op CUSE devices built from
# the same libfuse: /dev/noop-led (libfuse's single-threaded
# fuse_session_loop), /dev/noop-led-mt (fuse_session_loop_mt),
# /dev/noop-led-sde (an sd-event io source, one request per wake-up) and
# /dev/noop-led-gpio (libfuse's loop, a write sets sim line 10: the write
# floor of any CUSE LED device, measured for writes only); measures,
# and writes raw samples as "KEY VALUE..." lines to
# $LED_VM_RESULTS/bench-raw.txt (latency samples to lat-*.txt there); bench/run
# turns them into the table, the JSON and the pictures.
# Knobs (environment, passed through bench/run): BENCH_REPS (3),
# BENCH_SECONDS (2), BENCH_CLIENTS ("1 8 32 128"), BENCH_PRESSES (100),
# BENCH_MIXED (100000), BENCH_IDLE (10), BENCH_TOGGLES (1000), BENCH_DAEMON
# (another led-cuse binary to measure, e.g. an older build), BENCH_BASELINE
# (a second led-cuse binary measured side by side as /dev/ledbase on sim
# lines 8 and 9: before/after figures from one run), BENCH_PROFILE,
# BENCH_TRIGGERS ("cpu;disk;netdev lo link;netdev lo link tx"), BENCH_TRIGGERS_ONLY (set: only
# the idle and trigger costs, then stop).
set -euo pipefail
. "$LED_VM_DIR/guest/lib/sim.sh"
B=$LED_CUSE_BUILD
CLIENT=$B/bench/bench-client
DAEMON=${BENCH_DAEMON:-$B/cuse-daemon/led-cuse}
BASE=${BENCH_BASELINE:-}
REPS=${BENCH_REPS:-3}
SECS=${BENCH_SECONDS:-2}
CLIENTS=${BENCH_CLIENTS:-1 8 32 128}
PRESSES=${BENCH_PRESSES:-100}
MIXED=${BENCH_MIXED:-100000}
IDLE=${BENCH_IDLE:-10}
TOGGLES=${BENCH_TOGGLES:-1000}
R=$LED_VM_RESULTS
OUT=$R/bench-raw.txt
: >"$OUT"
rec() { echo "$*" >>"$OUT"; echo "bench: $*"; }

S=$(sim_sysdir)
CHIP=/dev/$(sim_chip)
PULL=$S/sim_gpio27/pull       # the daemon's button
LEDV=$S/sim_gpio17/value      # the daemon's LED
FLOOR_OUT=5                   # raw libgpiod output line
FLOOR_IN=6                    # raw libgpiod edge-event line
FLOOR_PULL=$S/sim_gpio$FLOOR_IN/pull
SF_LED=7                      # LED line of the state-file instance
NOOP_LINE=10                  # output line of /dev/noop-led-gpio
PULLB=$S/sim_gpio9/pull       # the baseline daemon's button
LEDVB=$S/sim_gpio8/value      # the baseline daemon's LED

rec meta.kernel "$(uname -r)"
rec meta.cpus "$(nproc)"
rec meta.cpu "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' _)"
rec meta.clocksource "$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

wait_dev() {
    for _ in $(seq 100); do [ -e "/dev/$1" ] && return 0; sleep 0.1; done
    echo "bench: /dev/$1 did not appear"; exit 1
}
"$B/bench/noop-cuse" noop-led >"$LED_VM_LOGDIR/noop-cuse.log" 2>&1 &
NOOP=$!
"$B/bench/noop-cuse" --mt noop-led-mt >"$LED_VM_LOGDIR/noop-cuse-mt.log" 2>&1 &
NOOPMT=$!
"$B/bench/noop-cuse" --sd-event noop-led-sde >"$LED_VM_LOGDIR/noop-cuse-sde.log" 2>&1 &
NOOPSDE=$!
"$B/bench/noop-cuse" --gpio "$CHIP" "$NOOP_LINE" noop-led-gpio >"$LED_VM_LOGDIR/noop-cuse-gpio.log" 2>&1 &
NOOPGPIO=$!
"$DAEMON" -l GPIO17 -b GPIO27 --debounce=0 -q >"$LED_VM_LOGDIR/led-cuse.log" 2>&1 &
LED=$!
DEVS="led:led noop:noop-led noopmt:noop-led-mt noopsde:noop-led-sde"
if [ -n "$BASE" ]; then
    "$BASE" -l "$CHIP:8" -b "$CHIP:9" -n ledbase --debounce=0 -q >"$LED_VM_LOGDIR/led-cuse-base.log" 2>&1 &
    LEDBASE=$!
    DEVS+=" base:ledbase"
fi
# Writes are also timed against the no-op that sets a line.
WDEVS="$DEVS noopgpio:noop-led-gpio"
devs_for() { if [ "$1" = write ]; then echo "$WDEVS"; else echo "$DEVS"; fi; }
for d in $WDEVS; do wait_dev "${d#*:}"; done
sleep 1

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }          # KiB
ctxt() { awk '/^voluntary_ctxt_switches:/ { v = $2 } /^nonvoluntary_ctxt_switches:/ { n = $2 } END { print v + n }' "/proc/$1/status"; }
vctxt() { awk '/^voluntary_ctxt_switches:/ { print $2 }' "/proc/$1/status"; } # sleeps: its own wake-ups
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }                 # clock ticks
oncpu() { awk '{ print $1 }' "/proc/$1/schedstat"; }                  # ns on a CPU

# (5) idle cost, before any client ever opened the devices
rec rss.start "$(rss "$LED")"
rec rss.noop.start "$(rss "$NOOP")"
c0=$(ctxt "$LED") u0=$(cpu "$LED") n0=$(ctxt "$NOOP") m0=$(cpu "$NOOP")
sleep "$IDLE"
rec idle.ctxt "$(( $(ctxt "$LED") - c0 ))"
rec idle.cpu_ticks "$(( $(cpu "$LED") - u0 ))"
rec idle.noop.ctxt "$(( $(ctxt "$NOOP") - n0 ))"
rec idle.noop.cpu_ticks "$(( $(cpu "$NOOP") - m0 ))"
rec idle.seconds "$IDLE"
rec meta.clk_tck "$(getconf CLK_TCK)"

# (9) the same over IDLE s with each trigger of BENCH_TRIGGERS running (its
# words after "trigger", ";"-separated; a kind the daemon refuses, e.g. not
# built in, is recorded as skipped): a sampled trigger costs its documented
# rate, a quiet event-driven one nothing. The voluntary switches alone are
# the daemon's own wake-ups (the others: preempted while it ran). Also the
# time on a CPU (schedstat, ns): finer than utime+stime's clock ticks.
# lo carries the netdev rows: up, so that it has carrier (the guest's init
# leaves it down); with tx, the daemon then samples it.
ip link set lo up 2>/dev/null || true
IFS=';' read -ra TRIGGERS <<<"${BENCH_TRIGGERS:-cpu;disk;netdev lo link;netdev lo link tx}"
for t in "${TRIGGERS[@]}"; do
    key=${t// /_}
    if ! echo "trigger $t" >/dev/led 2>/dev/null; then
        rec "trig.$key.skipped" 1
        continue
    fi
    sleep 1 # the write's own wake-ups are over
    c0=$(ctxt "$LED") v0=$(vctxt "$LED") u0=$(cpu "$LED") s0=$(oncpu "$LED")
    sleep "$IDLE"
    rec "trig.$key.ctxt" "$(( $(ctxt "$LED") - c0 ))"
    rec "trig.$key.vctxt" "$(( $(vctxt "$LED") - v0 ))"
    rec "trig.$key.cpu_ticks" "$(( $(cpu "$LED") - u0 ))"
    rec "trig.$key.oncpu_us" "$(( ($(oncpu "$LED") - s0) / 1000 ))"
done
echo "trigger none" >/dev/led
if [ -n "${BENCH_TRIGGERS_ONLY:-}" ]; then
    kill "$LED" "$NOOP" "$NOOPMT" "$NOOPSDE" "$NOOPGPIO" ${LEDBASE:-} 2>/dev/null || true
    echo "bench: done (BENCH_TRIGGERS_ONLY)"
    exit 0
fi

# Warm-up: under TCG the first operations run through freshly translated code.
for op in write ioctl orc; do
    for d in $(devs_for $op); do "$CLIENT" ops $op "/dev/${d#*:}" 0.5 2 >/dev/null; done
done

# (1)-(3) round trips at every client count, the four devices interleaved
# so that drift hits them alike. Sample: "OPS_PER_S FAILED_OPS".
for r in $(seq "$REPS"); do
    for op in write ioctl orc; do
        for p in $CLIENTS; do
            echo "bench: $op x $p clients, repetition $r/$REPS"
            for d in $(devs_for $op); do
                rec "tp.$op.$p.${d%%:*}" $("$CLIENT" ops $op "/dev/${d#*:}" "$SECS" "$p")
            done
        done
    done
    rec write.gpiod "$("$CLIENT" gpiod-set "$CHIP" "$FLOOR_OUT" "$SECS")"
done

# (4) system calls of the daemon per button press, counted by strace -c
# (counts, not times: strace slows the daemon down but does not change what
# it calls): with no client, then with a thread parked in WAIT_EVENT.
# strace_calls PREFIX LOG PID CLIENT-ARGS...: the system calls of PID while
# bench-client runs CLIENT-ARGS, recorded as "PREFIX.call.NAME COUNT".
strace_calls() {
    local prefix=$1 log=$2 pid=$3 st
    shift 3
    strace -c -f -o "$log" -p "$pid" 2>/dev/null &
    st=$!
    sleep 1 # attached
    "$CLIENT" "$@" >/dev/null
    kill -INT "$st"
    wait "$st" || true
    awk -v k="$prefix.call" '$NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ { print k, $NF, $4 }' "$log" |
        while read -r kk name n; do rec "$kk.$name" "$n"; done
}
count_syscalls() { # KEY PID CLIENT-ARGS...
    local key=$1 pid=$2
    shift 2
    strace_calls "sys.$key" "$R/strace-$key.txt" "$pid" "$@"
    rec "sys.$key.presses" "$PRESSES"
}
# ... and per round trip, led-cuse against the no-op on libfuse's loop: where
# the time of a missed throughput goal goes (one client, SYSOPS operations).
SYSOPS=${BENCH_SYSOPS:-500}
for op in write ioctl orc; do
    targets="led:$LED:led noop:$NOOP:noop-led"
    [ "$op" != write ] || targets+=" noopgpio:$NOOPGPIO:noop-led-gpio"
    for t in $targets; do
        IFS=: read -r key pid dev <<<"$t"
        strace_calls "sysop.$op.$key" "$R/strace-op-$op-$key.txt" "$pid" count $op "/dev/$dev" "$SYSOPS"
        rec "sysop.$op.$key.ops" "$SYSOPS"
    done
done
TR=/sys/kernel/tracing
grep -q " $TR tracefs " /proc/mounts || mount -t tracefs nodev "$TR"
echo mono >"$TR/trace_clock"
echo 'get == 0' >"$TR/events/gpio/gpio_value/filter"
echo 1 >"$TR/events/gpio/gpio_value/enable"
echo 1 >"$TR/tracing_on"
TP=$TR/trace_pipe
count_syscalls nowait "$LED" latency led "$PULL" "$PRESSES" "$LEDV" "$TP"
count_syscalls wait "$LED" latency wait "$PULL" "$PRESSES" /dev/led
if [ -n "$BASE" ]; then
    count_syscalls base.nowait "$LEDBASE" latency led "$PULLB" "$PRESSES" "$LEDVB" "$TP"
    count_syscalls base.wait "$LEDBASE" latency wait "$PULLB" "$PRESSES" /dev/ledbase
fi

# (4) button latency; every sample also kept for the distribution picture.
# When a line is set is taken from the kernel's gpio_value trace event
# (trace clock "mono" = CLOCK_MONOTONIC, the clock of the press time stamp),
# so no reader spins on a vCPU and on gpio-sim's lock while the daemon
# works; the busy sysfs reader of earlier runs is kept as "_sysfs".
for r in $(seq "$REPS"); do
    echo "bench: latency, repetition $r/$REPS"
    c0=$(oncpu "$LED")
    rec lat.wait $(BENCH_LAT_SAMPLES=$R/lat-wait.txt "$CLIENT" latency wait "$PULL" "$PRESSES" /dev/led)
    # The daemon's own CPU time per press (edge read, LED set, the reply).
    rec lat.wait.daemon_cpu_us "$(( ($(oncpu "$LED") - c0) / 1000 / PRESSES ))"
    rec lat.poll $(BENCH_LAT_SAMPLES=$R/lat-poll.txt "$CLIENT" latency poll "$PULL" "$PRESSES" /dev/led)
    rec lat.led $(BENCH_LAT_SAMPLES=$R/lat-led.txt "$CLIENT" latency led "$PULL" "$PRESSES" "$LEDV" "$TP")
    rec lat.gpiod $(BENCH_LAT_SAMPLES=$R/lat-gpiod.txt "$CLIENT" latency gpiod "$FLOOR_PULL" "$PRESSES" "$CHIP" "$FLOOR_IN")
    rec lat.follow $(BENCH_LAT_SAMPLES=$R/lat-follow.txt "$CLIENT" latency follow "$FLOOR_PULL" "$PRESSES" \
        "$CHIP" "$FLOOR_IN" "$FLOOR_OUT" "$S/sim_gpio$FLOOR_OUT/value" "$TP")
    rec lat.led_sysfs $(BENCH_LAT_SAMPLES=$R/lat-led_sysfs.txt "$CLIENT" latency led "$PULL" "$PRESSES" "$LEDV")
    rec lat.follow_sysfs $(BENCH_LAT_SAMPLES=$R/lat-follow_sysfs.txt "$CLIENT" latency follow "$FLOOR_PULL" \
        "$PRESSES" "$CHIP" "$FLOOR_IN" "$FLOOR_OUT" "$S/sim_gpio$FLOOR_OUT/value")
    if [ -n "$BASE" ]; then
        rec lat.base.wait $(BENCH_LAT_SAMPLES=$R/lat-base.wait.txt "$CLIENT" latency wait "$PULLB" "$PRESSES" /dev/ledbase)
        rec lat.base.poll $(BENCH_LAT_SAMPLES=$R/lat-base.poll.txt "$CLIENT" latency poll "$PULLB" "$PRESSES" /dev/ledbase)
        rec lat.base.led $(BENCH_LAT_SAMPLES=$R/lat-base.led.txt "$CLIENT" latency led "$PULLB" "$PRESSES" "$LEDVB" "$TP")
    fi
done

# (8) state-file writes under a burst of toggles: a second instance with
# --state-file, under strace limited by seccomp to rename() (the last step of
# every save), so the daemon runs at nearly full speed.
SF=/run/bench-led-state
rm -f "$SF"
strace -f -qq --seccomp-bpf -ttt -e trace=rename,renameat,renameat2 -o "$R/strace-state.txt" \
    "$DAEMON" -l "$CHIP:$SF_LED" -n ledsf --state-file="$SF" -q >"$LED_VM_LOGDIR/led-cuse-sf.log" 2>&1 &
SFPID=$!
wait_dev ledsf
sleep 1
t0=$(date +%s.%N)
burst=$("$CLIENT" toggles /dev/ledsf "$TOGGLES")
sleep 3 # a coalescing save timer fires after the burst
t1=$(date +%s.%N)
kill "$(pgrep -P "$SFPID")" # the daemon; strace then exits with it
wait "$SFPID" || true
rec state.toggles "$TOGGLES"
rec state.burst_seconds "$burst"
rec state.window "$t0" "$t1"
grep -E 'rename(at2?)?\(' "$R/strace-state.txt" | grep -F "$SF" | awk '{ print $2 }' >"$R/state-writes.txt" || true
rec state.writes "$(wc -l <"$R/state-writes.txt")"

# (6) memory after MIXED mixed operations, twice (growth between the two)
rec rss.before_mixed "$(rss "$LED")"
"$CLIENT" count mixed /dev/led "$MIXED" >/dev/null
rec rss.after_mixed "$(rss "$LED")"
"$CLIENT" count mixed /dev/led "$MIXED" >/dev/null
rec rss.after_mixed2 "$(rss "$LED")"
rec rss.noop.end "$(rss "$NOOP")"
rec fds.end "$(ls "/proc/$LED/fd" | wc -l)"

# Where the time goes: a profile of the daemon under 32 write clients.
if [ -n "${BENCH_PROFILE:-}" ] && command -v perf >/dev/null; then
    perf record -q -g -o "$R/perf.data" -p "$LED" -- sleep 3 >/dev/null 2>&1 &
    PERF=$!
    sleep 0.5
    "$CLIENT" ops write /dev/led 2 32 >/dev/null
    wait "$PERF" || true
    perf report -i "$R/perf.data" --no-children --stdio --percent-limit 2 \
        >"$R/perf-report.txt" 2>/dev/null || true
fi

# Where a press's time goes: a kernel trace of 5 presses per path (wake-ups,
# context switches, system calls, the line set); bench/press-timeline.py
# turns each into a timeline.
if [ -n "${BENCH_PROFILE:-}" ]; then
    echo 20000 >"$TR/buffer_size_kb"
    for e in sched/sched_switch sched/sched_wakeup irq/irq_handler_entry raw_syscalls/sys_enter \
             raw_syscalls/sys_exit; do
        echo 1 >"$TR/events/$e/enable"
    done
    echo 0 >"$TR/events/gpio/gpio_value/filter" # no filter: the get events too
    trace_presses() { # NAME bench-client latency arguments...
        local name=$1
        shift
        echo >"$TR/trace"
        echo 1 >"$TR/tracing_on"
        "$CLIENT" latency "$@" >/dev/null
        echo 0 >"$TR/tracing_on"
        cp "$TR/trace" "$R/trace-press-$name.txt"
    }
    trace_presses wait wait "$PULL" 5 /dev/led
    trace_presses poll poll "$PULL" 5 /dev/led
    trace_presses gpiod gpiod "$FLOOR_PULL" 5 "$CHIP" "$FLOOR_IN"
    echo 0 >"$TR/events/enable"
fi

kill "$LED" "$NOOP" "$NOOPMT" "$NOOPSDE" "$NOOPGPIO" ${LEDBASE:-} 2>/dev/null || true
echo "bench: done"
