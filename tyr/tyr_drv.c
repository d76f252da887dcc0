// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_tyr: the tyr sample, a platform driver with MMIO.
 */

#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>
#include <drm/drm_regdata.h>
#include <drm/regdata_tyr_drm.h>

#include "tyr_regs.h"

/**
 * DOC: regdata_tyr
 *
 * The tyr sample shows registration data on the platform bus with real
 * register access, in the probe shape of tyr and panthor: map the MMIO
 * region, soft-reset the GPU (write GPU_CMD, wait for RESET_COMPLETED in
 * GPU_INT_RAWSTAT, with a timeout), read the identification registers.
 *
 * Its registration data, &struct tyr_data, holds the devres-managed MMIO
 * mapping. DEV_QUERY reads the GPU registers through it, inside the guard,
 * so it never touches a mapping that unbind has released: unbinding
 * unregisters (devres, in reverse order) before the mapping goes.
 *
 * DEV_QUERY follows panthor's size/pointer protocol: with a zero pointer it
 * returns the size of &struct drm_tyr_gpu_info; a smaller buffer, or an
 * unknown type, is -EINVAL. It reads the registers inside the guard and
 * copies them to the user's buffer after leaving it
 * (DEFINE_DRM_GUARDED_IOCTL_COPY()), so a slow page fault on that buffer
 * never holds up an unplug.
 *
 * Like panthor, tyr is a GEM driver: buffers shared with it through PRIME
 * are shmem-backed GEM objects.
 *
 * On real hardware the registers are the GPU's. In the tests they are
 * emulated outside the driver: a logic_iomem region on UML, a PCI BAR in the
 * QEMU VM; the driver's code is the same.
 */

#define DRIVER_NAME	"regdata_tyr"
#define DRIVER_DESC	"drm_registration sample: tyr on the platform bus"
#define DRIVER_MAJOR	1
#define DRIVER_MINOR	0

/* Panthor waits this long for a soft reset. */
#define TYR_RESET_TIMEOUT_US	100000

struct tyr_device {
	struct drm_device drm;
};

/**
 * struct tyr_data - registration data of regdata_tyr
 */
struct tyr_data {
	/** @reg: the registration */
	struct drm_registration reg;
	/** @mmio: the GPU registers, devres-mapped on the platform device */
	void __iomem *mmio;
};

/* ----------------------------------------------------------------------
 * Hardware
 */

static int tyr_soft_reset(struct drm_device *drm, void __iomem *mmio)
{
	u32 status;
	int ret;

	writel(TYR_GPU_IRQ_RESET_COMPLETED, mmio + TYR_GPU_INT_CLEAR);
	writel(TYR_GPU_SOFT_RESET, mmio + TYR_GPU_CMD);
	ret = readl_poll_timeout(mmio + TYR_GPU_INT_RAWSTAT, status,
				 status & TYR_GPU_IRQ_RESET_COMPLETED,
				 100, TYR_RESET_TIMEOUT_US);
	if (ret) {
		drm_err(drm, "GPU soft reset timed out\n");
		return ret;
	}
	writel(TYR_GPU_IRQ_RESET_COMPLETED, mmio + TYR_GPU_INT_CLEAR);
	return 0;
}

static u64 tyr_read64(void __iomem *mmio, u32 lo)
{
	return readl(mmio + lo) | (u64)readl(mmio + lo + 4) << 32;
}

static void tyr_read_gpu_info(void __iomem *mmio, struct drm_tyr_gpu_info *info)
{
	info->gpu_id = readl(mmio + TYR_GPU_ID);
	info->csf_id = readl(mmio + TYR_GPU_CSF_ID);
	info->l2_features = readl(mmio + TYR_GPU_L2_FEATURES);
	info->core_features = readl(mmio + TYR_GPU_CORE_FEATURES);
	info->tiler_features = readl(mmio + TYR_GPU_TILER_FEATURES);
	info->mem_features = readl(mmio + TYR_GPU_MEM_FEATURES);
	info->mmu_features = readl(mmio + TYR_GPU_MMU_FEATURES);
	info->as_present = readl(mmio + TYR_GPU_AS_PRESENT);
	info->thread_max_threads = readl(mmio + TYR_GPU_THREAD_MAX_THREADS);
	info->thread_features = readl(mmio + TYR_GPU_THREAD_FEATURES);
	info->shader_present = tyr_read64(mmio, TYR_GPU_SHADER_PRESENT_LO);
	info->tiler_present = tyr_read64(mmio, TYR_GPU_TILER_PRESENT_LO);
	info->l2_present = tyr_read64(mmio, TYR_GPU_L2_PRESENT_LO);
}

