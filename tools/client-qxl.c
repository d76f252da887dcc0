// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: qxl (QEMU's -device qxl, PCI 1b36:0100, the display of
 * Spice guests), as 6.12 has it: not on the framework, with a card node
 * only. The checks set a mode on a dumb buffer and read it back; the qxl
 * run (vm/qxl.vm) unbinds and binds it again with no file open, which
 * 6.12 alone does not survive (its interrupt handler outlived the binding).
 */

#include "client.h"
#include "regdata_devices.h"

#define QXL_NAME	"qxl"

static void qxl_check(void)
{
	kms_check(QXL_NAME);
}

static const struct client_unplug qxl_unplugs[] = {
	{
		.what = "unbind qxl (PCI)",
		.unbind = "/sys/bus/pci/drivers/qxl/unbind",
		.bind = "/sys/bus/pci/drivers/qxl/bind",
		.vendor = REGDATA_QXL_VENDOR,
		.device = REGDATA_QXL_DEVICE,
	},
};

const struct client_driver client_qxl = {
	.name		= QXL_NAME,
	.card_only	= true,
	.check		= qxl_check,
	.round		= kms_round,
	.reopen		= kms_reopen,
	.state_size	= sizeof(struct kms_state),
	.extra		= "modes set",
	.maps_kept	= true,
	.pci_vendor	= REGDATA_QXL_VENDOR,
	.pci_device	= REGDATA_QXL_DEVICE,
	.unplugs	= qxl_unplugs,
	.nunplugs	= 1,
};
