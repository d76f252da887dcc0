// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_bench: the bench devices, a DRM device with one trivial ioctl
 * registered three ways (guarded, open-coded drm_dev_enter(), unguarded),
 * each in many copies, for userspace round trips; with an unplug domain
 * of its own or in the shared one.
 */

#include "bench.h"

/* ----------------------------------------------------------------------
 * The DRM device with the trivial ioctl, three ways, in copies
 *
 * Under TCG where a function lands decides part of what calling it costs
 * (QEMU finds the code after an indirect call or a return through a
 * direct-mapped cache indexed by address), and that is fixed by the build:
 * one copy of each kind gave a guarded / open-coded round trip ratio of
 * 0.81 to 1.03 on one kernel and 0.96 to 1.15 on the other. So each kind is
 * registered DRM_REGDATA_BENCH_COPIES times, each copy its own function at
 * an address of its own (it returns its number, so the compiler cannot
 * fold the copies into one), and the client takes the median over them.
 */

static __always_inline int bench_nop(struct drm_device *drm, void *data,
				     u32 copy)
{
	struct bench_device *bdev = container_of(drm, struct bench_device, drm);
	struct drm_regdata_bench_nop *args = data;

	args->count = atomic64_inc_return(&bdev->count);
	args->copy = copy;
	return 0;
}

