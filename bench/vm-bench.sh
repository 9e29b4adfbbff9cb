#!/bin/bash
# vm-bench.sh: the benchmark's payload, run inside the led-cuse VM by
# bench/run (tests/vm/led-vm --script). Starts led-cuse on the gpio-sim chip
# (LED GPIO17, button GPIO27, --debounce=0) and the no-op CUSE devices
# /dev/noop-led (fuse_session_loop) and /dev/noop-led-sde (an sd-event loop
# like led-cuse's), measures, and writes raw samples as "KEY VALUE..." lines to
# $LED_VM_RESULTS/bench-raw.txt; bench/run turns them into the table and the
# JSON. Knobs (environment, passed through bench/run): BENCH_REPS (5),
# BENCH_SECONDS (2), BENCH_PRESSES (100), BENCH_MIXED (100000), BENCH_IDLE (10).
set -euo pipefail
. "$LED_VM_DIR/guest/lib/sim.sh"
B=$LED_CUSE_BUILD
CLIENT=$B/bench/bench-client
REPS=${BENCH_REPS:-5}
SECS=${BENCH_SECONDS:-2}
PRESSES=${BENCH_PRESSES:-100}
MIXED=${BENCH_MIXED:-100000}
IDLE=${BENCH_IDLE:-10}
OUT=$LED_VM_RESULTS/bench-raw.txt
: >"$OUT"
rec() { echo "$*" >>"$OUT"; echo "bench: $*"; }

S=$(sim_sysdir)
CHIP=/dev/$(sim_chip)
PULL=$S/sim_gpio27/pull       # the daemon's button
LEDV=$S/sim_gpio17/value      # the daemon's LED
FLOOR_OUT=5                   # raw libgpiod output line
FLOOR_IN=6                    # raw libgpiod edge-event line
FLOOR_PULL=$S/sim_gpio$FLOOR_IN/pull

rec meta.kernel "$(uname -r)"
rec meta.cpus "$(nproc)"
rec meta.cpu "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' _)"

"$B/bench/noop-cuse" noop-led >"$LED_VM_LOGDIR/noop-cuse.log" 2>&1 &
NOOP=$!
"$B/bench/noop-cuse" --sd-event noop-led-sde >"$LED_VM_LOGDIR/noop-cuse-sde.log" 2>&1 &
NOOPSDE=$!
start-led-cuse -l GPIO17 -b GPIO27 --debounce=0 -q
LED=$(cat /run/led-cuse.pid)
for _ in $(seq 100); do [ -e /dev/noop-led ] && [ -e /dev/noop-led-sde ] && break; sleep 0.1; done
[ -e /dev/noop-led ] || { echo "bench: /dev/noop-led did not appear"; exit 1; }
sleep 1

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }          # KiB
ctxt() { awk '/^voluntary_ctxt_switches:/ { v = $2 } /^nonvoluntary_ctxt_switches:/ { n = $2 } END { print v + n }' "/proc/$1/status"; }
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

# (1)-(3) round trips, interleaved so that drift hits both sides alike
for r in $(seq "$REPS"); do
    echo "bench: round trips, repetition $r/$REPS"
    rec write.led "$("$CLIENT" ops write /dev/led "$SECS" 1)"
    rec write.noop "$("$CLIENT" ops write /dev/noop-led "$SECS" 1)"
    rec write.noopsde "$("$CLIENT" ops write /dev/noop-led-sde "$SECS" 1)"
    rec write.gpiod "$("$CLIENT" gpiod-set "$CHIP" "$FLOOR_OUT" "$SECS")"
    rec ioctl.led "$("$CLIENT" ops ioctl /dev/led "$SECS" 1)"
    rec ioctl.noop "$("$CLIENT" ops ioctl /dev/noop-led "$SECS" 1)"
    rec ioctl.noopsde "$("$CLIENT" ops ioctl /dev/noop-led-sde "$SECS" 1)"
    rec orc.led "$("$CLIENT" ops orc /dev/led "$SECS" 1)"
    rec orc.noop "$("$CLIENT" ops orc /dev/noop-led "$SECS" 1)"
    rec orc.noopsde "$("$CLIENT" ops orc /dev/noop-led-sde "$SECS" 1)"
done

# (4) button latency
for r in $(seq "$REPS"); do
    echo "bench: latency, repetition $r/$REPS"
    c0=$(oncpu "$LED")
    rec lat.wait $("$CLIENT" latency wait "$PULL" "$PRESSES" /dev/led)
    # The daemon's own CPU time per press (edge read, LED set, the reply):
    # what it adds, as opposed to the kernel's wake-ups around it.
    rec lat.wait.daemon_cpu_us "$(( ($(oncpu "$LED") - c0) / 1000 / PRESSES ))"
    rec lat.poll $("$CLIENT" latency poll "$PULL" "$PRESSES" /dev/led)
    rec lat.led $("$CLIENT" latency led "$PULL" "$PRESSES" "$LEDV")
    rec lat.gpiod $("$CLIENT" latency gpiod "$FLOOR_PULL" "$PRESSES" "$CHIP" "$FLOOR_IN")
done

# (7) concurrency
for r in $(seq "$REPS"); do
    for p in 1 8 32; do
        echo "bench: concurrency $p, repetition $r/$REPS"
        rec "conc$p.led" "$("$CLIENT" ops mixed /dev/led "$SECS" "$p")"
        rec "conc$p.noop" "$("$CLIENT" ops mixed /dev/noop-led "$SECS" "$p")"
    done
done

# (6) memory after MIXED mixed operations, twice (growth between the two)
rec rss.before_mixed "$(rss "$LED")"
"$CLIENT" count mixed /dev/led "$MIXED" >/dev/null
rec rss.after_mixed "$(rss "$LED")"
"$CLIENT" count mixed /dev/led "$MIXED" >/dev/null
rec rss.after_mixed2 "$(rss "$LED")"
rec rss.noop.end "$(rss "$NOOP")"
rec fds.end "$(ls "/proc/$LED/fd" | wc -l)"

# Where the time goes: a profile of the daemon under the write loop.
if [ -n "${BENCH_PROFILE:-}" ] && command -v perf >/dev/null; then
    perf record -q -g -o "$LED_VM_RESULTS/perf.data" -p "$LED" -- sleep 3 >/dev/null 2>&1 &
    PERF=$!
    sleep 0.5
    "$CLIENT" ops write /dev/led 2 1 >/dev/null
    wait "$PERF" || true
    perf report -i "$LED_VM_RESULTS/perf.data" --no-children --stdio --percent-limit 2 \
        >"$LED_VM_RESULTS/perf-report.txt" 2>/dev/null || true
fi

kill "$NOOP" "$NOOPSDE" 2>/dev/null || true
echo "bench: done"
