# SPDX-License-Identifier: GPL-2.0
#
# Kbuild for the in-tree build (drivers/gpu/drm/regdata/) and for
# out-of-tree builds: make KDIR=/path/to/kernel/build
#
# The project's own targets (check, run, ...) are in the second half.

ifneq ($(KERNELRELEASE),)

ifneq ($(KBUILD_EXTMOD),)
# Out of tree there is no Kconfig: build the framework and the samples.
export CONFIG_DRM_REGDATA := m
export CONFIG_DRM_REGDATA_NOVA := m
export CONFIG_DRM_REGDATA_NOVA_CORE := m
export CONFIG_DRM_REGDATA_TYR := m
export CONFIG_DRM_REGDATA_EMU := m
export CONFIG_DRM_REGDATA_BENCH := m
endif

drm_regdata-y := drm_registration.o unbind_guard.o
obj-$(CONFIG_DRM_REGDATA) += drm_regdata.o
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

.PHONY: modules clean run check bench

endif
