#!/usr/bin/env python3
"""bench/report.py RESULTS OUTDIR LABEL: the table, the JSON and the pictures of bench/run.

RESULTS is the VM's result directory: bench-raw.txt holds "KEY VALUE..." lines
written by bench/vm-bench.sh, one per sample; lat-*.txt every latency sample.
Every figure is the median of its samples, printed beside its floor as a ratio
(figure / floor, so that > 1 means slower or costlier than the floor; for
throughputs the ratio is floor_ops / ops, the time per operation). Writes
OUTDIR/latest.json (and the idle and trigger costs alone to OUTDIR/triggers.json;
with BENCH_TRIGGERS_ONLY nothing else), and OUTDIR/scaling.svg and OUTDIR/latency.svg with gnuplot.
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

res_dir, out_dir, label = sys.argv[1:4]
samples, meta = {}, {}
for line in open(os.path.join(res_dir, "bench-raw.txt")):
    parts = line.split()
    if not parts:
        continue
    key, vals = parts[0], parts[1:]
    if key.startswith("meta."):
        meta[key[5:]] = " ".join(vals).replace("_", " ")
        continue
    samples.setdefault(key, []).append([float(v) for v in vals])


def med(key, col=0):
    return statistics.median(s[col] for s in samples[key])


def has(key):
    return key in samples


def paired(num, den, col=0):
    """Median over the runs of num/den, each run's two samples taken minutes
    apart at most: on a shared host the load drifts, and a ratio of samples
    taken side by side cancels more of it than a ratio of medians."""
    pairs = list(zip(samples[num], samples[den]))
    return statistics.median(a[col] / b[col] for a, b in pairs if b[col] > 0)


# --- (9) the daemon's wake-ups and CPU time with each trigger running, against
# what the kernel's own trigger does; also written alone to OUTDIR/triggers.json ---
TRIGGERS = (
    ("cpu", "cpu", 10, "ledtrig-cpu: sets the LED on every idle entry and exit of a CPU, from the idle loop "
                       "where the architecture hooks it (32-bit ARM) (no timer; as often as the CPUs go idle)"),
    ("disk", "disk", 10, "ledtrig-disk: a 30 ms on, 30 ms off blink per request (timers only while there is I/O)"),
    ("netdev_lo_link", "netdev lo link", 0, "ledtrig-netdev: link from netdevice notifier events (0 while quiet); "
                                            "its 50 ms interval work runs only with tx/rx"),
    ("netdev_lo_link_tx", "netdev lo link tx", 10, "ledtrig-netdev with tx: a work item every 2 x 50 ms "
                                                   "re-reads the counters (dev_get_stats) while the link is up"),
)


def trigger_costs():
    secs = statistics.median(s[0] for s in samples["idle.seconds"])
    tck = float(meta.get("clk_tck", 100))
    idle = statistics.median(s[0] for s in samples["idle.ctxt"]) / secs
    out = [dict(trigger="none", spec="", switches_per_s=idle, wakeups_per_s=idle,
                cpu_ms_per_s=statistics.median(s[0] for s in samples["idle.cpu_ticks"]) * 1000 / tck / secs,
                oncpu_ms_per_s=None, goal_per_s=0, kernel="no trigger")]
    for key, spec, rate, kernel in TRIGGERS:
        if f"trig.{key}.ctxt" not in samples:
            out.append(dict(trigger=key, spec=spec, skipped=True, kernel=kernel))
            continue
        m = lambda k: statistics.median(s[0] for s in samples[f"trig.{key}.{k}"])  # noqa: E731
        out.append(dict(trigger=key, spec=spec, switches_per_s=m("ctxt") / secs,
                        wakeups_per_s=m("vctxt") / secs if f"trig.{key}.vctxt" in samples else m("ctxt") / secs,
                        cpu_ms_per_s=m("cpu_ticks") * 1000 / tck / secs, oncpu_ms_per_s=m("oncpu_us") / 1000 / secs,
                        goal_per_s=rate, kernel=kernel))
    for t in out:
        # Quiet (none, an event-driven trigger): 0 is the goal. A sampled one
        # costs its rate of loop wake-ups by design: reported, no goal.
        t["met"] = None if t.get("skipped") or t["goal_per_s"] else t["wakeups_per_s"] == 0
    return secs, out


def print_trigger_costs(secs, costs):
    print(f"(9) the daemon with a trigger running, {secs:.0f} s each after the write, medians of "
          f"{len(samples['idle.seconds'])} runs; wake-ups: voluntary context switches, switches: voluntary + "
          "nonvoluntary (/proc/PID/status), CPU: utime+stime (/proc/PID/stat), on-CPU: schedstat")
    for t in costs:
        if t.get("skipped"):
            print(f"  trigger {t['spec']}: not measured (the daemon refused it: kind not built in)")
            continue
        on = "-" if t["oncpu_ms_per_s"] is None else f"{t['oncpu_ms_per_s']:.2f}"
        goal = (f"samples {t['goal_per_s']}/s" if t["met"] is None else
                f"goal 0, {'met' if t['met'] else 'NO'}")
        print(f"  trigger {t['spec'] or 'none':15} {t['wakeups_per_s']:6.1f} wake-ups/s ({goal})  "
              f"{t['switches_per_s']:6.1f} switches/s  CPU {t['cpu_ms_per_s']:.2f} ms/s  on-CPU {on} ms/s")
    for t in costs[1:]:
        print(f"  kernel's {t['trigger']}: {t['kernel']}")


if "idle.seconds" in samples:
    trig_secs, trig_costs = trigger_costs()
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "triggers.json"), "w") as f:
        json.dump(dict(label=label, date=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                       vm=dict(kernel=meta.get("kernel"), cpus=meta.get("cpus"), accel="tcg"),
                       seconds=trig_secs, triggers=trig_costs,
                       samples={k: v for k, v in samples.items() if k.startswith(("idle.", "trig."))}), f, indent=1)
    if "tp.write.1.led" not in samples:  # BENCH_TRIGGERS_ONLY
        print()
        print(f"led-cuse benchmark, {label}, {meta.get('kernel', '?')} in qemu TCG, {meta.get('cpus', '?')} vCPUs")
        print()
        print_trigger_costs(trig_secs, trig_costs)
        print(f"bench/report.py: wrote {os.path.join(out_dir, 'triggers.json')}")
        sys.exit(0)

OPS = (("write", "write 1/0"), ("ioctl", "ioctl GET_STATE"), ("orc", "open+read+close"))
DEVS = (("led", "led-cuse"), ("noop", "no-op, libfuse loop"), ("noopmt", "no-op, libfuse MT loop"),
        ("noopsde", "no-op, sd-event loop"), ("noopgpio", "no-op setting a line, libfuse loop (writes)"),
        ("base", "led-cuse before (BENCH_BASELINE)"))
before = any(k.startswith("tp.") and k.endswith(".base") for k in samples)
clients = sorted({int(k.split(".")[2]) for k in samples if k.startswith("tp.")})
TP_GOAL = 1.05

# --- scaling table: every operation at every client count, against the floors ---
scaling = []
for op, op_label in OPS:
    for p in clients:
        k = f"tp.{op}.{p}."
        if not has(k + "led"):
            continue
        ent = dict(op=op, operation=op_label, clients=p)
        for dev, _ in DEVS:
            if has(k + dev):
                ent[dev] = med(k + dev)
                ent[dev + "_failed"] = sum(s[1] for s in samples[k + dev] if len(s) > 1)
        ent["ratio"] = paired(k + "noop", k + "led")
        ent["ratio_mt"] = paired(k + "noopmt", k + "led") if "noopmt" in ent else None
        ent["ratio_sde"] = paired(k + "noopsde", k + "led") if "noopsde" in ent else None
        # Writes: against the no-op that also sets a line, the like-for-like floor.
        ent["ratio_line"] = paired(k + "noopgpio", k + "led") if "noopgpio" in ent else None
        ent["ratio_before"] = paired(k + "noop", k + "base") if "base" in ent else None
        ent["spread"] = [min(x[0] for x in samples[k + "led"]), max(x[0] for x in samples[k + "led"])]
        ent["met"] = ent["ratio"] <= TP_GOAL
        scaling.append(ent)

rows = []


def row(name, unit, value, floor_name, floor, ratio, goal, met, note=""):
    rows.append(dict(name=name, unit=unit, value=value, floor_name=floor_name, floor=floor,
                     ratio=ratio, goal=goal, met=met, note=note))


if has("write.gpiod"):
    g, led = med("write.gpiod"), med("tp.write.1.led")
    row("(1) write vs raw libgpiod set, 1 client", "ops/s", led, "raw libgpiod", g, g / led, "info", None)

failed = {p: sum(e.get("led_failed", 0) for e in scaling if e["clients"] == p) for p in clients}
for p in clients:
    if p >= 32:
        row(f"(1-3) failed operations, {p} clients", "ops", failed[p], "", None, None, "0", failed[p] == 0)

floor_med, floor_p99 = med("lat.gpiod", 0), med("lat.gpiod", 1)
for k, lbl in (("led", "(4a) press -> LED line set"), ("wait", "(4b) press -> WAIT_EVENT returns"),
               ("poll", "(4b) press -> poll() wakes")):
    m, p99 = med("lat." + k, 0), med("lat." + k, 1)
    rm, rp = paired("lat." + k, "lat.gpiod", 0), paired("lat." + k, "lat.gpiod", 1)
    row(lbl + " median", "us", m, "raw edge event", floor_med, rm, "<= 2.00", rm <= 2.0)
    row(lbl + " p99", "us", p99, "raw edge event", floor_p99, rp, "report", None)
    if has("lat.base." + k):
        m, p99 = med("lat.base." + k, 0), med("lat.base." + k, 1)
        rm, rp = paired("lat.base." + k, "lat.gpiod", 0), paired("lat.base." + k, "lat.gpiod", 1)
        row(lbl + " median, before", "us", m, "raw edge event", floor_med, rm, "info", None)
        row(lbl + " p99, before", "us", p99, "raw edge event", floor_p99, rp, "info", None)

if has("lat.follow"):
    # Like for like with (4a): a raw libgpiod process that sets a line on each
    # edge, timed the same way; what any userspace follower pays.
    m, p99 = med("lat.follow", 0), med("lat.follow", 1)
    row("(4a') raw libgpiod follower: press -> line median", "us", m, "raw edge event", floor_med,
        paired("lat.follow", "lat.gpiod", 0), "info", None)
    row("(4a) press -> LED line median vs the follower", "us", med("lat.led", 0), "raw follower", m,
        paired("lat.led", "lat.follow", 0), "info", None)
# The method of runs before 2026-12-05: a busy sysfs reader sees the line
# change, spinning on a vCPU and on gpio-sim's lock while the daemon works.
for k, lbl in (("led_sysfs", "(4a-sysfs) press -> LED line seen by a busy sysfs reader"),
               ("follow_sysfs", "(4a'-sysfs) follower -> line seen by a busy sysfs reader")):
    if has("lat." + k):
        row(lbl + ", median", "us", med("lat." + k, 0), "raw edge event", floor_med,
            paired("lat." + k, "lat.gpiod", 0), "info", None)
if has("lat.wait.daemon_cpu_us"):
    row("(4) daemon CPU time per press", "us", med("lat.wait.daemon_cpu_us"), "", None, None, "info", None)

syscalls = {}
for path in ("nowait", "wait", "base.nowait", "base.wait"):
    if not has(f"sys.{path}.presses"):
        continue
    n = med(f"sys.{path}.presses")
    pre = f"sys.{path}.call."
    calls = {k[len(pre):]: med(k) / n for k in samples if k.startswith(pre)}
    syscalls[path] = dict(sorted(calls.items(), key=lambda kv: -kv[1]))
    total = sum(calls.values())
    listing = ", ".join(f"{c} {v:.2f}" for c, v in syscalls[path].items())
    what = "no waiter" if path.endswith("nowait") else "a WAIT_EVENT waiter"
    if path == "nowait":
        row(f"(4c) daemon system calls per press, {what}", "calls", total, "", None, None, "<= 4", total <= 4.0 + 1e-9,
            listing)
    else:
        row(f"(4c) daemon system calls per press, {what}{', before' if path.startswith('base') else ''}", "calls",
            total, "", None, None, "info", None, listing)

# system calls per round trip (one client), led-cuse vs the no-op on libfuse's loop
sysops = {}
for op, op_label in OPS:
    for dev in ("led", "noop", "noopgpio"):
        k = f"sysop.{op}.{dev}"
        if not has(k + ".ops"):
            continue
        n = med(k + ".ops")
        calls = {c[len(k) + 6:]: med(c) / n for c in samples if c.startswith(k + ".call.")}
        sysops.setdefault(op, {})[dev] = dict(sorted(calls.items(), key=lambda kv: -kv[1]))

state = None
if has("state.writes"):
    toggles, burst, writes = med("state.toggles"), med("state.burst_seconds"), med("state.writes")
    stamps = []
    p = os.path.join(res_dir, "state-writes.txt")
    if os.path.exists(p):
        stamps = sorted(float(x) for x in open(p) if x.strip())
    busiest = max((sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps), default=0)
    state = dict(toggles=toggles, burst_seconds=burst, writes=writes, busiest_second=busiest)
    row(f"(8) state-file writes, {toggles:.0f} toggles in {burst:.2f} s (+3 s)", "writes", writes, "", None, None,
        "info", None)
    row("(8) state-file writes in the busiest second", "writes/s", busiest, "", None, None, "<= 1 per interval",
        busiest <= 1)

secs = med("idle.seconds")
tck = float(meta.get("clk_tck", 100))
row("(5) idle wakeups (context switches)", f"/{secs:.0f}s", med("idle.ctxt"), "no-op CUSE",
    med("idle.noop.ctxt"), None, "0", med("idle.ctxt") == 0)
row("(5) idle CPU time", f"ms/{secs:.0f}s", med("idle.cpu_ticks") * 1000 / tck, "no-op CUSE",
    med("idle.noop.cpu_ticks") * 1000 / tck, None, "0", med("idle.cpu_ticks") == 0)

rss0, noop_rss = med("rss.start"), med("rss.noop.start")
row("(6) RSS after start", "KiB", rss0, "no-op CUSE", noop_rss, rss0 / noop_rss, "<= 4096 KiB", rss0 <= 4096)
if has("rss.before_mixed"):
    # after every round trip, latency and syscall run above
    tp_ops = sum(x[0] for k, v in samples.items() if k.startswith("tp.") and k.endswith(".led") for x in v)
    secs_tp = float(meta.get("seconds", 0)) or None
    r = med("rss.before_mixed")
    row("(6) RSS after the round-trip and latency runs", "KiB", r, "RSS after start", rss0, r / rss0, "<= 4096 KiB",
        r <= 4096)
if has("rss.after_mixed2"):
    rss1, rss2 = med("rss.after_mixed"), med("rss.after_mixed2")
    row("(6) RSS after 100 000 mixed ops", "KiB", rss1, "RSS after start", rss0, rss1 / rss0, "<= 4096 KiB",
        rss1 <= 4096)
    row("(6) RSS growth, 2nd 100 000 mixed ops", "KiB", rss2 - rss1, "", None, None, "0", rss2 - rss1 <= 0)
else:
    row("(6) RSS over 200 000 mixed ops", "KiB", None, "", None, None, "not measured in this run", None)


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}" if v != int(v) else f"{v:.0f}"


def print_table(hdr, body, left):
    table = [hdr] + body
    w = [max(len(str(t[i])) for t in table) for i in range(len(hdr))]
    for i, t in enumerate(table):
        print("  ".join(str(c).ljust(w[j]) if j in left else str(c).rjust(w[j]) for j, c in enumerate(t)).rstrip())
        if i == 0:
            print("  ".join("-" * x for x in w))


def r2(v):
    return "-" if v is None else f"{v:.2f}"


print()
print(f"led-cuse benchmark, {label}, {meta.get('kernel', '?')} in qemu TCG, {meta.get('cpus', '?')} vCPUs "
      f"({meta.get('cpu', '?')}, clocksource {meta.get('clocksource', '?')}); medians of "
      f"{len(samples['tp.write.1.led'])} runs")
print()
print_table(("operation", "clients", "led-cuse ops/s", "no-op ops/s", "ratio", f"<= {TP_GOAL:.2f}",
             "no-op MT ops/s", "ratio MT", "no-op sd-event", "ratio sde", "no-op+line", "ratio line", "failed")
            + (("before ops/s", "ratio before") if before else ()),
            [(e["operation"], e["clients"], fmt(e["led"]), fmt(e["noop"]), r2(e["ratio"]),
              "met" if e["met"] else "MISSED", fmt(e.get("noopmt")), r2(e["ratio_mt"]), fmt(e.get("noopsde")),
              r2(e["ratio_sde"]), fmt(e.get("noopgpio")), r2(e["ratio_line"]), fmt(e.get("led_failed", 0)))
             + ((fmt(e.get("base")), r2(e["ratio_before"])) if before else ()) for e in scaling],
            (0,))
print("ratio: time per operation of led-cuse over the no-op's (floor ops/s / led-cuse ops/s), the median over the")
print("runs of the ratio of samples taken side by side; ops/s: medians; no-op: libfuse's")
print("single-threaded fuse_session_loop; MT: fuse_session_loop_mt; sde: an sd-event loop, one request per wake-up;")
print("line: the no-op on libfuse's loop that sets a GPIO line on each write (writes only)"
      + ("; before: the BENCH_BASELINE daemon in the same run" if before else ""))
print()
body = []
for r in rows:
    met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
    body.append((r["name"], fmt(r["value"]), r["unit"], r["floor_name"], fmt(r["floor"]),
                 "-" if r["ratio"] is None else f"{r['ratio']:.2f}", r["goal"], met))
print_table(("figure", "led-cuse", "unit", "floor", "floor value", "ratio", "goal", "met"), body, (0, 2, 3, 6))
print()
print_trigger_costs(trig_secs, trig_costs)
SYSOP_NAMES = dict(led="led-cuse", noop="no-op", noopgpio="no-op setting a line")
for op, per in sysops.items():
    print(f"system calls per {op} round trip, one client: "
          + "; ".join(f"{SYSOP_NAMES[d]} {sum(c.values()):.2f} ("
                      + ", ".join(f"{n} {v:.2f}" for n, v in c.items()) + ")" for d, c in per.items()))
for path, calls in syscalls.items():
    print(f"system calls per press ({'no waiter' if path.endswith('nowait') else 'one WAIT_EVENT waiter'}"
          f"{', before' if path.startswith('base') else ''}): " + ", ".join(f"{c} {v:.2f}" for c, v in calls.items()))

os.makedirs(out_dir, exist_ok=True)
out = dict(label=label, date=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           host=platform.node(), vm=dict(kernel=meta.get("kernel"), cpus=meta.get("cpus"), cpu=meta.get("cpu"),
                                         clocksource=meta.get("clocksource"), accel="tcg"),
           scaling=scaling, figures=rows, triggers=trig_costs, syscalls_per_press=syscalls, syscalls_per_op=sysops, state_file=state, samples=samples)
with open(os.path.join(out_dir, "latest.json"), "w") as f:
    json.dump(out, f, indent=1)
print(f"bench/report.py: wrote {os.path.join(out_dir, 'latest.json')}")

# --- pictures ---
if not shutil.which("gnuplot"):
    print("bench/report.py: no gnuplot (scripts/setup-deps.sh installs it): no pictures", file=sys.stderr)
    sys.exit(0)
tmp = tempfile.mkdtemp(prefix="led-bench-")
with open(os.path.join(tmp, "scaling.dat"), "w") as f:
    for op, _ in OPS:
        f.write(f"# {op}\n")
        for e in (e for e in scaling if e["op"] == op):
            f.write(" ".join(str(e.get(d, "NaN")) for d in ("clients", "led", "noop", "noopmt", "noopsde", "base", "noopgpio"))
                    + "\n")
        f.write("\n\n")
lat_files = []
for k, title in (("gpiod", "raw edge reader (floor)"), ("follow", "raw libgpiod follower -> line set"),
                 ("led", "press -> LED line set"),
                 ("led_sysfs", "press -> LED line, busy sysfs reader"),
                 ("wait", "press -> WAIT_EVENT"), ("poll", "press -> poll()"),
                 ("base.led", "press -> LED line, before"), ("base.wait", "press -> WAIT_EVENT, before"),
                 ("base.poll", "press -> poll(), before")):
    p = os.path.join(res_dir, f"lat-{k}.txt")
    if not os.path.exists(p):
        continue
    vals = sorted(float(x) for x in open(p) if x.strip())
    with open(os.path.join(tmp, f"lat-{k}.dat"), "w") as f:
        for i, v in enumerate(vals):
            f.write(f"{v} {(i + 1) / len(vals)}\n")
    lat_files.append((k, title))
plot = [
    "set terminal svg size 1200,420 dynamic font 'sans,11' background rgb 'white'",
    f"set output '{os.path.join(out_dir, 'scaling.svg')}'",
    "set multiplot layout 1,3 title 'ops/s against client processes (TCG VM, medians; higher is better)'",
    "set logscale x 2", "set xtics (1, 8, 32, 128)", "set xlabel 'client processes'", "set ylabel 'ops/s'",
    "set grid", "set key bottom right font ',9'", "set yrange [0:*]",
]
for i, (op, op_label) in enumerate(OPS):
    plot.append(f"set title '{op_label}'")
    d = os.path.join(tmp, "scaling.dat")
    plot.append(f"plot '{d}' index {i} using 1:2 with linespoints lw 2 title 'led-cuse', "
                f"'' index {i} using 1:3 with linespoints dt 2 title 'no-op, libfuse loop', "
                f"'' index {i} using 1:4 with linespoints dt 3 title 'no-op, libfuse MT loop', "
                f"'' index {i} using 1:5 with linespoints dt 4 title 'no-op, sd-event loop'"
                + (f", '' index {i} using 1:7 with linespoints dt 6 title 'no-op setting a line'" if op == "write"
                   and any("noopgpio" in e for e in scaling) else "")
                + (f", '' index {i} using 1:6 with linespoints dt 5 title 'led-cuse before'" if before else ""))
plot += ["unset multiplot", "reset",
         "set terminal svg size 900,480 dynamic font 'sans,11' background rgb 'white'",
         f"set output '{os.path.join(out_dir, 'latency.svg')}'",
         "set title 'button press latency, cumulative distribution (TCG VM, all presses of all runs)'",
         "set logscale x", "set xlabel 'microseconds from the edge (write to the sim pull attribute)'",
         "set ylabel 'fraction of presses'", "set grid", "set key bottom right", "set yrange [0:1]"]
plot.append("plot " + ", ".join(f"'{os.path.join(tmp, f'lat-{k}.dat')}' using 1:2 with lines "
                                 f"lw {1 if k.startswith('base') else 2} dt {2 if k.startswith('base') else 1} "
                                 f"title '{t}'" for k, t in lat_files))
subprocess.run(["gnuplot"], input="\n".join(plot) + "\n", text=True, check=True)
shutil.rmtree(tmp)
print(f"bench/report.py: drew {os.path.join(out_dir, 'scaling.svg')} and {os.path.join(out_dir, 'latency.svg')}")
