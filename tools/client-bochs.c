// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: bochs (QEMU's bochs-display, PCI 1234:1111), a KMS
 * driver converted to the framework. It has a card node only. The checks
 * set a mode on a dumb buffer and read it back; the stress threads create,
 * map, fill and destroy dumb buffers and query the KMS objects, and the
 * first one, DRM master, keeps setting the mode, across every unbind. The
 * master's two framebuffers stay mapped through the unbind: their VRAM is
 * in the PCI function's BAR, which the kernel must not let the stale
 * mappings reach once the device is unplugged.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include <regdata/regdata_devices.h>

#include "client.h"

#define BOCHS_NAME	"bochs-drm"

static void bochs_check(void)
{
	kms_check(BOCHS_NAME);
}

static const struct client_unplug bochs_unplugs[] = {
	{
		.what = "unbind bochs-drm (PCI)",
		.unbind = "/sys/bus/pci/drivers/bochs-drm/unbind",
		.bind = "/sys/bus/pci/drivers/bochs-drm/bind",
		.vendor = REGDATA_BOCHS_VENDOR,
		.device = REGDATA_BOCHS_DEVICE,
	},
};

const struct client_driver client_bochs = {
	.name		= BOCHS_NAME,
	.card_only	= true,
	.kms		= true,
	.check		= bochs_check,
	.round		= kms_round,
	.reopen		= kms_reopen,
	.state_size	= sizeof(struct kms_state),
	.extra		= "modes set",
	.maps_kept	= true,
	.maps_device_memory = true,
	.pci_vendor	= REGDATA_BOCHS_VENDOR,
	.pci_device	= REGDATA_BOCHS_DEVICE,
	.unplugs	= bochs_unplugs,
	.nunplugs	= 1,
};
