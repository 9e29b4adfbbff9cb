#!/usr/bin/env python3
"""bench/report.py RAW JSON COMMIT: the table and the JSON of bench/run.

RAW holds "KEY VALUE..." lines written by bench/vm-bench.sh, one per sample;
every figure is the median of its samples, printed beside its floor as a
ratio (figure / floor, so that > 1 means slower or costlier than the floor;
for throughputs the ratio is floor_ops / ops, the time per operation).
"""
import json
import platform
import statistics
import sys
import time

raw_path, json_path, commit = sys.argv[1:4]
samples, meta = {}, {}
for line in open(raw_path):
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


rows = []


def row(name, unit, value, floor_name, floor, ratio, goal, met, note=""):
    rows.append(dict(name=name, unit=unit, value=value, floor_name=floor_name, floor=floor,
                     ratio=ratio, goal=goal, met=met, note=note,
                     samples=None))


def throughput(key, label, goal=1.10):
    led, noop = med(key + ".led"), med(key + ".noop")
    ratio = noop / led  # time per op, led-cuse over no-op
    row(label, "ops/s", led, "no-op CUSE", noop, ratio, f"<= {goal:.2f}", ratio <= goal)
    if key + ".noopsde" in samples:
        sde = med(key + ".noopsde")
        row(label + " (vs sd-event no-op)", "ops/s", led, "no-op, sd-event", sde, sde / led, "info", None)


throughput("write", "(1) write round trip")
if "write.gpiod" in samples:
    g = med("write.gpiod")
    led = med("write.led")
    row("(1) write vs raw libgpiod set", "ops/s", led, "raw libgpiod", g, g / led, "info", None)
throughput("ioctl", "(2) ioctl GET_STATE round trip")
throughput("orc", "(3) open+read+close")

floor_med, floor_p99 = med("lat.gpiod", 0), med("lat.gpiod", 1)
for k, label in (("led", "(4a) press -> LED line"), ("wait", "(4b) press -> WAIT_EVENT returns"),
                 ("poll", "(4b) press -> poll() wakes")):
    m, p = med("lat." + k, 0), med("lat." + k, 1)
    row(label + " median", "us", m, "raw edge event", floor_med, m / floor_med, "<= 2.00", m / floor_med <= 2.0)
    row(label + " p99", "us", p, "raw edge event", floor_p99, p / floor_p99, "report", None)

if "lat.wait.daemon_cpu_us" in samples:
    row("(4) daemon CPU time per press", "us", med("lat.wait.daemon_cpu_us"), "", None, None, "info", None)

secs = med("idle.seconds")
tck = float(meta.get("clk_tck", 100))
row("(5) idle wakeups (context switches)", f"/{secs:.0f}s", med("idle.ctxt"), "no-op CUSE",
    med("idle.noop.ctxt"), None, "0", med("idle.ctxt") == 0)
row("(5) idle CPU time", f"ms/{secs:.0f}s", med("idle.cpu_ticks") * 1000 / tck, "no-op CUSE",
    med("idle.noop.cpu_ticks") * 1000 / tck, None, "0", med("idle.cpu_ticks") == 0)

rss0, rss1, rss2 = med("rss.start"), med("rss.after_mixed"), med("rss.after_mixed2")
noop_rss = med("rss.noop.start")
row("(6) RSS after start", "KiB", rss0, "no-op CUSE", noop_rss, rss0 / noop_rss, "<= 4096 KiB", rss0 <= 4096)
row("(6) RSS after mixed ops", "KiB", rss1, "RSS after start", rss0, rss1 / rss0, "<= 4096 KiB", rss1 <= 4096)
row("(6) RSS growth, 2nd batch of mixed ops", "KiB", rss2 - rss1, "", None, None, "0", rss2 - rss1 <= 0)

for p in (1, 8, 32):
    led, noop = med(f"conc{p}.led"), med(f"conc{p}.noop")
    row(f"(7) mixed ops, {p} client process{'es' if p > 1 else ''}", "ops/s", led, "no-op CUSE", noop,
        noop / led, "no errors, no collapse", None)
c1, c32 = med("conc1.led"), med("conc32.led")
rows[-1]["met"] = c32 >= 0.5 * c1  # "no collapse": 32 clients keep at least half the 1-client rate


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}" if v != int(v) else f"{v:.0f}"


hdr = ("figure", "led-cuse", "unit", "floor", "floor value", "ratio", "goal", "met")
table = [hdr]
for r in rows:
    met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
    table.append((r["name"], fmt(r["value"]), r["unit"], r["floor_name"], fmt(r["floor"]),
                  "-" if r["ratio"] is None else f"{r['ratio']:.2f}", r["goal"], met))
w = [max(len(str(t[i])) for t in table) for i in range(len(hdr))]
print()
print(f"led-cuse benchmark, commit {commit}, {meta.get('kernel', '?')} in qemu TCG, {meta.get('cpus', '?')} vCPUs "
      f"({meta.get('cpu', '?')}); medians of {len(samples['write.led'])} runs")
for i, t in enumerate(table):
    print("  ".join(str(c).ljust(w[j]) if j in (0, 2, 3, 6) else str(c).rjust(w[j]) for j, c in enumerate(t)))
    if i == 0:
        print("  ".join("-" * x for x in w))
print("ratio: led-cuse time (or cost) per operation over the floor's; throughput ratios are floor_ops/led_ops")

out = dict(commit=commit, date=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           host=platform.node(), vm=dict(kernel=meta.get("kernel"), cpus=meta.get("cpus"),
                                         cpu=meta.get("cpu"), accel="tcg"),
           figures=[{k: v for k, v in r.items() if k != "samples"} for r in rows],
           samples={k: v for k, v in samples.items()})
with open(json_path, "w") as f:
    json.dump(out, f, indent=1)
print(f"bench/report.py: wrote {json_path}")
