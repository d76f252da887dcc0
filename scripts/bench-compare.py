#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Put two `regdata-client bench` outputs side by side.

    bench-compare.py STOCK.log PATCHED.log [--svg FILE]

Each log is the console of one bench kernel: stock (the series without
the per-device unplug SRCU, patches/drm/0007-0008) and patched. Prints
every figure of both runs in one table, the targets judged on each run's
own ratios, and writes an SVG plot of the unplug latency against the
number of devices holding guards (section 6). Ratios are compared, not
nanoseconds: each was measured inside its own run.
"""

import argparse
import re
import sys

FIGURE = re.compile(r'^\s{3}(\S.*?)\s{2,}(-?[0-9][0-9.]*)(\s.*)?$')
HEADER = re.compile(r'^(\d\.(?:/\d\.)?) ')


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


def devices(figures):
    pts = []
    for (section, label), value in figures.items():
        m = re.match(r'(\d+) devices, guards on \d+ others', label)
        if section == '6.' and m:
            pts.append((int(m.group(1)), value))
    return sorted(pts)


def svg(stock, patched, path):
    """Unplug latency (ms) against devices, two polylines, no dependency."""
    w, h, left, right, top, bottom = 560, 340, 70, 150, 30, 50
    xs = sorted({n for n, _ in stock + patched})
    ymax = max([v for _, v in stock + patched] + [1]) / 1000.0
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
    for pts, colour, name, ly in ((stock, '#c0392b', 'stock 6.12 core', 40),
                                  (patched, '#2471a3', 'per-device SRCU', 60)):
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


def judge(figures, stock_or_patched):
    f = figures
    lines = []

    def get(section, label):
        return f.get((section, label))

    g = get('1.', 'ratio guard / bare srcu')
    if g is not None:
        lines.append(('guard / bare SRCU pair <= 1.10', g, g <= 1.10))
    r = get('2.', 'ratio guarded / open-coded')
    if r is not None:
        lines.append(('guarded / open-coded round trip <= 1.02', r, r <= 1.02))
    idle = get('4.', 'no guard held anywhere')
    other = get('4.', 'a guard held 50 ms on A')
    if idle and other is not None:
        lines.append(('unplug B, guard on A, us: within 10 %% of none (%.0f)'
                      % idle, other, other <= idle * 1.1))
    print('  %s:' % stock_or_patched)
    for what, value, ok in lines:
        print('    %-55s %10.3f  %s' % (what, value, 'met' if ok else 'NOT met'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('stock')
    ap.add_argument('patched')
    ap.add_argument('--svg')
    a = ap.parse_args()
    sf, sorder, sheader, sclock = parse(a.stock)
    pf, porder, pheader, pclock = parse(a.patched)
    if not pf or not sf:
        print('bench-compare: a run printed no figures', file=sys.stderr)
        return 1
    print('stock:   %s' % (sclock or 'clocksource not printed'))
    print('patched: %s' % (pclock or 'clocksource not printed'))
    print('%-50s %14s %14s' % ('', 'stock', 'patched'))
    section = None
    for key in porder + [k for k in sorder if k not in pf]:
        if key[0] != section:
            section = key[0]
            print((pheader.get(section) or sheader.get(section, section))[:78])
        s = sf.get(key)
        p = pf.get(key)
        print('   %-47s %14s %14s' % (key[1][:47],
                                      '-' if s is None else '%g' % s,
                                      '-' if p is None else '%g' % p))
    print('targets, each judged inside its own run:')
    judge(sf, 'stock')
    judge(pf, 'patched')
    if a.svg:
        svg(devices(sf), devices(pf), a.svg)
        print('plot: %s' % a.svg)
    return 0


if __name__ == '__main__':
    sys.exit(main())
