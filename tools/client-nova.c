// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the nova sample (regdata_nova on the auxiliary device of
 * regdata_nova_core, which binds QEMU's edu PCI function).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include <regdata/regdata_devices.h>

#include "client.h"
#include "regdata_nova_drm.h"

#define NOVA_NAME	"regdata_nova"

static uint64_t nova_bar_size(void)
{
	char edu[256];

	return find_pci(REGDATA_EDU_VENDOR, REGDATA_EDU_DEVICE, edu, sizeof(edu)) ?
	       pci_bar_size(edu, 0) : 0;
}

static void nova_check(void)
{
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	struct drm_nova_gem_create gc = { .size = 4097 };
	struct drm_nova_gem_info gi = {};
	struct drm_gem_close cl = {};
	uint64_t bar_size = nova_bar_size();
	drmVersionPtr v;
	uint32_t *map;
	int fd, ret;

	fd = open_by_name(NOVA_NAME);
	if (fd < 0) {
		fail("no %s render node", NOVA_NAME);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(!ret && gp.value == bar_size,
	       "nova GETPARAM VRAM_BAR_SIZE: %d, %llu, want %llu", ret,
	       (unsigned long long)gp.value, (unsigned long long)bar_size);
	printf("  VRAM BAR size %llu bytes\n", (unsigned long long)gp.value);

	gp = (struct drm_nova_getparam){ .param = NOVA_GETPARAM_CHIP_ID };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(!ret && gp.value == REGDATA_EDU_CHIP_ID,
	       "nova GETPARAM CHIP_ID: %d, %#llx", ret,
	       (unsigned long long)gp.value);
	printf("  chip id %#llx (read through BAR 0)\n",
	       (unsigned long long)gp.value);

	gp = (struct drm_nova_getparam){ .param = 0x77 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(ret == -EINVAL, "nova GETPARAM unknown: %d", ret);

	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(!ret && gc.size == 8192 && gc.handle,
	       "nova GEM_CREATE 4097: %d size %llu", ret,
	       (unsigned long long)gc.size);
	gi.handle = gc.handle;
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(!ret && gi.size == 8192 && gi.offset,
	       "nova GEM_INFO: %d size %llu", ret, (unsigned long long)gi.size);

	map = mmap(NULL, gi.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   gi.offset);
	if (map == MAP_FAILED) {
		fail("nova mmap: %s", strerror(errno));
	} else {
		map[0] = 0xc0ffee;
		map[2047] = 0xbeef;
		EXPECT(map[0] == 0xc0ffee && map[2047] == 0xbeef,
		       "nova mmap readback");
		munmap(map, gi.size);
	}

	gc = (struct drm_nova_gem_create){ .size = 0 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -EINVAL, "nova GEM_CREATE 0: %d", ret);
	gc = (struct drm_nova_gem_create){ .size = 4096, .pad = 1 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -EINVAL, "nova GEM_CREATE pad: %d", ret);
	gc = (struct drm_nova_gem_create){ .size = 1ULL << 62 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -E2BIG, "nova GEM_CREATE huge: %d", ret);

	gi = (struct drm_nova_gem_info){ .handle = 4242 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(ret == -ENOENT, "nova GEM_INFO bad handle: %d", ret);
	gi = (struct drm_nova_gem_info){ .handle = gc.handle, .pad = 1 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(ret == -EINVAL, "nova GEM_INFO pad: %d", ret);

	cl.handle = gi.handle;
	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
	close(fd);
}

/* A GEM object mapped before an unbind, read back after it. */
struct nova_kept {
	uint32_t *map;
	size_t size;
	uint32_t pattern;
	uint64_t bar_size;
};

static void nova_reopen(struct hammer *h)
{
	struct nova_kept *k = h->state;

	if (!k->map)
		return;
	if (k->map[0] != k->pattern || k->map[k->size / 4 - 1] != k->pattern)
		h->wrong++;
	else
		h->maps_read++;
	munmap(k->map, k->size);
	k->map = NULL;
}

static void nova_round(struct hammer *h, int *fd, unsigned long i)
{
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	struct drm_nova_gem_create gc = { .size = 2 * 4096 };
	struct drm_nova_gem_info gi = {};
	struct drm_gem_close cl = {};
	struct nova_kept *k = h->state;
	uint32_t *map;
	int ret;

	if (i % 2) {
		if (!k->bar_size)
			k->bar_size = nova_bar_size();
		ret = xioctl(*fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
		if (!ret && gp.value != k->bar_size)
			h->wrong++;
		hammer_result(h, ret, fd);
		return;
	}

	ret = xioctl(*fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	hammer_result(h, ret, fd);
	if (ret)
		return;
	gi.handle = gc.handle;
	ret = xioctl(*fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	hammer_result(h, ret, fd);
	if (ret)
		return;
	map = mmap(NULL, gi.size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd,
		   gi.offset);
	if (map == MAP_FAILED) {
		hammer_result(h, -errno, fd);
		return;
	}
	map[0] = (uint32_t)i;
	map[gi.size / 4 - 1] = (uint32_t)i;
	if (!k->map) {
		/* Keep it across the next unbind. */
		k->map = map;
		k->size = gi.size;
		k->pattern = (uint32_t)i;
	} else {
		munmap(map, gi.size);
	}
	cl.handle = gc.handle;
	hammer_result(h, xioctl(*fd, DRM_IOCTL_GEM_CLOSE, &cl), fd);
}

static const struct client_unplug nova_unplugs[] = {
	{
		.what = "unbind regdata_nova (auxiliary)",
		.unbind = "/sys/bus/auxiliary/drivers/regdata_nova.drm/unbind",
		.bind = "/sys/bus/auxiliary/drivers/regdata_nova.drm/bind",
		.dir = "/sys/bus/auxiliary/devices",
		.prefix = "regdata_nova_core.drm.",
	},
	{
		.what = "unbind regdata_nova_core (PCI)",
		.unbind = "/sys/bus/pci/drivers/regdata_nova_core/unbind",
		.bind = "/sys/bus/pci/drivers/regdata_nova_core/bind",
		.vendor = REGDATA_EDU_VENDOR,
		.device = REGDATA_EDU_DEVICE,
	},
};

const struct client_driver client_nova = {
	.name		= NOVA_NAME,
	.check		= nova_check,
	.round		= nova_round,
	.reopen		= nova_reopen,
	.state_size	= sizeof(struct nova_kept),
	.maps_kept	= true,
	.pci_vendor	= REGDATA_EDU_VENDOR,
	.pci_device	= REGDATA_EDU_DEVICE,
	.unplugs	= nova_unplugs,
	.nunplugs	= 2,
};
