// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the nova and tyr samples. Their registers are emulated in
 * MMIO windows (emu/: logic_iomem on UML, an ivshmem-plain BAR under QEMU
 * on x86_64 with two CPUs), so the drivers run unchanged: the tests create
 * the devices they bind (an auxiliary device as regdata_nova_core would, a
 * platform device as the board would) and issue every ioctl through the
 * real drm_ioctl() on files from mock_drm_getfile(). Where the window is
 * memory, the model sees only writes: reads are counted on UML only.
 */

#include <linux/auxiliary_bus.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mman.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/regdata_nova_drm.h>
#include <drm/regdata_tyr_drm.h>

#include <kunit/device.h>
#include <kunit/test.h>

#include <regdata/regdata_devices.h>

#include "emu_mmio.h"
#include "nova_core.h"
#include "tyr_emu.h"

#define SAMPLE_USER_SIZE	(4 * PAGE_SIZE)

/* What the tests put behind the emulated nova BAR. */
#define NOVA_TEST_BAR_SIZE	(256ULL << 20)
#define NOVA_TEST_WINDOW	0
#define TYR_TEST_WINDOW		1

struct sample_test {
	struct kunit *test;
	struct drm_device *drm;
	struct file *file;
	void __user *user;
	/* nova */
	struct device *parent;
	struct nova_core_aux *core;
	atomic_t bar_reads;
	struct resource bar_res;
	/* tyr */
	struct tyr_emu emu;
	struct platform_device *pdev;
};

/* An ioctl through drm_ioctl(), with its argument in user memory. */
static long sample_ioctl(struct sample_test *t, unsigned int cmd, void *arg,
			 size_t size)
{
	long ret;

	if (copy_to_user(t->user, arg, size))
		return -EFAULT;
	ret = drm_ioctl(t->file, cmd, (unsigned long)t->user);
	if (copy_from_user(arg, t->user, size))
		return -EFAULT;
	return ret;
}

/* Open the render node of the bound device. */
static void sample_open(struct kunit *test, struct sample_test *t)
{
	unsigned long user;

	user = kunit_vm_mmap(test, NULL, 0, SAMPLE_USER_SIZE,
			     PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, user, 0);
	t->user = (void __user *)user;

	/* The file holds the drm_device: the tests unbind with it open. */
	KUNIT_ASSERT_NOT_NULL(test, t->drm);
	t->file = mock_drm_getfile(t->drm->render, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->file);
}

static void sample_close(struct sample_test *t)
{
	if (t->file)
		__fput_sync(t->file);
	t->file = NULL;
	t->drm = NULL;
}

/* ----------------------------------------------------------------------
 * nova
 */

static u32 nova_test_bar_read(void *priv, unsigned int offset)
{
	struct sample_test *t = priv;

	atomic_inc(&t->bar_reads);
	return offset == 0 ? REGDATA_EDU_CHIP_ID : 0;
}

static void nova_test_bar_write(void *priv, unsigned int offset, u32 val)
{
}

static const struct regdata_emu_window_ops nova_test_bar_ops = {
	.read	= nova_test_bar_read,
	.write	= nova_test_bar_write,
};

static void nova_test_aux_release(struct device *dev)
{
	kfree(to_nova_core_aux(to_auxiliary_dev(dev)));
}

