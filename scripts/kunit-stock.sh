#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The framework's and the samples' KUnit suites (UML, KASAN, lockdep,
# kmemleak) on stock 6.12: Debian's linux-source-6.12 with none of the
# series' patches, so the framework builds in its DRM_REGDATA_COMPAT form
# (the slot in drm_device.dev_private, one unplug SRCU for all devices),
# as the out-of-tree module does. In a cache of its own.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

export DRM_REGDATA_CACHE=$CACHE/stock-core REGDATA_STOCK_CORE=1 KUNIT_LABEL=uml-stock
"$REPO/scripts/kernel-tree.sh"
exec "$REPO/scripts/kunit.sh" uml
