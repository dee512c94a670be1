#!/usr/bin/env python3
"""Where a file's milliseconds go, from async-profiler's collapsed stacks (bench/profile.sh): per thread group, kernel
time per system call, and the gateway's (io.mediagate) methods by inclusive time. One sample = 1 ms of CPU.

Usage: bench/profile-summary.py PROFILE.collapsed FILES
"""
import collections
import re
import sys


def main():
    path, files = sys.argv[1], float(sys.argv[2])
    threads, calls, methods = collections.Counter(), collections.Counter(), collections.Counter()
    total = kernel = 0
    for line in open(path):
        stack, count = line.rstrip().rsplit(' ', 1)
        count = int(count)
        frames = stack.split(';')
        total += count
        threads[re.sub(r'\d+', 'N', frames[0])[:72]] += count
        if frames[-1].endswith('_[k]'):
            kernel += count
            call = next((f for f in frames if f.startswith('__x64_sys_')), None)
            calls[call[len('__x64_sys_'):-len('_[k]')] if call else 'interrupts, page faults, entry'] += count
        for method in {f for f in frames[1:] if f.startswith('io/mediagate/')}:
            methods[method.replace('/', '.')] += count

    def ms(n):
        return f"{n / files:6.3f}"

    print(f"\n{total} samples: {total / files:.2f} ms of CPU per file ({files:.0f} files), {100 * kernel / total:.0f} % in the kernel")
    print("\nper thread group (ms per file):")
    for name, n in threads.most_common(14):
        print(f"  {ms(n)}  {name}")
    print("\nkernel time per system call (ms per file):")
    for name, n in calls.most_common(12):
        print(f"  {ms(n)}  {name}")
    print("\ngateway methods, inclusive (ms per file):")
    for name, n in methods.most_common(25):
        print(f"  {ms(n)}  {name}")


if __name__ == '__main__':
    main()
