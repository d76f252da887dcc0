# SPDX-License-Identifier: GPL-2.0
"""What scripts/regdata's commands share: the cache, git, series/variants,
the pristine tree and the object store, and the trees built from them."""

import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
# Debian's python3 (with python3-ply for checkpatch's spdxcheck) first, as
# scripts/lib.sh has it.
os.environ['PATH'] = '/usr/bin:' + os.environ.get('PATH', '')
ROOT = os.environ.get('REGDATA_CACHE_ROOT') or os.environ.get(
    'DRM_REGDATA_CACHE') or os.path.join(
    os.environ.get('XDG_CACHE_HOME', os.path.expanduser('~/.cache')),
    'drm-regdata')
GITDIR = os.path.join(ROOT, 'linux.git')
TREE = 'linux-source-6.12'
AUTHOR = 'drm-regdata developers <drm-regdata@lists.example.org>'
ENV = dict(os.environ, GIT_COMMITTER_NAME='drm-regdata developers',
           GIT_COMMITTER_EMAIL='drm-regdata@lists.example.org',
           GIT_COMMITTER_DATE='2026-11-24T12:00:00+0000')


def log(msg):
    print(f'==> {msg}', file=sys.stderr, flush=True)


def die(msg):
    print(f'error: {msg}', file=sys.stderr)
    sys.exit(1)


def git(*args, env=None, input=None, cwd=None, check=True):
    p = subprocess.run(['git', f'--git-dir={GITDIR}'] + list(args),
                       env=env or ENV, input=input, cwd=cwd,
                       capture_output=True, text=True)
    if check and p.returncode:
        die(f'git {" ".join(args)}: {p.stderr.strip()}')
    return p.stdout.strip()


# --- series/variants -----------------------------------------------------

def read_variants():
    """{name: (where, [items])} from series/variants."""
    groups, variants, cur, where = {}, {}, None, None
    for n, line in enumerate(open(os.path.join(REPO, 'series/variants')), 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        m = re.match(r'\[([\w-]+)\](?:\s+where=(\S+))?$', line)
        if m:
            cur, where = m.group(1), m.group(2)
            (variants if where else groups)[cur] = (where, [])
            continue
        if cur is None:
            die(f'series/variants:{n}: an item before any group')
        items = (variants if where else groups)[cur][1]
        if line.startswith('@'):
            if line[1:] not in groups:
                die(f'series/variants:{n}: no group {line[1:]}')
            items.extend(groups[line[1:]][1])
        elif line.startswith('-'):
            if line[1:] not in items:
                die(f'series/variants:{n}: {line[1:]} is not in {cur}')
            items.remove(line[1:])
        else:
            items.append(line)
    for name, (_, items) in list(groups.items()) + list(variants.items()):
        for item in items:
            if not os.path.isfile(os.path.join(REPO, item)):
                die(f'series/variants: {name}: no file {item}')
    return {k: v for k, v in variants.items()}


def variant_dir(where):
    return os.path.normpath(os.path.join(ROOT, where, TREE))


def read_commit(path):
    """(headers, message, [(src, dst)], [(diff, reverse)]) of a .commit."""
    text = open(os.path.join(REPO, path)).read()
    head, _, rest = text.partition('\n\n')
    headers = dict(l.split(': ', 1) for l in head.splitlines())
    message, sep, listing = rest.partition('\n---\n')
    if not sep:
        die(f'{path}: no "---" before the list of files')
    files, diffs = [], []
    for n, line in enumerate(listing.splitlines()):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] in ('diff', 'undo') and len(words) == 2:
            diffs.append((words[1], words[0] == 'undo'))
            continue
        if len(words) != 2:
            die(f'{path}: "{line}": want SOURCE DESTINATION')
        src, dst = words
        if src.endswith('/'):
            tracked = subprocess.run(
                ['git', '-C', REPO, 'ls-files', '-co', '--exclude-standard',
                 src], capture_output=True, text=True, check=True).stdout.split()
            if not tracked:
                die(f'{path}: no files under {src}')
            files += [(f, dst + f[len(src):]) for f in tracked]
        else:
            files.append((src, dst))
    for src, _ in files:
        if not os.path.isfile(os.path.join(REPO, src)):
            die(f'{path}: no file {src}')
    return headers, message.strip() + '\n', files, diffs


