#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the modules out of tree against Debian's linux-headers-6.12 with W=1
# and sparse (C=2). Fails on any compiler or sparse warning, or if a module
# is missing. Builds from a copy so the repository stays clean.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

hdr=${KDIR:-$(headers_dir)}
[ -n "$hdr" ] || die "no linux-headers-6.12.*-amd64 installed (scripts/deps.sh)"
src=$CACHE/oot/src
mkdir -p "$src"
(cd "$REPO" && git ls-files -co --exclude-standard) |
	rsync -a --files-from=- "$REPO/" "$src/"

log "out-of-tree build against $hdr (W=1 C=2)"
out=$CACHE/oot/build.log
make -C "$src" KDIR="$hdr" clean >/dev/null
set +e
make -C "$src" KDIR="$hdr" W=1 C=2 CC="ccache gcc" -j"$JOBS" modules > "$out" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
	cat "$out" >&2
	die "out-of-tree build failed"
fi
if grep -E 'warning:|error:' "$out" >&2; then
	die "out-of-tree build has warnings"
fi

for ko in $(awk '!/^#/ && $2 != "-" { print $2 }' "$REPO/scripts/modules.list"); do
	[ -f "$src/$ko" ] || die "$ko was not built"
	echo "built $ko ($(stat -c %s "$src/$ko") bytes)"
done

# Older 6.12.y return from a failed drm_dev_register() without waiting for
# drm_dev_enter() sections; the build must refuse them, saying why.
old=$(old_headers_dir)
if [ -z "$old" ]; then
	echo "SKIPPED: no linux-headers-6.12.y before 6.12.110 installed"
	exit 0
fi
log "out-of-tree build against $old must be refused"
if make -C "$src" KDIR="$old" modules > "$CACHE/oot/old.log" 2>&1; then
	die "the build against $old succeeded"
fi
grep -q 'drm-regdata needs Linux 6.12.110 or later' "$CACHE/oot/old.log" ||
	{ cat "$CACHE/oot/old.log"; die "the build against $old failed for another reason"; }
echo "refused $(basename "$old"): $(grep -o 'drm-regdata needs Linux 6.12.110 or later, not [0-9.]*' "$CACHE/oot/old.log" | head -n 1)"
