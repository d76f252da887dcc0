// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DRM registration data and unbind guards.
 *
 * A test DRM driver registers through the framework; ioctls go through the
 * real drm_ioctl() on files from mock_drm_getfile() with user memory from
 * kunit_vm_mmap(). Concurrency tests use kthreads, which run on two CPUs in
 * the x86_64 QEMU run.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_kunit_helpers.h>

#include <kunit/device.h>
#include <kunit/test.h>

#include "drm_regdata.h"
#include "drm_regdata_internal.h"

/* Generous: a failure is a hang we turn into a test failure. */
#define TEST_TIMEOUT		(10 * HZ)
#define TEST_MAGIC		0x72656764u
#define TEST_THREADS		4

struct regdata_test_arg {
	__u32 magic;
	__u32 calls;
};

#define DRM_REGDATA_TEST_PING		0x00
#define DRM_REGDATA_TEST_HOLD		0x01
#define DRM_REGDATA_TEST_G_RENDER	0x02
#define DRM_REGDATA_TEST_P_RENDER	0x03
#define DRM_REGDATA_TEST_G_NONE		0x04
#define DRM_REGDATA_TEST_P_NONE		0x05
#define DRM_REGDATA_TEST_G_AUTH		0x06
#define DRM_REGDATA_TEST_P_AUTH		0x07
#define DRM_REGDATA_TEST_G_ROOT		0x08
#define DRM_REGDATA_TEST_P_ROOT		0x09
#define DRM_REGDATA_TEST_G_MASTER	0x0a
#define DRM_REGDATA_TEST_P_MASTER	0x0b

#define TEST_IOCTL(nr) DRM_IOWR(DRM_COMMAND_BASE + (nr), struct regdata_test_arg)
#define DRM_IOCTL_REGDATA_TEST_PING	TEST_IOCTL(DRM_REGDATA_TEST_PING)
#define DRM_IOCTL_REGDATA_TEST_HOLD	TEST_IOCTL(DRM_REGDATA_TEST_HOLD)
#define DRM_IOCTL_REGDATA_TEST_G_RENDER	TEST_IOCTL(DRM_REGDATA_TEST_G_RENDER)
#define DRM_IOCTL_REGDATA_TEST_P_RENDER	TEST_IOCTL(DRM_REGDATA_TEST_P_RENDER)
#define DRM_IOCTL_REGDATA_TEST_G_NONE	TEST_IOCTL(DRM_REGDATA_TEST_G_NONE)
#define DRM_IOCTL_REGDATA_TEST_P_NONE	TEST_IOCTL(DRM_REGDATA_TEST_P_NONE)
#define DRM_IOCTL_REGDATA_TEST_G_AUTH	TEST_IOCTL(DRM_REGDATA_TEST_G_AUTH)
#define DRM_IOCTL_REGDATA_TEST_P_AUTH	TEST_IOCTL(DRM_REGDATA_TEST_P_AUTH)
#define DRM_IOCTL_REGDATA_TEST_G_ROOT	TEST_IOCTL(DRM_REGDATA_TEST_G_ROOT)
#define DRM_IOCTL_REGDATA_TEST_P_ROOT	TEST_IOCTL(DRM_REGDATA_TEST_P_ROOT)
#define DRM_IOCTL_REGDATA_TEST_G_MASTER	TEST_IOCTL(DRM_REGDATA_TEST_G_MASTER)
#define DRM_IOCTL_REGDATA_TEST_P_MASTER	TEST_IOCTL(DRM_REGDATA_TEST_P_MASTER)

struct regdata_test;

struct regdata_test_device {
	struct drm_device drm;
	struct regdata_test *t;
};

struct regdata_test_data {
	struct drm_registration reg;
	u32 magic;
	struct regdata_test *t;
};

struct regdata_test {
	struct kunit *test;
	struct device *parent;
	struct drm_device *drm;
	struct mm_struct *mm;
	void __user *user;
	unsigned int ndevs;
	/* release callbacks run, and what they saw */
	atomic_t released;
	bool released_unplugged;
	bool released_registered;
	/* guarded handler calls */
	atomic_t calls;
	/* the HOLD ioctl: entered, then waits for leave */
	struct completion entered;
	struct completion leave;
	u32 held_magic;
	/* the load callback */
	int load_ret;
	int load_guard_ret;
	u32 load_magic;
	/* misuse reports expected during the test */
	int misuse_base;
	int misuse_expected;
};

static struct regdata_test_device *to_tdev(struct drm_device *drm)
{
	return container_of(drm, struct regdata_test_device, drm);
}

/* ----------------------------------------------------------------------
 * The test driver
 */

static int regdata_test_ping(struct drm_device *drm,
			     struct regdata_test_data *rd, void *data,
			     struct drm_file *file)
{
	struct regdata_test_arg *arg = data;

	arg->magic = rd->magic;
	arg->calls = atomic_inc_return(&rd->t->calls);
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL(regdata_test_ping, struct regdata_test_data, reg);

static int regdata_test_hold(struct drm_device *drm,
			     struct regdata_test_data *rd, void *data,
			     struct drm_file *file)
{
	struct regdata_test *t = rd->t;
	struct regdata_test_arg *arg = data;