/* Create the auxiliary device as regdata_nova_core does for a PCI function. */
static int nova_test_add_core(struct kunit *test, struct sample_test *t)
{
	struct nova_core_aux *core;
	int ret;

	core = kzalloc(sizeof(*core), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, core);
	core->bar = ioremap(t->bar_res.start, resource_size(&t->bar_res));
	KUNIT_ASSERT_TRUE(test, core->bar);
	core->bar_size = NOVA_TEST_BAR_SIZE;
	core->adev.name = NOVA_CORE_AUX_NAME;
	core->adev.dev.parent = t->parent;
	core->adev.dev.release = nova_test_aux_release;

	ret = auxiliary_device_init(&core->adev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = __auxiliary_device_add(&core->adev, "regdata_nova_core");
	if (ret) {
		auxiliary_device_uninit(&core->adev);
		return ret;
	}
	t->core = core;
	t->drm = auxiliary_get_drvdata(&core->adev);
	return 0;
}

/* Remove it as regdata_nova_core does on unbind: device, then BAR. */
static void nova_test_remove_core(struct sample_test *t)
{
	void __iomem *bar;

	if (!t->core)
		return;
	bar = t->core->bar;
	auxiliary_device_delete(&t->core->adev);
	auxiliary_device_uninit(&t->core->adev);
	t->core = NULL;
	iounmap(bar);
}

static int nova_test_init(struct kunit *test)
{
	struct sample_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->test = test;

	t->parent = kunit_device_register(test, "regdata-nova-test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->parent);
	KUNIT_ASSERT_EQ(test, regdata_emu_mmio_attach(NOVA_TEST_WINDOW,
						      &nova_test_bar_ops, t,
						      &t->bar_res), 0);
	KUNIT_ASSERT_EQ(test, nova_test_add_core(test, t), 0);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t->drm, "regdata_nova did not bind");
	sample_open(test, t);
	return 0;
}

static void nova_test_exit(struct kunit *test)
{
	struct sample_test *t = test->priv;

	nova_test_remove_core(t);
	sample_close(t);
	regdata_emu_mmio_detach(NOVA_TEST_WINDOW);
}

/*
 * The test verifies that regdata_nova binds the auxiliary device and
 * registers a DRM device with render node under its name.
 */
static void drm_test_nova_probe(struct kunit *test)
{
	struct sample_test *t = test->priv;

	KUNIT_EXPECT_TRUE(test, t->drm->registered);
	KUNIT_EXPECT_STREQ(test, t->drm->driver->name, "regdata_nova");
	KUNIT_EXPECT_NOT_NULL(test, t->drm->render);
	KUNIT_EXPECT_PTR_EQ(test, t->drm->dev, &t->core->adev.dev);
}

/*
 * The test verifies GETPARAM: the VRAM BAR size from the registration data,
 * the chip id read through the BAR mapping, -EINVAL for an unknown param.
 */
static void drm_test_nova_getparam(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	int reads;

	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), 0);
	KUNIT_EXPECT_EQ(test, gp.value, NOVA_TEST_BAR_SIZE);

	reads = atomic_read(&t->bar_reads);
	gp = (struct drm_nova_getparam){ .param = NOVA_GETPARAM_CHIP_ID };
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), 0);
	KUNIT_EXPECT_EQ(test, gp.value, REGDATA_EDU_CHIP_ID);
	if (regdata_emu_mmio_sees_reads())
		KUNIT_EXPECT_EQ(test, atomic_read(&t->bar_reads), reads + 1);

	gp = (struct drm_nova_getparam){ .param = 0x99, .value = 7 };
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), -EINVAL);
}

/*
 * The test verifies GEM_CREATE and GEM_INFO with good input: the size is
 * rounded up to pages and GEM_INFO reports it with an mmap offset.
 */
static void drm_test_nova_gem_create_info(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_nova_gem_create gc = { .size = PAGE_SIZE + 1 };
	struct drm_nova_gem_info gi = {};

	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_CREATE, &gc,
					   sizeof(gc)), 0);
	KUNIT_EXPECT_EQ(test, gc.size, 2 * PAGE_SIZE);
	KUNIT_EXPECT_NE(test, gc.handle, 0);

	gi.handle = gc.handle;
	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), 0);
	KUNIT_EXPECT_EQ(test, gi.size, 2 * PAGE_SIZE);
	KUNIT_EXPECT_NE(test, gi.offset, 0);
}

struct nova_test_bad_create {
	const char *name;
	u64 size;
	u32 pad;
	long expected;
};

static const struct nova_test_bad_create nova_test_bad_creates[] = {
	{ "size-0", 0, 0, -EINVAL },
	{ "pad", PAGE_SIZE, 1, -EINVAL },
	{ "larger-than-ram", 1ULL << 62, 0, -E2BIG },
	{ "u64-max", U64_MAX, 0, -E2BIG },
};

static void nova_test_bad_create_desc(const struct nova_test_bad_create *c,
				      char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nova_test_bad_create, nova_test_bad_creates,
		  nova_test_bad_create_desc);

/*
 * The test verifies that GEM_CREATE refuses a zero size or non-zero pad with
 * -EINVAL and absurd sizes with -E2BIG, creating no handle.
 */
