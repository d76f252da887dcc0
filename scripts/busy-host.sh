#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/busy-host.sh COMMAND...: run COMMAND on a busy host, the way a
# shared CI machine is: two other TCG guests with both vCPUs spinning and
# a kernel build (-j$(nproc), no ccache) share the CPUs with it. Stops them
# when COMMAND ends and exits with its status. For showing that a VM run
# does not depend on how the host schedules it:
#
#   scripts/busy-host.sh scripts/vm.sh stress CYCLES=20 FUZZ=20000 FAULT_STRIDE=5
#
# Needs the VM kernel (scripts/vm.sh builds it) and busybox-static.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: scripts/busy-host.sh COMMAND..."
kernel=$CACHE/vm/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no VM kernel; run scripts/vm.sh first"
[ -x /bin/busybox ] || die "no /bin/busybox (apt-get install busybox-static)"

tmp=$(mktemp -d)
pids=()
build=
stop() {
	# The build is a process group of its own (setsid): all of it goes.
	kill -- "${pids[@]}" "-$build" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap stop EXIT

# The guests: an initramfs whose init spins on both CPUs.
mkdir -p "$tmp/root/bin"
cp /bin/busybox "$tmp/root/bin/"
printf '#!/bin/busybox sh\n/bin/busybox sh -c "while :; do :; done" &\nwhile :; do :; done\n' \
	> "$tmp/root/init"
chmod +x "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc 2> /dev/null | gzip) > "$tmp/busy.cpio.gz"
cp "$kernel" "$tmp/bzImage"
for i in 1 2; do
	qemu-system-x86_64 -nographic -no-reboot -m 256M -smp 2 -bios qboot.rom \
		-kernel "$tmp/bzImage" -initrd "$tmp/busy.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1" < /dev/null > "$tmp/guest$i.log" 2>&1 &
	pids+=($!)
done

# The build: a defconfig kernel, compiled from scratch.
setsid bash -c "make -C '$KSRC' ARCH=x86_64 O='$tmp/build' defconfig > /dev/null &&
	make -C '$KSRC' ARCH=x86_64 O='$tmp/build' CC=gcc -j$JOBS vmlinux" > "$tmp/build.log" 2>&1 &
build=$!

log "busy host: 2 TCG guests (2 vCPUs spinning each) and a kernel build (-j$JOBS) running"
rc=0
"$@" || rc=$?
log "busy host: load average $(cut -d' ' -f1-3 /proc/loadavg) when the command ended"
exit "$rc"
