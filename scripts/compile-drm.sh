#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make compile-drm: every DRM driver that x86_64 can build, compiled
# against the series' DRM core (the series tree scripts/regdata
# assembles): allmodconfig, which also selects COMPILE_TEST and so the
# drivers of other architectures that allow it, with the instrumentation
# that only slows the build down turned off (KASAN, KCSAN, UBSAN, KCOV,
# GCOV, debug info). Objects of drivers/gpu/drm/ and drivers/accel/ (whose
# drivers are DRM drivers too, ivpu calls drm_dev_enter()) only, as W=0
# with CONFIG_WERROR: any warning fails. Long (about an hour on two cores the
# first time), so not part of make check.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$REPO/scripts/regdata" assemble series
out=$CACHE/compile-drm
mk=(make -C "$KSRC" ARCH=x86_64 O="$out" CC="ccache gcc" -j"$JOBS")
off="KASAN KCSAN UBSAN KCOV GCOV_KERNEL DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT DEBUG_INFO_DWARF4 DEBUG_INFO_DWARF5 GCC_PLUGINS"

mkdir -p "$out"
if [ ! -f "$out/.config.done" ]; then
	log "compile-drm: allmodconfig"
	"${mk[@]}" -s allmodconfig > /dev/null
	for o in $off; do
		"$KSRC/scripts/config" --file "$out/.config" --disable "$o"
	done
	"$KSRC/scripts/config" --file "$out/.config" --enable DEBUG_INFO_NONE
	"${mk[@]}" -s olddefconfig > /dev/null
	grep -q '^CONFIG_DRM_REGDATA=' "$out/.config" || die "compile-drm: no CONFIG_DRM_REGDATA"
	touch "$out/.config.done"
fi

t0=$(date +%s)
log "compile-drm: drivers/gpu/drm/ drivers/accel/ ($(grep -c '^CONFIG_DRM.*=[ym]' "$out/.config") DRM options set)"
rc=0
"${mk[@]}" -k drivers/gpu/drm/ drivers/accel/ > "$out/build.log" 2>&1 || rc=1
objs=$(find "$out/drivers/gpu/drm" "$out/drivers/accel" -name '*.o' ! -name '*.mod.o' | wc -l)
if grep -E 'warning:|error:' "$out/build.log" | head -n 40; then
	rc=1
fi
log "compile-drm: $objs objects in $(( $(date +%s) - t0 )) s: $([ $rc -eq 0 ] && echo clean || echo FAILED)"
exit $rc
