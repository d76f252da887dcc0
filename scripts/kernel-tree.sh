#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian's linux-source-6.12 into the cache (once), apply the
# patches the series carries (patches/drm/, the DRM core; patches/drivers/,
# the in-tree drivers converted to the framework), and place this tree in
# it as drivers/gpu/drm/regdata/, its API header also as
# include/drm/drm_regdata.h, with the one-line Kconfig and Makefile hooks:
# the kernel the series describes. Idempotent; never writes into the
# repository. REGDATA_STOCK_DRIVERS=1 leaves the in-tree drivers as Debian
# ships them (the DRM core patches only), for scripts/compare.sh; use it
# with a cache of its own. REGDATA_STOCK_CORE=1 applies nothing: stock
# 6.12 with the framework (in its DRM_REGDATA_COMPAT form) and the samples,
# for their KUnit suites on a stock kernel; a cache of its own too.
# REGDATA_GLOBAL_UNPLUG=1 leaves out the DRM core
# patches that give each device its own unplug SRCU and inline
# drm_dev_enter()/drm_dev_exit(), so that what they change is as in stock
# 6.12, for the benchmarks' stock kernel (make bench switches the tree to
# it and back; the next run of this script without it puts them back).

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

# The patches: when the set changes, the files they touched are put back
# as unpacked, then the whole set is applied again.
pristine=$CACHE/pristine
stamp=$KSRC/.regdata-core-patches
patches=("$REPO"/patches/drm/*.patch "$REPO"/patches/drivers/*.patch)
[ "${REGDATA_STOCK_DRIVERS:-}" != 1 ] || patches=("$REPO"/patches/drm/*.patch)
[ "${REGDATA_STOCK_CORE:-}" != 1 ] || patches=()
if [ "${REGDATA_GLOBAL_UNPLUG:-}" = 1 ]; then
	kept=()
	for p in "${patches[@]}"; do
		case $(basename "$p") in
		*-drm-give-every-device-an-unplug-SRCU-domain-*|*-drm-make-drm_dev_enter-and-drm_dev_exit-inline*) ;;
		*) kept+=("$p") ;;
		esac
	done
	[ ${#kept[@]} -eq $(( ${#patches[@]} - 2 )) ] ||
		die "REGDATA_GLOBAL_UNPLUG: the two unplug SRCU patches are not in the series"
	patches=("${kept[@]}")
fi
want=$(cat "${patches[@]}" /dev/null | sha1sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	log "applying the DRM core and driver patches"
	if [ -d "$pristine" ]; then
		(cd "$pristine/files" && find . -type f -printf '%P\n') |
			while read -r f; do cp "$pristine/files/$f" "$KSRC/$f"; done
		while read -r f; do rm -f "$KSRC/$f"; done < "$pristine/created"
	fi
	mkdir -p "$pristine/files"
	touch "$pristine/created"
	rm -f "$stamp"
	for p in "${patches[@]}"; do
		sed -n 's|^+++ b/||p' "$p" | while read -r f; do
			if [ -e "$pristine/files/$f" ] || grep -qx "$f" "$pristine/created"; then
				continue
			elif [ -e "$KSRC/$f" ]; then
				mkdir -p "$(dirname "$pristine/files/$f")"
				cp "$KSRC/$f" "$pristine/files/$f"
			else
				echo "$f" >> "$pristine/created"
			fi
		done
		patch -s -p1 -d "$KSRC" < "$p" || die "$(basename "$p") does not apply"
	done
	echo "$want" > "$stamp"
fi

dst=$KSRC/drivers/gpu/drm/regdata
mkdir -p "$dst"
# Only what git would track, and only the kernel side (no harness, no
# userspace client, no Coccinelle fixtures): build output of out-of-tree
# builds would be picked up by make's VPATH in place of in-tree objects.
list=$(mktemp)
trap 'rm -f "$list"' EXIT
(cd "$REPO" && git ls-files -co --exclude-standard) |
	grep -v '^\.ci/\|^scripts/\|^tools/\|^coccinelle/\|^vm/\|^patches/\|^README\|^dkms.conf\|^\.gitignore' |
	sort > "$list"
# By content, not time: a changed file gets a new mtime so that make
# rebuilds it even if the old build is newer than the edit.
rsync -rlp --checksum --files-from="$list" "$REPO/" "$dst/"
# Remove what is no longer in that list.
(cd "$dst" && find . -type f -printf '%P\n' | sort) | comm -23 - "$list" |
	while read -r f; do rm -f "$dst/$f"; done
find "$dst" -mindepth 1 -type d -empty -delete

# Drivers outside drivers/gpu/drm/regdata/ include the API as <drm/...>.
cmp -s "$REPO/drm_regdata.h" "$KSRC/include/drm/drm_regdata.h" ||
	cp "$REPO/drm_regdata.h" "$KSRC/include/drm/drm_regdata.h"

# The rule that finds registration data used after its guard joins the
# kernel's own, so that make coccicheck runs it.
cp "$REPO/coccinelle/drm_guard_escape.cocci" "$KSRC/scripts/coccinelle/api/"

kconfig=$KSRC/drivers/gpu/drm/Kconfig
if ! grep -q 'drivers/gpu/drm/regdata/Kconfig' "$kconfig"; then
	sed -i '/^source "drivers\/gpu\/drm\/vkms\/Kconfig"/a source "drivers/gpu/drm/regdata/Kconfig"' "$kconfig"
	grep -q 'drivers/gpu/drm/regdata/Kconfig' "$kconfig" || die "Kconfig hook failed"
fi
makefile=$KSRC/drivers/gpu/drm/Makefile
if ! grep -q 'regdata/' "$makefile"; then
	echo 'obj-$(CONFIG_DRM_REGDATA) += regdata/' >> "$makefile"
fi
