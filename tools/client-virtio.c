// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: virtio-gpu (QEMU's virtio-gpu-pci, 2D: PCI 1af4:1050),
 * converted to the framework. The checks set a mode on its card node and
 * run its render node's 2D ioctls with good and bad input; the stress
 * threads create resources, map, fill and transfer them to the host and
 * wait for them, across every unbind of the virtio device and removal of
 * the PCI function.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xf86drm.h>
#include <virtgpu_drm.h>

#include <regdata/regdata_devices.h>

#include "client.h"

#define VIRTIO_NAME	"virtio_gpu"
/* PIPE_TEXTURE_2D and VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, what 2D takes */
#define VIRTIO_TARGET_2D	2
#define VIRTIO_FORMAT_XRGB	2
#define VIRTIO_RES_W		64
#define VIRTIO_RES_H		64
#define VIRTIO_RES_SIZE		(VIRTIO_RES_W * VIRTIO_RES_H * 4)

/* A 2D resource; 0 or -errno. */
static int virtio_create(int fd, uint32_t target, uint32_t *handle,
			 uint32_t *res)
{
	struct drm_virtgpu_resource_create rc = {
		.target = target, .format = VIRTIO_FORMAT_XRGB,
		.width = VIRTIO_RES_W, .height = VIRTIO_RES_H, .depth = 1,
		.array_size = 1, .size = VIRTIO_RES_SIZE,
	};
	int ret = xioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &rc);

	*handle = ret ? 0 : rc.bo_handle;
	if (res)
		*res = ret ? 0 : rc.res_handle;
	return ret;
}

static void virtio_close(int fd, uint32_t handle)
{
	struct drm_gem_close gc = { .handle = handle };

	if (handle)
		xioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc);
}

static int virtio_to_host(int fd, uint32_t handle)
{
	struct drm_virtgpu_3d_transfer_to_host t = {
		.bo_handle = handle,
		.box = { .w = VIRTIO_RES_W, .h = VIRTIO_RES_H, .d = 1 },
	};

	return xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
}

/* Map @handle and fill it with @pattern; 0 or -errno. */
static int virtio_fill(int fd, uint32_t handle, uint32_t pattern)
{
	struct drm_virtgpu_map map = { .handle = handle };
	uint32_t *p;
	int ret, i;

	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map);
	if (ret)
		return ret;
	p = mmap(NULL, VIRTIO_RES_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 map.offset);
	if (p == MAP_FAILED)
		return -errno;
	for (i = 0; i < VIRTIO_RES_SIZE / 4; i += 256)
		p[i] = pattern;
	ret = p[0] == pattern ? 0 : -EIO;
	munmap(p, VIRTIO_RES_SIZE);
	return ret;
}

static int virtio_param(int fd, uint64_t param, int *value)
{
	struct drm_virtgpu_getparam gp = {
		.param = param, .value = (uintptr_t)value,
	};

	return xioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp);
}

/*
 * The reproducer of a transfer outside the backing, which aborted QEMU: as
 * uid 65534 on the render node, a 256x256 resource with size 0 (one page of
 * backing), a 128x256 box to the host, a wait. The transfer must be refused
 * (-EINVAL); one that fits in the page must not. In a child process; its
 * exit status is the number of wrong answers.
 */
static int virtio_transfer_bounds_child(const char *node)
{
	struct drm_virtgpu_resource_create rc = {
		.target = VIRTIO_TARGET_2D, .format = VIRTIO_FORMAT_XRGB,
		.width = 256, .height = 256, .depth = 1, .array_size = 1,
	};
	struct drm_virtgpu_3d_transfer_to_host t = {
		.box = { .w = 128, .h = 256, .d = 1 },
	};
	struct drm_virtgpu_3d_wait w = {};
	int fd, ret, wrong = 0;

	if (client_become_nobody())
		return 100;
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0 || xioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &rc))
		return 101;
	t.bo_handle = rc.bo_handle;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
	if (ret != -EINVAL) {
		printf("  virtio: TRANSFER_TO_HOST of 128x256 from one page: %d\n", ret);
		wrong++;
	}
	/*
	 * Whole rows from the origin at offset 0, all of them: the device
	 * reads them as one block, as much as the backing holds.
	 */
	t.box.w = 256;
	t.box.h = 256;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
	if (ret) {
		printf("  virtio: TRANSFER_TO_HOST of every whole row from one page: %d\n", ret);
		wrong++;
	}
	/* A row that starts past the backing, at an offset. */
	t.box.h = 1;
	t.offset = 8192;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
	if (ret != -EINVAL) {
		printf("  virtio: TRANSFER_TO_HOST of a row past the backing: %d\n", ret);
		wrong++;
	}
	t.offset = 0;
	/* Outside the resource. */
	t.box.x = 200;
	t.box.w = 100;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
	if (ret != -EINVAL) {
		printf("  virtio: TRANSFER_TO_HOST past the resource's width: %d\n", ret);
		wrong++;
	}
	/* 16x4 from the origin reads 3 rows of 1 KiB and 64 bytes. */
	t.box.x = 0;
	t.box.w = 16;
	t.box.h = 4;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t);
	if (ret) {
		printf("  virtio: TRANSFER_TO_HOST of 16x4 from one page: %d\n", ret);
		wrong++;
	}
	w.handle = rc.bo_handle;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	if (ret) {
		printf("  virtio: WAIT: %d\n", ret);
		wrong++;
	}
	close(fd);
	return wrong;
}

