#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end run: build an x86_64 kernel from linux-source-6.12 with the
# framework, both samples and their emulation as modules, plus KASAN,
# PROVE_LOCKING, kmemleak and fault injection; build the static libdrm
# client and an initramfs; boot it under QEMU (-smp 2) with an edu and an
# ivshmem-plain PCI function; return the client's verdict.
#
#   scripts/vm.sh MODE [NAME=VALUE...]
#   scripts/vm.sh --help
#
# MODE is one of the modes the declarations in vm/*.vm serve: each is one
# kind of VM run as data (kernel config fragment, build directory, QEMU
# devices, kernel command line), the way kunit.py's qemu_configs are.
# kunit boots the sanitizer kernel with the KUnit suites, built as
# modules, loaded instead of running the client; the console log then
# holds their KTAP (scripts/kunit.sh x86_64 reads it). Every other mode is
# the client's (tools/client.c), and so are the options: CYCLES=,
# THREADS=, FUZZ=, FAULT_STRIDE=, ... (--help lists them). They are
# checked by the client itself, built and run here on the host before
# anything else is built, and reach it through the kernel command line
# (REGDATA_OPTS) and init.
#
# The kernel is built from the tree of series/variants' "series" variant,
# which this script assembles (scripts/regdata assemble: the patches, then
# the harness from this checkout's files, edits included); a caller that
# boots another variant names it in REGDATA_VARIANT and points
# DRM_REGDATA_CACHE at that variant's cache (scripts/vm-fixes.sh). It
# refuses to build when the two disagree.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

client=$CACHE/regdata-client
build_client() {
	mkdir -p "$CACHE"
	gcc -static -O2 -Wall -Wextra -Werror -pthread \
		-I/usr/include/libdrm -I"$REPO/include/uapi/drm" -I"$REPO/include" \
		-o "$client" "$REPO"/tools/client*.c -ldrm
}

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
	sed -n '/^#   scripts\/vm.sh/,/^$/p' "$0" | sed 's/^# \{0,1\}//'
	printf 'modes: %s\n' "$(sed -n 's/^MODES="\(.*\)"/\1/p' "$REPO"/vm/*.vm | tr '\n' ' ')"
	build_client
	exec "$client" --help