	atomic_inc(&t->calls);
	complete(&t->entered);
	if (!wait_for_completion_timeout(&t->leave, TEST_TIMEOUT))
		return -ETIMEDOUT;
	/* The data must still be alive: KASAN watches this read. */
	arg->magic = READ_ONCE(rd->magic);
	t->held_magic = arg->magic;
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL(regdata_test_hold, struct regdata_test_data, reg);

/* The unguarded twin, a plain drm_ioctl_t, for the permission tests. */
static int regdata_test_plain(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct regdata_test_arg *arg = data;

	arg->magic = TEST_MAGIC;
	return 0;
}

static const struct drm_ioctl_desc regdata_test_ioctls[] = {
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_PING, regdata_test_ping,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_HOLD, regdata_test_hold,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_RENDER, regdata_test_ping,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_RENDER, regdata_test_plain,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_NONE, regdata_test_ping, 0),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_NONE, regdata_test_plain, 0),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_AUTH, regdata_test_ping,
				  DRM_AUTH),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_AUTH, regdata_test_plain, DRM_AUTH),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_ROOT, regdata_test_ping,
				  DRM_ROOT_ONLY),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_ROOT, regdata_test_plain,
			  DRM_ROOT_ONLY),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_MASTER, regdata_test_ping,
				  DRM_MASTER),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_MASTER, regdata_test_plain,
			  DRM_MASTER),
};

static const struct file_operations regdata_test_fops = {
	.owner		= THIS_MODULE,
	.open		= drm_open,
	.release	= drm_release,
	.unlocked_ioctl	= drm_ioctl,
	.compat_ioctl	= drm_compat_ioctl,
	.llseek		= noop_llseek,
	.fop_flags	= FOP_UNSIGNED_OFFSET,
};

static const struct drm_driver regdata_test_driver = {
	.driver_features	= DRIVER_RENDER,
	.ioctls			= regdata_test_ioctls,
	.num_ioctls		= ARRAY_SIZE(regdata_test_ioctls),
	.fops			= &regdata_test_fops,
	.name			= "regdata-test",
	.desc			= "DRM registration data test driver",
	.major			= 1,
};

static int regdata_test_guard_magic(struct drm_device *drm, u32 *magic)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
				       reg)->magic;
	drm_unbind_guard_exit(&guard);
	return 0;
}

/*
 * drm_dev_register() calls .load once the minors are visible to userspace
 * and fails if it fails: this shows what a first ioctl would see, and makes
 * registering fail for real.
 */
static int regdata_test_load(struct drm_device *drm, unsigned long flags)
{
	struct regdata_test *t = to_tdev(drm)->t;

	t->load_guard_ret = regdata_test_guard_magic(drm, &t->load_magic);
	return t->load_ret;
}

static const struct drm_driver regdata_test_load_driver = {
	.driver_features	= DRIVER_RENDER,
	.load			= regdata_test_load,
	.fops			= &regdata_test_fops,
	.name			= "regdata-test-load",
	.desc			= "DRM registration data test driver with load",
	.major			= 1,
};

static void regdata_test_release(struct drm_registration *reg)
{
	struct regdata_test_data *rd =
		container_of(reg, struct regdata_test_data, reg);
	struct regdata_test *t = rd->t;

	/* Data the driver never filled in: released before hand-over. */
	if (!t)
		return;

	if (reg->drm) {
		t->released_unplugged = drm_dev_is_unplugged(reg->drm);
		t->released_registered = reg->drm->registered;
	}
	KUNIT_EXPECT_EQ(t->test, rd->magic, TEST_MAGIC);
	atomic_inc(&t->released);
}

/* ----------------------------------------------------------------------
 * Helpers
 */

static struct drm_device *regdata_test_new_drm(struct kunit *test,
					       const struct drm_driver *driver,
					       struct device **parentp)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_device *tdev;
	struct device *parent;
	char name[32];

	snprintf(name, sizeof(name), "regdata-test-%u", t->ndevs++);
	parent = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, parent);

	tdev = devm_drm_dev_alloc(parent, driver, struct regdata_test_device,
				  drm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tdev);
	tdev->t = t;

	if (parentp)
		*parentp = parent;
	return &tdev->drm;
}

static struct regdata_test_data *regdata_test_new_data(struct kunit *test)
{
	struct regdata_test_data *rd;

	rd = drm_registration_alloc(struct regdata_test_data, reg,
				    regdata_test_release);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rd);
	rd->magic = TEST_MAGIC;
	rd->t = test->priv;
	return rd;
}

