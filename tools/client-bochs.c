// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: bochs (QEMU's bochs-display, PCI 1234:1111), a KMS
 * driver converted to the framework. It has a card node only. The checks
 * set a mode on a dumb buffer and read it back; the stress threads create,
 * map, fill and destroy dumb buffers and query the KMS objects, and the
 * first one, DRM master, keeps setting the mode, across every unbind.
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

#define BOCHS_NAME	"bochs-drm"
#define BOCHS_VENDOR	0x1234
#define BOCHS_DEVICE	0x1111

static void bochs_check(void)
{
	kms_check(BOCHS_NAME);
}

/* Per stress thread: the mode it keeps setting, if it is master. */
struct bochs_state {
	struct kms_fb fb[2];
	uint32_t conn_id;
	uint32_t crtc_id;
	drmModeModeInfo mode;
	int fd;
};

static void bochs_reopen(struct hammer *h)
{
	struct bochs_state *b = h->state;

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
		/* Master (the first opener) keeps a mode set; others query. */
		if (!drmIsMaster(*fd) ||
		    kms_pick(*fd, &b->conn_id, &b->crtc_id, &b->mode) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  0x000000ff, true, &b->fb[0]) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  0x0000ff00, true, &b->fb[1]))
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
		.vendor = BOCHS_VENDOR,
		.device = BOCHS_DEVICE,
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
	.pci_vendor	= BOCHS_VENDOR,
	.pci_device	= BOCHS_DEVICE,
	.unplugs	= bochs_unplugs,
	.nunplugs	= 1,
};
