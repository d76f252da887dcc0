// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_nova: the DRM part of the nova sample, an auxiliary driver.
 */

#include <linux/auxiliary_bus.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_prime.h>
#include <drm/drm_regdata.h>
#include <drm/regdata_nova_drm.h>

#include "nova_core.h"

/**
 * DOC: regdata_nova
 *
 * The nova sample shows registration data on the auxiliary bus, split as
 * nova-core and nova-drm are: regdata_nova_core binds the PCI function, maps
 * BAR 0 and creates an auxiliary device; regdata_nova binds that device and
 * registers a DRM device through drm_registration.
 *
 * Its registration data, &struct nova_data, holds the BAR mapping and size
 * taken from the auxiliary device. They are valid while the auxiliary device
 * is bound, which is exactly the registration's lifetime: unbinding it, or
 * removing the PCI function, unregisters through devres before the core
 * unmaps the BAR. The ioctls never look at the parent device.
 *
 * Ioctls, all render-node allowed and guarded:
 *
 * - GETPARAM: NOVA_GETPARAM_VRAM_BAR_SIZE returns &nova_data.bar_size,
 *   NOVA_GETPARAM_CHIP_ID reads the identification register through
 *   &nova_data.bar; other parameters are -EINVAL.
 * - GEM_CREATE: a shmem-backed GEM object of the size rounded up to pages;
 *   0 or a non-zero pad is -EINVAL, more than &nova_data.gem_size_max is
 *   -E2BIG.
 * - GEM_INFO: size and mmap offset of a handle; an unknown handle is
 *   -ENOENT, a non-zero pad -EINVAL.
 *
 * GEM objects and their mappings belong to the &drm_device and survive the
 * unbind; drm_dev_unplug() zaps userspace mappings, which fault back in from
 * shmem.
 *
 * dma-bufs of other devices are imported through the PCI function, which is
 * what does DMA; the auxiliary device has no DMA mask, and mapping a buffer
 * for it warns. The &drm_device holds a reference to the PCI function's
 * &struct device for that, as it may outlive the binding.
 */

#define DRIVER_NAME	"regdata_nova"
#define DRIVER_DESC	"drm_registration sample: nova on the auxiliary bus"
#define DRIVER_MAJOR	1
#define DRIVER_MINOR	0

/* The identification register at the start of BAR 0. */
#define NOVA_REG_CHIP_ID	0x0

struct nova_device {
	struct drm_device drm;
	/* the PCI function, for DMA; referenced while the drm_device lives */
	struct device *dma_dev;
};

/**
 * struct nova_data - registration data of regdata_nova
 */
struct nova_data {
	/** @reg: the registration */
	struct drm_registration reg;
	/** @bar: BAR 0, mapped by the core while the auxiliary device lives */
	void __iomem *bar;
	/** @bar_size: length of BAR 0 */
	resource_size_t bar_size;
	/** @gem_size_max: largest GEM object GEM_CREATE makes */
	u64 gem_size_max;
};

/* ----------------------------------------------------------------------
 * Ioctls
 */

static int nova_ioctl_getparam(struct drm_device *drm, struct nova_data *nd,
			       void *data, struct drm_file *file)
{
	struct drm_nova_getparam *args = data;

	switch (args->param) {
	case NOVA_GETPARAM_VRAM_BAR_SIZE:
		args->value = nd->bar_size;
		return 0;
	case NOVA_GETPARAM_CHIP_ID:
		args->value = readl(nd->bar + NOVA_REG_CHIP_ID);
		return 0;
	default:
		return -EINVAL;
	}
}

DEFINE_DRM_GUARDED_IOCTL(nova_ioctl_getparam, struct nova_data, reg);

