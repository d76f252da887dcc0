#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict and kernel-doc -Wall on the project's C files, as they
# sit in the series tree (scripts/regdata assemble). Fails on any finding.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$KSRC"
files=$(git ls-files drivers/gpu/drm/regdata include/drm/drm_regdata.h \
	drivers/gpu/drm/virtio/virtgpu_regdata_test.c \
	'include/uapi/drm/regdata_*' | grep '\.[ch]$')
# What only the out-of-tree build against stock 6.12 uses.
files="$files $REPO/compat/drm_regdata_compat.h $REPO/include/regdata/regdata_devices.h"
rc=0

log "checkpatch --strict"
# checkpatch counts a failing helper (spdxcheck.py) in no total; what it
# printed on stderr is a finding here.
errs=$(mktemp)
scripts/checkpatch.pl --strict --quiet --show-types --terse -f $files \
	2>"$errs" || rc=1
if [ -s "$errs" ]; then
	cat "$errs"
	rc=1
fi
rm -f "$errs"

log "kernel-doc -Wall"
out=$(scripts/kernel-doc -none -Wall $files 2>&1 || true)
if [ -n "$out" ]; then
	echo "$out"
	rc=1
fi

exit $rc
