#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Starve one vCPU of a running QEMU guest at a time, as a busy host does.

    scripts/starve-vcpu.py PATTERN [ON_MS [OFF_MS [SWITCH_S]]]

Finds the qemu-system-x86_64 whose command line contains PATTERN (vm.sh
names its threads: "CPU n/TCG"), pins one vCPU thread to host CPU 1 and
every other QEMU thread to CPU 0, and runs a SCHED_FIFO loop on CPU 1 that
takes it ON_MS (default 200) out of every ON_MS + OFF_MS (default 20): that
vCPU runs in the gaps only, while the guest's clock goes on. Every SWITCH_S
seconds (default 5) the other vCPU is the starved one. Runs until the
guest exits (or a signal), then lets QEMU's threads run anywhere again.
PATTERN must name one guest (the first match is taken: REGDATA_MODE=stress
when one VM run is going). Needs root (SCHED_FIFO) and two host CPUs.

A device model that answers from one guest CPU what a driver on another
waits for with a timeout fails under it within a few binds; see
tyr_emu_window_read() in emu/tyr_emu.c.
"""

import os
import signal
import sys
import time


def qemu_pid(pattern):
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        if cmd.startswith('qemu-system-x86_64') and pattern in cmd:
            return int(pid)
    return None


def threads(pid):
    out = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/comm') as f:
                out[int(tid)] = f.read().strip()
        except OSError:
            pass
    return out


def pin(pid, starved):
    for tid, name in threads(pid).items():
        try:
            os.sched_setaffinity(tid, {1} if name == starved else {0})
        except OSError:
            pass


def unpin(pid):
    for tid in threads(pid):
        try:
            os.sched_setaffinity(tid, range(os.cpu_count()))
        except OSError:
            pass


def main():
    if not 2 <= len(sys.argv) <= 5:
        sys.exit(__doc__)
    pattern = sys.argv[1]
    args = [float(a) for a in sys.argv[2:5]]
    on, off, switch = args + [200, 20, 5][len(args):]
    deadline = time.monotonic() + 600
    pid = None
    while pid is None:
        pid = qemu_pid(pattern)
        if time.monotonic() > deadline:
            sys.exit(f'no qemu-system-x86_64 matching {pattern!r}')
        time.sleep(0.5)
    os.sched_setaffinity(0, {1})
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    vcpus = sorted(n for n in threads(pid).values() if n.endswith('/TCG'))
    print(f'starve-vcpu: qemu {pid}, vCPUs {vcpus}, {on:g} ms of every {on + off:g}',
          flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        starve(pid, on, off, switch)
    except KeyboardInterrupt:
        pass
    finally:
        unpin(pid)


def starve(pid, on, off, switch):
    n = 0
    while os.path.exists(f'/proc/{pid}'):
        vcpus = sorted(x for x in threads(pid).values() if x.endswith('/TCG'))
        if vcpus:
            pin(pid, vcpus[n % len(vcpus)])
        n += 1
        end = time.monotonic() + switch
        while time.monotonic() < end:
            busy = time.monotonic() + on / 1000
            while time.monotonic() < busy:
                pass
            time.sleep(off / 1000)


if __name__ == '__main__':
    main()
