#!/usr/bin/env python3
"""CPU per thread group of the next gateway a restart benchmark starts, at a moment after its process start.

Usage: bench/thread-cpu.py record FILE          (start before bench/run-restart.sh --from-snapshot; ends with the gateway)
       bench/thread-cpu.py at FILE START MS     (START: the "started ..." instant it prints; MS: e.g. start -> first poll)
Reads /proc/<pid>/task/*/{comm,stat} every 100 ms (user + kernel time). Threads that ended before the moment (the
broker's start-up thread) are missing from the groups, so their sum is below the process's CPU the benchmark prints.
"""
import collections
import datetime
import os
import re
import sys
import time


def gateway_pid():
    # the restart's gateway: the jar started with the bench's -Dmediagate.broker.listen= (not the sandbox command)
    while True:
        for pid in filter(str.isdigit, os.listdir('/proc')):
            try:
                args = open(f'/proc/{pid}/cmdline').read().split('\0')
            except OSError:
                continue
            if any('mediagate.jar' in a for a in args) and '-Dmediagate.broker.listen=' in args and 'sandbox' not in args:
                return pid
        time.sleep(0.01)


def record(path):
    pid, tick = gateway_pid(), os.sysconf('SC_CLK_TCK')
    with open(path, 'w') as out:
        while os.path.exists(f'/proc/{pid}'):
            groups = collections.Counter()
            try:
                for task in os.listdir(f'/proc/{pid}/task'):
                    name = open(f'/proc/{pid}/task/{task}/comm').read().strip()
                    stat = open(f'/proc/{pid}/task/{task}/stat').read()
                    fields = stat[stat.rindex(')') + 2:].split()
                    groups[re.sub(r'#\d+|-\d+', 'N', name)] += (int(fields[11]) + int(fields[12])) * 1000 // tick
            except OSError:
                continue
            now = int(time.time() * 1000)
            out.writelines(f'{now}\t{group}\t{ms}\n' for group, ms in groups.items())
            out.flush()
            time.sleep(0.1)


def at(path, start, ms):
    t0 = int(datetime.datetime.fromisoformat(start.replace('Z', '+00:00')).timestamp() * 1000)
    rows = [line.rstrip('\n').split('\t') for line in open(path)]
    moment = max(int(r[0]) for r in rows if int(r[0]) <= t0 + int(ms))
    groups = {r[1]: int(r[2]) for r in rows if int(r[0]) == moment}
    print(f'at +{(moment - t0) / 1000:.2f} s: {sum(groups.values())} ms of CPU in the live threads')
    for name, cpu in sorted(groups.items(), key=lambda kv: -kv[1])[:12]:
        print(f'  {cpu:6d} ms  {name}')


if __name__ == '__main__':
    record(sys.argv[2]) if sys.argv[1] == 'record' else at(*sys.argv[2:5])