fi
[ $# -ge 1 ] || die "usage: scripts/vm.sh MODE [NAME=VALUE...] (--help for more)"
mode=$1
shift
vmfile=
for f in "$REPO"/vm/*.vm; do
	if (. "$REPO/vm/pci-functions" && . "$f" && [[ " $MODES " == *" $mode "* ]]); then
		vmfile=$f
	fi
done
[ -n "$vmfile" ] || die "unknown mode \"$mode\"; scripts/vm.sh --help lists them"
MODES= BUILD= CONFIG= DEVICES= KARGS= LOGLEVEL= QEMU_EXTRA= TSC_KHZ= SMP=2 MODULES= BIOS=qboot
. "$REPO/vm/pci-functions"
. "$vmfile"
build=$CACHE/$BUILD
# The kernel's configuration: vm/base.config, then the declaration's
# fragments (CONFIG=), in that order.
frag=$CACHE/$BUILD.config
mkdir -p "$CACHE"
(cd "$REPO/vm" && cat base.config $CONFIG) > "$frag"

# The options, checked (and completed with their defaults) by the client.
build_client
if [ "$mode" = kunit ]; then
	[ $# -eq 0 ] || die "kunit takes no options, not $*"
	opts=
else
	opts=$("$client" --check "$mode" "$@") || die "bad options for $mode (scripts/vm.sh --help lists them)"
	opts=$(echo "$opts" | paste -sd,)
fi
optval() { echo ",$opts," | sed -n "s/.*,$1=\([0-9]*\),.*/\1/p"; }
cycles=$(optval CYCLES)
fuzz=$(optval FUZZ)
initramfs=$build/initramfs
mkdir -p "$build"

# --- kernel -----------------------------------------------------------
variant=${REGDATA_VARIANT:-series}
"$REPO/scripts/regdata" assemble "$variant"
[ "$("$REPO/scripts/regdata" path "$variant")" = "$KSRC" ] ||
	die "variant $variant is assembled in $("$REPO/scripts/regdata" path "$variant"), not in $KSRC: set DRM_REGDATA_CACHE to its cache"
config_sum=$(cat "$frag" | md5sum | cut -d' ' -f1)
cd "$KSRC"
if [ ! -f "$build/.config" ] || [ "$(cat "$build/.config.frag" 2>/dev/null)" != "$config_sum" ]; then
	log "configuring the VM kernel"
	{ cat "$frag"; echo CONFIG_SERIAL_8250=y; echo CONFIG_SERIAL_8250_CONSOLE=y; } > "$build/.config"
	make ARCH=x86_64 O="$build" CC="ccache gcc" olddefconfig > /dev/null
	grep -E '^(CONFIG_|# CONFIG_.* is not set)' "$frag" | while read -r opt; do
		grep -qx "$opt" "$build/.config" || die "VM kernel config lost $opt"
	done
	echo "$config_sum" > "$build/.config.frag"
fi
# The tree scripts/regdata series checks against git am of the patches.
log "building the VM kernel from vm/base.config $CONFIG, tree $(git -C "$KSRC" rev-parse 'HEAD^{tree}') (progress every 500 steps)"
t0=$(date +%s)
set +e
make ARCH=x86_64 O="$build" CC="ccache gcc" -j"$JOBS" bzImage 2>&1 |
	tee "$build/build.log" |
	awk '/ error:|Error [0-9]/ { print; next }
	     /^  [A-Z]/ { n++; if (n % 500 == 0) printf "    ... %d steps\n", n; fflush() }'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || { tail -n 30 "$build/build.log"; die "VM kernel build failed"; }
if grep -q '^CONFIG_MODULES=y' "$build/.config"; then
	make ARCH=x86_64 O="$build" CC="ccache gcc" -j"$JOBS" modules \
		>> "$build/build.log" 2>&1 || { tail -n 30 "$build/build.log"; die "VM modules build failed"; }
fi
log "kernel built in $(( $(date +%s) - t0 )) s"

# --- client and initramfs ---------------------------------------------
rm -rf "$initramfs"
mkdir -p "$initramfs"/{bin,dev,proc,sys,tmp}
cp "$client" "$initramfs/regdata-client"
cp "$REPO/tools/kernel-reports" "$initramfs/kernel-reports"
# The modules the declaration loads (MODULES=), all of the list otherwise.
if [ -n "$MODULES" ]; then
	grep -wE "^($(echo $MODULES | tr ' ' '|'))" "$REPO/scripts/modules.list" \
		> "$initramfs/modules.list"
else
	cp "$REPO/scripts/modules.list" "$initramfs/modules.list"
fi
cp /bin/busybox "$initramfs/bin/busybox"
# Real userspace from Debian, with the libraries it links.
for tool in /usr/bin/modetest /usr/bin/proptest /usr/bin/drm_info; do
	cp -L --parents "$tool" "$initramfs/"
	ldd "$tool" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' |
		while read -r lib; do cp -L --parents "$lib" "$initramfs/"; done
done
if grep -q '^CONFIG_MODULES=y' "$build/.config"; then
	make ARCH=x86_64 O="$build" INSTALL_MOD_PATH="$initramfs" \
		INSTALL_MOD_STRIP=1 modules_install > /dev/null
fi
cp "$REPO/vm/init" "$initramfs/init"
chmod +x "$initramfs/init"
(cd "$initramfs" && find . | cpio -o -H newc --quiet | gzip -1) > "$build/initrd.gz"

# --- boot ---------------------------------------------------------------
# TCG gives the guest the host's TSC. Without ACPI there is no HPET, and
# calibrating against the PIT fails on a busy host, leaving the kernel on a
# 4 ms jiffies clock: hand it the frequency instead.
# Under -icount the guest's TSC counts the virtual clock's nanoseconds
# instead: the declaration says so (TSC_KHZ).
if [ -n "$TSC_KHZ" ]; then
	tsc_khz=$TSC_KHZ
else
	gcc -O2 -o "$build/tsc-khz" "$REPO/tools/tsc-khz.c"
	tsc_khz=$("$build/tsc-khz")
fi
read -ra devices <<< "$DEVICES"
# qboot boots fastest but routes no PCI INTx line ("can't find IRQ for PCI
# INT A"): a device that needs one (qxl) is declared with BIOS=seabios,
# QEMU's default firmware, which does.
case $BIOS in
qboot) bios=(-bios qboot.rom) ;;
seabios) bios=() ;;
*) die "$(basename "$vmfile"): BIOS=$BIOS: qboot or seabios" ;;
esac
read -ra qemu_extra <<< "$QEMU_EXTRA"
log "booting: qemu-system-x86_64 -smp $SMP ${qemu_extra[*]} ${devices[*]} ($(basename "$vmfile"): $mode ${opts:-})"
console=$build/console.log
[ "$mode" != kunit ] || console=$build/console-kunit.log
set +e
timeout $((1200 + ${cycles:-0} * 10 + ${fuzz:-0} / 100)) qemu-system-x86_64 -nographic -no-reboot -m 2G -smp "$SMP" \
	-name regdata,debug-threads=on \
	"${bios[@]}" -kernel "$build/arch/x86/boot/bzImage" \
	-initrd "$build/initrd.gz" \
	-append "console=ttyS0 panic=-1 loglevel=$LOGLEVEL $KARGS tsc=reliable tsc_early_khz=$tsc_khz REGDATA_MODE=$mode REGDATA_OPTS=$opts" \
	-vga none "${devices[@]}" "${qemu_extra[@]}" \
	< /dev/null 2>&1 | tee "$console" |
	grep --line-buffered -v '^\[ *[0-9]*\.[0-9]*\]' | grep --line-buffered -v '^$'
set -e

if [ "$mode" = kunit ]; then
	# The verdict is the suites': scripts/kunit.sh parses and scans.
	grep -q '^REGDATA-EXIT: 0' "$console" && ! grep -q REGDATA-MODPROBE-FAILED "$console" ||
		die "VM KUnit boot failed (console log: $console)"
	exit 0
fi

# The kernel's own lines on the console, complete: the client reads the
# kernel log's ring buffer, which thousands of fault-injection traces can
# wrap before the end of a long run.
reports=$(grep -E '^\[ *[0-9]+\.[0-9]+\] ' "$console" |
	grep -E -f <(grep -v '^#' "$REPO/tools/kernel-reports" | cut -f2-) || true)
if grep -q '^REGDATA-EXIT: 0' "$console" && [ -z "$reports" ]; then
	log "VM run passed (console log: $console)"
	exit 0
fi
[ -z "$reports" ] || { echo "kernel reports on the console:"; echo "$reports" | head -n 20; } >&2
grep -E 'KASAN|WARNING|BUG|Kernel panic' "$console" | head -n 20 >&2 || true
die "VM run failed (console log: $console)"