# --- the pristine tree and the object store --------------------------------

def ensure_base():
    """$ROOT/linux.git with linux-source-6.12 committed as tag base."""
    # What an interrupted run left: a half unpacked tree, an index.
    for left in glob.glob(os.path.join(ROOT, 'pristine.*')) + \
            glob.glob(os.path.join(ROOT, 'index.*')):
        shutil.rmtree(left, ignore_errors=True) if os.path.isdir(left) \
            else os.unlink(left)
    if git('rev-parse', '-q', '--verify', 'refs/tags/base^{commit}',
           check=False):
        # Stores made before core.bare was set (see below).
        git('config', 'core.bare', 'false')
        return
    tarball = (glob.glob('/usr/src/linux-source-6.12.tar.*') or [None])[0]
    if not tarball:
        die('linux-source-6.12 is not installed (scripts/deps.sh)')
    log(f'a git object store of pristine {os.path.basename(tarball)}')
    shutil.rmtree(GITDIR, ignore_errors=True)
    os.makedirs(ROOT, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=ROOT, prefix='pristine.')
    try:
        subprocess.run(['tar', '-xf', tarball, '-C', tmp,
                        '--strip-components=1'], check=True)
        git('init', '-q', '--bare')
        # The store has only worktrees, but it must not say it is bare:
        # checkpatch's spdxcheck.py opens a worktree with GitPython, which
        # takes core.bare from the common config and refuses a bare repo,
        # so that checkpatch would skip the SPDX check with a traceback.
        git('config', 'core.bare', 'false')
        git('config', 'gc.auto', '0')
        git('config', 'core.bigFileThreshold', '1m')
        env = dict(ENV, GIT_INDEX_FILE=os.path.join(ROOT, 'base.index'),
                   GIT_WORK_TREE=tmp, GIT_AUTHOR_NAME='Debian',
                   GIT_AUTHOR_EMAIL='debian-kernel@lists.debian.org',
                   GIT_AUTHOR_DATE='2026-11-24T12:00:00+0000')
        git('add', '-A', '-f', '.', env=env, cwd=tmp)
        tree = git('write-tree', env=env)
        commit = git('commit-tree', tree, '-m',
                     'Linux 6.12 (Debian linux-source-6.12)', env=env)
        git('tag', 'base', commit)
        os.unlink(os.path.join(ROOT, 'base.index'))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- building commits without a work tree ---------------------------------

class Index:
    """A temporary index on the object store, for commits built from it."""

    def __init__(self, parent):
        fd, self.path = tempfile.mkstemp(dir=ROOT, prefix='index.')
        os.close(fd)
        os.unlink(self.path)
        self.env = dict(ENV, GIT_INDEX_FILE=self.path)
        self.head = parent
        git('read-tree', parent, env=self.env)

    def close(self):
        if os.path.exists(self.path):
            os.unlink(self.path)

    def apply(self, diff, what, reverse=False):
        p = subprocess.run(['git', f'--git-dir={GITDIR}', 'apply',
                            '--cached', '--whitespace=nowarn'] +
                           (['--reverse'] if reverse else []) + [diff],
                           env=self.env, capture_output=True, text=True)
        if p.returncode:
            die(f'{what} does not apply: {p.stderr.strip()}')

    def commit(self, author, date, message):
        tree = git('write-tree', env=self.env)
        name, email = re.match(r'(.*) <(.*)>', author).groups()
        env = dict(self.env, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
                   GIT_AUTHOR_DATE=date)
        self.head = git('commit-tree', tree, '-p', self.head, env=env,
                        input=message)


