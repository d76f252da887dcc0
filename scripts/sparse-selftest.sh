#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sparse annotations must catch a guard that is entered and not left:
# build a scratch module with one balanced and one unbalanced guard against
# the distro headers with C=2, and require exactly one context imbalance
# report, on the unbalanced function.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

hdr=${KDIR:-$(headers_dir)}
dir=$CACHE/sparse-selftest
rm -rf "$dir"
mkdir -p "$dir"
cp "$REPO/include/drm/drm_regdata.h" "$REPO/compat/drm_regdata_compat.h" "$dir/"
cp "$REPO/scripts/sparse-selftest/guards.c" "$REPO/scripts/sparse-selftest/Kbuild" "$dir/"
make -C "$hdr" M="$dir" C=2 modules > "$dir/build.log" 2>&1 || true
reports=$(grep -c 'context imbalance' "$dir/build.log" || true)
if [ "$reports" != 1 ] || ! grep -q "context imbalance in 'regdata_unbalanced'" "$dir/build.log"; then
	cat "$dir/build.log"
	die "sparse self-test: expected one context imbalance, in regdata_unbalanced"
fi
echo "sparse self-test: the unbalanced guard is reported, the balanced one is not"
