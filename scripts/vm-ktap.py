#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The KTAP of KUnit suites run as modules, from a VM's console log.

A suite in a module prints its results when the module is loaded, as a
subtest of nothing: indented, numbered from 1 in each module, with no
top-level header. Put them under one header, numbered in order, so that
kunit.py parse reads them as it reads a boot's. Timestamps and lines that
are not KTAP are dropped.
"""

import re
import sys

STAMP = re.compile(r'^\[ *\d+\.\d+\] ?')
TOP_RESULT = re.compile(r'^(not ok|ok) \d+ (.*)$')
SUITE_START = re.compile(r'^    KTAP version \d+$')


def main():
    lines = [STAMP.sub('', l.rstrip('\n'))
             for l in open(sys.argv[1], errors='replace')]
    out, suites, inside = [], 0, False
    for line in lines:
        if SUITE_START.match(line):
            inside = True
        if not inside:
            continue
        m = TOP_RESULT.match(line)
        if m:
            suites += 1
            out.append(f'{m.group(1)} {suites} {m.group(2)}')
            inside = False
            continue
        if line.startswith('    '):
            out.append(line)
    print('KTAP version 1')
    print(f'1..{suites}')
    print('\n'.join(out))
    return 0 if suites else 1


if __name__ == '__main__':
    sys.exit(main())
