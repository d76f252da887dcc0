# SPDX-License-Identifier: GPL-2.0
# Shared settings of the project's scripts; sourced, not run.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${DRM_REGDATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drm-regdata}
KSRC=$CACHE/linux-source-6.12
JOBS=$(nproc)
# Debian's python3 (with python3-ply for checkpatch's spdxcheck, and
# sphinx) before any other python3 on PATH.
export PATH=/usr/bin:$PATH
# One compiler cache for every kernel tree, also for the caches of their
# own that some runs use ($CACHE/stock-core, ...): paths below the first
# cache are hashed relative to the build directory, and the build directory
# itself is not, so that the same object in a tree of the same layout
# (linux-source-6.12/ next to the build directory) is a hit.
export REGDATA_CACHE_ROOT=${REGDATA_CACHE_ROOT:-$CACHE}
export CCACHE_DIR=$REGDATA_CACHE_ROOT/ccache
export CCACHE_MAXSIZE=5G
export CCACHE_BASEDIR=$REGDATA_CACHE_ROOT
export CCACHE_NOHASHDIR=1

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The newest installed Debian 6.12 amd64 headers.
headers_dir() {
	ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1
}

# Installed Debian 6.12 amd64 headers before 6.12.110, oldest first.
old_headers_dir() {
	ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null |
		awk -F'[.+]' '$3 < 110' | sort -V | head -n 1
}
