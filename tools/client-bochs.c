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

#include "client.h"
#include "regdata_devices.h"

#define BOCHS_NAME	"bochs-drm"

static void bochs_check(void)
{
	kms_check(BOCHS_NAME);
}

/* What the master's two framebuffers are filled with. */
static const uint32_t bochs_patterns[2] = { 0x000000ff, 0x0000ff00 };

/* Per stress thread: the mode it keeps setting, if it is master. */
struct bochs_state {
	struct kms_fb fb[2];
	uint32_t conn_id;
	uint32_t crtc_id;
	drmModeModeInfo mode;
	int fd;
	/* hammer.enodev when the framebuffers were made */
	unsigned long enodev;
};

/*
 * Before reopening: if the device answered -ENODEV since the framebuffers
 * were made, it was unplugged, which zapped their mappings (pointing at
 * VRAM in the BAR); a read faults in TTM's zeroed dummy page, not VRAM,
 * where the pattern still is while the function stays on the bus.
 */
static void bochs_reopen(struct hammer *h)
{
	struct bochs_state *b = h->state;
	int j;

	for (j = 0; j < 2; j++) {
		if (!b->fb[j].map || h->enodev == b->enodev)
			continue;
		h->maps_read++;
		if (b->fb[j].map[0] || b->fb[j].map[b->fb[j].size / 4 - 1])
			h->maps_stale++;
	}
	kms_fb_destroy(b->fd, &b->fb[0]);
	kms_fb_destroy(b->fd, &b->fb[1]);
	b->fd = -1;
}

static void bochs_round(struct hammer *h, int *fd, unsigned long i)
{
	struct bochs_state *b = h->state;
	struct kms_fb fb;
	int ret;

	if (b->fd != *fd) {
		b->fd = *fd;
		b->enodev = h->enodev;
		/* Master (the first opener) keeps a mode set; others query. */
		if (!drmIsMaster(*fd) ||
		    kms_pick(*fd, &b->conn_id, &b->crtc_id, &b->mode) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  bochs_patterns[0], true, &b->fb[0]) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  bochs_patterns[1], true, &b->fb[1]))
			b->fb[0].fb_id = 0;
	}

	if (b->fb[0].fb_id && b->fb[1].fb_id) {
		ret = drmModeSetCrtc(*fd, b->crtc_id, b->fb[i % 2].fb_id, 0, 0,
				     &b->conn_id, 1, &b->mode) ? -errno : 0;
		if (!ret)
			h->extra++;
		hammer_result(h, ret, fd);
		return;
	}

	if (i % 2) {
		drmModeRes *res = drmModeGetResources(*fd);

		hammer_result(h, res ? 0 : -errno, fd);
		drmModeFreeResources(res);
		return;
	}
	ret = kms_fb_create(*fd, 64, 64, (uint32_t)i, false, &fb);
	if (!ret && fb.map[0] != (uint32_t)i)
		h->wrong++;
	kms_fb_destroy(*fd, &fb);
	hammer_result(h, ret, fd);
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
	.check		= bochs_check,
	.round		= bochs_round,
	.reopen		= bochs_reopen,
	.state_size	= sizeof(struct bochs_state),
	.extra		= "modes set",
	.maps_kept	= true,
	.pci_vendor	= REGDATA_BOCHS_VENDOR,
	.pci_device	= REGDATA_BOCHS_DEVICE,
	.unplugs	= bochs_unplugs,
	.nunplugs	= 1,
};
