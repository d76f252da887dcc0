// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: what the KMS drivers under test share: dumb buffers with
 * framebuffers on them, the connected connector, and the check that sets a
 * mode on a card node and reads it back.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>

#include "client.h"

void kms_fb_destroy(int fd, struct kms_fb *fb)
{
	struct drm_mode_destroy_dumb dd = { .handle = fb->handle };

	if (fb->map)
		munmap(fb->map, fb->size);
	if (fb->fb_id && fd >= 0)
		drmModeRmFB(fd, fb->fb_id);
	if (fb->handle && fd >= 0)
		xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &dd);
	memset(fb, 0, sizeof(*fb));
}

/* 0 or -errno; on success @fb is filled with @pattern. */
int kms_fb_create(int fd, unsigned int w, unsigned int h,
		  uint32_t pattern, bool addfb, struct kms_fb *fb)
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
	kms_fb_destroy(fd, fb);
	return ret;
}

/* The connected connector, its CRTC and its preferred mode. */
int kms_pick(int fd, uint32_t *conn_id, uint32_t *crtc_id,
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

/* ADDFB2 of @w x @h XRGB8888 with @pitch on @handle; 0 or -errno. */
static int kms_addfb2(int fd, uint32_t handle, unsigned int w, unsigned int h,
		      uint32_t pitch)
{
	uint32_t handles[4] = { handle }, pitches[4] = { pitch };
	uint32_t offsets[4] = { 0 }, id;
	int ret;

	ret = drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles, pitches,
			    offsets, &id, 0) ? -errno : 0;
	if (!ret)
		drmModeRmFB(fd, id);
	return ret;
}

/*
 * A framebuffer the buffer cannot hold is refused, as IGT's kms_addfb_basic
 * bad-pitch-65536, too-high and bo-too-small check; the buffer's own size
 * is accepted. Only the driver's check of the buffer's size refuses these:
 * the pitches are valid for the widths.
 */
static void kms_check_addfb_bounds(int fd, const char *name,
				   const struct kms_fb *fb, unsigned int w,
				   unsigned int h)
{
	int ret, before = failures();
	struct kms_fb small;

	ret = kms_addfb2(fd, fb->handle, w, h, fb->pitch);
	EXPECT(!ret, "%s: ADDFB2 of the buffer's own size: %d", name, ret);
	ret = kms_addfb2(fd, fb->handle, w, h, 65536);
	EXPECT(ret == -EINVAL, "%s: ADDFB2 with pitch 65536 past the buffer: %d",
	       name, ret);
	ret = kms_addfb2(fd, fb->handle, w, h * 2, fb->pitch);
	EXPECT(ret == -EINVAL, "%s: ADDFB2 twice as high as the buffer: %d",
	       name, ret);
	ret = kms_fb_create(fd, 64, 64, 0, false, &small);
	if (ret) {
		fail("%s: a 64x64 dumb buffer: %s", name, strerror(-ret));
		return;
	}
	ret = kms_addfb2(fd, small.handle, w, h, fb->pitch);
	EXPECT(ret == -EINVAL, "%s: ADDFB2 of %ux%u on a 64x64 buffer: %d",
	       name, w, h, ret);
	kms_fb_destroy(fd, &small);
	if (failures() == before)
		printf("  %s: framebuffers larger than their buffer refused\n",
		       name);
}

