#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn this tree into a git format-patch series against Debian's
# linux-source-6.12, one logical change per patch: first the DRM core
# patches kept as files in patches/drm/, then the framework in
# drivers/gpu/drm/regdata/ and include/drm/, uapi headers in
# include/uapi/drm/ and the docs in Documentation/gpu/. Then check it as a
# maintainer would: checkpatch --strict on every patch, git am onto a clean
# tree, a W=1 build of what the series touches, and the DRM core KUnit
# suites with the project's own on the patched kernel (UML, KASAN,
# lockdep).
#
#   scripts/series.sh            build, apply, check
#   scripts/series.sh --out DIR  also copy the patches to DIR

set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=
[ "${1:-}" = --out ] && out=$2
series=$CACHE/series
# Named as the cache's kernel tree is, relative to its build directory,
# so that ccache finds the objects that tree built.
linux=$series/linux-source-6.12
patches=$series/patches
author="drm-regdata developers <drm-regdata@lists.example.org>"
export GIT_AUTHOR_NAME="drm-regdata developers" GIT_COMMITTER_NAME="drm-regdata developers"
export GIT_AUTHOR_EMAIL="drm-regdata@lists.example.org" GIT_COMMITTER_EMAIL="drm-regdata@lists.example.org"
export GIT_AUTHOR_DATE="2026-11-24T12:00:00+0000" GIT_COMMITTER_DATE="2026-11-24T12:00:00+0000"

# --- a pristine git tree of linux-source-6.12, once -----------------------
# Built aside and renamed into place, so that an interrupted first run
# leaves nothing that looks usable; a tree without its base tag (left by
# an older, interrupted run) is rebuilt.
if ! git -C "$linux" rev-parse -q --verify base^{commit} >/dev/null 2>&1; then
	log "series: git init of a pristine linux-source-6.12"
	rm -rf "$linux" "$linux.tmp"
	mkdir -p "$linux.tmp"
	tar -xf "$(ls /usr/src/linux-source-6.12.tar.* | head -n 1)" -C "$linux.tmp" \
		--strip-components=1
	git -C "$linux.tmp" init -q
	# No background gc writing into .git after a command has returned.
	git -C "$linux.tmp" config gc.auto 0
	git -C "$linux.tmp" add -A -f
	git -C "$linux.tmp" commit -q -m "Linux 6.12 (Debian linux-source-6.12)"
	git -C "$linux.tmp" tag base
	mv "$linux.tmp" "$linux"
fi
# scripts/interrupt-test.sh stops here.
[ -z "${SERIES_TREE_ONLY:-}" ] || exit 0

cd "$linux"
git config gc.auto 0
git checkout -q -f --detach base
git clean -q -fdx
git branch -q -D regdata 2>/dev/null || true
git checkout -q -b regdata

r=$REPO