static void drm_test_nova_gem_create_bad(struct kunit *test)
{
	const struct nova_test_bad_create *c = test->param_value;
	struct sample_test *t = test->priv;
	struct drm_nova_gem_create gc = { .size = c->size, .pad = c->pad };
	struct drm_nova_gem_info gi = { .handle = 1 };

	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_CREATE, &gc,
					   sizeof(gc)), c->expected);
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), -ENOENT);
}

/*
 * The test verifies that GEM_INFO answers -ENOENT for an unknown handle and
 * -EINVAL for a non-zero pad.
 */
static void drm_test_nova_gem_info_bad(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_nova_gem_create gc = { .size = PAGE_SIZE };
	struct drm_nova_gem_info gi = { .handle = 1234 };

	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), -ENOENT);
	gi = (struct drm_nova_gem_info){ .handle = 0 };
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), -ENOENT);

	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_CREATE, &gc,
					   sizeof(gc)), 0);
	gi = (struct drm_nova_gem_info){ .handle = gc.handle, .pad = 1 };
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), -EINVAL);
}

/*
 * The test verifies that a GEM object maps through the DRM GEM fops, and
 * that after unbind, which zaps the mapping, it still reads back what was
 * written (no SIGBUS), while ioctls on the open file return -ENODEV and the
 * file closes cleanly.
 */
static void drm_test_nova_mmap_and_unbind(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_nova_gem_create gc = { .size = PAGE_SIZE };
	struct drm_nova_gem_info gi = {};
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	unsigned long map;
	u32 val = 0;

	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_CREATE, &gc,
					   sizeof(gc)), 0);
	gi.handle = gc.handle;
	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_INFO, &gi,
					   sizeof(gi)), 0);

	map = kunit_vm_mmap(test, t->file, 0, gi.size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, gi.offset);
	KUNIT_ASSERT_NE(test, map, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(map));
	KUNIT_ASSERT_EQ(test, put_user(0xfeedc0de, (u32 __user *)map), 0);

	nova_test_remove_core(t);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(t->drm));

	KUNIT_EXPECT_EQ(test, get_user(val, (u32 __user *)map), 0);
	KUNIT_EXPECT_EQ(test, val, 0xfeedc0de);
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), -ENODEV);
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GEM_CREATE, &gc,
					   sizeof(gc)), -ENODEV);
}

/*
 * The test verifies that unbinding with the file open turns every ioctl
 * into -ENODEV without touching the BAR, and that a new binding of a new
 * auxiliary device works again.
 */
static void drm_test_nova_unbind_rebind(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_CHIP_ID };
	int reads;

	nova_test_remove_core(t);
	reads = atomic_read(&t->bar_reads);
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), -ENODEV);
	if (regdata_emu_mmio_sees_reads())
		KUNIT_EXPECT_EQ(test, atomic_read(&t->bar_reads), reads);
	sample_close(t);

	KUNIT_ASSERT_EQ(test, nova_test_add_core(test, t), 0);
	KUNIT_ASSERT_NOT_NULL(test, t->drm);
	sample_open(test, t);
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_NOVA_GETPARAM, &gp,
					   sizeof(gp)), 0);
	KUNIT_EXPECT_EQ(test, gp.value, REGDATA_EDU_CHIP_ID);
}

/*
 * The test verifies that the auxiliary device ids nova_core gives two PCI
 * functions with the same bus and devfn in different PCI domains differ, so
 * that both can register their "regdata_nova_core.drm" device.
 */
static void drm_test_nova_aux_id_domain(struct kunit *test)
{
	u16 devid = PCI_DEVID(3, PCI_DEVFN(0, 0));

	KUNIT_EXPECT_NE(test, nova_core_aux_id(0, devid),
			nova_core_aux_id(1, devid));
	KUNIT_EXPECT_NE(test, nova_core_aux_id(0xffff, devid),
			nova_core_aux_id(0xfffe, devid));
	KUNIT_EXPECT_EQ(test, nova_core_aux_id(0, devid), devid);
}

