#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The benchmarks of one kernel, and the instruction-count targets.

    bench-compare.py --boots LOG... --icount LOG [--svg FILE]
                     [--virtio-icount series=LOG --virtio-icount stock=LOG]

Each --boots log is the console of one TCG boot of the series' bench
kernel. Under TCG a boot's figures carry a bias of their own (where the
guest's memory and QEMU's translated code landed), so the kernel is booted
more than once and every figure printed is the median over its boots,
with the spread of the targets' ratios beside them. The unplug figures
come in two kinds of bench devices in the same kernel: with unplug
domains of their own (DRIVER_UNPLUG_DOMAIN) and in the shared one, as
every device in 6.12. The plot is the unplug latency against the number
of devices holding guards (section 6), for both kinds.

--icount is a boot under QEMU -icount shift=0,sleep=off, where the guest
clock advances with executed instructions: there a ratio is an
instruction-count ratio, the same every run and wherever the code and data
landed. --virtio-icount are -icount boots of the bench-virtio-icount mode
on the series and on the series' core with the drivers as Debian ships
them (the stock-drivers tree), for the cost of one virtio-gpu 2D
submission. The three targets are printed as lines "icount: ... = X.XXX".
"""

import argparse
import re
import statistics
import sys

FIGURE = re.compile(r'^\s{3}(\S.*?)\s{2,}(-?[0-9][0-9.]*)(\s.*)?$')
HEADER = re.compile(r'^(\d\.(?:/\d\.)?) ')
CLOCK = re.compile(r'^clocksource (\S+), CLOCK_MONOTONIC readings step by '
                   r'(\d+) ns')


def parse(path):
    """The figures of a log, in order: (section, label) -> value."""
    figures = {}
    order = []
    section = ''
    header = {}
    clock = None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            # Kernel lines on the console have a timestamp; skip them.
            if line.startswith('['):
                continue
            if line.startswith('clocksource '):
                clock = line
            m = HEADER.match(line)
            if m:
                section = m.group(1)
                header[section] = line
                continue
            m = FIGURE.match(line)
            if m and section:
                key = (section, m.group(1).strip())
                if key not in figures:
                    order.append(key)
                figures[key] = float(m.group(2))
    return figures, order, header, clock


def merge(paths):
    """Several boots of one kernel: median of each figure, and its values."""
    runs = [parse(p) for p in paths]
    order, header, values = [], {}, {}
    for figures, o, h, _ in runs:
        for key in o:
            if key not in values:
                order.append(key)
                values[key] = []
            values[key].append(figures[key])
        for section, line in h.items():
            header.setdefault(section, line)
    figures = {k: statistics.median(v) for k, v in values.items()}
    clocks = []
    for _, _, _, c in runs:
        m = c and CLOCK.match(c)
        if m:
            clocks.append((m.group(1), int(m.group(2))))
    if len(clocks) < len(runs):
        clock = 'clocksource not printed by every boot'
    else:
        clock = 'clocksource %s, readings step by %d-%d ns' % (
            '/'.join(sorted({c for c, _ in clocks})),
            min(r for _, r in clocks), max(r for _, r in clocks))
    return figures, order, header, clock, values


def svg(shared, own, path):
    """Unplug latency (ms) against devices, two polylines, no dependency."""
    w, h, left, right, top, bottom = 560, 340, 70, 150, 30, 50
    xs = sorted({n for n, _ in shared + own})
    ymax = max([v for _, v in shared + own] + [1]) / 1000.0
    ymax = max(10.0, (int(ymax / 10) + 1) * 10)

    def x(n):
        i = xs.index(n)
        return left + (w - left - right) * (i / max(1, len(xs) - 1))

    def y(us):
        return top + (h - top - bottom) * (1 - (us / 1000.0) / ymax)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (w, h),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18">Unplug of one of N devices, a guard held 50 ms '
           'on each other</text>' % left]
    # axes and grid
    for i in range(6):
        v = ymax * i / 5
        yy = y(v * 1000)
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                   % (left, yy, w - right, yy))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%g</text>'
                   % (left - 6, yy + 4, v))
    for n in xs:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>'
                   % (x(n), h - bottom + 18, n))
    out.append('<text x="%d" y="%d" text-anchor="middle">devices (guards held '
               'on all but the one unplugged)</text>'
               % ((left + w - right) // 2, h - 12))
    out.append('<text x="16" y="%d" transform="rotate(-90 16 %d)" '
               'text-anchor="middle">unplug latency (ms)</text>'
               % ((top + h - bottom) // 2, (top + h - bottom) // 2))
    for pts, colour, name, ly in ((shared, '#c0392b', 'shared domain', 40),
                                  (own, '#2471a3', 'own domains', 60)):
        if not pts:
            continue
        line = ' '.join('%.1f,%.1f' % (x(n), y(v)) for n, v in pts)
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" '
                   'points="%s"/>' % (colour, line))
        for n, v in pts:
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>'
                       % (x(n), y(v), colour))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" '
                   'stroke-width="2"/>' % (w - right + 10, ly, w - right + 30,
                                           ly, colour))
        out.append('<text x="%d" y="%d">%s</text>' % (w - right + 34, ly + 4,
                                                      name))
    out.append('</svg>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')


def split_devices(figures):
    """Section 6 by kind: (own, shared) lists of (devices, us)."""
    own, shared = [], []
    for (section, label), value in figures.items():
        if section != '6.':
            continue
        kind = shared if label.startswith('shared: ') else own
        m = re.match(r'(?:shared: )?(\d+) devices', label)
        if m:
            kind.append((int(m.group(1)), value))
    return sorted(own), sorted(shared)


def judge(figures, values):
    """The TCG targets, with their spread over the boots."""
    lines = []
    key = ('1.', 'ratio guard / bare srcu')
    if key in figures:
        lines.append(('guard / bare SRCU pair <= 1.25', key,
                      figures[key] <= 1.25))
    key = ('2.', 'ratio guarded / open-coded')
    if key in figures:
        lines.append(('guarded / open-coded round trip <= 1.02', key,
                      figures[key] <= 1.02))
    idle = figures.get(('4.', 'no guard held anywhere'))
    key = ('4.', 'a guard held 50 ms on A')
    if idle and key in figures:
        lines.append(('unplug B, guard on A, us: within 10 %% of none (%.0f)'
                      % idle, key, figures[key] <= idle * 1.1))
    for what, key, ok in lines:
        v = values[key]
        spread = ('%g-%g over %d boots' % (min(v), max(v), len(v))
                  if len(v) > 1 else '')
        print('  %-55s %10.3f  %-7s %s' % (what, figures[key],
                                           'met' if ok else 'NOT met',
                                           spread))


ICOUNT_KEYS = (
    ('1.', 'srcu_read_lock/unlock (private)'),
    ('1.', 'drm_dev_enter/exit'),
    ('1.', 'drm_unbind_guard_enter/exit'),
    ('1.', 'ratio guard / bare srcu'),
    ('1.', 'ratio guard / drm_dev_enter'),
    ('1.', 'floor: inline srcu+unplugged+data'),
    ('1.', 'ratio floor / bare srcu'),
    ('1.', 'ratio guard / floor'),
    ('2.', 'ratio guarded / open-coded'),
    ('2.', 'ratio guarded / unguarded'),
    ('4.', 'no guard held anywhere'),
    ('4.', 'a guard held 50 ms on A'),
    ('4.', 'shared: no guard held anywhere'),
    ('4.', 'shared: a guard held 50 ms on A'),
)


def icount_table(runs):
    """Sections 1, 2 and 4 of -icount boots, side by side."""
    parsed = []
    for run in runs:
        label, _, path = run.partition('=')
        figures = merge([path])[0]
        parsed.append((label, figures))
    print('instruction counts, QEMU -icount shift=0,sleep=off, one boot '
          '(1 and 2: per op, in the guest\'s virtual ns; 4: virtual us):')
    print('   %-47s' % '' + ''.join(' %14s' % l for l, _ in parsed))
    for key in ICOUNT_KEYS:
        print('   %-47s' % ('%s %s' % key)[:47] +
              ''.join(' %14s' % ('-' if key not in f else '%g' % f[key])
                      for _, f in parsed))


def icount_lines(icount, virtio):
    """The three instruction-count targets, one line each."""
    f = merge([icount])[0] if icount else {}
    rc = 0

    def line(what, num, den, target):
        nonlocal rc
        if not num or not den:
            print(f'icount: {what} = -  (not measured)')
            rc = 1
            return
        ratio = num / den
        ok = ratio <= target
        rc |= not ok
        print(f'icount: {what} = {ratio:.3f}  '
              f'({num:g} / {den:g}, target <= {target:.2f}: '
              f'{"met" if ok else "NOT met"})')

    line('guard / bare SRCU', f.get(('1.', 'drm_unbind_guard_enter/exit')),
         f.get(('1.', 'srcu_read_lock/unlock (private)')), 1.25)
    per_call = re.compile(r'virtio-gpu 2D transfer, one thread: +([0-9.]+) ns')
    calls = {}
    for v in virtio:
        label, _, path = v.partition('=')
        for l in open(path, errors='replace'):
            m = per_call.search(l)
            if m:
                calls[label] = float(m.group(1))
    line('virtio-gpu TRANSFER_TO_HOST series / stock', calls.get('series'),
         calls.get('stock'), 1.03)
    line('unplug B with a guard on A / idle',
         f.get(('4.', 'a guard held 50 ms on A')),
         f.get(('4.', 'no guard held anywhere')), 1.10)
    return rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--boots', nargs='+', required=True)
    ap.add_argument('--icount')
    ap.add_argument('--virtio-icount', action='append', default=[],
                    metavar='LABEL=LOG')
    ap.add_argument('--svg')
    a = ap.parse_args()
    figures, order, header, clock, values = merge(a.boots)
    if not figures:
        print('bench-compare: no boot printed figures', file=sys.stderr)
        return 1
    print('%d boots, %s' % (len(a.boots), clock))
    print('%-50s %14s' % ('median over the boots', 'series'))
    section = None
    for key in order:
        if key[0] != section:
            section = key[0]
            print(header.get(section, section)[:78])
        print('   %-47s %14s' % (key[1][:47], '%g' % figures[key]))
    print('targets, each ratio measured inside its own run, median over the '
          'boots:')
    judge(figures, values)
    if a.icount:
        icount_table(['series=' + a.icount])
    if a.svg:
        own, shared = split_devices(figures)
        svg(shared, own, a.svg)
        print('plot: %s' % a.svg)
    return icount_lines(a.icount, a.virtio_icount)


if __name__ == '__main__':
    sys.exit(main())
