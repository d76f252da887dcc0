// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: cirrus (QEMU's -device cirrus-vga, PCI 1013:00b8), as
 * 6.12 has it: the control, a small KMS driver that already unplugs by
 * hand what the framework unplugs for the drivers it converts
 * (drm_dev_unplug() in remove(), its hardware inside drm_dev_enter()).
 * Card node only; the checks set a mode on a dumb buffer and read it back.
 */

#include <regdata/regdata_devices.h>

#include "client.h"

#define CIRRUS_NAME	"cirrus"

static void cirrus_check(void)
{
	kms_check(CIRRUS_NAME);
}

static const struct client_unplug cirrus_unplugs[] = {
	{
		.what = "unbind cirrus (PCI)",
		.unbind = "/sys/bus/pci/drivers/cirrus/unbind",
		.bind = "/sys/bus/pci/drivers/cirrus/bind",
		.vendor = REGDATA_CIRRUS_VENDOR,
		.device = REGDATA_CIRRUS_DEVICE,
	},
};

const struct client_driver client_cirrus = {
	.name		= CIRRUS_NAME,
	.card_only	= true,
	.kms		= true,
	.check		= cirrus_check,
	.round		= kms_round,
	.reopen		= kms_reopen,
	.state_size	= sizeof(struct kms_state),
	.extra		= "modes set",
	.maps_kept	= true,
	.pci_vendor	= REGDATA_CIRRUS_VENDOR,
	.pci_device	= REGDATA_CIRRUS_DEVICE,
	.unplugs	= cirrus_unplugs,
	.nunplugs	= 1,
};
