#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites (UML, KASAN, lockdep, kmemleak) on stock 6.12: the
# stock-core tree of series/variants, Debian's linux-source-6.12 with none
# of the series' DRM core patches, so the framework builds with
# compat/drm_regdata_compat.h (the data in drm_device.dev_private, one
# unplug domain for all devices), as the out-of-tree module does. In a
# cache directory of its own; the compiler cache is shared.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$REPO/scripts/regdata" assemble stock-core
export DRM_REGDATA_CACHE=$CACHE/stock-core KUNIT_LABEL=uml-stock
exec "$REPO/scripts/kunit.sh" uml