/* Register fresh data on t->drm, the plain (non-devres) way. */
static void regdata_test_register(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	int ret;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					t->drm, t->parent, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static struct file *regdata_test_open(struct kunit *test,
				      struct drm_minor *minor)
{
	struct file *file;

	file = mock_drm_getfile(minor, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	return file;
}

/* An ioctl through drm_ioctl(), with the argument in user memory. */
static long regdata_test_ioctl(struct kunit *test, struct file *file,
			       unsigned int cmd, struct regdata_test_arg *arg,
			       void __user *user)
{
	long ret;

	if (copy_to_user(user, arg, sizeof(*arg)))
		return -EFAULT;
	ret = drm_ioctl(file, cmd, (unsigned long)user);
	if (copy_from_user(arg, user, sizeof(*arg)))
		return -EFAULT;
	return ret;
}

static int regdata_test_misuse(void)
{
	return atomic_read(&drm_regdata_misuse_count);
}

/* Threads are collected with kthread_stop(), so hold their task. */
static struct task_struct *regdata_test_thread(struct kunit *test,
					       int (*fn)(void *), void *arg,
					       const char *name)
{
	struct task_struct *task;

	task = kthread_create(fn, arg, "%s", name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	get_task_struct(task);
	wake_up_process(task);
	return task;
}

static int regdata_test_join(struct task_struct *task)
{
	int ret = kthread_stop(task);

	put_task_struct(task);
	return ret;
}

/* Wait up to TEST_TIMEOUT for drm_dev_unplug() to have begun. */
static bool regdata_test_wait_unplugged(struct drm_device *drm)
{
	unsigned long end = jiffies + TEST_TIMEOUT;

	while (!drm_dev_is_unplugged(drm)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(1000, 2000);
	}
	return true;
}

static int regdata_test_unregister_fn(void *drm)
{
	drm_registration_unregister(drm);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* ----------------------------------------------------------------------
 * C1, C2: publish before register, ownership on failure
 */

/*
 * The test verifies that data released before hand-over runs the release
 * callback once, and that freeing NULL is a no-op.
 */
static void drm_test_regdata_alloc_free(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	drm_registration_free(&regdata_test_new_data(test)->reg);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	drm_registration_free(NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/*
 * The test verifies that registering publishes the data: the device is
 * registered, a guard sees the data and the release callback has not run.
 */
static void drm_test_regdata_register_publishes(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	u32 magic = 0;

	regdata_test_register(test);
	KUNIT_EXPECT_TRUE(test, t->drm->registered);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 0);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/*
 * The test verifies that the data is published before the device becomes
 * reachable: inside drm_dev_register(), once the minors are registered, a
 * guard already sees the fully initialised data.
 */
static void drm_test_regdata_publish_before_register(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *drm;
	struct device *parent;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, &parent);
	t->load_guard_ret = -EINVAL;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					drm, parent, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, t->load_guard_ret, 0);
	KUNIT_EXPECT_EQ(test, t->load_magic, TEST_MAGIC);

	drm_registration_unregister(drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

struct regdata_test_racer {
	struct drm_device *drm;
	int ret;
	u32 magic;
	unsigned long tries;
};

static int regdata_test_racer_fn(void *arg)
{
	struct regdata_test_racer *r = arg;
	unsigned long end = jiffies + TEST_TIMEOUT;

	/* Enter guards until one succeeds, then idle until stopped. */
	while (!kthread_should_stop()) {
		if (READ_ONCE(r->ret) && time_before(jiffies, end)) {
			WRITE_ONCE(r->tries, r->tries + 1);
			WRITE_ONCE(r->ret,
				   regdata_test_guard_magic(r->drm, &r->magic));
			cond_resched();
		} else {
			schedule_timeout_interruptible(1);
		}
	}
	return 0;
}

/*
 * The test verifies, with a thread entering guards in a loop while another
 * registers, that the first guard that succeeds sees the initialised data.
 */
static void drm_test_regdata_publish_race(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_racer r = { .drm = t->drm, .ret = -ENODEV };
	struct task_struct *task;
	unsigned long end;

	task = regdata_test_thread(test, regdata_test_racer_fn, &r, "racer");
	/* Let the racer fail against the unregistered device first. */
	end = jiffies + TEST_TIMEOUT;
	while (!READ_ONCE(r.tries) && time_before(jiffies, end))
		usleep_range(1000, 2000);
	KUNIT_EXPECT_EQ(test, READ_ONCE(r.ret), -ENODEV);

	regdata_test_register(test);
	end = jiffies + TEST_TIMEOUT;
	while (READ_ONCE(r.ret) && time_before(jiffies, end))
		usleep_range(1000, 2000);
	regdata_test_join(task);

	KUNIT_EXPECT_EQ(test, r.ret, 0);
	KUNIT_EXPECT_EQ(test, r.magic, TEST_MAGIC);
	drm_registration_unregister(t->drm);
}

/*
 * The test verifies that when drm_dev_register() fails after the data was
 * handed over and published, the pointer is cleared and the data released
 * exactly once, before drm_registration_register() returns.
 */
static void drm_test_regdata_register_fails(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *drm;
	struct device *parent;
	u32 magic = 0;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, &parent);
	t->load_ret = -EIO;
	t->load_guard_ret = -EINVAL;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					drm, parent, 0);
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	/* It was published: the load callback saw it. */
	KUNIT_EXPECT_EQ(test, t->load_guard_ret, 0);
	KUNIT_EXPECT_EQ(test, t->load_magic, TEST_MAGIC);
	/* And released once, with no guard able to reach it. */
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(drm, &magic), -ENODEV);

	/* The data is gone: unregistering now is a misuse. */
	drm_registration_unregister(drm);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	t->misuse_expected = 1;
}

/*
 * The test verifies that a drm_device whose parent is not the given device
 * is refused with -EINVAL, and the data released once.
 */
static void drm_test_regdata_register_wrong_parent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct device *other;
	u32 magic;
	int ret;

	other = kunit_device_register(test, "regdata-test-other");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					t->drm, other, 0);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	ret = devm_drm_registration_register(other,
					     &regdata_test_new_data(test)->reg,
					     t->drm, 0);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 2);
	KUNIT_EXPECT_FALSE(test, t->drm->registered);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), -ENODEV);
}

