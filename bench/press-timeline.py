#!/usr/bin/env python3
"""bench/press-timeline.py TRACE:KIND:N ...: where the time of one button press goes.

TRACE is a tracefs text trace (trace clock mono) of bench-client latency runs
with the sched_switch, sched_wakeup, raw_syscalls, irq_handler_entry and
gpio_value events on (bench/vm-bench.sh records them with BENCH_PROFILE=1).
KIND says where the press ends: wait (the WAIT_EVENT ioctl returns), poll
(poll() returns) or gpiod (the raw edge reader's read returns). N picks the
press (0 = the first of the trace; "all": one summary line per press). Prints, in microseconds from the write of
"pull-down" to the sim pull attribute, every wake-up, context switch, system
call and line set of the tasks on the way, and counts the wake-ups: under
TCG each one that has to start an idle vCPU costs hundreds of microseconds.
"""
import re
import sys

EVENT = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)$')
SYSCALLS = {0: 'read', 1: 'write', 3: 'close', 7: 'poll', 16: 'ioctl', 20: 'writev', 232: 'epoll_wait',
            257: 'openat', 230: 'clock_nanosleep', 202: 'futex', 35: 'nanosleep'}
ENDS = {'wait': (16, 'the WAIT_EVENT ioctl returns'), 'poll': (7, 'poll() returns'),
        'gpiod': (0, "the raw edge reader's read returns")}
NOISE = ('rcu_', 'kworker', 'ksoftirq', 'migration')


def load(path):
    events = []
    for line in open(path):
        m = EVENT.match(line)
        if m:
            events.append(dict(comm=m.group(1), pid=int(m.group(2)), cpu=int(m.group(3)),
                               t=float(m.group(4)), kind=m.group(5), rest=m.group(6)))
    return events


def press_starts(events):
    """Indexes of the presses: bench-client writing "pull-down" (9 bytes) to the pull attribute."""
    return [i for i, e in enumerate(events) if e['comm'] == 'bench-client' and e['kind'] == 'sys_enter'
            and re.match(r'NR 1 \([0-9a-f]+, [0-9a-f]+, 9,', e['rest'])]


def timeline(path, events, kind, first):
    """The press starting at events[first]: (microseconds to its end, wake-ups, timeline lines)."""
    t0, presser = events[first]['t'], events[first]['pid']
    nr_end, what = ENDS[kind]
    last = next((i for i in range(first, len(events)) if events[i]['kind'] == 'sys_exit'
                 and events[i]['comm'] == 'bench-client' and events[i]['pid'] != presser
                 and events[i]['rest'].startswith(f'NR {nr_end} ')), None)
    if last is None:
        sys.exit(f"{path}: the press at {t0:.6f} has no end ({what})")
    lines, wakeups = [], 0
    for e in events[first:last + 1]:
        if e['comm'].startswith(NOISE):
            continue
        head = f"{1e6 * (e['t'] - t0):8.0f} us  cpu{e['cpu']}  {e['comm']}-{e['pid']}: "
        k, rest = e['kind'], e['rest']
        if k in ('sys_enter', 'sys_exit'):
            nr = int(rest.split()[1])
            if nr not in SYSCALLS:
                continue
            lines.append(head + (f"{SYSCALLS[nr]}(" if k == 'sys_enter' else
                                 f"{SYSCALLS[nr]} returns {rest.split('=')[1].strip()}"))
        elif k == 'sched_wakeup':
            m = re.search(r'comm=(\S+) pid=(\d+).*target_cpu=(\d+)', rest)
            if m.group(1).startswith(NOISE):
                continue
            wakeups += 1
            lines.append(head + f"WAKE-UP of {m.group(1)}-{m.group(2)} on cpu{int(m.group(3))}")
        elif k == 'sched_switch':
            m = re.search(r'prev_comm=(\S+) .*prev_state=(\S+) ==> next_comm=(\S+) next_pid=(\d+)', rest)
            lines.append(head + f"switch {m.group(1)} ({m.group(2)}) -> {m.group(3)}-{m.group(4)}")
        elif k == 'gpio_value':
            lines.append(head + f"line set: gpio_value {rest}")
        elif k == 'irq_handler_entry':
            lines.append(head + f"interrupt: {rest}")
    return 1e6 * (events[last]['t'] - t0), wakeups, lines


for arg in sys.argv[1:]:
    path, kind, which = arg.rsplit(':', 2)
    events = load(path)
    starts = press_starts(events)
    name = path.split('/')[-1]
    if which == 'all':
        rows = [timeline(path, events, kind, i)[:2] for i in starts]
        print(f"== {kind}: every press of {name} (us from the write / wake-ups): "
              + ", ".join(f"{total:.0f} us/{wakeups}" for total, wakeups in rows))
        continue
    n = int(which)
    if n >= len(starts):
        sys.exit(f"{path}: {len(starts)} presses, no press {n}")
    total, wakeups, lines = timeline(path, events, kind, starts[n])
    print(f"== {kind}: press {n + 1} of {name}: {total:.0f} us from the write to {ENDS[kind][1]}")
    print("\n".join(lines))
    print(f"   {wakeups} wake-ups on the way\n")