void kms_check(const char *name)
{
	uint32_t conn_id, crtc_id;
	drmModeModeInfo mode;
	struct kms_fb fb;
	drmModeCrtc *crtc;
	drmVersionPtr v;
	int fd, ret;

	fd = open_card_by_name(name);
	if (fd < 0) {
		fail("no %s card node", name);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = kms_pick(fd, &conn_id, &crtc_id, &mode);
	if (ret) {
		fail("%s: no connected connector: %s", name, strerror(-ret));
		close(fd);
		return;
	}
	ret = kms_fb_create(fd, mode.hdisplay, mode.vdisplay, 0x00ff8000,
			    true, &fb);
	if (ret) {
		fail("%s: dumb framebuffer %ux%u: %s", name, mode.hdisplay,
		     mode.vdisplay, strerror(-ret));
		close(fd);
		return;
	}
	ret = drmModeSetCrtc(fd, crtc_id, fb.fb_id, 0, 0, &conn_id, 1, &mode)
	      ? -errno : 0;
	EXPECT(!ret, "%s: SETCRTC %s: %s", name, mode.name, strerror(-ret));
	crtc = drmModeGetCrtc(fd, crtc_id);
	EXPECT(crtc && crtc->mode_valid && crtc->buffer_id == fb.fb_id,
	       "%s: the CRTC does not show the mode set", name);
	if (crtc)
		printf("  mode %s set on CRTC %u, framebuffer %u (%llu bytes, dumb)\n",
		       crtc->mode.name, crtc_id, crtc->buffer_id,
		       (unsigned long long)fb.size);
	drmModeFreeCrtc(crtc);

	/* Bad input: a framebuffer on a buffer too small. */
	ret = drmModeAddFB(fd, 8192, 8192, 24, 32, fb.pitch, fb.handle,
			   &crtc_id) ? -errno : 0;
	EXPECT(ret == -EINVAL, "%s: ADDFB past the buffer: %d", name, ret);
	kms_check_addfb_bounds(fd, name, &fb, mode.hdisplay, mode.vdisplay);

	kms_fb_destroy(fd, &fb);
	close(fd);
}

/*
 * The stress round of a KMS driver with dumb buffers (bochs, qxl, cirrus): the
 * first opener, DRM master, keeps setting a mode, flipping between two mapped
 * framebuffers, which it keeps mapped across unplugs; the others query the
 * KMS objects and create, map, fill and destroy dumb buffers.
 */
/* What the master's two framebuffers are filled with. */
static const uint32_t kms_patterns[2] = { 0x000000ff, 0x0000ff00 };


/*
 * Before reopening: if the device answered -ENODEV since the framebuffers
 * were made, it is being unplugged. Once the unplug is done (the unbind or
 * PCI remove returned; an ioctl answers -ENODEV as soon as the unplug
 * starts, before drm_dev_unplug() zaps the mappings) a mapping of the
 * device's memory (TTM VRAM in a BAR: bochs, qxl) must fault in a zeroed
 * page, not the device's memory, where the pattern still is while the
 * function stays on the bus. Mappings of system memory (cirrus' shmem
 * buffers) keep reading it; they are read, not judged.
 */
void kms_reopen(struct hammer *h)
{
	struct kms_state *b = h->state;
	/*
	 * An -ENODEV closed the file (hammer_result()), and its number may
	 * be another thread's by now: its framebuffers went with it.
	 */
	bool unplugged = h->enodev != b->enodev;
	int fd = unplugged ? -1 : b->fd;
	int j;

	if (unplugged && !stress_wait_unplugs()) {
		fail("%s: -ENODEV, but no unplug completed within 20 s",
		     h->drv->name);
		unplugged = false;
	}
	for (j = 0; j < 2 && unplugged; j++) {
		if (!b->fb[j].map)
			continue;
		h->maps_read++;
		if (h->drv->maps_device_memory &&
		    (b->fb[j].map[0] || b->fb[j].map[b->fb[j].size / 4 - 1]))
			h->maps_stale++;
	}
	kms_fb_destroy(fd, &b->fb[0]);
	kms_fb_destroy(fd, &b->fb[1]);
	b->fd = -1;
}

void kms_round(struct hammer *h, int *fd, unsigned long i)
{
	struct kms_state *b = h->state;
	struct kms_fb fb;
	int ret;

	if (b->fd != *fd) {
		b->fd = *fd;
		b->enodev = h->enodev;
		/* Master (the first opener) keeps a mode set; others query. */
		if (!drmIsMaster(*fd) ||
		    kms_pick(*fd, &b->conn_id, &b->crtc_id, &b->mode) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  kms_patterns[0], true, &b->fb[0]) ||
		    kms_fb_create(*fd, b->mode.hdisplay, b->mode.vdisplay,
				  kms_patterns[1], true, &b->fb[1]))
			b->fb[0].fb_id = 0;
	}

	if (b->fb[0].fb_id && b->fb[1].fb_id) {
		h->op = "SETCRTC, as master";
		ret = drmModeSetCrtc(*fd, b->crtc_id, b->fb[i % 2].fb_id, 0, 0,
				     &b->conn_id, 1, &b->mode) ? -errno : 0;
		if (!ret)
			h->extra++;
		hammer_result(h, ret, fd);
		return;
	}

	if (i % 2) {
		drmModeRes *res;

		h->op = "GETRESOURCES";
		res = drmModeGetResources(*fd);

		hammer_result(h, res ? 0 : -errno, fd);
		drmModeFreeResources(res);
		return;
	}
	h->op = "a dumb buffer created, mapped and destroyed";
	ret = kms_fb_create(*fd, 64, 64, (uint32_t)i, false, &fb);
	if (!ret && fb.map[0] != (uint32_t)i)
		h->wrong++;
	kms_fb_destroy(*fd, &fb);
	hammer_result(h, ret, fd);
}