/*
 * The test verifies that a second registration on a registered device is
 * refused with -EBUSY, releasing only the second data.
 */
static void drm_test_regdata_register_twice(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	u32 magic = 0;
	int ret;

	regdata_test_register(test);
	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					t->drm, t->parent, 0);
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 2);
}

/* ----------------------------------------------------------------------
 * C3: barrier before free
 */

/*
 * The test verifies that unregistering unplugs the device before the release
 * callback runs, and that guards fail with -ENODEV afterwards.
 */
static void drm_test_regdata_unregister_order(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	u32 magic;

	regdata_test_register(test);
	drm_registration_unregister(t->drm);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, t->released_unplugged);
	KUNIT_EXPECT_FALSE(test, t->released_registered);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), -ENODEV);
}

struct regdata_test_holder {
	struct drm_device *drm;
	struct completion entered;
	struct completion leave;
	u32 magic;
	int ret;
};

/* Hold a guard until told to leave; the data must stay alive meanwhile. */
static int regdata_test_hold_guard(struct regdata_test_holder *h)
{
	struct drm_unbind_guard guard;
	struct regdata_test_data *rd;
	int ret;

	ret = drm_unbind_guard_enter(&guard, h->drm);
	if (ret)
		return ret;
	complete(&h->entered);
	if (!wait_for_completion_timeout(&h->leave, TEST_TIMEOUT))
		ret = -ETIMEDOUT;
	/* After unplug began: still the live data. */
	rd = drm_unbind_guard_data(&guard, struct regdata_test_data, reg);
	h->magic = READ_ONCE(rd->magic);
	drm_unbind_guard_exit(&guard);
	return ret;
}

static int regdata_test_holder_fn(void *arg)
{
	struct regdata_test_holder *h = arg;

	h->ret = regdata_test_hold_guard(h);
	/* On success it completed entered itself. */
	if (h->ret == -ENODEV)
		complete(&h->entered);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * The test verifies the barrier: with a thread inside a guard, unregister
 * marks the device unplugged and then blocks; new guards fail with -ENODEV;
 * the release callback runs only after the guard is left.
 */
static void drm_test_regdata_unregister_waits_for_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_holder h = { .drm = t->drm };
	struct task_struct *holder, *unreg;
	u32 magic;

	init_completion(&h.entered);
	init_completion(&h.leave);
	regdata_test_register(test);

	holder = regdata_test_thread(test, regdata_test_holder_fn, &h, "holder");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&h.entered,
							    TEST_TIMEOUT));
	KUNIT_ASSERT_EQ(test, h.ret, 0);

	unreg = regdata_test_thread(test, regdata_test_unregister_fn, t->drm,
				    "unregister");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));

	/* Unplug has begun: no new guard, and nothing released yet. */
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), -ENODEV);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 0);

	complete(&h.leave);
	regdata_test_join(holder);
	regdata_test_join(unreg);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/* ----------------------------------------------------------------------
 * C4: the guard
 */

/* Sleep in a guard, nest another; true in @same if both see the same data. */
static int regdata_test_nested(struct drm_device *drm, bool *same)
{
	struct drm_unbind_guard outer, inner;
	int ret;

	ret = drm_unbind_guard_enter(&outer, drm);
	if (ret)
		return ret;
	msleep(20);
	ret = drm_unbind_guard_enter(&inner, drm);
	if (ret) {
		drm_unbind_guard_exit(&outer);
		return ret;
	}
	might_sleep();
	*same = inner.reg && inner.reg == outer.reg;
	drm_unbind_guard_exit(&inner);
	/* Leaving the inner guard leaves the outer one's data alone. */
	*same = *same && !inner.reg && outer.reg;
	drm_unbind_guard_exit(&outer);
	return 0;
}

/*
 * The test verifies that a guard may sleep and nest, that the nested guard
 * sees the same data, and that entering on a device without registration
 * data fails with -ENODEV.
 */
static void drm_test_regdata_guard_sleep_nest(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *bare;
	bool same = false;
	u32 magic;

	bare = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(bare, &magic), -ENODEV);

	regdata_test_register(test);
	KUNIT_EXPECT_EQ(test, regdata_test_nested(t->drm, &same), 0);
	KUNIT_EXPECT_TRUE(test, same);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

static int regdata_test_scoped_early_return(struct drm_device *drm, u32 *magic)
{
	CLASS(drm_unbind_guard, guard)(drm);

	if (!guard.reg)
		return -ENODEV;
	*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
				       reg)->magic;
	/* Early return while inside: the class leaves the guard. */
	return -EAGAIN;
}

static int regdata_test_scoped_cond(struct drm_device *drm, u32 *magic)
{
	scoped_cond_guard(drm_unbind_guard, return -ENODEV, drm) {
		*magic = drm_unbind_guard_data(&scope, struct regdata_test_data,
					       reg)->magic;
		return 0;
	}
	return -EINVAL;
}

static int regdata_test_scoped_guard(struct drm_device *drm, u32 *magic)
{
	int ret = -ENODEV;

	scoped_guard(drm_unbind_guard, drm) {
		*magic = drm_unbind_guard_data(&scope, struct regdata_test_data,
					       reg)->magic;
		ret = 0;
	}
	return ret;
}

