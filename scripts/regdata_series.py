# SPDX-License-Identifier: GPL-2.0
"""scripts/regdata series: the series as patches, checked as a maintainer
checks them (git am gives the tested tree, what no patch may touch,
checkpatch, a build at every patch)."""

import glob
import os
import re
import shutil
import subprocess

from regdata_lib import (ENV, REPO, ROOT, TREE, assemble, checkout, die,
                         git, log, read_variants)

# What a patch of the series may not touch: drivers it does not convert,
# uapi, and the harness, which stays in this repository. A fix of its own
# may touch a driver the series does not convert (FIXES_MAY_TOUCH).
FORBIDDEN = re.compile(
    r'^(drivers/gpu/drm/(amd|i915|xe|nouveau|radeon|imagination|panthor|msm)/'
    r'|drivers/gpu/drm/tiny/cirrus\.c|drivers/accel/|include/uapi/'
    r'|drivers/gpu/drm/regdata/(nova|tyr|emu|bench)/'
    r'|drivers/gpu/drm/regdata/kunit/drm_regdata_samples_test\.c)')
FIXES_MAY_TOUCH = re.compile(
    r'^drivers/gpu/drm/((imagination|panthor)/|tiny/cirrus\.c)')


def series_parts():
    """(base, fixes head, sent head, tested head, tree) of the series."""
    path, head, tree = assemble('series')
    items = read_variants()['series'][1]
    harness = [i for i in items if i.startswith('series/harness/')]
    if items[len(items) - len(harness):] != harness:
        die('series/variants: the harness is not last in the series')
    nfixes = len([i for i in items if i.startswith('series/fixes/')])
    if items[:nfixes] != [i for i in items if i.startswith('series/fixes/')]:
        die('series/variants: the fixes are not first in the series')
    base = git('rev-parse', 'base^{commit}')
    sent = git('rev-parse', f'{head}~{len(harness)}')
    commits = git('rev-list', '--reverse', f'{base}..{sent}').split()
    return path, base, commits[nfixes - 1], sent, head, tree


def cover_letter(patches, am, text):
    """Fill in format-patch's cover letter: subject, text, To/Cc."""
    cover = os.path.join(patches, '0000-cover-letter.patch')
    subject, _, body = open(os.path.join(REPO, text)).read().partition('\n\n')
    files = sorted(glob.glob(os.path.join(patches, '0[0-9][0-9][0-9]-*.patch')))
    files = [f for f in files if f != cover]
    p = subprocess.run([os.path.join(am, 'scripts/get_maintainer.pl'),
                        '--no-rolestats', '--nogit', '--nogit-fallback',
                        '--no-tree'] + files, cwd=am,
                       capture_output=True, text=True)
    people = [l.strip() for l in p.stdout.splitlines() if '@' in l]
    lists = [x for x in people if 'lists.' in x or x.startswith('dri-devel')]
    others = [x for x in people if x not in lists]
    letter = open(cover).read()
    letter = letter.replace('*** SUBJECT HERE ***', subject.strip())
    letter = letter.replace('*** BLURB HERE ***', body.strip())
    head, sep, rest = letter.partition('\nSubject: ')
    to = ''.join(f'To: {x}\n' for x in lists)
    cc = ''.join(f'Cc: {x}\n' for x in others)
    open(cover, 'w').write(head + '\n' + to + cc + 'Subject: ' + rest)
    return len(lists) + len(others)


# Drivers the UML kernel cannot build, cross-built whole at every patch that
# touches them: directory -> (ARCH, CROSS_COMPILE, options on defconfig).
ARM64 = ('arm64', 'aarch64-linux-gnu-',
         ['DRM=m', 'DRM_POWERVR=m', 'DRM_PANTHOR=m'])
CROSS_BUILDS = {
    'drivers/gpu/drm/imagination/': ARM64,
    'drivers/gpu/drm/panthor/': ARM64,
}


def cross_build(src, commit, d, arch, cross, opts):
    """W=1 build of directory d of src at commit for arch: whether it builds
    without a warning its parent commit did not have (W=1 runs kernel-doc,
    which finds some in stock drivers)."""
    before = cross_warnings(src, f'{commit}^', d, arch, cross, opts)
    after = cross_warnings(src, commit, d, arch, cross, opts)
    if after is None:
        return False
    new = [w for w in after if w not in (before or [])]
    if new:
        print('\n'.join(new[:40]))
    return not new


