#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM run on 6.12 with the series' fixes alone (the fixes-only tree of
# series/variants, what git am of the fixes makes): bochs and virtio-gpu as
# they are, through the same fault sweep, fuzzer and hot-unplug cycles as
# the series' run, in a cache directory of its own (the compiler cache is
# shared).
#
#   scripts/vm-fixes.sh [NAME=VALUE...]   (the options of scripts/vm.sh)

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$REPO/scripts/regdata" assemble fixes-only
export DRM_REGDATA_CACHE=$CACHE/fixes
exec "$REPO/scripts/vm.sh" fixes "$@"