static struct kunit_case nova_tests[] = {
	KUNIT_CASE(drm_test_nova_probe),
	KUNIT_CASE(drm_test_nova_getparam),
	KUNIT_CASE(drm_test_nova_gem_create_info),
	KUNIT_CASE_PARAM(drm_test_nova_gem_create_bad,
			 nova_test_bad_create_gen_params),
	KUNIT_CASE(drm_test_nova_gem_info_bad),
	KUNIT_CASE(drm_test_nova_mmap_and_unbind),
	KUNIT_CASE(drm_test_nova_unbind_rebind),
	KUNIT_CASE(drm_test_nova_aux_id_domain),
	{}
};

static struct kunit_suite nova_test_suite = {
	.name = "drm_regdata_nova",
	.init = nova_test_init,
	.exit = nova_test_exit,
	.test_cases = nova_tests,
};

/* ----------------------------------------------------------------------
 * tyr
 */

/* Create the platform device, which binds regdata_tyr at once. */
static void tyr_test_add(struct kunit *test, struct sample_test *t)
{
	struct resource res;
	int ret;

	ret = regdata_emu_mmio_attach(TYR_TEST_WINDOW, &tyr_emu_window_ops, &t->emu,
				      &res);
	KUNIT_ASSERT_EQ(test, ret, 0);
	t->pdev = platform_device_register_simple("regdata-tyr",
						  PLATFORM_DEVID_AUTO, &res, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pdev);
	t->drm = platform_get_drvdata(t->pdev);
}

static void tyr_test_remove(struct sample_test *t)
{
	if (!t->pdev)
		return;
	platform_device_unregister(t->pdev);
	t->pdev = NULL;
	regdata_emu_mmio_detach(TYR_TEST_WINDOW);
}

static int tyr_test_init(struct kunit *test)
{
	struct sample_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->test = test;
	tyr_emu_init(&t->emu);
	return 0;
}

static void tyr_test_exit(struct kunit *test)
{
	struct sample_test *t = test->priv;

	tyr_test_remove(t);
	sample_close(t);
}

static void tyr_test_bind(struct kunit *test)
{
	struct sample_test *t = test->priv;

	tyr_test_add(test, t);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t->drm, "regdata_tyr did not bind");
	sample_open(test, t);
}

/*
 * The test verifies the probe: the driver soft-resets the GPU through MMIO,
 * waits for RESET_COMPLETED and clears it, then registers its DRM device.
 * Where the window is memory, the reset has completed before the driver
 * looks and the model may see both clears in one pass, before the reset
 * (see tyr_emu_window_read()): there the test checks the reset only.
 */
static void drm_test_tyr_probe_resets(struct kunit *test)
{
	struct sample_test *t = test->priv;

	tyr_test_bind(test);
	regdata_emu_mmio_flush();
	KUNIT_EXPECT_EQ(test, t->emu.resets, 1);
	if (regdata_emu_mmio_sees_reads())
		KUNIT_EXPECT_EQ(test, tyr_emu_read(&t->emu, TYR_GPU_INT_RAWSTAT) &
				TYR_GPU_IRQ_RESET_COMPLETED, 0);
	KUNIT_EXPECT_TRUE(test, t->drm->registered);
	KUNIT_EXPECT_STREQ(test, t->drm->driver->name, "regdata_tyr");
}

/*
 * The test verifies that a GPU whose soft reset never completes fails the
 * probe with -ETIMEDOUT, cleanly: no DRM device, nothing left behind.
 */
static void drm_test_tyr_probe_reset_timeout(struct kunit *test)
{
	struct sample_test *t = test->priv;

	t->emu.broken = true;
	tyr_test_add(test, t);
	KUNIT_EXPECT_NULL(test, t->drm);
	KUNIT_EXPECT_NULL(test, t->pdev->dev.driver);
	KUNIT_EXPECT_EQ(test, t->emu.resets, 0);
}

/*
 * The test verifies that a register window smaller than the registers the
 * driver reads fails the probe with -EINVAL before anything is mapped: no
 * DRM device, no driver bound, no reset issued.
 */
