#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command (make check). Installs what it needs, then:
#   1. checkpatch --strict and kernel-doc -Wall on every C file
#   2. out-of-tree build against Debian's 6.12 headers, W=1 and sparse C=2
#   3. KUnit on UML with KASAN, lockdep and kmemleak
#   4. KUnit on x86_64 under QEMU with two CPUs, and sparse C=2 there
#   5. the VM: the libdrm client against both samples on real PCI
#      functions, 20 unbind/rebind/remove/rescan cycles under load
# and ends with "N passed, N failed" over all KUnit runs.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$REPO/scripts/deps.sh"
"$REPO/scripts/kernel-tree.sh"

export SUMMARY=$CACHE/summary.txt
: > "$SUMMARY"
failed=()

step() {
	local name=$1
	shift
	local t0=$(date +%s)
	log "$name"
	if "$@"; then
		log "$name: ok ($(( $(date +%s) - t0 )) s)"
	else
		log "$name: FAILED ($(( $(date +%s) - t0 )) s)"
		failed+=("$name")
	fi
}

step "static checks" "$REPO/scripts/static-checks.sh"
step "out-of-tree build" "$REPO/scripts/oot-build.sh"
step "KUnit (UML)" "$REPO/scripts/kunit.sh" uml
step "KUnit (x86_64, 2 CPUs)" "$REPO/scripts/kunit.sh" x86_64
step "sparse (x86_64 lockdep config)" "$REPO/scripts/sparse.sh"
step "VM: userspace under hot-unplug, 20 cycles" "$REPO/scripts/vm.sh" stress 20

awk '{ p += $1; f += $2; s += $3 } END {
	printf "KUnit over all runs: %d passed, %d failed, %d skipped\n", p, f, s
}' "$SUMMARY"
log "total time $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -ne 0 ]; then
	printf 'FAILED: %s\n' "${failed[@]}"
fi
awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f + 0 }' "$SUMMARY"
[ ${#failed[@]} -eq 0 ]