/*
 * The test verifies the cleanup.h forms: CLASS() leaves the guard on an
 * early return (unregister afterwards neither warns nor blocks),
 * scoped_cond_guard() runs its failure statement and scoped_guard() skips
 * its body once unplug has begun.
 */
static void drm_test_regdata_guard_scoped(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	u32 magic = 0;

	regdata_test_register(test);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_early_return(t->drm, &magic),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);
	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_cond(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);
	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_guard(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_early_return(t->drm, &magic),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_cond(t->drm, &magic), -ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_guard(t->drm, &magic), -ENODEV);
	KUNIT_EXPECT_EQ(test, magic, 0);
}

/* ----------------------------------------------------------------------
 * C5: ioctl dispatch through drm_ioctl()
 */

/*
 * The test verifies that a guarded ioctl issued through drm_ioctl() on a
 * render node reaches the handler with the registration data and copies the
 * result back to user memory.
 */
static void drm_test_regdata_ioctl_dispatch(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, file,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), 0);
	KUNIT_EXPECT_EQ(test, arg.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, arg.calls, 1);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

/*
 * The test verifies that once unplug has begun the trampoline returns
 * -ENODEV without calling the handler, also when called past drm_ioctl()'s
 * own unplugged check, as a racing ioctl would be.
 */
static void drm_test_regdata_ioctl_after_unplug(struct kunit *test)
{
	const struct drm_ioctl_desc *ping =
		&regdata_test_ioctls[DRM_REGDATA_TEST_PING];
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct drm_file *priv;
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);
	priv = file->private_data;

	KUNIT_EXPECT_EQ(test, ping->func(t->drm, &arg, priv), 0);
	KUNIT_EXPECT_EQ(test, arg.magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	arg.magic = 0;
	KUNIT_EXPECT_EQ(test, ping->func(t->drm, &arg, priv), -ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, file,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), -ENODEV);
	KUNIT_EXPECT_EQ(test, arg.magic, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(file);
}

struct regdata_test_perm {
	const char *name;
	unsigned int guarded;
	unsigned int plain;
	bool render;
	bool admin;
	long expected;
};

static const struct regdata_test_perm regdata_test_perms[] = {
	{ "render-allow/render", DRM_IOCTL_REGDATA_TEST_G_RENDER,
	  DRM_IOCTL_REGDATA_TEST_P_RENDER, true, true, 0 },
	{ "render-allow/primary", DRM_IOCTL_REGDATA_TEST_G_RENDER,
	  DRM_IOCTL_REGDATA_TEST_P_RENDER, false, true, 0 },
	{ "none/render", DRM_IOCTL_REGDATA_TEST_G_NONE,
	  DRM_IOCTL_REGDATA_TEST_P_NONE, true, true, -EACCES },
	{ "none/primary", DRM_IOCTL_REGDATA_TEST_G_NONE,
	  DRM_IOCTL_REGDATA_TEST_P_NONE, false, false, 0 },
	{ "auth/primary-unauthenticated", DRM_IOCTL_REGDATA_TEST_G_AUTH,
	  DRM_IOCTL_REGDATA_TEST_P_AUTH, false, false, -EACCES },
	{ "auth/primary-admin", DRM_IOCTL_REGDATA_TEST_G_AUTH,
	  DRM_IOCTL_REGDATA_TEST_P_AUTH, false, true, 0 },
	{ "root-only/admin", DRM_IOCTL_REGDATA_TEST_G_ROOT,
	  DRM_IOCTL_REGDATA_TEST_P_ROOT, false, true, 0 },
	{ "root-only/user", DRM_IOCTL_REGDATA_TEST_G_ROOT,
	  DRM_IOCTL_REGDATA_TEST_P_ROOT, false, false, -EACCES },
	{ "master/not-master", DRM_IOCTL_REGDATA_TEST_G_MASTER,
	  DRM_IOCTL_REGDATA_TEST_P_MASTER, false, true, -EACCES },
};

static void regdata_test_perm_desc(const struct regdata_test_perm *p,
				   char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(regdata_test_perm, regdata_test_perms, regdata_test_perm_desc);

/*
 * The test verifies that permission flags behave as with DRM_IOCTL_DEF_DRV():
 * a guarded ioctl and a plain one with the same flags give the same answer,
 * the expected one, and the guarded handler runs only when permitted.
 */
static void drm_test_regdata_ioctl_permissions(struct kunit *test)
{
	const struct regdata_test_perm *p = test->param_value;
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	const struct cred *old = NULL;
	struct cred *cred = NULL;
	struct file *file;
	long guarded = 0, plain = 0;

	regdata_test_register(test);

	if (!p->admin) {
		cred = prepare_creds();
		KUNIT_ASSERT_NOT_NULL(test, cred);
		cap_lower(cred->cap_effective, CAP_SYS_ADMIN);
		old = override_creds(cred);
	}

	file = mock_drm_getfile(p->render ? t->drm->render : t->drm->primary,
				O_RDWR);
	if (!IS_ERR(file)) {
		guarded = regdata_test_ioctl(test, file, p->guarded, &arg,
					     t->user);
		plain = regdata_test_ioctl(test, file, p->plain, &arg, t->user);
	}

	if (cred) {
		revert_creds(old);
		put_cred(cred);
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);

	KUNIT_EXPECT_EQ(test, guarded, p->expected);
	KUNIT_EXPECT_EQ(test, plain, p->expected);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), p->expected ? 0 : 1);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