/* ----------------------------------------------------------------------
 * Ioctls
 */

static int tyr_ioctl_dev_query(struct drm_device *drm, struct tyr_data *td,
			       void *data, struct drm_file *file,
			       struct drm_tyr_gpu_info *info,
			       struct drm_guarded_copy *copy)
{
	struct drm_tyr_dev_query *args = data;

	if (args->type != DRM_TYR_DEV_QUERY_GPU_INFO)
		return -EINVAL;

	if (!args->pointer) {
		args->size = sizeof(*info);
		return 0;
	}
	if (args->size < sizeof(*info))
		return -EINVAL;

	tyr_read_gpu_info(td->mmio, info);
	copy->to = u64_to_user_ptr(args->pointer);
	copy->len = sizeof(*info);
	args->size = sizeof(*info);
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL_COPY(tyr_ioctl_dev_query, struct tyr_data, reg,
			      struct drm_tyr_gpu_info);

/* ----------------------------------------------------------------------
 * DRM driver
 */

DEFINE_DRM_GEM_FOPS(tyr_fops);

static const struct drm_ioctl_desc tyr_ioctls[] = {
	DRM_IOCTL_DEF_DRV_GUARDED(TYR_DEV_QUERY, tyr_ioctl_dev_query,
				  DRM_RENDER_ALLOW),
};

static const struct drm_driver tyr_drm_driver = {
	.driver_features	= DRIVER_GEM | DRIVER_RENDER,
	.ioctls			= tyr_ioctls,
	.num_ioctls		= ARRAY_SIZE(tyr_ioctls),
	.fops			= &tyr_fops,
	DRM_GEM_SHMEM_DRIVER_OPS,
	.name			= DRIVER_NAME,
	.desc			= DRIVER_DESC,
	.major			= DRIVER_MAJOR,
	.minor			= DRIVER_MINOR,
};

/* ----------------------------------------------------------------------
 * Platform driver
 */

static int tyr_probe(struct platform_device *pdev)
{
	struct tyr_device *tyr;
	struct tyr_data *td;
	struct resource *res;
	u32 gpu_id;
	int ret;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res || resource_size(res) < TYR_MMIO_SIZE) {
		dev_err(&pdev->dev, "register window %pR is smaller than %#x\n",
			res, TYR_MMIO_SIZE);
		return -EINVAL;
	}

	tyr = devm_drm_dev_alloc(&pdev->dev, &tyr_drm_driver,
				 struct tyr_device, drm);
	if (IS_ERR(tyr))
		return PTR_ERR(tyr);

	td = drm_registration_alloc(struct tyr_data, reg, NULL);
	if (IS_ERR(td))
		return PTR_ERR(td);

	td->mmio = devm_ioremap_resource(&pdev->dev, res);
	if (IS_ERR(td->mmio)) {
		ret = PTR_ERR(td->mmio);
		goto out_free;
	}

	ret = tyr_soft_reset(&tyr->drm, td->mmio);
	if (ret)
		goto out_free;

	gpu_id = readl(td->mmio + TYR_GPU_ID);
	if (!gpu_id) {
		drm_err(&tyr->drm, "no GPU: GPU_ID reads 0\n");
		ret = -ENODEV;
		goto out_free;
	}
	drm_info(&tyr->drm, "GPU_ID %#x, shader cores %#llx\n", gpu_id,
		 tyr_read64(td->mmio, TYR_GPU_SHADER_PRESENT_LO));
	platform_set_drvdata(pdev, &tyr->drm);

	return devm_drm_registration_register(&pdev->dev, &td->reg, &tyr->drm,
					      0);

out_free:
	drm_registration_free(&td->reg);
	return ret;
}

static struct platform_driver tyr_platform_driver = {
	.driver = {
		.name	= "regdata-tyr",
	},
	.probe		= tyr_probe,
};
module_platform_driver(tyr_platform_driver);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL");
