#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian's linux-source-6.12 into the cache (once) and place this tree
# in it as drivers/gpu/drm/regdata/ with the one-line Kconfig and Makefile
# hooks. Idempotent; never writes into the repository.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ ! -f "$KSRC/Makefile" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || die "linux-source-6.12 is not installed (scripts/deps.sh)"
	log "unpacking $tarball into $CACHE"
	mkdir -p "$CACHE"
	rm -rf "$KSRC.tmp"
	mkdir "$KSRC.tmp"
	tar -xf "$tarball" -C "$KSRC.tmp" --strip-components=1
	mv "$KSRC.tmp" "$KSRC"
fi

dst=$KSRC/drivers/gpu/drm/regdata
mkdir -p "$dst"
# Only what git would track: no build output of out-of-tree builds, which
# make's VPATH would otherwise pick up in place of the in-tree objects.
(cd "$REPO" && git ls-files -co --exclude-standard) |
	grep -v '^\.ci/\|^scripts/\|^tools/\|^coccinelle/\|^README\|^dkms.conf' |
	rsync -a --delete --delete-missing-args --files-from=- "$REPO/" "$dst/"
# --files-from does not delete files gone from the repository.
(cd "$dst" && find . -type f -printf '%P\n') | while read -r f; do
	[ -e "$REPO/$f" ] || rm -f "$dst/$f"
done

kconfig=$KSRC/drivers/gpu/drm/Kconfig
if ! grep -q 'drivers/gpu/drm/regdata/Kconfig' "$kconfig"; then
	sed -i '/^source "drivers\/gpu\/drm\/vkms\/Kconfig"/a source "drivers/gpu/drm/regdata/Kconfig"' "$kconfig"
	grep -q 'drivers/gpu/drm/regdata/Kconfig' "$kconfig" || die "Kconfig hook failed"
fi
makefile=$KSRC/drivers/gpu/drm/Makefile
if ! grep -q 'regdata/' "$makefile"; then
	echo 'obj-$(CONFIG_DRM_REGDATA) += regdata/' >> "$makefile"
fi