/* Copy @c of the trivial ioctl, all three kinds. */
#define BENCH_NOP_COPY(c)						\
static const u32 bench_nop_copy_##c = c;				\
static int bench_nop_bare_##c(struct drm_device *drm, void *data,	\
			      struct drm_file *file)			\
{									\
	return bench_nop(drm, data, bench_nop_copy_##c);		\
}									\
static int bench_nop_open_##c(struct drm_device *drm, void *data,	\
			      struct drm_file *file)			\
{									\
	int idx, ret;							\
									\
	if (!drm_dev_enter(drm, &idx))					\
		return -ENODEV;						\
	ret = bench_nop(drm, data, bench_nop_copy_##c);			\
	drm_dev_exit(idx);					\
	return ret;							\
}									\
static int bench_nop_guarded_##c(struct drm_device *drm,		\
				 struct bench_data *bd, void *data,	\
				 struct drm_file *file)			\
{									\
	return bench_nop(drm, data, bench_nop_copy_##c);		\
}									\
DEFINE_DRM_GUARDED_IOCTL(bench_nop_guarded_##c, struct bench_data, reg)

BENCH_NOP_COPY(0);
BENCH_NOP_COPY(1);
BENCH_NOP_COPY(2);
BENCH_NOP_COPY(3);
BENCH_NOP_COPY(4);
BENCH_NOP_COPY(5);
BENCH_NOP_COPY(6);
BENCH_NOP_COPY(7);
BENCH_NOP_COPY(8);
BENCH_NOP_COPY(9);
BENCH_NOP_COPY(10);
BENCH_NOP_COPY(11);
BENCH_NOP_COPY(12);
BENCH_NOP_COPY(13);
BENCH_NOP_COPY(14);
BENCH_NOP_COPY(15);
BENCH_NOP_COPY(16);
BENCH_NOP_COPY(17);
BENCH_NOP_COPY(18);
BENCH_NOP_COPY(19);
BENCH_NOP_COPY(20);
BENCH_NOP_COPY(21);
BENCH_NOP_COPY(22);
BENCH_NOP_COPY(23);
BENCH_NOP_COPY(24);
BENCH_NOP_COPY(25);
BENCH_NOP_COPY(26);
BENCH_NOP_COPY(27);
BENCH_NOP_COPY(28);
BENCH_NOP_COPY(29);
BENCH_NOP_COPY(30);
BENCH_NOP_COPY(31);

#define BENCH_NOP_GUARDED(c)						\
	DRM_IOCTL_DEF_DRV_GUARDED(					\
		REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_GUARDED, c),	\
		bench_nop_guarded_##c, DRM_RENDER_ALLOW)
#define BENCH_NOP_OPEN(c)						\
	DRM_IOCTL_DEF_DRV(REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_OPEN, c), \
			  bench_nop_open_##c, DRM_RENDER_ALLOW)
#define BENCH_NOP_BARE(c)						\
	DRM_IOCTL_DEF_DRV(REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_BARE, c), \
			  bench_nop_bare_##c, DRM_RENDER_ALLOW)

static const struct drm_ioctl_desc bench_ioctls[] = {
	BENCH_NOP_GUARDED(0), BENCH_NOP_GUARDED(1), BENCH_NOP_GUARDED(2),
	BENCH_NOP_GUARDED(3), BENCH_NOP_GUARDED(4), BENCH_NOP_GUARDED(5),
	BENCH_NOP_GUARDED(6), BENCH_NOP_GUARDED(7), BENCH_NOP_GUARDED(8),
	BENCH_NOP_GUARDED(9), BENCH_NOP_GUARDED(10), BENCH_NOP_GUARDED(11),
	BENCH_NOP_GUARDED(12), BENCH_NOP_GUARDED(13), BENCH_NOP_GUARDED(14),
	BENCH_NOP_GUARDED(15), BENCH_NOP_GUARDED(16), BENCH_NOP_GUARDED(17),
	BENCH_NOP_GUARDED(18), BENCH_NOP_GUARDED(19), BENCH_NOP_GUARDED(20),
	BENCH_NOP_GUARDED(21), BENCH_NOP_GUARDED(22), BENCH_NOP_GUARDED(23),
	BENCH_NOP_GUARDED(24), BENCH_NOP_GUARDED(25), BENCH_NOP_GUARDED(26),
	BENCH_NOP_GUARDED(27), BENCH_NOP_GUARDED(28), BENCH_NOP_GUARDED(29),
	BENCH_NOP_GUARDED(30), BENCH_NOP_GUARDED(31),
	BENCH_NOP_OPEN(0), BENCH_NOP_OPEN(1), BENCH_NOP_OPEN(2),
	BENCH_NOP_OPEN(3), BENCH_NOP_OPEN(4), BENCH_NOP_OPEN(5),
	BENCH_NOP_OPEN(6), BENCH_NOP_OPEN(7), BENCH_NOP_OPEN(8),
	BENCH_NOP_OPEN(9), BENCH_NOP_OPEN(10), BENCH_NOP_OPEN(11),
	BENCH_NOP_OPEN(12), BENCH_NOP_OPEN(13), BENCH_NOP_OPEN(14),
	BENCH_NOP_OPEN(15), BENCH_NOP_OPEN(16), BENCH_NOP_OPEN(17),
	BENCH_NOP_OPEN(18), BENCH_NOP_OPEN(19), BENCH_NOP_OPEN(20),
	BENCH_NOP_OPEN(21), BENCH_NOP_OPEN(22), BENCH_NOP_OPEN(23),
	BENCH_NOP_OPEN(24), BENCH_NOP_OPEN(25), BENCH_NOP_OPEN(26),
	BENCH_NOP_OPEN(27), BENCH_NOP_OPEN(28), BENCH_NOP_OPEN(29),
	BENCH_NOP_OPEN(30), BENCH_NOP_OPEN(31),
	BENCH_NOP_BARE(0), BENCH_NOP_BARE(1), BENCH_NOP_BARE(2),
	BENCH_NOP_BARE(3), BENCH_NOP_BARE(4), BENCH_NOP_BARE(5),
	BENCH_NOP_BARE(6), BENCH_NOP_BARE(7), BENCH_NOP_BARE(8),
	BENCH_NOP_BARE(9), BENCH_NOP_BARE(10), BENCH_NOP_BARE(11),
	BENCH_NOP_BARE(12), BENCH_NOP_BARE(13), BENCH_NOP_BARE(14),
	BENCH_NOP_BARE(15), BENCH_NOP_BARE(16), BENCH_NOP_BARE(17),
	BENCH_NOP_BARE(18), BENCH_NOP_BARE(19), BENCH_NOP_BARE(20),
	BENCH_NOP_BARE(21), BENCH_NOP_BARE(22), BENCH_NOP_BARE(23),
	BENCH_NOP_BARE(24), BENCH_NOP_BARE(25), BENCH_NOP_BARE(26),
	BENCH_NOP_BARE(27), BENCH_NOP_BARE(28), BENCH_NOP_BARE(29),
	BENCH_NOP_BARE(30), BENCH_NOP_BARE(31),
};

static_assert(ARRAY_SIZE(bench_ioctls) == 3 * DRM_REGDATA_BENCH_COPIES);
static_assert(DRM_REGDATA_BENCH_COPIES == DRM_REGDATA_BENCH_NOP_OPEN);
static_assert(2 * DRM_REGDATA_BENCH_COPIES == DRM_REGDATA_BENCH_NOP_BARE);

DEFINE_DRM_GEM_FOPS(bench_fops);

/*
 * Two drivers: bench devices with unplug domains of their own, and bench
 * devices in the domain every device shares, as in 6.12.
 */
#define BENCH_DRIVER(_features)						\
	{								\
		.driver_features	= DRIVER_GEM | DRIVER_RENDER | (_features), \
		.ioctls			= bench_ioctls,			\
		.num_ioctls		= ARRAY_SIZE(bench_ioctls),	\
		.fops			= &bench_fops,			\
		DRM_GEM_SHMEM_DRIVER_OPS,				\
		.name			= "regdata_bench",		\
		.desc			= "drm_registration benchmarks", \
		.major			= 1,				\
	}

static const struct drm_driver bench_drivers[] = {
	BENCH_DRIVER(DRIVER_UNPLUG_DOMAIN),
	BENCH_DRIVER(0),
};

static const struct platform_device_id bench_ids[] = {
	{ "regdata-bench", 0 },
	{ "regdata-bench-shared", 1 },
	{}
};

static int bench_probe(struct platform_device *pdev)
{
	struct bench_device *bdev;
	struct bench_data *bd;

	bdev = devm_drm_dev_alloc(&pdev->dev,
				  &bench_drivers[platform_get_device_id(pdev)->driver_data],
				  struct bench_device, drm);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	bd = drm_registration_alloc(struct bench_data, reg, NULL);
	if (IS_ERR(bd))
		return PTR_ERR(bd);
	platform_set_drvdata(pdev, &bdev->drm);
	return devm_drm_registration_register(&pdev->dev, &bd->reg,
					      &bdev->drm, 0);
}

struct platform_driver bench_platform_driver = {
	.driver = {
		.name	= "regdata-bench",
	},
	.probe		= bench_probe,
	.id_table	= bench_ids,
};

/*
 * A bound bench device, in the shared unplug domain or with one of its own;
 * platform_device_unregister() it when done.
 */
struct platform_device *bench_device_new(int id, bool shared,
					 struct drm_device **drm)
{
	struct platform_device *pdev;

	pdev = platform_device_register_simple(bench_ids[shared].name, id,
					       NULL, 0);
	if (IS_ERR(pdev))
		return pdev;
	*drm = platform_get_drvdata(pdev);
	if (!*drm) {
		platform_device_unregister(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

/*
 * @n bound bench devices, ids @id onwards, into @pdev and @drm; 0, or a
 * negative errno with none of them left.
 */
int bench_devices_new(int id, int n, bool shared,
		      struct platform_device **pdev, struct drm_device **drm)
{
	int i;

	for (i = 0; i < n; i++) {
		pdev[i] = bench_device_new(id + i, shared, &drm[i]);
		if (IS_ERR(pdev[i])) {
			int ret = PTR_ERR(pdev[i]);

			while (i--)
				platform_device_unregister(pdev[i]);
			return ret;
		}
	}
	return 0;
}

void bench_devices_free(struct platform_device **pdev, int n)
{
	while (n--)
		platform_device_unregister(pdev[n]);
}
