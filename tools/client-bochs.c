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

/* A dumb buffer with a framebuffer on it, mapped. */
struct bochs_fb {
	uint32_t handle;
	uint32_t fb_id;
	uint32_t pitch;
	uint64_t size;
	uint32_t *map;
};

static void bochs_fb_destroy(int fd, struct bochs_fb *fb)
{
	struct drm_mode_destroy_dumb dd = { .handle = fb->handle };

	if (fb->map)
		munmap(fb->map, fb->size);
	if (fb->fb_id)
		drmModeRmFB(fd, fb->fb_id);
	if (fb->handle)
		xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &dd);
	memset(fb, 0, sizeof(*fb));
}

/* 0 or -errno; on success @fb is filled with @pattern. */
static int bochs_fb_create(int fd, unsigned int w, unsigned int h,
			   uint32_t pattern, bool addfb, struct bochs_fb *fb)
{
	struct drm_mode_create_dumb cd = { .width = w, .height = h, .bpp = 32 };
	struct drm_mode_map_dumb md = {};
	int ret;
	uint64_t i;

	memset(fb, 0, sizeof(*fb));
	ret = xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &cd);
	if (ret)
		return ret;
	fb->handle = cd.handle;
	fb->pitch = cd.pitch;
	fb->size = cd.size;
	md.handle = cd.handle;
	ret = xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &md);
	if (ret)
		goto out;
	fb->map = mmap(NULL, fb->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       md.offset);
	if (fb->map == MAP_FAILED) {
		fb->map = NULL;
		ret = -errno;
		goto out;
	}
	for (i = 0; i < fb->size / 4; i += 1024)
		fb->map[i] = pattern;
	if (addfb && drmModeAddFB(fd, w, h, 24, 32, fb->pitch, fb->handle,
				  &fb->fb_id)) {
		ret = -errno;
		goto out;
	}
	return 0;
out:
	bochs_fb_destroy(fd, fb);
	return ret;
}

/* The connected connector, its CRTC and its preferred mode. */
static int bochs_pick(int fd, uint32_t *conn_id, uint32_t *crtc_id,
		      drmModeModeInfo *mode)
{
	drmModeRes *res = drmModeGetResources(fd);
	drmModeConnector *conn = NULL;
	int i, ret = -ENOENT;

	if (!res)
		return -errno;
	for (i = 0; i < res->count_connectors && ret; i++) {
		conn = drmModeGetConnector(fd, res->connectors[i]);
		if (conn && conn->connection == DRM_MODE_CONNECTED &&
		    conn->count_modes && res->count_crtcs) {
			*conn_id = conn->connector_id;
			*crtc_id = res->crtcs[0];
			*mode = conn->modes[0];
			ret = 0;
		}
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
	return ret;
}

static void bochs_check(void)
{
	uint32_t conn_id, crtc_id;
	drmModeModeInfo mode;
	struct bochs_fb fb;
	drmModeCrtc *crtc;
	drmVersionPtr v;
	int fd, ret;

	fd = open_card_by_name(BOCHS_NAME);
	if (fd < 0) {
		fail("no %s card node", BOCHS_NAME);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = bochs_pick(fd, &conn_id, &crtc_id, &mode);
	if (ret) {
		fail("bochs: no connected connector: %s", strerror(-ret));
		close(fd);
		return;
	}
	ret = bochs_fb_create(fd, mode.hdisplay, mode.vdisplay, 0x00ff8000,
			      true, &fb);
	if (ret) {
		fail("bochs: dumb framebuffer %ux%u: %s", mode.hdisplay,
		     mode.vdisplay, strerror(-ret));
		close(fd);
		return;
	}
	ret = drmModeSetCrtc(fd, crtc_id, fb.fb_id, 0, 0, &conn_id, 1, &mode)
	      ? -errno : 0;
	EXPECT(!ret, "bochs: SETCRTC %s: %s", mode.name, strerror(-ret));
	crtc = drmModeGetCrtc(fd, crtc_id);
	EXPECT(crtc && crtc->mode_valid && crtc->buffer_id == fb.fb_id,
	       "bochs: the CRTC does not show the mode set");
	if (crtc)
		printf("  mode %s set on CRTC %u, framebuffer %u (%llu bytes, dumb)\n",
		       crtc->mode.name, crtc_id, crtc->buffer_id,
		       (unsigned long long)fb.size);
	drmModeFreeCrtc(crtc);

	/* Bad input: a framebuffer on a buffer too small. */
	ret = drmModeAddFB(fd, 8192, 8192, 24, 32, fb.pitch, fb.handle,
			   &crtc_id) ? -errno : 0;
	EXPECT(ret == -EINVAL, "bochs: ADDFB past the buffer: %d", ret);

	bochs_fb_destroy(fd, &fb);
	close(fd);
}

/* Per stress thread: the mode it keeps setting, if it is master. */
struct bochs_state {
	struct bochs_fb fb[2];
	uint32_t conn_id;
	uint32_t crtc_id;
	drmModeModeInfo mode;
	int fd;
};

static void bochs_reopen(struct hammer *h)
{
	struct bochs_state *b = h->state;

	bochs_fb_destroy(b->fd, &b->fb[0]);
	bochs_fb_destroy(b->fd, &b->fb[1]);
	b->fd = -1;
}

static void bochs_round(struct hammer *h, int *fd, unsigned long i)
{
	struct bochs_state *b = h->state;
	struct bochs_fb fb;
	int ret;

	if (b->fd != *fd) {
		b->fd = *fd;
		/* Master (the first opener) keeps a mode set; others query. */
		if (!drmIsMaster(*fd) ||
		    bochs_pick(*fd, &b->conn_id, &b->crtc_id, &b->mode) ||
		    bochs_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				    0x000000ff, true, &b->fb[0]) ||
		    bochs_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
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
	ret = bochs_fb_create(*fd, 64, 64, (uint32_t)i, false, &fb);
	if (!ret && fb.map[0] != (uint32_t)i)
		h->wrong++;
	bochs_fb_destroy(*fd, &fb);
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
