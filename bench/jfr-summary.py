#!/usr/bin/env python3
"""Summarises a JFR recording of a benchmark run: CPU per thread group (user / kernel) and where the Java samples are.

Usage: bench/jfr-summary.py RECORDING.jfr [FROM TO]   (FROM/TO: wall-clock HH:MM:SS, UTC, the measured part of the run)
Reads the recording with the JDK's own `jfr print` (jdk.ThreadCPULoad, jdk.ExecutionSample); see bench/README.md.
"""
import collections
import re
import subprocess
import sys


def events(recording, name, depth=128):
    text = subprocess.run(['jfr', 'print', '--events', name, '--stack-depth', str(depth), recording],
                          capture_output=True, text=True, check=True).stdout
    return text.split(name)[1:]


def group(thread):
    # pool threads differ only by their number
    return re.sub(r'\d+', 'N', thread)[:64]


def within(event, start, end):
    time = re.search(r'startTime = (\S+)', event).group(1)
    return start <= time <= end


def main():
    recording = sys.argv[1]
    start, end = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ('', '~')
    cpu = collections.defaultdict(lambda: [0.0, 0.0])
    for e in events(recording, 'jdk.ThreadCPULoad', 1):
        if within(e, start, end):
            entry = cpu[group(re.search(r'eventThread = "([^"]*)"', e).group(1))]
            entry[0] += float(re.search(r'user = ([\d.]+)%', e).group(1))
            entry[1] += float(re.search(r'system = ([\d.]+)%', e).group(1))
    total = sum(u + s for u, s in cpu.values()) or 1
    print('CPU by thread group (share of the JVM\'s CPU: user + kernel)')
    for name, (user, system) in sorted(cpu.items(), key=lambda kv: -sum(kv[1]))[:16]:
        print(f'  {100 * (user + system) / total:5.1f} %  ({100 * user / total:4.1f} user, {100 * system / total:4.1f} kernel)  {name}')
    samples = []
    for e in events(recording, 'jdk.ExecutionSample'):
        if within(e, start, end):
            thread = re.search(r'sampledThread = "([^"]*)"', e).group(1)
            samples.append((group(thread), re.findall(r'^\s+([\w$.<>/]+)\(', e, re.M)))
    print(f'\nJava samples: {len(samples)}; per thread group, the innermost io.mediagate frame (or the top frame)')
    by_thread = collections.defaultdict(collections.Counter)
    for thread, frames in samples:
        own = next((f for f in frames if f.startswith('io.mediagate')), frames[0] if frames else '?')
        by_thread[thread][own] += 1
    for thread, counter in sorted(by_thread.items(), key=lambda kv: -sum(kv[1].values()))[:6]:
        n = sum(counter.values())
        print(f'  {thread}: {n} samples')
        for frame, count in counter.most_common(8):
            print(f'    {100 * count / n:5.1f} %  {frame}')


if __name__ == '__main__':
    main()
