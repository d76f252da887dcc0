// SPDX-License-Identifier: GPL-2.0
/* Fixture for drm_unbind_guard.cocci and drm_guarded_ioctl.cocci. */

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_ioctl.h>

struct foo_device {
	struct drm_device drm;
	void __iomem *mmio;
};

struct drm_foo_arg {
	u32 value;
};

/* Open-coded guard: reported, and converted by the patch mode. */
static int foo_read_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct foo_device *foo = container_of(drm, struct foo_device, drm);
	struct drm_foo_arg *arg = data;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	arg->value = readl(foo->mmio);

	drm_dev_exit(idx);
	return 0;
}

/* MMIO without any guard: reported. */
static int foo_write_ioctl(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct foo_device *foo = container_of(drm, struct foo_device, drm);
	struct drm_foo_arg *arg = data;

	writel(arg->value, foo->mmio);
	return 0;
}

/* Neither: not reported. */
static int foo_version_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct drm_foo_arg *arg = data;

	arg->value = 1;
	return 0;
}

/* Open-coded, but not an ioctl: not reported. */
static void foo_hw_fini(struct drm_device *drm)
{
	struct foo_device *foo = container_of(drm, struct foo_device, drm);
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return;
	writel(0, foo->mmio);
	drm_dev_exit(idx);
}

static const struct drm_ioctl_desc foo_ioctls[] = {
	DRM_IOCTL_DEF_DRV(FOO_READ, foo_read_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(FOO_WRITE, foo_write_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(FOO_VERSION, foo_version_ioctl, DRM_RENDER_ALLOW),
};
