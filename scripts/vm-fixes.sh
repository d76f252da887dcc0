#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM run on 6.12 with the series' fixes alone (the fixes-only tree of
# series/variants, what git am of the fixes makes): bochs and virtio-gpu as
# they are, through the same fault sweep, fuzzer and hot-unplug cycles as
# the series' run, in a cache directory of its own (the compiler cache is
# shared).
#
#   scripts/vm-fixes.sh [qxl|qxl-held] [NAME=VALUE...]   (scripts/vm.sh's options)
#
# With qxl, the qxl run on the same kernel (vm/qxl.vm): qxl and cirrus
# unbound and bound again with no file open; with qxl-held, each with a
# file and a mapping kept open across an unbind and a bind (which 6.12's
# qxl fails: not in make check).

set -euo pipefail
. "$(dirname "$0")/lib.sh"

export REGDATA_VARIANT=fixes-only DRM_REGDATA_CACHE=$CACHE/fixes
mode=fixes
case ${1:-} in
qxl | qxl-held)
	mode=$1
	shift
	;;
esac
exec "$REPO/scripts/vm.sh" $mode "$@"