static int nova_ioctl_gem_create(struct drm_device *drm, struct nova_data *nd,
				 void *data, struct drm_file *file)
{
	struct drm_nova_gem_create *args = data;
	struct drm_gem_shmem_object *shmem;
	u64 size;
	int ret;

	if (args->pad || !args->size)
		return -EINVAL;
	if (args->size > nd->gem_size_max)
		return -E2BIG;
	size = PAGE_ALIGN(args->size);

	shmem = drm_gem_shmem_create(drm, size);
	if (IS_ERR(shmem))
		return PTR_ERR(shmem);

	ret = drm_gem_handle_create(file, &shmem->base, &args->handle);
	/* The handle holds the object now, or nothing does. */
	drm_gem_object_put(&shmem->base);
	if (ret)
		return ret;

	args->size = size;
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL(nova_ioctl_gem_create, struct nova_data, reg);

static int nova_ioctl_gem_info(struct drm_device *drm, struct nova_data *nd,
			       void *data, struct drm_file *file)
{
	struct drm_nova_gem_info *args = data;
	struct drm_gem_object *obj;
	int ret;

	if (args->pad)
		return -EINVAL;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;

	ret = drm_gem_create_mmap_offset(obj);
	if (!ret) {
		args->size = obj->size;
		args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	}
	drm_gem_object_put(obj);
	return ret;
}

DEFINE_DRM_GUARDED_IOCTL(nova_ioctl_gem_info, struct nova_data, reg);

/* ----------------------------------------------------------------------
 * DRM driver
 */

static struct drm_gem_object *nova_gem_prime_import(struct drm_device *drm,
						    struct dma_buf *dma_buf)
{
	struct nova_device *nova = container_of(drm, struct nova_device, drm);

	return drm_gem_prime_import_dev(drm, dma_buf, nova->dma_dev);
}

DEFINE_DRM_GEM_FOPS(nova_fops);

static const struct drm_ioctl_desc nova_ioctls[] = {
	DRM_IOCTL_DEF_DRV_GUARDED(NOVA_GETPARAM, nova_ioctl_getparam,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(NOVA_GEM_CREATE, nova_ioctl_gem_create,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(NOVA_GEM_INFO, nova_ioctl_gem_info,
				  DRM_RENDER_ALLOW),
};

static const struct drm_driver nova_drm_driver = {
	.driver_features	= DRIVER_GEM | DRIVER_RENDER,
	.ioctls			= nova_ioctls,
	.num_ioctls		= ARRAY_SIZE(nova_ioctls),
	.fops			= &nova_fops,
	DRM_GEM_SHMEM_DRIVER_OPS,
	.gem_prime_import	= nova_gem_prime_import,
	.name			= DRIVER_NAME,
	.desc			= DRIVER_DESC,
	.major			= DRIVER_MAJOR,
	.minor			= DRIVER_MINOR,
};

/* ----------------------------------------------------------------------
 * Auxiliary driver
 */

static void nova_put_dma_dev(struct drm_device *drm, void *dev)
{
	put_device(dev);
}

static int nova_probe(struct auxiliary_device *adev,
		      const struct auxiliary_device_id *id)
{
	struct nova_device *nova;
	struct nova_data *nd;
	int ret;

	nova = devm_drm_dev_alloc(&adev->dev, &nova_drm_driver,
				  struct nova_device, drm);
	if (IS_ERR(nova))
		return PTR_ERR(nova);
	nova->dma_dev = get_device(adev->dev.parent);
	ret = drmm_add_action_or_reset(&nova->drm, nova_put_dma_dev,
				       nova->dma_dev);
	if (ret)
		return ret;

	nd = drm_registration_alloc(struct nova_data, reg, NULL);
	if (IS_ERR(nd))
		return PTR_ERR(nd);
	nd->bar = nova_core_bar(adev, &nd->bar_size);
	nd->gem_size_max = (u64)totalram_pages() << PAGE_SHIFT;
	auxiliary_set_drvdata(adev, &nova->drm);

	return devm_drm_registration_register(&adev->dev, &nd->reg,
					      &nova->drm, 0);
}

static const struct auxiliary_device_id nova_id_table[] = {
	{ .name = "regdata_nova_core." NOVA_CORE_AUX_NAME },
	{}
};
MODULE_DEVICE_TABLE(auxiliary, nova_id_table);

static struct auxiliary_driver nova_driver = {
	.name		= "drm",
	.probe		= nova_probe,
	.id_table	= nova_id_table,
};
module_auxiliary_driver(nova_driver);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL");
