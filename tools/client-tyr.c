// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the tyr sample (regdata_tyr on the platform device that
 * regdata_emu makes of QEMU's ivshmem-plain PCI function).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xf86drm.h>

#include <regdata/regdata_devices.h>

#include "client.h"
#include "regdata_tyr_drm.h"

#define TYR_NAME	"regdata_tyr"

static void tyr_check(void)
{
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	unsigned char buf[sizeof(struct drm_tyr_gpu_info) + 16];
	struct drm_tyr_gpu_info info;
	drmVersionPtr v;
	int fd, ret;

	fd = open_by_name(TYR_NAME);
	if (fd < 0) {
		fail("no %s render node", TYR_NAME);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(!ret && q.size == sizeof(info), "tyr DEV_QUERY size: %d %u",
	       ret, q.size);

	/* A larger buffer: the object, and not a byte more, is written. */
	memset(buf, 0xa5, sizeof(buf));
	q.pointer = (uintptr_t)buf;
	q.size = sizeof(buf);
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	memcpy(&info, buf, sizeof(info));
	EXPECT(!ret && info.gpu_id == REGDATA_TYR_GPU_ID && info.shader_present &&
	       q.size == sizeof(info),
	       "tyr DEV_QUERY info: %d gpu_id %#x", ret, info.gpu_id);
	EXPECT(buf[sizeof(info)] == 0xa5 && buf[sizeof(buf) - 1] == 0xa5,
	       "tyr DEV_QUERY wrote past the object");
	printf("  GPU_ID %#x, shader_present %#llx, l2_present %#llx, as_present %#x\n",
	       info.gpu_id, (unsigned long long)info.shader_present,
	       (unsigned long long)info.l2_present, info.as_present);

	q.size = sizeof(info) - 1;
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(ret == -EINVAL, "tyr DEV_QUERY short buffer: %d", ret);
	q = (struct drm_tyr_dev_query){ .type = 99 };
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(ret == -EINVAL, "tyr DEV_QUERY unknown type: %d", ret);
	q = (struct drm_tyr_dev_query){ .type = DRM_TYR_DEV_QUERY_GPU_INFO,
					.size = sizeof(info), .pointer = 8 };
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(ret == -EFAULT, "tyr DEV_QUERY unmapped buffer: %d", ret);
	close(fd);
}

static void tyr_round(struct hammer *h, int *fd, unsigned long i)
{
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	struct drm_tyr_gpu_info info = {};
	int ret;

	(void)i;
	q.size = sizeof(info);
	q.pointer = (uintptr_t)&info;
	ret = xioctl(*fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	if (!ret && info.gpu_id != REGDATA_TYR_GPU_ID)
		h->wrong++;
	hammer_result(h, ret, fd);
}

static const struct client_unplug tyr_unplugs[] = {
	{
		.what = "unbind regdata-tyr (platform)",
		.unbind = "/sys/bus/platform/drivers/regdata-tyr/unbind",
		.bind = "/sys/bus/platform/drivers/regdata-tyr/bind",
		.dir = "/sys/bus/platform/devices",
		.prefix = "regdata-tyr.",
	},
	{
		.what = "unbind regdata_emu_ivshmem (PCI)",
		.unbind = "/sys/bus/pci/drivers/regdata_emu_ivshmem/unbind",
		.bind = "/sys/bus/pci/drivers/regdata_emu_ivshmem/bind",
		.vendor = REGDATA_IVSHMEM_VENDOR,
		.device = REGDATA_IVSHMEM_DEVICE,
	},
};

const struct client_driver client_tyr = {
	.name		= TYR_NAME,
	.check		= tyr_check,
	.round		= tyr_round,
	.pci_vendor	= REGDATA_IVSHMEM_VENDOR,
	.pci_device	= REGDATA_IVSHMEM_DEVICE,
	.unplugs	= tyr_unplugs,
	.nunplugs	= 2,
};
