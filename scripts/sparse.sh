#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse (C=2) over the project's directory in the VM kernel's build tree,
# whose config has lockdep on, so the lockdep paths are checked too. Run
# after scripts/vm.sh (or scripts/kunit.sh x86_64, which uses that kernel).
# Fails on any sparse report.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=$CACHE/vm
[ -f "$build/.config" ] || die "no VM build tree; run scripts/vm.sh"
out=$build/sparse.log
cd "$KSRC"
make ARCH=x86_64 O="$build" C=2 CC="ccache gcc" -j"$JOBS" \
	drivers/gpu/drm/regdata/ > "$out" 2>&1 || { cat "$out"; exit 1; }
if grep -E 'warning:|error:' "$out"; then
	exit 1
fi
echo "sparse: $(grep -c '  CHECK' "$out") files checked, no reports"
