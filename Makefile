# SPDX-License-Identifier: GPL-2.0
#
# Kbuild for the in-tree build (drivers/gpu/drm/regdata/) and for
# out-of-tree builds: make KDIR=/path/to/kernel/build
#
# The project's own targets (check, run, ...) are in the second half.

ifneq ($(KERNELRELEASE),)

# Against a kernel without the registration members of struct drm_device
# (stock 6.12; the series adds them), the framework keeps its state in
# drm_device.dev_private: see drm_registration_slot() in drm_regdata.h.
# Out of tree, and in a stock tree (make check's KUnit run on stock 6.12).
ifeq ($(shell grep -qs registration_slot $(srctree)/include/drm/drm_device.h || echo compat),compat)
subdir-ccflags-y += -DDRM_REGDATA_COMPAT
endif
# Against a DRM core whose unplug SRCU is one private domain for all devices
# (stock 6.12; the series gives each device its own), guards also enter one
# of the framework's: see DRM_UNPLUG_PER_DEVICE in drm_regdata.h.
ifeq ($(shell grep -qs unplug_srcu $(srctree)/include/drm/drm_device.h || echo global),global)
subdir-ccflags-y += -DDRM_REGDATA_GLOBAL_UNPLUG
endif

ifneq ($(KBUILD_EXTMOD),)
# Out of tree there is no Kconfig: build the framework and the samples.
export CONFIG_DRM_REGDATA := m
export CONFIG_DRM_REGDATA_NOVA := m
export CONFIG_DRM_REGDATA_NOVA_CORE := m
export CONFIG_DRM_REGDATA_TYR := m
export CONFIG_DRM_REGDATA_EMU := m
export CONFIG_DRM_REGDATA_BENCH := m

# drm_registration_register() relies on drm_dev_register() waiting for
# every drm_dev_enter() section before it returns an error, once it has made
# minors visible. 6.12.y does so since 6.12.110 ("drm: fix race between
# partial drm_dev_register() failure and ioctl"); before it, a guard entered
# through an early minor or from .load could still hold the data that the
# framework frees on failure. In tree, the series sits on a kernel that has
# the fix.
ifeq ($(VERSION).$(PATCHLEVEL),6.12)
ifeq ($(shell test $(SUBLEVEL) -lt 110 && echo old),old)
$(error drm-regdata needs Linux 6.12.110 or later, not $(KERNELVERSION): \
	older 6.12.y return from a failed drm_dev_register() without waiting \
	for drm_dev_enter() sections)
endif
endif
endif

# The module is drm-regdata.ko (module name drm_regdata): kbuild cannot
# link a composite object from a source of its own name.
drm-regdata-y := drm_regdata.o unbind_guard.o
obj-$(CONFIG_DRM_REGDATA) += drm-regdata.o
obj-y += nova/ tyr/ emu/ bench/
obj-$(CONFIG_DRM_REGDATA_KUNIT_TEST) += kunit/

else

KDIR ?= /lib/modules/$(shell uname -r)/build

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

# The demo: the VM with the samples under hot-unplug load, 50 cycles.
run:
	scripts/run.sh $(CYCLES)

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
	scripts/run.sh soak

# Not part of check: the VM run against the converted in-tree drivers and
# against Debian's stock ones, side by side (a report).
compare:
	scripts/compare.sh $(CYCLES)

# Not part of check: kill each cache-building step of a first run, run again.
interrupt-test:
	scripts/interrupt-test.sh

# Not part of check: every DRM driver x86_64 builds, against the series.
compile-drm:
	scripts/compile-drm.sh

.PHONY: modules clean run check bench soak compare interrupt-test compile-drm

endif