static void virtio_check_transfer_bounds(void)
{
	char link[32], node[64] = "";
	int fd, status = -1;
	pid_t pid;

	fd = open_by_name(VIRTIO_NAME);
	if (fd < 0)
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if (readlink(link, node, sizeof(node) - 1) < 0)
		node[0] = '\0';
	close(fd);
	if (!node[0]) {
		fail("virtio: no path for the render node");
		return;
	}
	client_nodes_open_to_all();

	pid = fork();
	if (!pid)
		_exit(virtio_transfer_bounds_child(node));
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    !WEXITSTATUS(status))
		printf("  %s: transfers outside a resource's backing refused, as uid 65534\n",
		       VIRTIO_NAME);
	else
		fail("virtio: transfers outside the backing, as uid 65534: status %#x",
		     status);
}

static void virtio_check(void)
{
	struct drm_virtgpu_resource_info ri = {};
	struct drm_virtgpu_3d_transfer_from_host tf = {};
	struct drm_virtgpu_3d_wait w = {};
	uint32_t handle, res, bad;
	int fd, ret, value = -1;

	kms_check(VIRTIO_NAME);

	fd = open_by_name(VIRTIO_NAME);
	if (fd < 0) {
		fail("no %s render node", VIRTIO_NAME);
		return;
	}

	ret = virtio_param(fd, VIRTGPU_PARAM_3D_FEATURES, &value);
	EXPECT(!ret && value == 0, "virtio: GETPARAM 3D_FEATURES: %d, %d (a 2D device)",
	       ret, value);
	ret = virtio_param(fd, 0xdead, &value);
	EXPECT(ret == -EINVAL, "virtio: GETPARAM of no parameter: %d", ret);

	ret = virtio_create(fd, VIRTIO_TARGET_2D, &handle, &res);
	if (ret) {
		fail("virtio: RESOURCE_CREATE %ux%u: %s", VIRTIO_RES_W,
		     VIRTIO_RES_H, strerror(-ret));
		close(fd);
		return;
	}
	ri.bo_handle = handle;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &ri);
	EXPECT(!ret && ri.res_handle == res && ri.size == VIRTIO_RES_SIZE,
	       "virtio: RESOURCE_INFO: %d, resource %u (want %u), size %u",
	       ret, ri.res_handle, res, ri.size);
	ret = virtio_fill(fd, handle, 0x00ff8000);
	EXPECT(!ret, "virtio: MAP and fill: %s", strerror(-ret));
	ret = virtio_to_host(fd, handle);
	EXPECT(!ret, "virtio: TRANSFER_TO_HOST: %s", strerror(-ret));
	w.handle = handle;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	EXPECT(!ret, "virtio: WAIT: %s", strerror(-ret));
	printf("  %s: resource %u (%d bytes) created, filled, transferred\n",
	       VIRTIO_NAME, res, VIRTIO_RES_SIZE);

	/* Bad input. */
	tf.bo_handle = handle;
	ret = xioctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST, &tf);
	EXPECT(ret == -ENOSYS, "virtio: TRANSFER_FROM_HOST without 3D: %d", ret);
	ret = virtio_create(fd, VIRTIO_TARGET_2D + 1, &bad, NULL);
	EXPECT(ret == -EINVAL, "virtio: RESOURCE_CREATE of a 3D target: %d", ret);
	virtio_close(fd, bad);
	ret = virtio_to_host(fd, handle + 1000);
	EXPECT(ret == -ENOENT, "virtio: TRANSFER_TO_HOST of no object: %d", ret);

	virtio_close(fd, handle);
	close(fd);

	virtio_check_transfer_bounds();
}

static void virtio_round(struct hammer *h, int *fd, unsigned long i)
{
	uint32_t handle;
	int ret, value;

	if (i % 3 == 0) {
		ret = virtio_param(*fd, VIRTGPU_PARAM_3D_FEATURES, &value);
		if (!ret && value)
			h->wrong++;
		hammer_result(h, ret, fd);
		return;
	}

	ret = virtio_create(*fd, VIRTIO_TARGET_2D, &handle, NULL);
	if (!ret && i % 3 == 2) {
		ret = virtio_fill(*fd, handle, (uint32_t)i);
		if (ret == -EIO) {
			h->wrong++;
			ret = 0;
		}
	}
	if (!ret)
		ret = virtio_to_host(*fd, handle);
	if (!ret)
		h->extra++;
	virtio_close(*fd, handle);
	hammer_result(h, ret, fd);
}

static const struct client_unplug virtio_unplugs[] = {
	{
		.what = "unbind virtio_gpu (virtio)",
		.unbind = "/sys/bus/virtio/drivers/virtio_gpu/unbind",
		.bind = "/sys/bus/virtio/drivers/virtio_gpu/bind",
		.dir = "/sys/bus/virtio/devices",
		.prefix = "virtio",
	},
};

const struct client_driver client_virtio = {
	.name		= VIRTIO_NAME,
	.kms		= true,
	.check		= virtio_check,
	.round		= virtio_round,
	.extra		= "transfers to the host",
	.pci_vendor	= REGDATA_VIRTIO_GPU_VENDOR,
	.pci_device	= REGDATA_VIRTIO_GPU_DEVICE,
	.unplugs	= virtio_unplugs,
	.nunplugs	= 1,
};