# --- the DRM core patches, as kept in the repository ----------------------
core=("$r"/patches/drm/*.patch)
git am -q "${core[@]}" || { git am --abort || true; die "series: a DRM core patch does not apply"; }
dst=drivers/gpu/drm/regdata

# Our sources include the API and uapi headers by their repo paths; upstream
# they are <drm/...> headers.
place() {
	local from=$1 to=$2

	mkdir -p "$(dirname "$to")"
	sed -e 's|#include "drm_regdata.h"|#include <drm/drm_regdata.h>|' \
	    -e 's|#include "\(regdata_[a-z]*_drm.h\)"|#include <drm/\1>|' \
	    "$r/$from" > "$to"
}

# Add file patterns to our MAINTAINERS entry, creating it in order.
maintainers() {
	python3 - "$@" <<'PY'
import re, sys
title = "DRM REGISTRATION DATA AND UNBIND GUARDS"
text = open("MAINTAINERS").read()
if title + "\n" not in text:
    # Before the first entry whose title sorts after ours.
    for m in re.finditer(r"\n\n([A-Z0-9][^\n]*)\n", text):
        if m.group(1).startswith("DRM") and m.group(1) > title:
            break
    entry = (title + "\n"
             "M:\tdrm-regdata developers <drm-regdata@lists.example.org>\n"
             "L:\tdri-devel@lists.freedesktop.org\n"
             "S:\tMaintained\n"
             "T:\tgit https://gitlab.freedesktop.org/drm/misc/kernel.git\n")
    text = text[:m.start() + 2] + entry + "\n" + text[m.start() + 2:]
start = text.index(title + "\n")
end = text.index("\n\n", start)
lines = text[start:end].split("\n")
head = [l for l in lines if not l.startswith("F:")]
files = sorted(set([l for l in lines if l.startswith("F:")] +
                   ["F:\t" + f for f in sys.argv[1:]]))
text = text[:start] + "\n".join(head + files) + text[end:]
open("MAINTAINERS", "w").write(text)
PY
}

# Write $dst/Kconfig from our Kconfig's entries and source lines:
#   kconfig DRM_REGDATA source:nova DRM_REGDATA_KUNIT_TEST ...
kconfig() {
	python3 - "$r/Kconfig" "$@" > "$dst/Kconfig" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = {m.group(1): m.group(0).rstrip("\n") for m in re.finditer(
    r"^config (\w+)\n(?:(?!config |source ).*\n?)*", text, re.M)}
chunks = []
for item in sys.argv[2:]:
    if item.startswith("source:"):
        line = 'source "drivers/gpu/drm/regdata/%s/Kconfig"' % item[7:]
        if chunks and chunks[-1].startswith("source "):
            chunks[-1] += "\n" + line
            continue
        chunks.append(line)
    else:
        chunks.append(blocks[item])
print("# SPDX-License-Identifier: GPL-2.0-only")
print("\n\n".join(chunks))
PY
}

# Write $dst/Makefile: the framework module, then the given obj- lines.
makefile() {
	{
		echo '# SPDX-License-Identifier: GPL-2.0'
		echo
		echo 'drm-regdata-y := drm_regdata.o unbind_guard.o'
		echo 'obj-$(CONFIG_DRM_REGDATA) += drm-regdata.o'
		for l in "$@"; do
			echo "$l"
		done
	} > "$dst/Makefile"
}

commit() {
	git add -A -f
	git commit -q -s -F -
}

# --- 1: the framework -----------------------------------------------------
place drm_regdata.h include/drm/drm_regdata.h
for f in drm_regdata.c unbind_guard.c drm_regdata_internal.h; do
	place "$f" "$dst/$f"
done
kconfig DRM_REGDATA
makefile
sed -i '/^source "drivers\/gpu\/drm\/vkms\/Kconfig"/a source "drivers/gpu/drm/regdata/Kconfig"' \
	drivers/gpu/drm/Kconfig
echo 'obj-$(CONFIG_DRM_REGDATA) += regdata/' >> drivers/gpu/drm/Makefile
maintainers include/drm/drm_regdata.h "$dst/Kconfig" "$dst/Makefile" \
	"$dst/drm_regdata_internal.h" "$dst/drm_regdata.c" \
	"$dst/unbind_guard.c"
commit <<'MSG'
drm: add registration data and unbind guards

A DRM driver's drm_device outlives the binding of its parent device: a
file that userspace keeps open holds it after hot-unplug or a sysfs
unbind. The driver state that only makes sense while the parent is bound
(MMIO mappings, references to the parent, devres-managed resources) is
only safe to touch inside drm_dev_enter()/drm_dev_exit(), which every
driver has to remember in every ioctl.

Add registration data: driver state owned by a drm_registration, which
publishes it before drm_dev_register() and releases it only after hiding
it from new guards and letting drm_dev_unplug() wait for every
drm_dev_enter() section. The data is reachable only inside an unbind
guard, a drm_dev_enter() section that also takes the data, open-coded or
with the CLASS()/scoped_class() form; guards work in interrupt context
too. Ioctls declared with DEFINE_DRM_GUARDED_IOCTL() and
DRM_IOCTL_DEF_DRV_GUARDED() run inside a guard and are handed the
registration data, never the bound parent device;
DEFINE_DRM_GUARDED_IOCTL_COPY() copies a result to a user pointer after
the guard, so that a page fault cannot hold up an unplug.

Teardown happens once, whoever asks: the owner, devres on unbind, an
error path, also while drm_dev_register() is still running (the
registering thread then tears down once it returns). The driver's
callbacks are a quiesce, before the barrier, while the data and what it
maps are alive (where a device's interrupts are turned off, so that a
line left asserted does not get IRQ_NONE from the guarded handler for
as long as the slowest guard, and is not disabled as spurious), and a
release, after it.

Misuse is reported and changes nothing: with lockdep, taking the data
outside a guard and unregistering from inside one (which then
deadlocks, as without lockdep) warn, and lockdep sees the teardown and
its waiters wait for every guard; unregistering twice warns in every
build. So does a driver that unregistered or unplugged the device
itself, and its data still outlives every guard: the teardown waits for
them in the device's unplug SRCU instead of unplugging a second time.
MSG

# --- 2: KUnit ---------------------------------------------------------------
kconfig DRM_REGDATA DRM_REGDATA_KUNIT_TEST
makefile 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/'
for f in $(cd "$r" && ls kunit/regdata_test* kunit/drm_regdata_*_test.c | grep -v samples); do
	place "$f" "$dst/$f"
done
grep -v 'NOVA\|TYR\|EMU\|SAMPLES' "$r/kunit/.kunitconfig" > "$dst/kunit/.kunitconfig"
kunit_makefile() {
	echo '# SPDX-License-Identifier: GPL-2.0'
	echo
	echo "ccflags-y += $1"
	echo
	sed -n '/^# One module/,/^obj-.*drm_regdata_test.o/p' "$r/kunit/Makefile"
	[ -z "${2:-}" ] || echo "$2"
	echo '# Last: checks for leaks of everything the suites above allocated.'
	echo 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += drm_regdata_leak_test.o'
}
kunit_makefile '-I$(src)/..' > "$dst/kunit/Makefile"
maintainers "$dst/kunit/"
commit <<'MSG'
drm/regdata: add KUnit tests

Prove the contract in a real kernel, through the real drm_ioctl() path
with files from mock_drm_getfile() and user memory from
kunit_vm_mmap(): publication before drm_dev_register(), release exactly
once when registering fails, the unplug barrier against threads inside
guards and ioctl handlers, the guard forms, permission flags against
plain DRM_IOCTL_DEF_DRV(), threads sharing a file during unregister,
devres-managed registrations, every misuse warning, concurrent teardown,
and files that outlive the registration. A last suite asks kmemleak for
a scan.
MSG

# --- 3: the nova sample -----------------------------------------------------
place include/uapi/drm/regdata_nova_drm.h include/uapi/drm/regdata_nova_drm.h
for f in nova_drm.c nova_core.c nova_core.h Kconfig; do
	place "nova/$f" "$dst/nova/$f"
done
cat > "$dst/nova/Makefile" <<'MK'
# SPDX-License-Identifier: GPL-2.0

regdata_nova-y := nova_drm.o
regdata_nova_core-y := nova_core.o
obj-$(CONFIG_DRM_REGDATA_NOVA) += regdata_nova.o
obj-$(CONFIG_DRM_REGDATA_NOVA_CORE) += regdata_nova_core.o
MK
kconfig DRM_REGDATA source:nova DRM_REGDATA_KUNIT_TEST
makefile 'obj-y += nova/' 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/'
maintainers "$dst/nova/" include/uapi/drm/regdata_nova_drm.h
commit <<'MSG'
drm/regdata: add the nova sample

The C counterpart of nova: regdata_nova_core binds a PCI function
(QEMU's edu device), maps BAR 0 and creates an auxiliary device;
regdata_nova binds it and registers through drm_registration, its
registration data holding the BAR. GETPARAM, GEM_CREATE and GEM_INFO
ioctls are modelled on nova's uapi; none of them looks at the parent
device.
MSG

# --- 4: the tyr sample -----------------------------------------------------
place include/uapi/drm/regdata_tyr_drm.h include/uapi/drm/regdata_tyr_drm.h
for f in tyr_drv.c tyr_regs.h Kconfig; do
	place "tyr/$f" "$dst/tyr/$f"
done
cat > "$dst/tyr/Makefile" <<'MK'
# SPDX-License-Identifier: GPL-2.0

regdata_tyr-y := tyr_drv.o
obj-$(CONFIG_DRM_REGDATA_TYR) += regdata_tyr.o
MK
kconfig DRM_REGDATA source:nova source:tyr DRM_REGDATA_KUNIT_TEST
makefile 'obj-y += nova/ tyr/' 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/'
maintainers "$dst/tyr/" include/uapi/drm/regdata_tyr_drm.h
commit <<'MSG'
drm/regdata: add the tyr sample

The C counterpart of tyr: a platform driver that maps the GPU registers,
soft-resets the GPU and reads its identification registers in the probe
shape of panthor, and answers DEV_QUERY by reading the registers through
the mapping held in its registration data.
MSG

# --- 5: emulated devices and the samples' tests ------------------------------
for f in emu_main.c emu.h emu_mmio.c emu_mmio.h emu_ivshmem.c tyr_emu.c tyr_emu.h Kconfig Makefile; do
	place "emu/$f" "$dst/emu/$f"
done
kconfig DRM_REGDATA source:nova source:tyr source:emu DRM_REGDATA_KUNIT_TEST \
	DRM_REGDATA_SAMPLES_KUNIT_TEST
makefile 'obj-y += nova/ tyr/ emu/' 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/'
place kunit/drm_regdata_samples_test.c "$dst/kunit/drm_regdata_samples_test.c"
cp "$r/kunit/.kunitconfig" "$dst/kunit/.kunitconfig"
kunit_makefile '-I$(src)/.. -I$(src)/../nova -I$(src)/../tyr -I$(src)/../emu' \
	'obj-$(CONFIG_DRM_REGDATA_SAMPLES_KUNIT_TEST) += drm_regdata_samples_test.o' \
	> "$dst/kunit/Makefile"
maintainers "$dst/emu/"
commit <<'MSG'
drm/regdata: add emulated devices and KUnit tests for the samples

Emulate the samples' registers outside the drivers, as test support: in
logic_iomem windows on UML, and in windows of the shared-memory BAR of
an ivshmem-plain PCI function under QEMU, where a real-time poller hands
the driver's writes to the model and shows its registers; a tyr soft
reset completes 200 us after the command. The drivers' code is what real
hardware would run.

Bind nova and tyr to them and issue every ioctl with good and bad input
through drm_ioctl(); unbind with a file open, map GEM objects across the
unbind, and fail a probe whose soft reset never completes.
MSG

# --- 6: benchmarks ----------------------------------------------------------
place include/uapi/drm/regdata_bench_drm.h include/uapi/drm/regdata_bench_drm.h
for f in regdata_bench.c Kconfig; do
	place "bench/$f" "$dst/bench/$f"
done
echo 'obj-$(CONFIG_DRM_REGDATA_BENCH) += regdata_bench.o' |
	sed '1i # SPDX-License-Identifier: GPL-2.0\n' > "$dst/bench/Makefile"
kconfig DRM_REGDATA source:nova source:tyr source:emu source:bench \
	DRM_REGDATA_KUNIT_TEST DRM_REGDATA_SAMPLES_KUNIT_TEST
makefile 'obj-y += nova/ tyr/ emu/ bench/' 'obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/'
maintainers include/uapi/drm/regdata_bench_drm.h
commit <<'MSG'
drm/regdata: add benchmarks

A DRM device with one trivial ioctl registered three ways (guarded,
open-coded drm_dev_enter(), unguarded), in 32 copies each, for
userspace round trips, and
in-kernel benchmarks in debugfs: the guard against a bare SRCU pair and
against drm_dev_enter(), and unplug latency with guards held, with a
flood of new guards, and with a guard held on another device.
MSG

# --- 7: documentation -------------------------------------------------------
for f in drm-regdata.rst regdata-nova.rst regdata-tyr.rst; do
	sed -e 's|drivers/gpu/drm/regdata/drm_regdata.h|include/drm/drm_regdata.h|' \
	    -e 's|drivers/gpu/drm/regdata/include/uapi/drm/|include/uapi/drm/|' \
	    -e 's|``Documentation/coccinelle-drm-6.12.txt`` has the list; ``make check``|The drm-regdata project keeps the list and|' \
	    -e 's|^recomputes it\.$|recomputes it.|' \
	    "$r/Documentation/$f" > "Documentation/gpu/$f"
done
sed -i '/^   drm-uapi$/a \   drm-regdata' Documentation/gpu/index.rst
sed -i '/^   vkms$/a \   regdata-nova\n   regdata-tyr' Documentation/gpu/drivers.rst
maintainers Documentation/gpu/drm-regdata.rst Documentation/gpu/regdata-nova.rst \
	Documentation/gpu/regdata-tyr.rst
commit <<'MSG'
Documentation/gpu: document registration data and the samples

The lifetime rules, a migration guide for drivers that open-code
drm_dev_enter() today, and the API reference pulled in with kernel-doc;
one page per sample with the layout of its registration data.
MSG

# --- the in-tree drivers converted, as kept in the repository ------------
drivers=("$r"/patches/drivers/*.patch)
git am -q "${drivers[@]}" || { git am --abort || true; die "series: a driver patch does not apply"; }

rm -rf "$patches"
git format-patch -q -o "$patches" base..regdata
n=$(ls "$patches"/*.patch | wc -l)
log "series: $n patches in $patches"

# --- check: checkpatch, git am on a clean tree, build, KUnit ---------------
rc=0
cp_ok=yes
i=0
for p in "$patches"/*.patch; do
	# The pristine tree has no history, so checkpatch cannot look up the
	# commits that Fixes: tags name. The core patches add test files under
	# drivers/gpu/drm/, which the DRM entry of MAINTAINERS covers.
	ignore=UNKNOWN_COMMIT_ID
	[ $i -lt ${#core[@]} ] && ignore=$ignore,FILE_PATH_CHANGES
	i=$((i + 1))
	if ! scripts/checkpatch.pl --strict --quiet --show-types --ignore "$ignore" "$p"; then
		echo "checkpatch: $(basename "$p")"
		cp_ok=no
		rc=1
	fi
done
git checkout -q -f --detach base
git clean -q -fdx
git branch -q -D am-test 2>/dev/null || true
git checkout -q -b am-test
if ! git am -q "$patches"/*.patch; then
	git am --abort || true
	die "series: git am failed"
fi
[ -z "$(git diff regdata)" ] || die "series: git am result differs from the series branch"

log "series: KUnit build of the patched tree (UML: DRM core suites, drm_regdata)"
build=$series/uml
kunit=(python3 tools/testing/kunit/kunit.py)
kargs=(--arch=um --build_dir="$build" --jobs="$JOBS"
       --kunitconfig=drivers/gpu/drm/tests --kunitconfig="$dst/kunit"
       --kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=4660
       --kconfig_add CONFIG_DRM_REGDATA_BENCH=y --kconfig_add CONFIG_DEBUG_FS=y)
mkdir -p "$build"
if ! "${kunit[@]}" build "${kargs[@]}" --make_options "CC=ccache gcc" \
	> "$build/kunit-build.log" 2>&1; then
	tail -n 30 "$build/kunit-build.log"
	die "series: build failed"
fi

log "series: W=1 rebuild of what the series touches"
# What this UML build configures; the converted drivers that need x86
# (bochs) are built by the VM kernel, from the same sources.
touched=$(git diff --name-only base -- '*.c' | sed -n 's/\.c$/.o/p' |
	while read -r o; do if [ -f "$build/$o" ]; then echo "$o"; fi; done)
rm -f $(printf "$build/%s\n" $touched)
if ! make ARCH=um O="$build" CC="ccache gcc" W=1 -j"$JOBS" $touched \
	> "$build/w1.log" 2>&1; then
	tail -n 30 "$build/w1.log"
	die "series: W=1 build failed"
fi
build_ok=yes
if grep -E 'warning:|error:' "$build/w1.log"; then
	build_ok=no
	rc=1
fi
objs=$(echo "$touched" | wc -w)

log "series: KUnit on the patched kernel"
rm -f "$build/results.json"
set +e
"${kunit[@]}" exec --build_dir="$build" --timeout="${KUNIT_TIMEOUT:-900}" \
	--json="$build/results.json" > "$build/kunit.log" 2>&1
krc=$?
set -e
# The DRM core suites of 6.12 warn on purpose in their error-path tests.
"$r/scripts/scan-log.py" --json "$build/results.json" "$build/test.log" \
	--label series --tolerate-warn-suite '^drm_(?!regdata|ioctl$|dev_register$|dev_unplug$)' \
	${SUMMARY:+--summary "$SUMMARY"} || krc=1
[ $krc -eq 0 ] || { tail -n 40 "$build/kunit.log"; rc=1; }
grep -E '^\[..:..:..\] Testing complete' "$build/kunit.log" || true

echo "series: $n patches; checkpatch --strict clean: $cp_ok; git am: ok; W=1 build ($objs objects) clean: $build_ok; KUnit: $([ $krc -eq 0 ] && echo pass || echo FAIL)"
[ -z "$out" ] || { mkdir -p "$out"; cp "$patches"/*.patch "$out/"; }
exit $rc
