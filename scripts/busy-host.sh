#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/busy-host.sh COMMAND...: run COMMAND on a busy host, the way a
# shared CI machine is: two other TCG guests with both vCPUs spinning and
# a kernel build (-j$(nproc), no ccache, over and over) share the CPUs with
# it. Checks that the load is running when COMMAND starts and when it
# ends, stops it, and exits with COMMAND's status (1 if the load was not
# there throughout). For showing that a VM run does not depend on how the
# host schedules it:
#
#   scripts/busy-host.sh scripts/vm.sh stress CYCLES=20 FUZZ=20000 FAULT_STRIDE=5
#
# Needs the VM kernel (scripts/vm.sh builds it) and busybox-static. The
# build uses a tree of its own, pristine 6.12 from the object store that
# scripts/regdata keeps ($CACHE/busy-host/), not one a VM run assembles.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: scripts/busy-host.sh COMMAND..."
kernel=$CACHE/vm/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no VM kernel; run scripts/vm.sh first"
[ -x /bin/busybox ] || die "no /bin/busybox (apt-get install busybox-static)"
store=$REGDATA_CACHE_ROOT/linux.git
git -C "$store" rev-parse -q --verify 'refs/tags/base^{commit}' > /dev/null ||
	die "no pristine tree in $store; run scripts/regdata assemble first"

work=$CACHE/busy-host
src=$work/linux-source
rm -rf "$work/root" "$work/build" "$work"/*.log
mkdir -p "$work/root/bin"
if [ ! -f "$src/Makefile" ]; then
	git -C "$store" worktree prune
	git -C "$store" worktree add -f --detach "$src" base > /dev/null
fi

pids=()
build=
cmd=
stop() {
	# The build and the command are process groups of their own (setsid):
	# all of them goes.
	kill -- ${cmd:+"-$cmd"} "${pids[@]}" ${build:+"-$build"} 2>/dev/null || true
	wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# The guests: an initramfs whose init spins on both CPUs.
cp /bin/busybox "$work/root/bin/"
printf '#!/bin/busybox sh\n/bin/busybox sh -c "while :; do :; done" &\nwhile :; do :; done\n' \
	> "$work/root/init"
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc 2> /dev/null | gzip) > "$work/busy.cpio.gz"
cp "$kernel" "$work/bzImage"
for i in 1 2; do
	qemu-system-x86_64 -nographic -no-reboot -m 256M -smp 2 -bios qboot.rom \
		-kernel "$work/bzImage" -initrd "$work/busy.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1" < /dev/null > "$work/guest$i.log" 2>&1 &
	pids+=($!)
done

# The build: a defconfig kernel from scratch, again and again.
setsid bash -c "while :; do rm -rf '$work/build' &&
	make -C '$src' ARCH=x86_64 O='$work/build' defconfig > /dev/null &&
	make -C '$src' ARCH=x86_64 O='$work/build' CC=gcc -j$JOBS vmlinux > /dev/null || exit 1
	done" > "$work/build.log" 2>&1 &
build=$!

# Every part of the load is running, or the run says which is not.
load_running() {
	local p ok=0

	for p in "${pids[@]}" "$build"; do
		kill -0 "$p" 2>/dev/null || { log "busy host: process $p is gone"; ok=1; }
	done
	[ $ok -eq 0 ] || tail -n 5 "$work"/*.log >&2
	return $ok
}

sleep 5
load_running || die "busy host: the load did not start (logs in $work)"
log "busy host: 2 TCG guests (2 vCPUs spinning each) and a kernel build (-j$JOBS) running"
rc=0
setsid "$@" &
cmd=$!
wait $cmd || rc=$?
cmd=
log "busy host: load average $(cut -d' ' -f1-3 /proc/loadavg) when the command ended"
if ! load_running; then
	log "busy host: the load did not last the whole command (logs in $work)"
	[ $rc -ne 0 ] || rc=1
fi
exit "$rc"