struct regdata_test_ioctl_thread {
	struct regdata_test *t;
	struct file *file;
	void __user *user;
	unsigned long ok;
	unsigned long enodev;
	unsigned long other;
	bool wrong_magic;
};

static int regdata_test_hammer_fn(void *arg)
{
	struct regdata_test_ioctl_thread *w = arg;
	struct regdata_test_arg a;
	unsigned long after = 0;
	long ret;

	kthread_use_mm(w->t->mm);
	while (!kthread_should_stop()) {
		/* A few more after the first -ENODEV, then idle. */
		if (after > 16) {
			schedule_timeout_interruptible(1);
			continue;
		}
		a.magic = 0;
		ret = regdata_test_ioctl(w->t->test, w->file,
					 DRM_IOCTL_REGDATA_TEST_PING, &a,
					 w->user);
		if (!ret) {
			w->ok++;
			if (a.magic != TEST_MAGIC)
				w->wrong_magic = true;
			if (after)
				w->other++;	/* success after -ENODEV */
		} else if (ret == -ENODEV) {
			w->enodev++;
			after++;
		} else {
			w->other++;
		}
		cond_resched();
	}
	kthread_unuse_mm(w->t->mm);
	return 0;
}

/*
 * The test verifies, with several threads sharing one open file and issuing
 * guarded ioctls through drm_ioctl() while the device is unregistered, that
 * every call returns 0 or -ENODEV, that no call succeeds after one returned
 * -ENODEV, and that the handler always sees live data (KASAN watches).
 */
static void drm_test_regdata_ioctl_threads_share_file(struct kunit *test)
{
	struct regdata_test_ioctl_thread w[TEST_THREADS] = {};
	struct task_struct *task[TEST_THREADS];
	struct regdata_test *t = test->priv;
	unsigned long end;
	struct file *file;
	int i;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	for (i = 0; i < TEST_THREADS; i++) {
		w[i].t = t;
		w[i].file = file;
		w[i].user = t->user + i * 64;
		task[i] = regdata_test_thread(test, regdata_test_hammer_fn,
					      &w[i], "hammer");
	}

	/* Unregister while they are all busy. */
	end = jiffies + TEST_TIMEOUT;
	for (i = 0; i < TEST_THREADS; i++)
		while (READ_ONCE(w[i].ok) < 50 && time_before(jiffies, end))
			usleep_range(1000, 2000);
	drm_registration_unregister(t->drm);

	end = jiffies + TEST_TIMEOUT;
	for (i = 0; i < TEST_THREADS; i++)
		while (READ_ONCE(w[i].enodev) < 16 && time_before(jiffies, end))
			usleep_range(1000, 2000);
	for (i = 0; i < TEST_THREADS; i++)
		regdata_test_join(task[i]);

	for (i = 0; i < TEST_THREADS; i++) {
		KUNIT_EXPECT_GE(test, w[i].ok, 50);
		KUNIT_EXPECT_GE(test, w[i].enodev, 16);
		KUNIT_EXPECT_EQ(test, w[i].other, 0);
		KUNIT_EXPECT_FALSE(test, w[i].wrong_magic);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	__fput_sync(file);
}

struct regdata_test_hold_thread {
	struct regdata_test *t;
	struct file *file;
	long ret;
};

static int regdata_test_hold_fn(void *arg)
{
	struct regdata_test_hold_thread *h = arg;
	struct regdata_test_arg a = {};

	kthread_use_mm(h->t->mm);
	h->ret = regdata_test_ioctl(h->t->test, h->file,
				    DRM_IOCTL_REGDATA_TEST_HOLD, &a,
				    h->t->user + 512);
	kthread_unuse_mm(h->t->mm);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * The test verifies that an ioctl handler runs wholly inside the guard:
 * while one sleeps in its handler, unregister blocks, new ioctls get
 * -ENODEV, and the data is released only after the handler returned.
 */
static void drm_test_regdata_ioctl_holds_unregister(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_hold_thread h = { .t = t };
	struct regdata_test_arg arg = {};
	struct task_struct *holder, *unreg;

	regdata_test_register(test);
	h.file = regdata_test_open(test, t->drm->render);

	holder = regdata_test_thread(test, regdata_test_hold_fn, &h, "hold");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&t->entered,
							    TEST_TIMEOUT));
	unreg = regdata_test_thread(test, regdata_test_unregister_fn, t->drm,
				    "unregister");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));

	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, h.file,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), -ENODEV);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 0);

	complete(&t->leave);
	regdata_test_join(holder);
	regdata_test_join(unreg);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, t->held_magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(h.file);
}

/* ----------------------------------------------------------------------
 * C6: devres-managed registration
 */

/*
 * The test verifies that a devres-managed registration is unregistered when
 * its parent device is unbound: the data is released once, after unplug,
 * while the drm_device, still referenced, lives on.
 */
static void drm_test_regdata_devm_unbind(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *drm;
	struct device *parent;
	u32 magic;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
	ret = devm_drm_registration_register(parent,
					     &regdata_test_new_data(test)->reg,
					     drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	drm_dev_get(drm);
	kunit_device_unregister(test, parent);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, t->released_unplugged);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(drm, &magic), -ENODEV);
	drm_dev_put(drm);
}