def cross_warnings(src, commit, d, arch, cross, opts):
    """The warnings of a W=1 build of d at commit (paths made relative), or
    None if it fails."""
    out = os.path.join(ROOT, 'series', arch)
    mk = ['make', f'ARCH={arch}', f'CROSS_COMPILE=ccache {cross}', f'O={out}',
          f'-j{os.cpu_count()}']
    subprocess.run(['git', '-C', src, 'checkout', '-q', '--detach', commit],
                   check=True, env=ENV)
    os.makedirs(out, exist_ok=True)
    config = os.path.join(out, '.config')
    if not os.path.isfile(config):
        subprocess.run(mk + ['-s', 'defconfig'], cwd=src, check=True,
                       stdout=subprocess.DEVNULL)
    for o in opts:
        subprocess.run([os.path.join(src, 'scripts/config'), '--file',
                        config, '--set-val', *o.split('=', 1)], check=True)
    subprocess.run(mk + ['-s', 'olddefconfig', 'modules_prepare'], cwd=src,
                   check=True, stdout=subprocess.DEVNULL)
    # A driver whose option did not stick would build nothing, cleanly.
    with open(config) as f:
        lines = f.read().splitlines()
    for o in opts:
        if f'CONFIG_{o}' not in lines:
            print(f'series: {arch}: CONFIG_{o} did not stick')
            return None
    subprocess.run(['find', os.path.join(out, d), '-name', '*.o', '-delete'],
                   check=False, stderr=subprocess.DEVNULL)
    p = subprocess.run(mk + ['W=1', d], cwd=src, capture_output=True,
                       text=True)
    if p.returncode:
        print(p.stderr[-2000:])
        return None
    # Without line numbers, which the commit may move.
    return [re.sub(r':\d+(:\d+)?:', ':', line.replace(src + '/', ''))
            for line in (p.stdout + p.stderr).splitlines()
            if 'warning:' in line or 'error:' in line]


