# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree builds of the framework and the samples against a kernel
# (make KDIR=/path/to/kernel/build), and the project's own targets (run,
# check, ...). What kbuild builds is in Kbuild, the file the series places
# as drivers/gpu/drm/regdata/Makefile; out of tree, this passes it the
# configuration that Kconfig gives it in tree.

KDIR ?= /lib/modules/$(shell uname -r)/build

# Debian's headers packages split the sources off the build directory,
# whose Makefile includes theirs.
KSRCDIR := $(or $(shell sed -n 's|^include \(.*\)/Makefile$$|\1|p' $(KDIR)/Makefile 2>/dev/null),$(KDIR))

# Out of tree there is no Kconfig: build the framework and the samples.
REGDATA_CONFIG := CONFIG_DRM_REGDATA=m CONFIG_DRM_REGDATA_NOVA=m \
	CONFIG_DRM_REGDATA_NOVA_CORE=m CONFIG_DRM_REGDATA_TYR=m \
	CONFIG_DRM_REGDATA_EMU=m CONFIG_DRM_REGDATA_BENCH=m

# <drm/drm_regdata.h> and the samples' uapi headers, from this tree; theirs
# include "drm.h", which is next to them in tree.
REGDATA_CFLAGS := -I$(CURDIR)/include -I$(CURDIR)/include/uapi \
	-I$(KSRCDIR)/include/uapi/drm

# Against a DRM core without what the series adds (stock 6.12: no unplug
# domains, no registration member in struct drm_device), every file gets
# compat/drm_regdata_compat.h, and drm-regdata.ko the SRCU domain it uses.
ifeq ($(shell grep -qs unplug_srcu $(KSRCDIR)/include/drm/drm_device.h || echo compat),compat)
REGDATA_CFLAGS += -include $(CURDIR)/compat/drm_regdata_compat.h
REGDATA_COMPAT := CFLAGS_unbind_guard.o=-DDRM_REGDATA_COMPAT_SRCU
endif

# drm_registration_register() relies on drm_dev_register() waiting for
# every drm_dev_enter() section before it returns an error, once it has made
# minors visible. 6.12.y does so since 6.12.110 ("drm: fix race between
# partial drm_dev_register() failure and ioctl"); before it, a guard entered
# through an early minor or from .load could still hold the data that the
# framework frees on failure. In tree, the series sits on a kernel that has
# the fix.
KRELEASE := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
KSUBLEVEL := $(shell echo '$(KRELEASE)' | sed -n 's/^6\.12\.\([0-9]*\).*/\1/p')

modules:
ifneq ($(KSUBLEVEL),)
	@if [ $(KSUBLEVEL) -lt 110 ]; then \
		echo "drm-regdata needs Linux 6.12.110 or later, not $(KRELEASE):" \
		     "older 6.12.y return from a failed drm_dev_register() without" \
		     "waiting for drm_dev_enter() sections" >&2; \
		exit 1; \
	fi
endif
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(REGDATA_CONFIG) $(REGDATA_COMPAT) \
		KCFLAGS="$(REGDATA_CFLAGS) $(KCFLAGS)" modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

# The VM runs take the client's options as make variables given on the
# command line (make run CYCLES=200 THREADS=4); scripts/vm.sh --help lists
# them, and the client refuses one it does not know.
VM_OPTIONS = $(filter-out KDIR=% KCFLAGS=% W=% C=%,$(MAKEOVERRIDES))

# The demo: the VM with the samples under hot-unplug load, 50 cycles.
run:
	scripts/run.sh stress $(VM_OPTIONS)

# The tests: see scripts/check.sh.
check:
	scripts/check.sh

# Benchmarks, on a kernel without sanitizers.
bench:
	scripts/run.sh bench

# Not part of check: every fault point of every bind path failing in turn,
# 10^6 fuzzed ioctls, then 1000 unplug cycles under ioctl and mmap load,
# in the sanitizer VM.
soak:
	scripts/run.sh soak $(VM_OPTIONS)

# Not part of check: the VM run against the converted in-tree drivers and
# against Debian's stock ones, side by side (a report).
compare:
	scripts/compare.sh $(VM_OPTIONS)

# Not part of check: kill each cache-building step of a first run, run again.
interrupt-test:
	scripts/interrupt-test.sh

# Not part of check: every DRM driver x86_64 builds, against the series.
compile-drm:
	scripts/compile-drm.sh

.PHONY: modules clean run check bench soak compare interrupt-test compile-drm