def apply_patch(index, path):
    """As git am: the patch's author, date and message, its diff."""
    with tempfile.TemporaryDirectory() as tmp:
        msg, diff = os.path.join(tmp, 'msg'), os.path.join(tmp, 'diff')
        info = subprocess.run(['git', 'mailinfo', msg, diff],
                              stdin=open(os.path.join(REPO, path)),
                              capture_output=True, text=True, check=True)
        fields = dict(l.split(': ', 1) for l in info.stdout.splitlines()
                      if ': ' in l)
        index.apply(diff, path)
        body = open(msg).read()
        message = fields['Subject'] + '\n\n' + body if body.strip() else \
            fields['Subject'] + '\n'
        index.commit(f'{fields["Author"]} <{fields["Email"]}>',
                     fields['Date'], message)


def apply_commit(index, path):
    headers, message, files, diffs = read_commit(path)
    for src, dst in files:
        full = os.path.join(REPO, src)
        sha = git('hash-object', '-w', full)
        mode = '100755' if os.access(full, os.X_OK) else '100644'
        git('update-index', '--add', '--cacheinfo', f'{mode},{sha},{dst}',
            env=index.env)
    for diff, reverse in diffs:
        index.apply(os.path.join(REPO, diff), diff, reverse)
    index.commit(headers.get('From', AUTHOR), headers['Date'],
                 headers['Subject'] + '\n\n' + message)


def inputs_key(items):
    """What a tree is made of: the items' and their files' contents."""
    h = hashlib.sha1()
    for item in items:
        h.update(item.encode() + b'\0')
        h.update(open(os.path.join(REPO, item), 'rb').read())
        if item.endswith('.commit'):
            _, _, files, diffs = read_commit(item)
            for src, dst in files:
                h.update(f'{src} {dst}\0'.encode())
                h.update(open(os.path.join(REPO, src), 'rb').read())
            for diff, reverse in diffs:
                h.update(f'{diff} {reverse}\0'.encode())
                h.update(open(os.path.join(REPO, diff), 'rb').read())
    return h.hexdigest()


def build(name, items):
    """The commit that items make on top of base; cached by their key."""
    ref = f'refs/regdata/{name}/{inputs_key(items)}'
    head = git('rev-parse', '-q', '--verify', ref, check=False)
    if head:
        return head
    index = Index(git('rev-parse', 'base^{commit}'))
    try:
        for item in items:
            if item.endswith('.commit'):
                apply_commit(index, item)
            else:
                apply_patch(index, item)
    finally:
        index.close()
    for old in git('for-each-ref', '--format=%(refname)',
                   f'refs/regdata/{name}/').split():
        git('update-ref', '-d', old)
    git('update-ref', ref, index.head)
    return index.head


def checkout(path, head):
    """Make the tree at path that commit, writing only what differs."""
    gitfile = os.path.join(path, '.git')
    if os.path.isdir(path) and not os.path.isfile(gitfile):
        log(f'{path} is not a tree of the object store: made again')
        shutil.rmtree(path)
    if not os.path.isdir(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        git('worktree', 'prune')
        log(f'checking out {path}')
        git('worktree', 'add', '-f', '--detach', path, head)
        return path
    # A tree whose checkout was interrupted is finished by this one.
    subprocess.run(['git', '-C', path, 'checkout', '-q', '-f', '--detach',
                    head], check=True, env=ENV)
    subprocess.run(['git', '-C', path, 'clean', '-q', '-fdx'], check=True)
    return path


def assemble(variant):
    variants = read_variants()
    if variant not in variants:
        die(f'no variant {variant}; there are: {", ".join(variants)}')
    where, items = variants[variant]
    ensure_base()
    head = build(variant, items)
    path = checkout(variant_dir(where), head)
    tree = git('rev-parse', f'{head}^{{tree}}')
    log(f'{variant}: {len(items)} commits on 6.12, HEAD {head[:12]}, '
        f'tree {tree[:12]}, in {path}')
    return path, head, tree