static void drm_test_tyr_probe_window_too_small(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct resource res;
	int ret;

	ret = regdata_emu_mmio_attach(TYR_TEST_WINDOW, &tyr_emu_window_ops, &t->emu,
				      &res);
	KUNIT_ASSERT_EQ(test, ret, 0);
	res.end = res.start + TYR_MMIO_SIZE / 2 - 1;
	t->pdev = platform_device_register_simple("regdata-tyr",
						  PLATFORM_DEVID_AUTO, &res, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pdev);
	KUNIT_EXPECT_NULL(test, platform_get_drvdata(t->pdev));
	KUNIT_EXPECT_NULL(test, t->pdev->dev.driver);
	KUNIT_EXPECT_EQ(test, t->emu.resets, 0);
}

/*
 * The test verifies DEV_QUERY's size query and the GPU info, which is read
 * from the registers at ioctl time, through the mapping.
 */
static void drm_test_tyr_dev_query(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	void __user *buf;
	struct drm_tyr_gpu_info info;

	tyr_test_bind(test);
	buf = t->user + PAGE_SIZE;

	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), 0);
	KUNIT_EXPECT_EQ(test, q.size, sizeof(info));

	q.pointer = (unsigned long)buf;
	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&info, buf, sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, info.gpu_id, REGDATA_TYR_GPU_ID);
	KUNIT_EXPECT_EQ(test, info.shader_present, 0x50005);
	KUNIT_EXPECT_EQ(test, info.l2_present, 1);
	KUNIT_EXPECT_EQ(test, info.as_present, 0xff);

	/* Live: change the register, query again. */
	t->emu.regs[TYR_GPU_SHADER_PRESENT_HI / 4] = 0x1;
	regdata_emu_mmio_flush();
	KUNIT_ASSERT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&info, buf, sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, info.shader_present, 0x100050005);
}

/*
 * The test verifies that DEV_QUERY refuses a buffer shorter than the object
 * and an unknown type with -EINVAL, writing nothing, and a buffer it cannot
 * write with -EFAULT.
 */
static void drm_test_tyr_dev_query_bad(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	unsigned long ro;
	u32 __user *buf;
	u32 val;

	tyr_test_bind(test);
	buf = t->user + PAGE_SIZE;
	KUNIT_ASSERT_EQ(test, put_user(0x5a5a5a5a, buf), 0);

	q.pointer = (unsigned long)buf;
	q.size = sizeof(struct drm_tyr_gpu_info) - 1;
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), -EINVAL);
	KUNIT_ASSERT_EQ(test, get_user(val, buf), 0);
	KUNIT_EXPECT_EQ(test, val, 0x5a5a5a5a);

	q = (struct drm_tyr_dev_query){ .type = 42 };
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), -EINVAL);

	ro = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, ro, 0);
	q = (struct drm_tyr_dev_query){
		.type = DRM_TYR_DEV_QUERY_GPU_INFO,
		.size = sizeof(struct drm_tyr_gpu_info),
		.pointer = ro,
	};
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), -EFAULT);
}

/*
 * The test verifies that removing the platform device with the file open
 * unregisters before the mapping goes: DEV_QUERY then returns -ENODEV and
 * the file closes cleanly.
 */
static void drm_test_tyr_unbind_with_file_open(struct kunit *test)
{
	struct sample_test *t = test->priv;
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };

	tyr_test_bind(test);
	tyr_test_remove(t);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(t->drm));
	KUNIT_EXPECT_EQ(test, sample_ioctl(t, DRM_IOCTL_TYR_DEV_QUERY, &q,
					   sizeof(q)), -ENODEV);
}

static struct kunit_case tyr_tests[] = {
	KUNIT_CASE(drm_test_tyr_probe_resets),
	KUNIT_CASE(drm_test_tyr_probe_reset_timeout),
	KUNIT_CASE(drm_test_tyr_probe_window_too_small),
	KUNIT_CASE(drm_test_tyr_dev_query),
	KUNIT_CASE(drm_test_tyr_dev_query_bad),
	KUNIT_CASE(drm_test_tyr_unbind_with_file_open),
	{}
};

static struct kunit_suite tyr_test_suite = {
	.name = "drm_regdata_tyr",
	.init = tyr_test_init,
	.exit = tyr_test_exit,
	.test_cases = tyr_tests,
};

kunit_test_suites(&nova_test_suite, &tyr_test_suite);

MODULE_DESCRIPTION("KUnit tests for the drm_registration samples");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
