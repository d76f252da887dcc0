#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Before and after: the same VM runs (module unload, fuzz, unplug cycles,
# modetest holding a mode, a file held across an unbind; qxl and cirrus,
# the control, in a run of their own: the modes compare and compare-qxl)
# against the series (bochs and qxl converted, virtio-gpu with its fixes)
# and against the drivers as Debian's linux-source-6.12 ships them (the
# stock-drivers tree: the DRM core's fixes and the framework, none of the
# drivers' fixes), then what each run reported, side by side. A report,
# not a test: the stock run is expected to fail where the stock drivers do. Without the fault sweep, which make check
# runs: stock virtio-gpu cannot be bound again after a failed probe
# (series/fixes/ fixes that), which would end the stock run there.
#
#   scripts/compare.sh [NAME=VALUE...]   (make compare; the options of
#                                        scripts/vm.sh, CYCLES=20 unless given)
#
# The stock kernel has a cache of its own (a first run builds it).

set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$CACHE/compare
mkdir -p "$out"
"$REPO/scripts/deps.sh"

run_variant() {
	local name=$1 rc=0

	# $2: the tree, a variant of series/variants; $3: the VM run's mode

	log "compare: $name drivers ($3), CYCLES=20 FUZZ=20000 FAULT_STRIDE=0 ${*:4}"
	REGDATA_VARIANT=$2 "$REPO/scripts/vm.sh" "$3" CYCLES=20 FUZZ=20000 FAULT_STRIDE=0 "${@:4}" > "$out/$name.log" 2>&1 || rc=$?
	# The VM's console log, in the cache the run used (the stock runs:
	# DRM_REGDATA_CACHE).
	cp "${DRM_REGDATA_CACHE:-$CACHE}/vm/console.log" "$out/$name.console.log" 2>/dev/null || true
	echo "$rc" > "$out/$name.rc"
}

run_variant converted series compare "$@"
run_variant qxl-converted series compare-qxl "$@"
(
	export DRM_REGDATA_CACHE=$CACHE/stock
	run_variant stock stock-drivers compare "$@"
	run_variant qxl-stock stock-drivers compare-qxl "$@"
)

# One line per figure: the table's rows for bochs and virtio-gpu, and the
# kernel's reports.
summary() {
	local log=$out/$1.log console=$out/$1.console.log

	grep -E '^  \| (bochs-drm|virtio_gpu|qxl|cirrus|modetest|sanitizer|kmemleak|phase)' "$log" |
		sed 's/^  | *//; s/ *| */|/; s/ *|$//' || true
	printf 'FAIL lines|%s\n' "$(grep -c '^FAIL' "$log" || true)"
	printf 'VM verdict|%s\n' "$(grep -q '^REGDATA-EXIT: 0' "$log" && echo passed || echo failed)"
	printf 'first kernel report|%s\n' \
		"$(grep -m1 -E 'BUG:|WARNING:|Oops|KASAN|possible .*lock|INFO: task .* blocked' "$console" 2>/dev/null |
		   sed 's/^\[ *[0-9.]*\] //' | cut -c1-90)"
}

export LC_ALL=C
side_by_side() {
	summary "$1" > "$out/$1.sum"
	summary "$2" > "$out/$2.sum"
	printf '\n%-44s %-34s %s\n' "" "$1" "$2"
	join -t'|' -a1 -a2 -e- -o 0,1.2,2.2 \
		<(sort -t'|' -k1,1 "$out/$1.sum") \
		<(sort -t'|' -k1,1 "$out/$2.sum") |
		awk -F'|' '{ printf "%-44s %-34s %s\n", $1, $2, $3 }'
	echo
	grep -E '^FAIL' "$out/$2.log" | head -n 20 | sed "s/^/$2: /" || true
}
side_by_side converted stock
side_by_side qxl-converted qxl-stock
echo "logs: $out/{converted,stock,qxl-converted,qxl-stock}.log, console logs next to them"