def series(out):
    path, base, fixes, sent, head, tree = series_parts()
    rc = 0
    outdir = os.path.join(ROOT, 'series', 'patches')
    shutil.rmtree(outdir, ignore_errors=True)
    parts = [('fixes', base, fixes, 'series/cover-fixes.txt'),
             ('v3', fixes, sent, 'series/cover-letter.txt')]
    am = checkout(os.path.join(ROOT, 'series', TREE), base)
    allfiles = []
    for name, frm, to, text in parts:
        patches = os.path.join(outdir, name)
        os.makedirs(patches)
        # base-commit: pristine 6.12 (as the cache imported it), and for
        # the second part the fixes as prerequisite-patch-id: lines.
        subprocess.run(['git', '-C', path, 'format-patch', '-q', '--cover-letter',
                        f'--base={base}', '-o', patches, f'{frm}..{to}'],
                       check=True, env=ENV)
        files = sorted(f for f in glob.glob(os.path.join(patches, '*.patch'))
                       if not f.endswith('0000-cover-letter.patch'))
        n = cover_letter(patches, path, text)
        log(f'series: {name}: {len(files)} patches and a cover letter to '
            f'{n} addresses, in {patches}')
        # As a maintainer: git am onto what the part applies to.
        p = subprocess.run(['git', '-C', am, 'am', '-q', '--keep-cr'] + files,
                           env=ENV, capture_output=True, text=True)
        if p.returncode:
            subprocess.run(['git', '-C', am, 'am', '--abort'], env=ENV)
            die(f'series: git am of {name}: {p.stdout}{p.stderr}')
        got = subprocess.run(['git', '-C', am, 'rev-parse', 'HEAD^{tree}'],
                             capture_output=True, text=True,
                             check=True).stdout.strip()
        want = git('rev-parse', f'{to}^{{tree}}')
        print(f'series: {name}: the tree make check tests  {want}')
        print(f'series: {name}: git am of its {len(files)} patches {got}')
        if got != want:
            print(f'series: FAIL: git am of {name} makes another tree')
            rc = 1
        allfiles += files
    print(f'series: the tested tree {tree} is the series and '
          f'{len(git("rev-list", f"{sent}..{head}").split())} harness commits')

    # What no patch may touch.
    fixed = set(git('rev-list', f'{base}..{fixes}').split())
    for c in git('rev-list', f'{base}..{sent}').split():
        for f in git('diff-tree', '--no-commit-id', '--name-only', '-r',
                     c).split():
            if FORBIDDEN.match(f) and not (c in fixed and
                                           FIXES_MAY_TOUCH.match(f)):
                print(f'series: FAIL: {git("log", "-1", "--format=%s", c)} '
                      f'touches {f}')
                rc = 1

    # checkpatch --strict on every patch. The object store has no history,
    # so the commits that Fixes: tags name cannot be looked up; new files
    # (tests among them) need no MAINTAINERS change of their own; and
    # cirrus, which MAINTAINERS marks obsolete ("no unnecessary
    # modifications"), takes a bug fix (series/fixes/) and nothing else:
    # FORBIDDEN above holds the rest.
    for f in allfiles:
        p = subprocess.run([os.path.join(am, 'scripts/checkpatch.pl'),
                            '--strict', '--quiet', '--show-types', '--ignore',
                            'UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES,OBSOLETE',
                            f], cwd=am,
                           capture_output=True, text=True)
        # checkpatch counts a failing helper (spdxcheck.py) in no total;
        # what it printed on stderr is a finding here.
        if p.returncode or p.stderr:
            print(p.stdout + p.stderr, end='')
            print(f'series: checkpatch: {os.path.basename(f)}')
            rc = 1

    # Every patch builds: at each one, with W=1, the files it touches that
    # the UML KUnit kernel builds (scripts/kunit.sh uml made that), in a
    # build tree of its own with that kernel's configuration.
    uml = os.path.join(ROOT, 'uml')
    steps = os.path.join(ROOT, 'series', 'uml')
    if not os.path.isfile(os.path.join(uml, '.config')):
        print('series: no UML build tree (scripts/kunit.sh uml): no build')
        return 1
    os.makedirs(steps, exist_ok=True)
    shutil.copy(os.path.join(uml, '.config'), os.path.join(steps, '.config'))
    built, crossed, broken = 0, 0, 0
    for c in git('rev-list', '--reverse', f'{base}..{sent}').split():
        subject = git('log', '-1', '--format=%s', c)
        touched = git('diff-tree', '--no-commit-id', '--name-only', '-r',
                      c, '--', '*.c', '*.h').split()
        for d, (arch, cross, opts) in CROSS_BUILDS.items():
            if any(f.startswith(d) for f in touched):
                crossed += 1
                if not cross_build(am, c, d, arch, cross, opts):
                    print(f'series: FAIL: W=1 {arch} build at "{subject}"')
                    broken += 1
                    rc = 1
        touched = [f for f in touched if f.endswith('.c')]
        objs = [f[:-2] + '.o' for f in touched
                if os.path.isfile(os.path.join(uml, f[:-2] + '.o'))]
        # The framework's directory as a whole: its KUnit objects take
        # their include path from a Makefile a single target skips.
        fw = 'drivers/gpu/drm/regdata/'
        if any(o.startswith(fw) for o in objs):
            objs = [o for o in objs if not o.startswith(fw)] + [fw]
        if not objs:
            continue
        subprocess.run(['git', '-C', am, 'checkout', '-q', '--detach', c],
                       check=True, env=ENV)
        for o in objs:
            if o.endswith('.o') and os.path.exists(os.path.join(steps, o)):
                os.unlink(os.path.join(steps, o))
            elif o == fw:
                subprocess.run(['find', os.path.join(steps, fw), '-name',
                                '*.o', '-delete'], check=False)
        p = subprocess.run(['make', 'ARCH=um', f'O={steps}', 'CC=ccache gcc',
                            'W=1', f'-j{os.cpu_count()}', 'olddefconfig'] +
                           objs, cwd=am, capture_output=True, text=True)
        warnings = [l for l in (p.stdout + p.stderr).splitlines()
                    if 'warning:' in l or 'error:' in l]
        built += 1
        if p.returncode or warnings:
            print('\n'.join(warnings[:40]))
            print(f'series: FAIL: W=1 build at "{subject}"')
            broken += 1
            rc = 1
    print(f'series: W=1 build at each of the {built} patches that touch files '
          f'UML builds, and {crossed} cross-built: '
          f'{"clean" if not broken else f"{broken} FAILED"}')
    if out:
        for name, *_ in parts:
            shutil.copytree(os.path.join(outdir, name), os.path.join(out, name),
                            dirs_exist_ok=True)
    print(f'series: {len(allfiles)} patches, '
          f'{"clean" if not rc else "FAILED"}')
    return rc
