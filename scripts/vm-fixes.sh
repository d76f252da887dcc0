#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM run on 6.12 with the series' fixes alone (the fixes-only tree of
# series/variants, what git am of the fixes makes): bochs and virtio-gpu as
# they are, through the same fault sweep, fuzzer and hot-unplug cycles as
# the series' run, in a cache directory of its own (the compiler cache is
# shared).
#
#   scripts/vm-fixes.sh [qxl] [NAME=VALUE...]   (the options of scripts/vm.sh)
#
# With qxl, the qxl run on the same kernel (vm/qxl.vm): qxl and cirrus
# unbound and bound again with no file open.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$REPO/scripts/regdata" assemble fixes-only
export DRM_REGDATA_CACHE=$CACHE/fixes
mode=fixes
if [ "${1:-}" = qxl ]; then
	mode=qxl
	shift
fi
exec "$REPO/scripts/vm.sh" $mode "$@"
