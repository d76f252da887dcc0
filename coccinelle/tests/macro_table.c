// SPDX-License-Identifier: GPL-2.0
/*
 * Fixture for drm_guarded_ioctl.cocci: a table built with a driver macro
 * that pastes the handler's name together, as pvr and panthor do, and a
 * handler that answers -EIO to an unplugged device.
 */

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_ioctl.h>

struct bar_device {
	struct drm_device drm;
	void __iomem *mmio;
};

struct drm_bar_arg {
	u32 value;
};

/* -EIO on an unplugged device: converted. */
static int bar_ioctl_read(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct bar_device *bar = container_of(drm, struct bar_device, drm);
	struct drm_bar_arg *arg = data;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -EIO;
	arg->value = readl(bar->mmio);
	drm_dev_exit(idx);

	return 0;
}

/* -EBUSY on an unplugged device: another meaning, left alone. */
static int bar_ioctl_write(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct bar_device *bar = container_of(drm, struct bar_device, drm);
	struct drm_bar_arg *arg = data;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -EBUSY;
	writel(arg->value, bar->mmio);
	drm_dev_exit(idx);

	return 0;
}

/* Not in the table: left alone. */
static int bar_ioctl_unused(struct drm_device *drm, void *data,
			    struct drm_file *file)
{
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	drm_dev_exit(idx);

	return 0;
}

#define BAR_IOCTL(n, func, flags) \
	DRM_IOCTL_DEF_DRV(BAR_##n, bar_ioctl_##func, flags)

static const struct drm_ioctl_desc bar_ioctls[] = {
	BAR_IOCTL(READ, read, DRM_RENDER_ALLOW),
	BAR_IOCTL(WRITE, write, DRM_RENDER_ALLOW),
};
