#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms add + build of this tree against the installed Debian 6.12 headers,
# as an out-of-tree user would; checks the modules come out, then removes
# the package from dkms again.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$REPO/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO/dkms.conf")
hdr=$(headers_dir)
kver=${hdr#/usr/src/linux-headers-}
[ -e "/lib/modules/$kver/build" ] || die "no /lib/modules/$kver/build"

stage=$CACHE/dkms/$name-$ver
rm -rf "$stage"
mkdir -p "$stage"
(cd "$REPO" && git ls-files -co --exclude-standard) |
	rsync -a --files-from=- "$REPO/" "$stage/"

$SUDO dkms remove -m "$name" -v "$ver" --all >/dev/null 2>&1 || true
$SUDO rm -rf "/usr/src/$name-$ver"
trap '$SUDO dkms remove -m "$name" -v "$ver" --all >/dev/null 2>&1 || true' EXIT

log "dkms add + build $name/$ver for $kver"
$SUDO dkms add "$stage" >/dev/null
if ! $SUDO dkms build -m "$name" -v "$ver" -k "$kver" > "$CACHE/dkms/build.log" 2>&1; then
	cat "$CACHE/dkms/build.log"
	cat "/var/lib/dkms/$name/$ver/build/make.log" 2>/dev/null || true
	die "dkms build failed"
fi

out=/var/lib/dkms/$name/$ver/$kver/$(uname -m)/module
for m in $(awk '!/^#/ && $3 == "dkms" { sub(/.*\//, "", $2); sub(/\.ko$/, "", $2); print $2 }' \
		"$REPO/scripts/modules.list"); do
	ko=$(ls "$out/$m.ko"* 2>/dev/null | head -n 1)
	[ -n "$ko" ] || die "dkms did not produce $m.ko"
	echo "dkms built $(basename "$ko")"
done
