# SPDX-License-Identifier: GPL-2.0
# Shared settings of the project's scripts; sourced, not run.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${DRM_REGDATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drm-regdata}
KSRC=$CACHE/linux-source-6.12
JOBS=$(nproc)
# Debian's python3 (with python3-ply for checkpatch's spdxcheck, and
# sphinx) before any other python3 on PATH.
export PATH=/usr/bin:$PATH
export CCACHE_DIR=$CACHE/ccache
export CCACHE_MAXSIZE=5G
# One cache for every kernel tree under $CACHE: paths below it are hashed
# relative to the build directory, and the build directory itself is not,
# so that the same object in another tree of the same layout is a hit.
export CCACHE_BASEDIR=$CACHE
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
