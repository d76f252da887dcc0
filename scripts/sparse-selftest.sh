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
cp "$REPO/drm_regdata.h" "$dir/"
cat > "$dir/guards.c" <<'C'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include "drm_regdata.h"

int regdata_balanced(struct drm_device *drm);
int regdata_balanced(struct drm_device *drm)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	drm_unbind_guard_exit(&guard);
	return 0;
}

int regdata_unbalanced(struct drm_device *drm);
int regdata_unbalanced(struct drm_device *drm)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	return 0;
}

MODULE_LICENSE("GPL");
C
# Stock headers: the framework's stock form (see the detection in the
# Makefile), its state in dev_private and its guards in its own SRCU too.
printf 'ccflags-y += -DDRM_REGDATA_COMPAT -DDRM_REGDATA_GLOBAL_UNPLUG\nobj-m += guards.o\n' > "$dir/Kbuild"
make -C "$hdr" M="$dir" C=2 modules > "$dir/build.log" 2>&1 || true
reports=$(grep -c 'context imbalance' "$dir/build.log" || true)
if [ "$reports" != 1 ] || ! grep -q "context imbalance in 'regdata_unbalanced'" "$dir/build.log"; then
	cat "$dir/build.log"
	die "sparse self-test: expected one context imbalance, in regdata_unbalanced"
fi
echo "sparse self-test: the unbalanced guard is reported, the balanced one is not"
