#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a newcomer does by accident: stop a first run in the middle of a
# step that builds a cache, then run again. For each such step, in a fresh
# cache: start it, kill it (the whole process group) after each of the
# given delays, then run it to the end, which must succeed.
#
#   scripts/interrupt-test.sh [DELAY...]     delays in seconds (5 30 90)
#
# Not part of make check (it unpacks the kernel source several times);
# make interrupt-test runs it.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

delays=("$@")
[ ${#delays[@]} -gt 0 ] || delays=(5 30 90)
base=$(mktemp -d /var/tmp/regdata-interrupt.XXXXXX)
trap 'rm -rf "$base"' EXIT
rc=0

"$REPO/scripts/deps.sh"

# name, then the command; each step runs in its own cache
steps=(
	"object store and series tree|$REPO/scripts/regdata assemble series"
	"stock-core tree|$REPO/scripts/regdata assemble stock-core"
)

for step in "${steps[@]}"; do
	name=${step%%|*}
	cmd=${step#*|}
	for d in "${delays[@]}"; do
		export DRM_REGDATA_CACHE=$base/$d-${name// /-}
		export REGDATA_CACHE_ROOT=$DRM_REGDATA_CACHE
		mkdir -p "$DRM_REGDATA_CACHE"
		# The second step's store is made before its tree.
		if [ "$name" = "stock-core tree" ]; then
			"$REPO/scripts/regdata" assemble series > /dev/null 2>&1
		fi
		log "$name: killed after $d s"
		setsid bash -c "$cmd" > "$DRM_REGDATA_CACHE/first.log" 2>&1 &
		pid=$!
		sleep "$d"
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL -- "-$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			killed=yes
		else
			wait "$pid" || true
			killed="no (it ended first)"
		fi
		if bash -c "$cmd" > "$DRM_REGDATA_CACHE/second.log" 2>&1; then
			echo "$name, killed after $d s ($killed): the next run passed"
		else
			echo "$name, killed after $d s ($killed): the next run FAILED"
			tail -n 5 "$DRM_REGDATA_CACHE/second.log"
			rc=1
		fi
		rm -rf "$DRM_REGDATA_CACHE"
	done
done
exit $rc
