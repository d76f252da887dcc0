#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a kernel log for sanitizer and WARN reports, and count KUnit results.

kmemleak is not judged here: 6.12's KUnit leaks an mm_struct per test that
maps user memory, so the drm_regdata_kmemleak suite triggers a scan itself
and fails on leaks allocated through DRM or this project.

A WARNING splat is tolerated only if its message is one of the framework's
"regdata misuse:" reports, which the misuse tests provoke on purpose (the
tests themselves check that each one fires), or one that a test announced
with a "regdata expects: MESSAGE" line, which must then come before that
test ends (else the test fails here; an announced lockdep report, or a
message that is no report at all, such as the IRQ core's "nobody
cared", is matched the same way), or, with --tolerate-warn-suite, if it
comes from a test of a suite matching that pattern: the DRM core suites
of 6.12 warn on purpose in their error-path tests, and one leaves locks
held, which lockdep reports. Those are listed, per suite. Everything else
fails: KASAN, lockdep, kmemleak, BUG, other WARNINGs, RCU stalls, hung
tasks.
"""

import argparse
import json
import os
import re
import sys


REPORTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            '..', 'tools', 'kernel-reports')


def load_reports(path=REPORTS_FILE):
    """The one list of report patterns: (label, regex), first match wins."""
    reports = []
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        label, rx = line.rstrip('\n').split('\t', 1)
        reports.append((label, re.compile(rx)))
    return reports


REPORTS = load_reports()


def report_of(line):
    for label, rx in REPORTS:
        if rx.search(line):
            return label
    return None


MISUSE = re.compile(r'regdata misuse: (.*)')
SUITE = re.compile(r'^ {4}# Subtest: (\S+)$')
EXPECTS = re.compile(r'regdata expects: (.*\S)')
TEST_END = re.compile(r'^\s*(not )?ok \d+ (\S+)')


def count(node, totals):
    for case in node.get('test_cases', []):
        status = case.get('status', '')
        key = {'PASS': 'passed', 'SKIP': 'skipped'}.get(status, 'failed')
        totals[key] += 1
    for sub in node.get('sub_groups', []):
        count(sub, totals)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('--json')
    ap.add_argument('--label', default='')
    ap.add_argument('--summary', help='append "passed failed skipped" here')
    ap.add_argument('--tolerate-warn-suite', metavar='REGEX',
                    help='WARNINGs in suites matching REGEX are listed, not failed')
    a = ap.parse_args()

    lines = open(a.log, errors='replace').read().splitlines()
    problems = []
    misuse = set()
    expected = []
    expected_seen = set()
    tolerated = {}
    suite = ''
    tolerate = re.compile(a.tolerate_warn_suite) if a.tolerate_warn_suite else None
    for i, line in enumerate(lines):
        m = SUITE.match(line)
        if m:
            suite = m.group(1)
        m = MISUSE.search(line)
        if m:
            misuse.add(m.group(1).strip())
        what = report_of(line)
        m = EXPECTS.search(line)
        if m:
            expected.append(m.group(1))
        elif what is None:
            # An announced message that is not a report (the IRQ core's
            # "nobody cared"), seen.
            hit = [e for e in expected if e in line]
            if hit:
                expected.remove(hit[0])
                expected_seen.add(hit[0])
        m = TEST_END.match(line)
        if m:
            for e in expected:
                problems.append(f'expected warning not seen in {m.group(2)}: {e}')
            expected = []
        if what is None or what == 'misuse':
            # misuse: collected above, judged with its WARN line below.
            continue
        if what != 'WARN':
            # A report the running test announced (lockdep's, in the
            # tests that provoke one, each in a boot of its own).
            hit = [e for e in expected if e in line]
            if hit:
                expected.remove(hit[0])
                expected_seen.add(hit[0])
            elif what in ('lockdep', 'WARNING') and tolerate and tolerate.search(suite):
                tolerated[suite] = tolerated.get(suite, 0) + 1
            else:
                problems.append(f'{what}: {line.strip()}')
            continue
        # The message is next to the WARNING line (after it on 6.12).
        context = ' '.join(lines[max(0, i - 2):i + 3])
        if 'regdata misuse:' in context:
            continue
        hit = [e for e in expected if e in context]
        if hit:
            expected.remove(hit[0])
            expected_seen.add(hit[0])
            continue
        if tolerate and tolerate.search(suite):
            tolerated[suite] = tolerated.get(suite, 0) + 1
        else:
            problems.append(f'WARN in {suite or "?"}: {line.strip()}')

    totals = {'passed': 0, 'failed': 0, 'skipped': 0}
    if a.json:
        try:
            count(json.load(open(a.json)), totals)
        except (OSError, ValueError) as e:
            problems.append(f'no KUnit results: {e}')
    label = f'[{a.label}] ' if a.label else ''
    print(f'{label}KUnit: {totals["passed"]} passed, {totals["failed"]} '
          f'failed, {totals["skipped"]} skipped')
    for m in sorted(misuse):
        print(f'{label}expected misuse warning seen: {m}')
    for m in sorted(expected_seen):
        print(f'{label}announced warning seen: {m}')
    for suite, n in sorted(tolerated.items()):
        print(f'{label}tolerated {n} WARNING or lockdep report(s) in suite '
              f'{suite} (upstream)')
    if a.summary:
        with open(a.summary, 'a') as f:
            f.write(f'{totals["passed"]} {totals["failed"]} '
                    f'{totals["skipped"]}\n')

    if a.json and totals['passed'] + totals['failed'] == 0:
        problems.append('no KUnit test ran')
    if totals['failed']:
        problems.append(f'{totals["failed"]} KUnit tests failed')
    for p in problems:
        print(f'{label}FAIL {p}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
