#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the KUnit suites in the kernel tree the cache holds:
#   scripts/kunit.sh uml       UML, KASAN + lockdep + kmemleak, with
#                              kunit.py: one kernel, the tree scripts/regdata
#                              assembled, for the project's suites and the
#                              DRM core's, each in a boot of their own (some
#                              of 6.12's DRM core suites make lockdep report,
#                              which turns it off for the rest of a boot);
#                              then the suites that make lockdep report on
#                              purpose, each in a boot of its own
#   scripts/kunit.sh x86_64    x86_64 under QEMU with two CPUs: the VM
#                              run's kernel (scripts/vm.sh), which builds
#                              the suites as modules, booted once to load
#                              them; no kernel of its own
# Leaves the kernel log in <build>/test.log, the results in results.json
# and the tool's output in kunit.log. Fails on any failed test, on no test
# at all, and on any sanitizer or WARN report in the log other than the
# misuse warnings the tests provoke on purpose.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-uml}
kunit=$KSRC/drivers/gpu/drm/regdata/kunit
label=${KUNIT_LABEL:-$arch}
rc=0

case $arch in
uml)
	build=$CACHE/uml
	mkdir -p "$build"
	rm -f "$build/results.json" "$build/test.log"
	log "KUnit on uml (build tree $build)"
	cd "$KSRC"
	# kunit's UML defaults enable PCI over virtio without a device ID,
	# which WARNs at boot; give it one that nothing offers.
	set +e
	python3 tools/testing/kunit/kunit.py run --arch=um \
		--build_dir="$build" --jobs="$JOBS" \
		--timeout="${KUNIT_TIMEOUT:-900}" --make_options "CC=ccache gcc" \
		--kunitconfig=drivers/gpu/drm/tests --kunitconfig="$kunit" \
		--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=4660 \
		--kconfig_add CONFIG_DRM_REGDATA_BENCH=y \
		--kconfig_add CONFIG_DEBUG_FS=y \
		--json="$build/results.json" 'drm_regdata*' > "$build/kunit.log" 2>&1
	rc=$?
	set -e
	;;
x86_64)
	build=$CACHE/vm
	log "KUnit on x86_64: the VM kernel, the suites as modules"
	# On a first run vm.sh has not made the build tree yet.
	mkdir -p "$build"
	set +e
	"$REPO/scripts/vm.sh" kunit > "$build/kunit-boot.log" 2>&1
	rc=$?
	set -e
	cp "$build/console-kunit.log" "$build/test.log" 2>/dev/null || : > "$build/test.log"
	# The virtio-gpu kick test skips without a bound device: here it runs.
	if ! grep -E '\] +ok [0-9]+ virtgpu_test_kick_across_remove' "$build/test.log" |
		grep -vq SKIP; then
		echo "virtgpu_test_kick_across_remove did not run and pass" >&2
		rc=1
	fi
	"$REPO/scripts/vm-ktap.py" "$build/test.log" > "$build/ktap.log" || rc=1
	(cd "$KSRC" && python3 tools/testing/kunit/kunit.py parse \
		--json="$build/results.json" "$build/ktap.log") > "$build/kunit.log" 2>&1 || rc=1
	[ $rc -eq 0 ] || tail -n 20 "$build/kunit-boot.log" >&2
	;;
*)
	die "unknown arch $arch"
	;;
esac

"$REPO/scripts/scan-log.py" --json "$build/results.json" "$build/test.log" \
	--label "$label" ${SUMMARY:+--summary "$SUMMARY"} || rc=1
[ $rc -eq 0 ] || tail -n 40 "$build/kunit.log" >&2

# The DRM core's suites, in a boot of their own. Those of 6.12 warn on
# purpose in their error-path tests, and one leaves locks held, which
# lockdep reports; those the series adds or changes must do neither.
# Another boot of the UML kernel built above (kunit.py exec): NAME names
# its logs (kunit-NAME.log, test-NAME.log, results-NAME.json), LABEL its
# lines in the summary; SCAN=(...) adds options of scan-log.py; the rest
# are kunit.py exec's. Fails if the boot or the scan of its log does.
uml_exec() {
	local name=$1 label=$2 r=0

	shift 2
	set +e
	python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
		--timeout="${KUNIT_TIMEOUT:-900}" \
		--json="$build/results-$name.json" "$@" > "$build/kunit-$name.log" 2>&1
	r=$?
	set -e
	mv "$build/test.log" "$build/test-$name.log"
	"$REPO/scripts/scan-log.py" --json "$build/results-$name.json" \
		"$build/test-$name.log" --label "$label" "${SCAN[@]}" \
		${SUMMARY:+--summary "$SUMMARY"} || r=1
	[ $r -eq 0 ] || tail -n 40 "$build/kunit-$name.log" >&2
	return $r
}

if [ "$arch" = uml ]; then
	mv "$build/test.log" "$build/test-regdata.log"
	SCAN=(--tolerate-warn-suite '^drm_(?!regdata|ioctl$|dev_register$|dev_unplug$)')
	uml_exec core "$label DRM core" \
		--filter='module!=drm_regdata_test,module!=drm_regdata_samples_test,module!=drm_regdata_leak_test' ||
		rc=1

	# The tests that make lockdep report, which turns it off for the rest
	# of the boot: each in a boot of its own, on the kernel just built.
	SCAN=()
	tests=$(python3 tools/testing/kunit/kunit.py exec --build_dir="$build" \
		--list_tests 'drm_regdata_lockdep.*' 2>/dev/null |
		grep '^drm_regdata_lockdep\.' || true)
	[ -n "$tests" ] || { log "no lockdep report tests found"; rc=1; }
	for t in $tests; do
		uml_exec "$t" "$label $t" \
			--kernel_args=drm_regdata_test.lockdep_reports=1 "$t" || rc=1
	done
fi
exit $rc
