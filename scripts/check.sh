#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command (make check). Installs what it needs, then:
#   - checkpatch --strict and kernel-doc -Wall on every C file; a sparse
#     self-test (an unbalanced guard must be reported);
#   - the out-of-tree build against Debian's 6.12 headers, W=1 and sparse
#     C=2, and a dkms build of the same;
#   - the Sphinx build of Documentation/ and the Coccinelle checks;
#   - KUnit on UML with KASAN, lockdep and kmemleak, the DRM core's suites
#     with the project's, on the series' kernel and on stock 6.12 (the
#     framework in its out-of-tree form), and on x86_64 under QEMU with two
#     CPUs (the VM's kernel, the suites as modules), and sparse C=2 there;
#   - the VM: the libdrm client against the samples, bochs, virtio-gpu,
#     qxl and cirrus on real PCI functions: every 5th fault point of every
#     bind path failing, module unload with files open, 20000 fuzzed
#     ioctls on every node (half of them unprivileged), 20
#     unbind/rebind/remove/rescan cycles under load, a file held across an
#     unbind; then qxl and cirrus unbound and bound 20 times;
#   - the VM run on 6.12 with the series' fixes alone (bochs and
#     virtio-gpu);
#   - the upstream series: git format-patch of the tree all of the above
#     tested, less the harness on top, git am of it onto pristine 6.12 (the
#     same tree, both hashes printed), checkpatch --strict per patch, a W=1
#     build at each patch;
# and ends with each step's time and "N passed, N failed" over all KUnit
# runs.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
times=()
t0=$(date +%s)
"$REPO/scripts/deps.sh"
times+=("$(printf '%6d s  %-6s  %s' $(( $(date +%s) - t0 )) ok "Debian packages")")
t0=$(date +%s)
"$REPO/scripts/regdata" assemble series
times+=("$(printf '%6d s  %-6s  %s' $(( $(date +%s) - t0 )) ok "the series tree (scripts/regdata assemble)")")

export SUMMARY=$CACHE/summary.txt
: > "$SUMMARY"
failed=()

step() {
	local name=$1 verdict=ok
	shift
	local t0=$(date +%s)
	log "$name"
	if ! "$@"; then
		verdict=FAILED
		failed+=("$name")
	fi
	log "$name: $verdict ($(( $(date +%s) - t0 )) s)"
	times+=("$(printf '%6d s  %-6s  %s' $(( $(date +%s) - t0 )) "$verdict" "$name")")
}

step "checkpatch --strict, kernel-doc -Wall" "$REPO/scripts/static-checks.sh"
step "sparse self-test: an unbalanced guard is reported" "$REPO/scripts/sparse-selftest.sh"
step "out-of-tree build, W=1 and sparse C=2" "$REPO/scripts/oot-build.sh"
step "dkms add + build" "$REPO/scripts/dkms.sh"
step "Sphinx build of Documentation/" "$REPO/scripts/docs.sh"
step "Coccinelle rules and coccicheck" "$REPO/scripts/cocci.sh"
step "KUnit (UML)" "$REPO/scripts/kunit.sh" uml
step "KUnit (UML) on stock 6.12, the framework in its compat form" "$REPO/scripts/kunit-stock.sh"
step "KUnit (x86_64, 2 CPUs: the VM's kernel, built here)" "$REPO/scripts/kunit.sh" x86_64
step "sparse (the VM's lockdep config)" "$REPO/scripts/sparse.sh"
step "VM: fault injection, module unload, fuzz, 20 hot-unplug cycles, a file held across an unbind (every driver, qxl and cirrus among them)" "$REPO/scripts/vm.sh" stress CYCLES=20 FUZZ=20000 FAULT_STRIDE=5
step "VM: qxl on the framework and cirrus, the control: 20 rebinds with no file open" "$REPO/scripts/vm.sh" qxl-regdata CYCLES=20
step "VM: 6.12 with the fixes alone: bochs and virtio-gpu, the same run" "$REPO/scripts/vm-fixes.sh" CYCLES=20 FUZZ=20000 FAULT_STRIDE=5
step "VM: 6.12 with the fixes alone: qxl and cirrus unbound and bound 20 times (SeaBIOS)" "$REPO/scripts/vm-fixes.sh" qxl CYCLES=20
step "upstream series: git am reproduces the tree, checkpatch, W=1 at each patch" "$REPO/scripts/regdata" series

printf '\nwhere the time went:\n'
printf '  %s\n' "${times[@]}"
awk '{ p += $1; f += $2; s += $3 } END {
	printf "KUnit over all runs: %d passed, %d failed, %d skipped\n", p, f, s
}' "$SUMMARY"
log "total time $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -ne 0 ]; then
	printf 'FAILED: %s\n' "${failed[@]}"
fi
awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f + 0 }' "$SUMMARY"
[ ${#failed[@]} -eq 0 ]
