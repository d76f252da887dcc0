#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the KUnit suites in the kernel tree the cache holds:
#   scripts/kunit.sh uml       UML, KASAN + lockdep + kmemleak
#   scripts/kunit.sh x86_64    x86_64 under QEMU with two CPUs
# kunit.py leaves the kernel log in <build>/test.log; this adds
# results.json and kunit.log (its own output). Fails on any failed
# test, on no test at all, and on any sanitizer or WARN report in the log
# other than the misuse warnings the tests provoke on purpose.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-uml}
build=$CACHE/$arch
kunit=$KSRC/drivers/gpu/drm/regdata/kunit
args=(--build_dir="$build" --jobs="$JOBS" --timeout="${KUNIT_TIMEOUT:-900}"
      --make_options "CC=ccache gcc")

case $arch in
uml)
	# kunit's UML defaults enable PCI over virtio without a device ID,
	# which WARNs at boot; give it one that nothing offers.
	args+=(--arch=um --kunitconfig="$kunit/.kunitconfig"
	       --kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=4660)
	;;
x86_64)
	# Two CPUs; the samples' suites emulate registers in the BAR of an
	# ivshmem-plain function.
	args+=(--arch=x86_64 --kunitconfig="$kunit/x86_64.kunitconfig"
	       --qemu_args="-smp 2 -m 2G -object memory-backend-ram,id=shm,size=1M -device ivshmem-plain,memdev=shm")
	;;
*)
	die "unknown arch $arch"
	;;
esac

mkdir -p "$build"
rm -f "$build/results.json" "$build/test.log"
log "KUnit on $arch (build tree $build)"
cd "$KSRC"
set +e
python3 tools/testing/kunit/kunit.py run "${args[@]}" \
	--json="$build/results.json" > "$build/kunit.log" 2>&1
rc=$?
set -e

"$REPO/scripts/scan-log.py" --json "$build/results.json" "$build/test.log" \
	--label "${KUNIT_LABEL:-$arch}" ${SUMMARY:+--summary "$SUMMARY"} || rc=1
[ $rc -eq 0 ] || tail -n 40 "$build/kunit.log" >&2

# The tests that make lockdep report, which turns it off for the rest of
# the boot: each in a boot of its own, on the kernel just built.
if [ "$arch" = uml ]; then
	mv "$build/test.log" "$build/test-main.log"
	tests=$(python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
		--list_tests 'drm_regdata_lockdep.*' 2>/dev/null |
		grep '^drm_regdata_lockdep\.' || true)
	[ -n "$tests" ] || { log "no lockdep report tests found"; rc=1; }
	for t in $tests; do
		set +e
		python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
			--timeout="${KUNIT_TIMEOUT:-900}" \
			--kernel_args=drm_regdata_test.lockdep_reports=1 \
			--json="$build/results-$t.json" "$t" > "$build/kunit-$t.log" 2>&1
		lrc=$?
		set -e
		mv "$build/test.log" "$build/test-$t.log"
		"$REPO/scripts/scan-log.py" --json "$build/results-$t.json" \
			"$build/test-$t.log" --label "${KUNIT_LABEL:-$arch} $t" \
			${SUMMARY:+--summary "$SUMMARY"} || lrc=1
		[ $lrc -eq 0 ] || { tail -n 40 "$build/kunit-$t.log" >&2; rc=1; }
	done
fi
exit $rc
