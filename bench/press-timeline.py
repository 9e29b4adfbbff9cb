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


def timeline(path, kind, which, events=None, quiet=False):
    events = events or load(path)
    # The presses: bench-client writing "pull-down" (9 bytes) to the pull attribute.
    presses = [i for i, e in enumerate(events) if e['comm'] == 'bench-client' and e['kind'] == 'sys_enter'
               and re.match(r'NR 1 \([0-9a-f]+, [0-9a-f]+, 9,', e['rest'])]
    if which >= len(presses):
        sys.exit(f"{path}: {len(presses)} presses, no press {which}")
    first = presses[which]
    t0, presser = events[first]['t'], events[first]['pid']
    nr_end, what = ENDS[kind]
    last = next((i for i in range(first, len(events)) if events[i]['kind'] == 'sys_exit'
                 and events[i]['comm'] == 'bench-client' and events[i]['pid'] != presser
                 and events[i]['rest'].startswith(f'NR {nr_end} ')), None)
    if last is None:
        sys.exit(f"{path}: press {which} has no end ({what})")
    total = 1e6 * (events[last]['t'] - t0)
    if not quiet:
        print(f"== {kind}: press {which + 1} of {path.split('/')[-1]}: {total:.0f} us from the write to {what}")
    wakeups = 0
    for e in events[first:last + 1]:
        if e['comm'].startswith(NOISE):
            continue
        if quiet:
            wakeups += e['kind'] == 'sched_wakeup' and not re.search(r'comm=(' + '|'.join(NOISE) + ')',
                                                                     e['rest'])
            continue
        head = f"{1e6 * (e['t'] - t0):8.0f} us  cpu{e['cpu']}  {e['comm']}-{e['pid']}: "
        k, rest = e['kind'], e['rest']
        if k in ('sys_enter', 'sys_exit'):
            nr = int(rest.split()[1])
            if nr not in SYSCALLS:
                continue
            print(head + (f"{SYSCALLS[nr]}(" if k == 'sys_enter' else
                          f"{SYSCALLS[nr]} returns {rest.split('=')[1].strip()}"))
        elif k == 'sched_wakeup':
            m = re.search(r'comm=(\S+) pid=(\d+).*target_cpu=(\d+)', rest)
            if m.group(1).startswith(NOISE):
                continue
            wakeups += 1
            print(head + f"WAKE-UP of {m.group(1)}-{m.group(2)} on cpu{int(m.group(3))}")
        elif k == 'sched_switch':
            m = re.search(r'prev_comm=(\S+) .*prev_state=(\S+) ==> next_comm=(\S+) next_pid=(\d+)', rest)
            print(head + f"switch {m.group(1)} ({m.group(2)}) -> {m.group(3)}-{m.group(4)}")
        elif k == 'gpio_value':
            print(head + f"line set: gpio_value {rest}")
        elif k == 'irq_handler_entry':
            print(head + f"interrupt: {rest}")
    if not quiet:
        print(f"   {wakeups} wake-ups on the way\n")
    return total, wakeups, len(presses)


for arg in sys.argv[1:]:
    path, kind, which = arg.rsplit(':', 2)
    if which != 'all':
        timeline(path, kind, int(which))
        continue
    events = load(path)
    n, i, rows = 1, 0, []
    while i < n:
        total, wakeups, n = timeline(path, kind, i, events, quiet=True)
        rows.append(f"{total:.0f} us/{wakeups}")
        i += 1
    print(f"== {kind}: every press of {path.split('/')[-1]} (us from the write / wake-ups): {', '.join(rows)}")
