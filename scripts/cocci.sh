#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Coccinelle rules, checked:
#   1. the rules on their fixtures, against the expected output in git;
#   2. make coccicheck MODE=report over this tree in the kernel: clean;
#   3. the report rule over the real drivers/gpu/drm of linux-source-6.12,
#      against the summary Documentation/coccinelle-drm-6.12.txt records.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

cocci=$REPO/coccinelle
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0

log "coccinelle: fixtures"
(cd "$cocci" && spatch --very-quiet --no-show-diff -D report \
	--sp-file drm_unbind_guard.cocci tests/open_coded.c) > "$tmp/report" 2>&1
if ! diff -u "$cocci/tests/open_coded.report" "$tmp/report"; then
	echo "report rule: output differs from tests/open_coded.report"
	rc=1
fi
# The patch rule on each fixture, with the fixture's registration data type.
for fx in open_coded:foo_data macro_table:bar_data; do
	(cd "$cocci" && spatch --very-quiet -D patch -D rdtype="${fx#*:}" -D member=reg \
		--sp-file drm_guarded_ioctl.cocci "tests/${fx%%:*}.c" -o "$tmp/res") \
		> /dev/null 2>&1
	if ! diff -u "$cocci/tests/${fx%%:*}.res" "$tmp/res"; then
		echo "patch rule: output differs from tests/${fx%%:*}.res"
		rc=1
	fi
done

(cd "$cocci" && spatch --very-quiet --no-show-diff -D report \
	--sp-file drm_guard_escape.cocci tests/escape.c) > "$tmp/escape" 2>&1
if ! diff -u "$cocci/tests/escape.report" "$tmp/escape"; then
	echo "escape rule: output differs from tests/escape.report"
	rc=1
fi

# drm_dev_section.cocci: the patch mode on its fixture, then the report
# mode on the result, which lists what is left to convert by hand.
(cd "$cocci" && spatch --very-quiet -D patch --sp-file drm_dev_section.cocci \
	tests/dev_section.c -o "$tmp/res") > /dev/null 2>&1
if ! diff -u "$cocci/tests/dev_section.res" "$tmp/res"; then
	echo "drm_dev_section rule: output differs from tests/dev_section.res"
	rc=1
fi
(cd "$cocci" && spatch --very-quiet --no-show-diff -D report \
	--sp-file drm_dev_section.cocci tests/dev_section.res) > "$tmp/report" 2>&1
if ! diff -u "$cocci/tests/dev_section.report" "$tmp/report"; then
	echo "drm_dev_section rule: report differs from tests/dev_section.report"
	rc=1
fi

# The kernel's own rules, then the one that finds registration data used
# after its guard, the same way.
log "coccinelle: make coccicheck MODE=report on this tree"
cd "$KSRC"
for rule in "" "$cocci/drm_guard_escape.cocci"; do
	make coccicheck MODE=report M=drivers/gpu/drm/regdata J="$JOBS" V=1 \
		${rule:+COCCI="$rule"} || rc=1
done > "$tmp/coccicheck" 2>&1
[ $rc -eq 0 ] || cat "$tmp/coccicheck"
if grep -E '^drivers/gpu/drm/regdata/.*:[0-9]+:' "$tmp/coccicheck"; then
	echo "coccicheck reports findings"
	rc=1
fi
# bench/ open-codes drm_dev_enter() on purpose: it is what the guard is
# measured against.
for f in $(find drivers/gpu/drm/regdata -name '*.c' ! -path '*/bench/*' | sort); do
	spatch --very-quiet --no-show-diff -D report --no-includes \
		--include-headers --sp-file "$cocci/drm_unbind_guard.cocci" "$f"
done > "$tmp/self" 2>&1 || true
if grep ':[0-9]' "$tmp/self"; then
	echo "drm_unbind_guard.cocci reports this tree"
	rc=1
fi
if ! grep -q 'drm_guard_escape\.cocci' "$tmp/coccicheck"; then
	echo "coccicheck did not run drm_guard_escape.cocci"
	rc=1
fi

log "coccinelle: the report rule over drivers/gpu/drm of 6.12"
"$REPO/scripts/cocci-drm-survey.sh" > "$tmp/survey"
if ! diff -u "$REPO/Documentation/coccinelle-drm-6.12.txt" "$tmp/survey"; then
	echo "the survey differs from Documentation/coccinelle-drm-6.12.txt"
	rc=1
fi
exit $rc