/*
 * The test verifies that a devres-managed registration may be torn down
 * early with drm_registration_unplug(), as an error recovery path would, and
 * that unbind then neither warns nor releases twice.
 */
static void drm_test_regdata_devm_early_unregister(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *drm;
	struct device *parent;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
	ret = devm_drm_registration_register(parent,
					     &regdata_test_new_data(test)->reg,
					     drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	drm_registration_unplug(drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));
	drm_registration_unplug(drm);
	kunit_device_unregister(test, parent);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/* ----------------------------------------------------------------------
 * C7: misuse is loud
 */

/*
 * The test verifies that unregistering twice warns once and releases once,
 * and that unregistering a device that was never registered warns.
 */
static void drm_test_regdata_misuse_unregister_twice(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *bare;

	regdata_test_register(test);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 0);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	bare = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	drm_registration_unregister(bare);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 2);
	t->misuse_expected = 2;
}

static int regdata_test_unregister_in_guard(struct drm_device *drm,
					    bool *unplugged)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	drm_registration_unregister(drm);
	*unplugged = drm_dev_is_unplugged(drm);
	drm_unbind_guard_exit(&guard);
	return 0;
}

/*
 * The test verifies that unregistering from inside a guard warns and returns
 * without unregistering (instead of deadlocking in the SRCU barrier), and
 * that unregistering after the guard is left works.
 */
static void drm_test_regdata_misuse_unregister_in_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	bool unplugged = true;
	int ret;

	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");

	regdata_test_register(test);
	ret = regdata_test_unregister_in_guard(t->drm, &unplugged);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	KUNIT_EXPECT_FALSE(test, unplugged);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 0);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	t->misuse_expected = 1;
}

/*
 * Inside a guard on @drm, take the data of @drm and of @other with
 * drm_registration_data(), and that of @drm from the guard.
 */
static int regdata_test_data_in_guard(struct drm_device *drm,
				      struct drm_device *other,
				      struct regdata_test_data **in_guard,
				      struct regdata_test_data **from_guard)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	*in_guard = drm_registration_data(drm, struct regdata_test_data, reg);
	*from_guard = drm_unbind_guard_data(&guard, struct regdata_test_data,
					    reg);
	drm_registration_data(other, struct regdata_test_data, reg);
	drm_unbind_guard_exit(&guard);
	return 0;
}

/*
 * The test verifies that drm_registration_data() returns the data without a
 * warning inside a guard on the device, and warns outside of one, also
 * inside a guard on another device.
 */
static void drm_test_regdata_misuse_data_outside_guard(struct kunit *test)
{
	struct regdata_test_data *rd, *in_guard, *from_guard;
	struct regdata_test *t = test->priv;
	struct drm_device *other;
	struct device *parent;
	int ret;

	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");

	regdata_test_register(test);
	other = regdata_test_new_drm(test, &regdata_test_driver, &parent);
	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					other, parent, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	ret = regdata_test_data_in_guard(t->drm, other, &in_guard, &from_guard);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, in_guard, from_guard);
	/* Only other, which a guard on t->drm does not cover, warned. */
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);

	/* Outside: still the data, but with a warning. */
	rd = drm_registration_data(t->drm, struct regdata_test_data, reg);
	KUNIT_EXPECT_PTR_EQ(test, rd, in_guard);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 2);
	t->misuse_expected = 2;

	drm_registration_unregister(other);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 2);
}

/* ----------------------------------------------------------------------
 * Concurrent unregistration
 */

static int regdata_test_unplug_fn(void *drm)
{
	drm_registration_unplug(drm);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * The test verifies that the owner's unregister and an error path's unplug
 * running at once, while a guard holds the first in the barrier, tear down
 * once: one release callback, no warning, and both return only after the
 * teardown.
 */
static void drm_test_regdata_unregister_concurrent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_holder h = { .drm = t->drm };
	struct task_struct *holder, *a, *b;

	init_completion(&h.entered);
	init_completion(&h.leave);
	regdata_test_register(test);

	holder = regdata_test_thread(test, regdata_test_holder_fn, &h, "holder");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&h.entered,
							    TEST_TIMEOUT));
	a = regdata_test_thread(test, regdata_test_unregister_fn, t->drm, "unreg-a");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));
	b = regdata_test_thread(test, regdata_test_unplug_fn, t->drm, "unplug-b");
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 0);

	complete(&h.leave);
	regdata_test_join(holder);
	regdata_test_join(a);
	regdata_test_join(b);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
}

struct regdata_test_race {
	struct drm_device *drm;
	struct completion go;
	bool unplug;
};

