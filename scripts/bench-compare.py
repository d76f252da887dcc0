#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Put `regdata-client bench` outputs of two kernels side by side.

    bench-compare.py --stock LOG... --patched LOG... [--svg FILE]
                     [--icount LABEL=LOG]...

Each log is the console of one boot of a bench kernel: stock (the series
without the per-device unplug SRCU, patches/drm/0011) or patched.
Under TCG a boot's figures carry a bias of their own (where the guest's
memory and QEMU's translated code landed), so each kernel is booted more
than once and every figure printed is the median over its boots; the
targets are judged on the median of each boot's own ratio, with the
spread over the boots beside it. Writes an SVG plot of the unplug latency
against the number of devices holding guards (section 6). Ratios are
compared, not nanoseconds: each was measured inside its own run.

--icount adds the section 1 and 2 ratios of boots under QEMU -icount
shift=0,sleep=off, where the guest clock advances with executed
instructions: there a ratio is an instruction-count ratio, the same every
run and wherever the code and data landed.
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


def judge(figures, values, stock_or_patched):
    """The targets on one kernel's figures, with their spread over boots."""
    targets = (
        ('guard / bare SRCU pair <= 1.10', ('1.', 'ratio guard / bare srcu'),
         lambda v: v <= 1.10),
        ('guarded / open-coded round trip <= 1.02',
         ('2.', 'ratio guarded / open-coded'), lambda v: v <= 1.02),
    )
    lines = []
    for what, key, ok in targets:
        if key in figures:
            lines.append((what, key, ok(figures[key])))
    idle = figures.get(('4.', 'no guard held anywhere'))
    key = ('4.', 'a guard held 50 ms on A')
    if idle and key in figures:
        lines.append(('unplug B, guard on A, us: within 10 %% of none (%.0f)'
                      % idle, key, figures[key] <= idle * 1.1))
    print('  %s:' % stock_or_patched)
    for what, key, ok in lines:
        v = values[key]
        spread = ('%g-%g over %d boots' % (min(v), max(v), len(v))
                  if len(v) > 1 else '')
        print('    %-55s %10.3f  %-7s %s' % (what, figures[key],
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
)


def icount_table(runs):
    """Section 1 and 2 of one -icount boot per kernel, side by side."""
    parsed = []
    for run in runs:
        label, _, path = run.partition('=')
        figures = merge([path])[0]
        parsed.append((label, figures))
    print('instruction counts, QEMU -icount shift=0,sleep=off, one boot each '
          '(1 and 2: per op, in the guest\'s virtual ns):')
    print('   %-47s' % '' + ''.join(' %14s' % l for l, _ in parsed))
    for key in ICOUNT_KEYS:
        print('   %-47s' % ('%s %s' % key)[:47] +
              ''.join(' %14s' % ('-' if key not in f else '%g' % f[key])
                      for _, f in parsed))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stock', nargs='+', required=True)
    ap.add_argument('--patched', nargs='+', required=True)
    ap.add_argument('--svg')
    ap.add_argument('--icount', action='append', default=[],
                    metavar='LABEL=LOG')
    a = ap.parse_args()
    sf, sorder, sheader, sclock, svalues = merge(a.stock)
    pf, porder, pheader, pclock, pvalues = merge(a.patched)
    if not pf or not sf:
        print('bench-compare: a run printed no figures', file=sys.stderr)
        return 1
    for name, clock, n in (('stock', sclock, len(a.stock)),
                           ('patched', pclock, len(a.patched))):
        print('%-8s %d boots, %s' % (name + ':', n, clock))
    print('%-50s %14s %14s' % ('median over the boots', 'stock', 'patched'))
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
    print('targets, each ratio measured inside its own run, median over the '
          'boots:')
    judge(sf, svalues, 'stock')
    judge(pf, pvalues, 'patched')
    if a.icount:
        icount_table(a.icount)
    if a.svg:
        svg(devices(sf), devices(pf), a.svg)
        print('plot: %s' % a.svg)
    return 0


if __name__ == '__main__':
    sys.exit(main())
