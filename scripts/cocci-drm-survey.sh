#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run coccinelle/drm_unbind_guard.cocci over the files of drivers/gpu/drm
# (linux-source-6.12) where it can find something, those with both a
# struct drm_file parameter and a drm_dev_enter() or MMIO accessor call, and
# print the findings with a per-driver summary.
# Documentation/coccinelle-drm-6.12.txt is its output.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

# As Debian ships it: the kernel tree has the series applied, which
# converts some of what the survey finds; its object store has 6.12 as
# the tag base.
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
git -C "$KSRC" archive base drivers/gpu/drm | tar -x -C "$tree"

cd "$tree"
all=$(grep -rl 'struct drm_file \*' drivers/gpu/drm --include='*.c' |
	grep -v '^drivers/gpu/drm/regdata/' | sort)
files=$(echo "$all" | xargs grep -lE 'drm_dev_enter|readl|writel|ioread|iowrite|readq|writeq|memcpy_(from|to)io')
out=$(for f in $files; do
	timeout 300 spatch --very-quiet --no-show-diff -D report --no-includes \
		--include-headers --sp-file "$REPO/coccinelle/drm_unbind_guard.cocci" \
		"$f" 2>/dev/null || true
done | grep ':[0-9]' | sort -u || true)

echo "drm_unbind_guard.cocci over drivers/gpu/drm of linux-source-6.12"
echo "($(echo "$all" | wc -w) files take a struct drm_file; the $(echo "$files" | wc -w) of them that"
echo "call drm_dev_enter() or an MMIO accessor were searched)"
echo
echo "Open-coded drm_dev_enter() in ioctl handlers:"
echo "$out" | grep 'open-codes' | sed 's/^/  /' || echo "  none"
echo "  ($(echo "$out" | grep -c 'open-codes') handlers)"
echo
echo "MMIO in ioctl handlers without any guard:"
echo "$out" | grep 'without an unbind guard' | sed 's/^/  /' || echo "  none"
echo "  ($(echo "$out" | grep -c 'without an unbind guard') accesses)"
echo
echo "Per driver (open-coded / unguarded MMIO):"
echo "$out" | awk -F/ '/:[0-9]/ {
	d = $4; if (d ~ /\.c:/) d = "(drm core)"
	if ($0 ~ /open-codes/) o[d]++; else u[d]++; seen[d] = 1
} END {
	for (d in seen) printf "  %-16s %d / %d\n", d, o[d] + 0, u[d] + 0
}' | sort