static int regdata_test_race_fn(void *arg)
{
	struct regdata_test_race *r = arg;

	wait_for_completion(&r->go);
	if (r->unplug)
		drm_registration_unplug(r->drm);
	else
		drm_registration_unregister(r->drm);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

#define TEST_RACE_ROUNDS	32

/*
 * The test verifies, over rounds of two threads released at the same moment
 * (on two CPUs where available), the owner's unregister against an error
 * path's unplug and unplug against unplug, that each registration is
 * released exactly once and nothing warns.
 */
static void drm_test_regdata_unregister_race(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	int round;

	for (round = 0; round < TEST_RACE_ROUNDS; round++) {
		struct regdata_test_race ra = {}, rb = { .unplug = true };
		struct task_struct *a, *b;
		struct drm_device *drm;
		struct device *parent;
		int ret;

		drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
		ret = drm_registration_register(&regdata_test_new_data(test)->reg,
						drm, parent, 0);
		KUNIT_ASSERT_EQ(test, ret, 0);

		ra.drm = drm;
		rb.drm = drm;
		ra.unplug = round & 1;
		init_completion(&ra.go);
		init_completion(&rb.go);
		a = regdata_test_thread(test, regdata_test_race_fn, &ra, "race-a");
		b = regdata_test_thread(test, regdata_test_race_fn, &rb, "race-b");
		complete(&ra.go);
		complete(&rb.go);
		regdata_test_join(a);
		regdata_test_join(b);
		KUNIT_EXPECT_EQ(test, atomic_read(&t->released), round + 1);
		KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));

		/* The owner's unregister after an unplug returns quietly. */
		if (ra.unplug)
			drm_registration_unregister(drm);
		kunit_device_unregister(test, parent);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), TEST_RACE_ROUNDS);
}

/*
 * The test verifies that two concurrent unregisters by the owner, a double
 * unregister, tear down once and warn exactly once, whichever comes first.
 */
static void drm_test_regdata_misuse_unregister_concurrent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_race ra = { .drm = t->drm }, rb = { .drm = t->drm };
	struct task_struct *a, *b;

	regdata_test_register(test);
	init_completion(&ra.go);
	init_completion(&rb.go);
	a = regdata_test_thread(test, regdata_test_race_fn, &ra, "race-a");
	b = regdata_test_thread(test, regdata_test_race_fn, &rb, "race-b");
	complete(&ra.go);
	complete(&rb.go);
	regdata_test_join(a);
	regdata_test_join(b);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	t->misuse_expected = 1;
}

/* ----------------------------------------------------------------------
 * C8: the drm_device outlives the registration
 */

/*
 * The test verifies that files opened before unregistration keep working as
 * files: their guarded ioctls return -ENODEV, they close cleanly after the
 * parent device is gone, and the last close frees the drm_device.
 */
static void drm_test_regdata_file_outlives(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct file *render, *primary;
	struct drm_device *drm;
	struct device *parent;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
	ret = devm_drm_registration_register(parent,
					     &regdata_test_new_data(test)->reg,
					     drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
	render = regdata_test_open(test, drm->render);
	primary = regdata_test_open(test, drm->primary);

	/* The parent goes away; only the files hold the drm_device. */
	kunit_device_unregister(test, parent);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, render,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), -ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, primary,
						 DRM_IOCTL_REGDATA_TEST_G_NONE,
						 &arg, t->user), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);

	__fput_sync(render);
	__fput_sync(primary);
}

/* ----------------------------------------------------------------------
 * Suite
 */

static int regdata_test_init(struct kunit *test)
{
	struct regdata_test *t;
	unsigned long user;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->test = test;
	init_completion(&t->entered);
	init_completion(&t->leave);

	user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, user, 0, "no user memory");
	t->user = (void __user *)user;
	t->mm = current->mm;

	t->drm = regdata_test_new_drm(test, &regdata_test_driver, &t->parent);
	t->misuse_base = regdata_test_misuse();
	return 0;
}

static void regdata_test_exit(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	/* Every test states the misuse reports it provokes, others none. */
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base,
			t->misuse_expected);
}

static struct kunit_case drm_regdata_tests[] = {
	KUNIT_CASE(drm_test_regdata_alloc_free),
	KUNIT_CASE(drm_test_regdata_register_publishes),
	KUNIT_CASE(drm_test_regdata_publish_before_register),
	KUNIT_CASE(drm_test_regdata_publish_race),
	KUNIT_CASE(drm_test_regdata_register_fails),
	KUNIT_CASE(drm_test_regdata_register_wrong_parent),
	KUNIT_CASE(drm_test_regdata_register_twice),
	KUNIT_CASE(drm_test_regdata_unregister_order),
	KUNIT_CASE(drm_test_regdata_unregister_waits_for_guard),
	KUNIT_CASE(drm_test_regdata_guard_sleep_nest),
	KUNIT_CASE(drm_test_regdata_guard_scoped),
	KUNIT_CASE(drm_test_regdata_ioctl_dispatch),
	KUNIT_CASE(drm_test_regdata_ioctl_after_unplug),
	KUNIT_CASE_PARAM(drm_test_regdata_ioctl_permissions,
			 regdata_test_perm_gen_params),
	KUNIT_CASE(drm_test_regdata_ioctl_threads_share_file),
	KUNIT_CASE(drm_test_regdata_ioctl_holds_unregister),
	KUNIT_CASE(drm_test_regdata_devm_unbind),
	KUNIT_CASE(drm_test_regdata_devm_early_unregister),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_twice),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_in_guard),
	KUNIT_CASE(drm_test_regdata_misuse_data_outside_guard),
	KUNIT_CASE(drm_test_regdata_unregister_concurrent),
	KUNIT_CASE(drm_test_regdata_unregister_race),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_concurrent),
	KUNIT_CASE(drm_test_regdata_file_outlives),
	{}
};

static struct kunit_suite drm_regdata_test_suite = {
	.name = "drm_regdata",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_tests,
};

kunit_test_suite(drm_regdata_test_suite);

MODULE_DESCRIPTION("KUnit tests for DRM registration data");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
