#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo (make run): install what is needed, build the VM kernel and the
# client, boot QEMU and hammer both samples while their drivers are unbound
# and rebound and their PCI functions removed and rescanned.
#
#   scripts/run.sh [stress] [NAME=VALUE...]
#                               stress run: 50 cycles (CYCLES=) after
#                               module unload with files open and 20000
#                               fuzzed ioctls (FUZZ=); the options are
#                               scripts/vm.sh's (--help lists them)
#   scripts/run.sh soak [NAME=VALUE...]
#                               1000 cycles after every fault point of
#                               every bind path failed in turn and 10^6
#                               fuzzed ioctls
#   scripts/run.sh bench        the benchmarks (bench/), no sanitizers:
#                               the series' kernel booted BENCH_BOOTS
#                               times (5) and once under QEMU -icount, one
#                               virtio-gpu submission under -icount on it
#                               and on its core with Debian's drivers;
#                               medians over the boots, the
#                               instruction-count targets, and a plot
#                               ($CACHE/bench/)

set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$REPO/scripts/deps.sh"
"$REPO/scripts/regdata" assemble series
case ${1:-} in
bench)
	out=$CACHE/bench
	boots=${BENCH_BOOTS:-5}
	rm -rf "$out"
	mkdir -p "$out"
	# Under TCG every boot has a bias of its own: boot the kernel several
	# times (the second boot does not rebuild). Devices with unplug
	# domains of their own and in the shared one are in the same kernel.
	for i in $(seq "$boots"); do
		"$REPO/scripts/vm.sh" bench
		cp "$CACHE/vm-bench/console.log" "$out/boot-$i.log"
	done
	# Once under -icount, for instruction-count ratios; and one virtio-gpu
	# submission on the series and on its core with Debian's drivers.
	"$REPO/scripts/vm.sh" bench-icount
	cp "$CACHE/vm-bench/console.log" "$out/icount.log"
	"$REPO/scripts/vm.sh" bench-virtio-icount
	cp "$CACHE/vm-bench/console.log" "$out/virtio-series.log"
	REGDATA_VARIANT=stock-drivers DRM_REGDATA_CACHE=$CACHE/stock \
		"$REPO/scripts/vm.sh" bench-virtio-icount
	cp "$CACHE/stock/vm-bench/console.log" "$out/virtio-stock.log"
	log "the figures, and the instruction-count targets"
	exec "$REPO/scripts/bench-compare.py" --boots "$out"/boot-*.log \
		--icount "$out/icount.log" --svg "$out/unplug-latency.svg" \
		--virtio-icount series="$out/virtio-series.log" \
		--virtio-icount stock="$out/virtio-stock.log"
	;;
soak)
	shift
	# The client takes the last value given: the caller's win.
	exec "$REPO/scripts/vm.sh" stress CYCLES=1000 FUZZ=1000000 FAULT_STRIDE=1 "$@"
	;;
stress)
	shift
	;;
esac
exec "$REPO/scripts/vm.sh" stress FUZZ=20000 "$@"
