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
#   scripts/run.sh bench        the benchmarks (bench/), no sanitizers,
#                               on two kernels one after the other: the
#                               series without its per-device unplug SRCU
#                               (stock 6.12's drm_dev_enter/exit/unplug)
#                               and the series, each booted BENCH_BOOTS
#                               times (5) and once under QEMU -icount;
#                               then both side by side, medians over the
#                               boots, instruction-count ratios, and a plot
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
	# Under TCG every boot has a bias of its own: boot each kernel
	# several times (the second boot does not rebuild). The other
	# kernel is the global-unplug tree of series/variants.
	"$REPO/scripts/regdata" assemble global-unplug
	for i in $(seq "$boots"); do
		DRM_REGDATA_CACHE=$CACHE/global-unplug "$REPO/scripts/vm.sh" bench
		cp "$CACHE/global-unplug/vm-bench/console.log" "$out/stock-$i.log"
	done
	for i in $(seq "$boots"); do
		"$REPO/scripts/vm.sh" bench
		cp "$CACHE/vm-bench/console.log" "$out/patched-$i.log"
	done
	# And once each under -icount, for instruction-count ratios.
	DRM_REGDATA_CACHE=$CACHE/global-unplug "$REPO/scripts/vm.sh" bench-icount
	cp "$CACHE/global-unplug/vm-bench/console.log" "$out/icount-stock.log"
	"$REPO/scripts/vm.sh" bench-icount
	cp "$CACHE/vm-bench/console.log" "$out/icount-patched.log"
	log "stock and patched side by side"
	exec "$REPO/scripts/bench-compare.py" --stock "$out"/stock-*.log \
		--patched "$out"/patched-*.log --svg "$out/unplug-latency.svg" \
		--icount stock="$out/icount-stock.log" \
		--icount patched="$out/icount-patched.log"
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
