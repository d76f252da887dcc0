#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end run: build an x86_64 kernel from linux-source-6.12 with the
# framework, both samples and their emulation as modules, plus KASAN,
# PROVE_LOCKING, kmemleak and fault injection; build the static libdrm
# client and an initramfs; boot it under QEMU (-smp 2) with an edu and an
# ivshmem-plain PCI function; return the client's verdict.
#
#   scripts/vm.sh [check|stress|bench|kunit] [CYCLES] [THREADS] [FUZZ] [STRIDE]
#
# kunit boots the same kernel with an ivshmem-plain function only and loads
# the KUnit suites, built as modules, instead of running the client; the
# console log then holds their KTAP (scripts/kunit.sh x86_64 reads it).
#
# Before the stress cycles: allocation failures on every bind path, every
# STRIDE-th allocation (0: none); module unload with files open; FUZZ
# random ioctls on every DRM node.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-stress}
cycles=${2:-50}
threads=${3:-2}
fuzz=${4:-0}
stride=${5:-0}
build=$CACHE/vm
frag=$REPO/vm/vm.config
if [ "$mode" = bench ] || [ "$mode" = bench-virtio ] || [ "$mode" = bench-icount ]; then
	# Measure a production-like kernel: no sanitizers, no lockdep.
	build=$CACHE/vm-bench
	frag=$REPO/vm/bench.config
fi
initramfs=$build/initramfs
mkdir -p "$build"

# --- kernel -----------------------------------------------------------
config_sum=$(cat "$frag" | md5sum | cut -d' ' -f1)
cd "$KSRC"
if [ ! -f "$build/.config" ] || [ "$(cat "$build/.config.frag" 2>/dev/null)" != "$config_sum" ]; then
	log "configuring the VM kernel"
	{ cat "$frag"; echo CONFIG_SERIAL_8250=y; echo CONFIG_SERIAL_8250_CONSOLE=y; } > "$build/.config"
	make ARCH=x86_64 O="$build" CC="ccache gcc" olddefconfig > /dev/null
	while read -r opt; do
		grep -qx "$opt" "$build/.config" || die "VM kernel config lost $opt"
	done < "$frag"
	echo "$config_sum" > "$build/.config.frag"
fi
# The tree scripts/regdata series checks against git am of the patches.
log "building the VM kernel from $(basename "$frag"), tree $(git -C "$KSRC" rev-parse 'HEAD^{tree}') (progress every 500 steps)"
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
log "building the client (static, libdrm)"
rm -rf "$initramfs"
mkdir -p "$initramfs"/{bin,dev,proc,sys,tmp}
gcc -static -O2 -Wall -Wextra -Werror -pthread \
	-I/usr/include/libdrm -I"$REPO/include/uapi/drm" \
	-o "$initramfs/regdata-client" "$REPO"/tools/client*.c -ldrm
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
cat > "$initramfs/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
export REGDATA_FAULT_DEBUG REGDATA_FAULT_FROM
if [ "$REGDATA_MODE" = kunit ]; then
	# The samples' drivers, to bind the devices the suites make (the
	# kernel command line keeps the emulation's own tyr GPU out); then
	# each test module runs its suites when loaded, the leak check last.
	modprobe -a regdata_nova regdata_tyr &&
		modprobe -a drm_regdata_test drm_regdata_samples_test drm_regdata_leak_test ||
		echo "REGDATA-MODPROBE-FAILED"
	echo "REGDATA-EXIT: 0"
	reboot -f
fi
if [ -d /lib/modules ]; then
	modprobe -a drm_regdata bochs virtio_gpu regdata_nova_core regdata_nova \
		regdata_tyr regdata_emu regdata_bench || echo "REGDATA-MODPROBE-FAILED"
fi
echo "REGDATA-START $REGDATA_MODE $REGDATA_CYCLES $REGDATA_THREADS $REGDATA_FUZZ"
/regdata-client "$REGDATA_MODE" "$REGDATA_CYCLES" "$REGDATA_THREADS" "$REGDATA_FUZZ" "$REGDATA_STRIDE"
rc=$?
# What the kernel said last, which loglevel=5 kept off the console.
[ $rc -eq 0 ] || dmesg | tail -n 40 | sed 's/^/dmesg: /'
echo "REGDATA-EXIT: $rc"
reboot -f
INIT
chmod +x "$initramfs/init"
(cd "$initramfs" && find . | cpio -o -H newc --quiet | gzip -1) > "$build/initrd.gz"

# --- boot ---------------------------------------------------------------
# TCG gives the guest the host's TSC. Without ACPI there is no HPET, and
# calibrating against the PIT fails on a busy host, leaving the kernel on a
# 4 ms jiffies clock: hand it the frequency instead.
gcc -O2 -o "$build/tsc-khz" "$REPO/tools/tsc-khz.c"
tsc_khz=$("$build/tsc-khz")
devices=(-device edu -device bochs-display -device virtio-gpu-pci)
loglevel=5
kargs=
if [ "$mode" = kunit ]; then
	# As the x86_64 KUnit runs have always had it: the samples' registers
	# are emulated in the ivshmem BAR. KUnit reports at info level.
	devices=()
	loglevel=7
	kargs=regdata_emu.add_tyr=0
fi
# bench-icount: the bench with the guest clock advancing one nanosecond
# per executed instruction (one vCPU thread runs both vCPUs in turn), so
# that its ratios are instruction-count ratios, the same every run.
qemu_extra=()
[ "$mode" != bench-icount ] || qemu_extra=(-icount shift=0,sleep=off)
log "booting: qemu-system-x86_64 -smp 2 ${qemu_extra[*]}, ${devices[*]} ivshmem-plain ($mode, $cycles cycles, $fuzz fuzz calls, fault stride $stride, TSC $tsc_khz kHz)"
console=$build/console.log
[ "$mode" != kunit ] || console=$build/console-kunit.log
set +e
timeout $((1200 + cycles * 10 + fuzz / 100)) qemu-system-x86_64 -nographic -no-reboot -m 2G -smp 2 \
	-bios qboot.rom -kernel "$build/arch/x86/boot/bzImage" \
	-initrd "$build/initrd.gz" \
	-append "console=ttyS0 panic=-1 loglevel=$loglevel $kargs tsc=reliable tsc_early_khz=$tsc_khz REGDATA_MODE=$mode REGDATA_CYCLES=$cycles REGDATA_THREADS=$threads REGDATA_FUZZ=$fuzz REGDATA_STRIDE=$stride ${REGDATA_FAULT_DEBUG:+REGDATA_FAULT_DEBUG=1} ${REGDATA_FAULT_FROM:+REGDATA_FAULT_FROM=$REGDATA_FAULT_FROM}" \
	-vga none "${devices[@]}" "${qemu_extra[@]}" \
	-object memory-backend-ram,id=shm,size=1M -device ivshmem-plain,memdev=shm \
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
reports=$(grep -E '^\[ *[0-9]+\.[0-9]+\] .*(BUG: KASAN|WARNING:|BUG:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|regdata misuse|Oops|general protection|INFO: task|rcu_sched detected stalls|Kernel panic|DEBUG_LOCKS_WARN_ON)' \
	"$console" || true)
if grep -q '^REGDATA-EXIT: 0' "$console" && [ -z "$reports" ]; then
	log "VM run passed (console log: $console)"
	exit 0
fi
[ -z "$reports" ] || { echo "kernel reports on the console:"; echo "$reports" | head -n 20; } >&2
grep -E 'KASAN|WARNING|BUG|Kernel panic' "$console" | head -n 20 >&2 || true
die "VM run failed (console log: $console)"
