#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the converted drivers that cannot run here, from the kernel tree
# scripts/regdata assembled (the series): pvr, which 6.12
# builds for arm64 only, and panthor, cross-built for arm64 with Debian's
# gcc-aarch64-linux-gnu, both with the framework; and panthor with the
# framework on x86_64 with COMPILE_TEST. Objects only: linking modules
# would need a whole arm64 kernel. Any compiler warning fails.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

rc=0

# build NAME ARCH CROSS DEFCONFIG "CONFIG=value ..." DIR...
build() {
	local name=$1 arch=$2 cross=$3 defconfig=$4 opts=$5
	shift 5
	local out=$CACHE/compile-test/$name
	local mk=(make -C "$KSRC" ARCH="$arch" O="$out" -j"$JOBS")
	local want o

	[ -z "$cross" ] || mk+=(CROSS_COMPILE="ccache $cross")
	[ -n "$cross" ] || mk+=(CC="ccache gcc")
	want=$(echo "$defconfig $opts" | md5sum | cut -d' ' -f1)
	mkdir -p "$out"
	if [ "$(cat "$out/.config.want" 2>/dev/null)" != "$want" ]; then
		"${mk[@]}" -s "$defconfig" > /dev/null
		for o in $opts; do
			"$KSRC/scripts/config" --file "$out/.config" --set-val "${o%%=*}" "${o#*=}"
		done
		"${mk[@]}" -s olddefconfig > /dev/null
		for o in $opts; do
			grep -qx "CONFIG_$o" "$out/.config" ||
				die "compile-test: $name: CONFIG_$o did not stick"
		done
		echo "$want" > "$out/.config.want"
	fi
	log "compile-test: $name: $*"
	if ! "${mk[@]}" "$@" > "$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log"
		echo "compile-test: $name: build failed"
		rc=1
	elif grep -E 'warning:|error:' "$out/build.log"; then
		echo "compile-test: $name: the compiler warned"
		rc=1
	fi
}

build arm64 arm64 aarch64-linux-gnu- defconfig \
	"DRM=m DRM_REGDATA=m DRM_POWERVR=m DRM_PANTHOR=m" \
	drivers/gpu/drm/regdata/ drivers/gpu/drm/imagination/ drivers/gpu/drm/panthor/
build x86_64 x86_64 "" x86_64_defconfig \
	"COMPILE_TEST=y DRM=m DRM_REGDATA=m DRM_PANTHOR=m" \
	drivers/gpu/drm/regdata/ drivers/gpu/drm/panthor/

# The conversions are what was built.
for f in drivers/gpu/drm/imagination/pvr_drv.c drivers/gpu/drm/panthor/panthor_drv.c; do
	grep -q DRM_IOCTL_DEF_DRV_GUARDED "$KSRC/$f" ||
		{ echo "compile-test: $f is not converted"; rc=1; }
done
for o in arm64/drivers/gpu/drm/imagination/pvr_drv.o arm64/drivers/gpu/drm/panthor/panthor_drv.o \
	 x86_64/drivers/gpu/drm/panthor/panthor_drv.o; do
	[ -f "$CACHE/compile-test/$o" ] || { echo "compile-test: no $o"; rc=1; }
done
exit $rc
