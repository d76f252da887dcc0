// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DRM registration data and unbind guards.
 *
 * A test DRM driver registers through the framework; ioctls go through the
 * real drm_ioctl() on files from mock_drm_getfile() with user memory from
 * kunit_vm_mmap(). Concurrency tests use kthreads, which run on two CPUs in
 * the x86_64 QEMU run; they prove ordering with completions and recorded
 * sequence numbers. Where a test must know that a thread has reached the
 * unplug barrier, the test thread itself unregisters with
 * drm_registration_dev_unplug() replaced by a KUnit static stub that
 * signals, then runs the real one.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/drm_managed.h>

#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>

#include "drm_regdata.h"
#include "drm_regdata_internal.h"
#include "regdata_test_fs.h"

/* Generous: a failure is a hang we turn into a test failure. */
#define TEST_TIMEOUT		(10 * HZ)
#define TEST_MAGIC		0x72656764u
#define TEST_IRQ		42
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
#define DRM_REGDATA_TEST_QUERY		0x0c

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
#define DRM_IOCTL_REGDATA_TEST_QUERY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_REGDATA_TEST_QUERY, \
		 struct regdata_test_query)

/* QUERY copies a struct regdata_test_out to @pointer. */
struct regdata_test_query {
	__u64 pointer;
	__u32 size;
	__u32 pad;
};

/* With padding after @small, which must reach userspace zeroed. */
struct regdata_test_out {
	__u32 magic;
	__u8 small;
	__u64 big;
};

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
	/* ordering records: every event takes the next number */
	atomic_t seq;
	/* release callbacks run, and what they saw */
	atomic_t released;
	int release_seq;
	struct completion release_done;
	/* the emulated level-triggered interrupt */
	unsigned int level_irq;
	/* the guarded interrupt handler: calls, and what the last saw */
	int irq_calls;
	bool irq_hardirq;
	u32 irq_magic;
	bool released_unplugged;
	bool released_registered;
	/* guarded handler calls */
	atomic_t calls;
	/* the HOLD ioctl: entered, then waits for leave */
	struct completion entered;
	struct completion leave;
	u32 held_magic;
	/* the load callback: what it does, and what it saw */
	int (*load_fn)(struct regdata_test *t);
	int load_ret;
	int load_guard_ret;
	u32 load_magic;
	/* the unload callback */
	int unloads;
	/* the drm_registration_dev_unplug() stub was called */
	struct completion barrier_entered;
	/*
	 * the drm_registration_sync_guards() stub: the completion it
	 * completes, and what it saw
	 */
	struct completion *sync_leave;
	int sync_guard_ret;
	bool sync_unplugged;
	int sync_seq;
	struct drm_unbind_guard *guard;
	bool barrier_in_guard;
	/* the thread in a debugfs or sysfs callback */
	struct regdata_test_reader *reader;
	bool reader_unplugged;
	/* misuse reports expected during the test */
	int misuse_base;
	int misuse_expected;
};

static struct regdata_test_device *to_tdev(struct drm_device *drm)
{
	return container_of(drm, struct regdata_test_device, drm);
}

static int regdata_test_next(struct regdata_test *t)
{
	return atomic_inc_return(&t->seq);
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

static int regdata_test_query(struct drm_device *drm,
			      struct regdata_test_data *rd, void *data,
			      struct drm_file *file,
			      struct regdata_test_out *out,
			      struct drm_guarded_copy *copy)
{
	struct regdata_test_query *args = data;

	atomic_inc(&rd->t->calls);
	out->magic = rd->magic;
	out->small = 0x5a;
	out->big = 0x0123456789abcdefULL;
	copy->to = u64_to_user_ptr(args->pointer);
	copy->len = args->size;
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL_COPY(regdata_test_query, struct regdata_test_data,
			      reg, struct regdata_test_out);

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
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_QUERY, regdata_test_query,
				  DRM_RENDER_ALLOW),
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
 * and fails if it fails: this shows what a first ioctl would see, lets a
 * test act while registering is under way, and makes registering fail for
 * real.
 */
static int regdata_test_load(struct drm_device *drm, unsigned long flags)
{
	struct regdata_test *t = to_tdev(drm)->t;

	t->load_guard_ret = regdata_test_guard_magic(drm, &t->load_magic);
	if (t->load_fn)
		return t->load_fn(t);
	return t->load_ret;
}

static void regdata_test_unload(struct drm_device *drm)
{
	to_tdev(drm)->t->unloads++;
}

static const struct drm_driver regdata_test_load_driver = {
	.driver_features	= DRIVER_RENDER,
	.load			= regdata_test_load,
	.unload			= regdata_test_unload,
	.ioctls			= regdata_test_ioctls,
	.num_ioctls		= ARRAY_SIZE(regdata_test_ioctls),
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
	t->release_seq = regdata_test_next(t);
	atomic_inc(&t->released);
	complete_all(&t->release_done);
}

static const struct drm_registration_funcs regdata_test_funcs = {
	.release = regdata_test_release,
};

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
				    &regdata_test_funcs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rd);
	rd->magic = TEST_MAGIC;
	rd->t = test->priv;
	return rd;
}

/* Register fresh data on @drm, the plain (non-devres) way. */
static void regdata_test_register_on(struct kunit *test, struct drm_device *drm)
{
	int ret;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

static void regdata_test_register(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	regdata_test_register_on(test, t->drm);
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
static long regdata_test_ioctl_sized(struct file *file, unsigned int cmd,
				     void *arg, size_t size, void __user *user)
{
	long ret;

	if (copy_to_user(user, arg, size))
		return -EFAULT;
	ret = drm_ioctl(file, cmd, (unsigned long)user);
	if (copy_from_user(arg, user, size))
		return -EFAULT;
	return ret;
}

static long regdata_test_ioctl(struct kunit *test, struct file *file,
			       unsigned int cmd, struct regdata_test_arg *arg,
			       void __user *user)
{
	return regdata_test_ioctl_sized(file, cmd, arg, sizeof(*arg), user);
}

/*
 * Call a table entry's function directly, as drm_ioctl() does once its own
 * unplugged check has passed: a racing ioctl reaches the trampoline after
 * unplug has begun, and only the guard stands between it and the handler.
 */
static int regdata_test_past_drm_ioctl(struct drm_device *drm, unsigned int nr,
				       void *arg, struct file *file)
{
	return regdata_test_ioctls[nr].func(drm, arg, file->private_data);
}

static int regdata_test_misuse(void)
{
	return atomic_read(&drm_regdata_misuse_count);
}

/* The description of a string parameter: the string. */
static void regdata_test_str_desc(const char * const *p, char *desc)
{
	strscpy(desc, *p, KUNIT_PARAM_DESC_SIZE);
}

/*
 * A test thread runs @fn, then idles until regdata_test_join(), which first
 * waits for @fn to have started: kthread_stop() on a thread that has not
 * been scheduled yet collects it without running @fn at all. @fn may also
 * run until kthread_should_stop().
 */
struct regdata_test_kthread {
	struct task_struct *task;
	int (*fn)(void *arg);
	void *arg;
	struct completion started;
	int ret;
};

static int regdata_test_kthread_fn(void *arg)
{
	struct regdata_test_kthread *k = arg;

	complete(&k->started);
	k->ret = k->fn(k->arg);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static struct regdata_test_kthread *
__regdata_test_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct regdata_test_kthread *k;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->fn = fn;
	k->arg = arg;
	init_completion(&k->started);
	k->task = kthread_create(regdata_test_kthread_fn, k, "%s", name);
	if (IS_ERR(k->task)) {
		int ret = PTR_ERR(k->task);

		kfree(k);
		return ERR_PTR(ret);
	}
	get_task_struct(k->task);
	wake_up_process(k->task);
	return k;
}

static struct regdata_test_kthread *
regdata_test_thread(struct kunit *test, int (*fn)(void *), void *arg,
		    const char *name)
{
	struct regdata_test_kthread *k = __regdata_test_thread(fn, arg, name);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, k);
	return k;
}

/* Collect the thread once its function has started; the function's result. */
static int regdata_test_join(struct regdata_test_kthread *k)
{
	int ret;

	wait_for_completion(&k->started);
	kthread_stop(k->task);
	put_task_struct(k->task);
	ret = k->ret;
	kfree(k);
	return ret;
}

/*
 * The unplug barrier, replaced for the test thread: note that it was
 * reached (and whether inside a guard), let the test's other threads go on,
 * then run the real one.
 */
static void regdata_test_dev_unplug_stub(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;
	struct regdata_test_device *tdev = to_tdev(drm);

	kunit_deactivate_static_stub(t->test, drm_registration_dev_unplug);
	complete(&t->barrier_entered);
	drm_registration_dev_unplug(&tdev->drm);
}

static void regdata_test_stub_barrier(struct kunit *test)
{
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_dev_unplug_stub);
}

/* Is lockdep on and still running? Tests that rely on it check. */
static void regdata_test_need_lockdep(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	if (!debug_locks)
		kunit_skip(test, "lockdep has turned itself off after an earlier report");
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

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	t->load_guard_ret = -EINVAL;

	regdata_test_register_on(test, drm);
	KUNIT_EXPECT_EQ(test, t->load_guard_ret, 0);
	KUNIT_EXPECT_EQ(test, t->load_magic, TEST_MAGIC);

	drm_registration_unregister(drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

struct regdata_test_first {
	struct regdata_test *t;
	struct drm_device *drm;
	struct completion go;
	struct completion done;
	long ret;
	struct regdata_test_arg arg;
};

/* Open the render node and issue the first ioctl on it. */
static int regdata_test_first_fn(void *arg)
{
	struct regdata_test_first *f = arg;
	struct file *file;

	if (wait_for_completion_timeout(&f->go, TEST_TIMEOUT)) {
		kthread_use_mm(f->t->mm);
		file = mock_drm_getfile(f->drm->render, O_RDWR);
		f->ret = IS_ERR(file) ? PTR_ERR(file) :
			 regdata_test_ioctl(f->t->test, file,
					    DRM_IOCTL_REGDATA_TEST_PING, &f->arg,
					    f->t->user + 1024);
		if (!IS_ERR(file))
			fput(file);
		kthread_unuse_mm(f->t->mm);
	}
	complete(&f->done);
	return 0;
}

static struct regdata_test_first *regdata_test_first_arg;

/* .load: the minors are visible; let another task's first ioctl in. */
static int regdata_test_load_first_ioctl(struct regdata_test *t)
{
	struct regdata_test_first *f = regdata_test_first_arg;

	complete(&f->go);
	if (!wait_for_completion_timeout(&f->done, TEST_TIMEOUT))
		return -ETIMEDOUT;
	return 0;
}

/*
 * The test verifies C1 from userspace's side: the first ioctl another task
 * issues on the render node, as soon as drm_dev_register() has made it
 * visible and before drm_dev_register() has returned, passes the guard and
 * sees the fully initialised data. It fails if the data is published after
 * drm_dev_register().
 */
static void drm_test_regdata_first_ioctl_sees_data(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_first f = { .t = t, .ret = -EINVAL };
	struct regdata_test_kthread *task;

	init_completion(&f.go);
	init_completion(&f.done);
	f.drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	regdata_test_first_arg = &f;
	t->load_fn = regdata_test_load_first_ioctl;
	task = regdata_test_thread(test, regdata_test_first_fn, &f, "first");

	regdata_test_register_on(test, f.drm);
	regdata_test_join(task);

	KUNIT_EXPECT_EQ(test, f.ret, 0);
	KUNIT_EXPECT_EQ(test, f.arg.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	drm_registration_unregister(f.drm);
}

/*
 * The test verifies that when drm_dev_register() fails after the data was
 * handed over and published, the pointer is cleared and the data released
 * exactly once, before drm_registration_register() returns.
 */
static void drm_test_regdata_register_fails(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_registration *left;
	struct drm_device *drm;
	u32 magic = 0;
	int ret;

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	t->load_ret = -EIO;
	t->load_guard_ret = -EINVAL;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					drm, 0);
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	/* It was published: the load callback saw it. */
	KUNIT_EXPECT_EQ(test, t->load_guard_ret, 0);
	KUNIT_EXPECT_EQ(test, t->load_magic, TEST_MAGIC);
	/* And released once, with nothing left that reaches it. */
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));
	left = rcu_access_pointer(*drm_registration_ptr(drm));
	KUNIT_EXPECT_NULL(test, left);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(drm, &magic), -ENODEV);

	/* The data is gone: unregistering now is a misuse. */
	drm_registration_unregister(drm);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	t->misuse_expected = 1;
}

/*
 * .load: the device is found lost during drm_dev_register(), where the
 * teardown cannot wait; queue it, wait until it waits for the registering
 * thread, then make registering fail.
 */
static int regdata_test_load_async_fail(struct regdata_test *t)
{
	struct drm_device *drm = t->drm;
	struct drm_registration_slot *slot = drm_registration_slot(drm);
	unsigned long end = jiffies + TEST_TIMEOUT;

	drm_registration_unplug_async(drm);
	while (!swait_active(&slot->done.wait)) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(500, 1000);
	}
	return -EIO;
}

/*
 * The test verifies that a failed registration leaves nothing behind that
 * still holds the device: with a teardown queued by
 * drm_registration_unplug_async() during drm_dev_register(), which then
 * fails, drm_registration_register() returns only once that work has run
 * and dropped its reference. The device's reference count is back to what
 * it was before registering, so the driver's own put, in the failing probe,
 * is the last one, and its release code runs there, not in a kworker after
 * the probe has failed and its module may be gone.
 */
static void drm_test_regdata_register_fails_async_unplug(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	unsigned int refs;
	int ret;

	t->drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	t->load_fn = regdata_test_load_async_fail;
	refs = kref_read(&t->drm->ref);

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					t->drm, 0);
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	KUNIT_EXPECT_EQ(test, kref_read(&t->drm->ref), refs);
	KUNIT_EXPECT_FALSE(test, work_busy(&drm_registration_slot(t->drm)->unplug_work));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/*
 * The test verifies that devm_drm_registration_register() refuses a
 * drm_device whose parent is not the given device with -EINVAL, releasing
 * the data once and registering nothing.
 */
static void drm_test_regdata_register_wrong_parent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct device *other;
	u32 magic;
	int ret;

	other = kunit_device_register(test, "regdata-test-other");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);

	ret = devm_drm_registration_register(other,
					     &regdata_test_new_data(test)->reg,
					     t->drm, 0);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
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
					t->drm, 0);
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 2);
}

struct regdata_test_unplugger {
	struct regdata_test *t;
	struct drm_device *drm;
	struct regdata_test_kthread *task;
	int done_seq;
	/* completed when done, if set */
	struct completion *done;
};

static int regdata_test_unplugger_fn(void *arg)
{
	struct regdata_test_unplugger *u = arg;

	drm_registration_unplug(u->drm);
	u->done_seq = regdata_test_next(u->t);
	if (u->done)
		complete(u->done);
	return 0;
}

static struct regdata_test_unplugger *regdata_test_unplugger_arg;

/*
 * .load: an error path (an interrupt thread, say) unplugs while
 * drm_dev_register() is under way; return once its request is recorded.
 */
static int regdata_test_load_unplug(struct regdata_test *t)
{
	struct regdata_test_unplugger *u = regdata_test_unplugger_arg;
	struct drm_registration_slot *slot = drm_registration_slot(u->drm);
	unsigned long end = jiffies + TEST_TIMEOUT;

	u->task = __regdata_test_thread(regdata_test_unplugger_fn, u,
					"unplugger");
	if (IS_ERR(u->task))
		return PTR_ERR(u->task);
	while (atomic_read(&slot->state) != DRM_REGISTRATION_UNPLUG_PENDING) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(500, 1000);
	}
	return t->load_ret;
}

static const int regdata_test_load_rets[] = { 0, -EIO };

static void regdata_test_load_ret_desc(const int *ret, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "register-%s",
		 *ret ? "fails" : "succeeds");
}

KUNIT_ARRAY_PARAM(regdata_test_load_ret, regdata_test_load_rets,
		  regdata_test_load_ret_desc);

/*
 * The test verifies that drm_registration_unplug() called while
 * drm_dev_register() is under way does not tear down under it: the
 * registering thread does it once drm_dev_register() has returned, whether
 * that succeeded or failed, the data is released exactly once, and the
 * unplug caller returns only after the release.
 */
static void drm_test_regdata_unplug_during_register(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_unplugger u = { .t = t };
	int ret;

	u.drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	regdata_test_unplugger_arg = &u;
	t->load_fn = regdata_test_load_unplug;
	t->load_ret = *(const int *)test->param_value;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					u.drm, 0);
	KUNIT_EXPECT_EQ(test, ret, t->load_ret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, u.task);
	regdata_test_join(u.task);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(u.drm));
	/* 6.12 leaves registered set when .load fails. */
	if (!ret)
		KUNIT_EXPECT_FALSE(test, u.drm->registered);
	KUNIT_EXPECT_GT(test, u.done_seq, t->release_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&drm_registration_slot(u.drm)->state),
			DRM_REGISTRATION_DEAD);

	/* The owner's unregister afterwards returns quietly. */
	if (!ret)
		drm_registration_unregister(u.drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
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
	struct regdata_test *t;
	struct drm_device *drm;
	struct completion entered;
	/* leave once this completes (the unplug barrier was reached) */
	struct completion *leave;
	/* what the holder saw when it left, and when */
	int released_at_exit;
	int exit_seq;
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
	if (!wait_for_completion_timeout(h->leave, TEST_TIMEOUT))
		ret = -ETIMEDOUT;
	/* Unplug has begun: still the live data, not yet released. */
	rd = drm_unbind_guard_data(&guard, struct regdata_test_data, reg);
	h->magic = READ_ONCE(rd->magic);
	h->released_at_exit = atomic_read(&h->t->released);
	h->exit_seq = regdata_test_next(h->t);
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
	return 0;
}

/* Start a thread that holds a guard on @drm until @leave completes. */
static struct regdata_test_kthread *
regdata_test_start_holder(struct kunit *test, struct regdata_test_holder *h,
			  struct drm_device *drm, struct completion *leave)
{
	struct regdata_test_kthread *task;

	h->t = test->priv;
	h->drm = drm;
	h->leave = leave;
	init_completion(&h->entered);
	task = regdata_test_thread(test, regdata_test_holder_fn, h, "holder");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&h->entered,
							    TEST_TIMEOUT));
	KUNIT_ASSERT_EQ(test, h->ret, 0);
	return task;
}

/*
 * The test verifies the barrier: with a thread inside a guard, unregister
 * reaches drm_dev_unplug() and waits there; the holder, told to leave only
 * then, still sees the live data and nothing released; the release callback
 * runs after the holder has left (recorded order).
 */
static void drm_test_regdata_unregister_waits_for_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_holder h = {};
	struct regdata_test_kthread *holder;

	regdata_test_register(test);
	holder = regdata_test_start_holder(test, &h, t->drm,
					   &t->barrier_entered);

	regdata_test_stub_barrier(test);
	drm_registration_unregister(t->drm);
	regdata_test_join(holder);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, h.released_at_exit, 0);
	KUNIT_EXPECT_GT(test, t->release_seq, h.exit_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/* Poll, without sleeping for a fixed time, until unplug has begun. */
static bool regdata_test_wait_unplugged(struct drm_device *drm)
{
	unsigned long end = jiffies + TEST_TIMEOUT;

	while (!drm_dev_is_unplugged(drm)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(500, 1000);
	}
	return true;
}

/*
 * The test verifies that a guard entered once unplug has begun fails with
 * -ENODEV, while an older guard still holds the data and keeps the
 * unplugging thread waiting: it returns only after the release.
 */
static void drm_test_regdata_no_new_guard_after_unplug(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_unplugger u = { .t = t, .drm = t->drm };
	struct regdata_test_holder h = {};
	struct regdata_test_kthread *holder, *unplug;
	struct completion leave;
	u32 magic = 0;

	init_completion(&leave);
	regdata_test_register(test);
	holder = regdata_test_start_holder(test, &h, t->drm, &leave);

	unplug = regdata_test_thread(test, regdata_test_unplugger_fn, &u,
				     "unplug");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), -ENODEV);
	KUNIT_EXPECT_EQ(test, magic, 0);

	complete(&leave);
	regdata_test_join(holder);
	regdata_test_join(unplug);
	KUNIT_EXPECT_EQ(test, h.released_at_exit, 0);
	KUNIT_EXPECT_GT(test, t->release_seq, h.exit_seq);
	KUNIT_EXPECT_GT(test, u.done_seq, t->release_seq);
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

static int regdata_test_scoped_class(struct drm_device *drm, u32 *magic)
{
	scoped_class(drm_unbind_guard, guard, drm) {
		if (!guard.reg)
			return -ENODEV;
		*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
					       reg)->magic;
	}
	return 0;
}

/*
 * The test verifies the cleanup.h forms: CLASS() and scoped_class() leave
 * the guard on every way out of the scope (unregister afterwards neither
 * warns nor blocks), and report a failed entry once unplug has begun.
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
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_class(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_early_return(t->drm, &magic),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_class(t->drm, &magic), -ENODEV);
	KUNIT_EXPECT_EQ(test, magic, 0);
}

/* Run a function in hard-interrupt context, from an hrtimer. */
struct regdata_test_hardirq {
	struct hrtimer hrtimer;
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
	bool hardirq;
};

static enum hrtimer_restart regdata_test_hardirq_fn(struct hrtimer *hrtimer)
{
	struct regdata_test_hardirq *h =
		container_of(hrtimer, struct regdata_test_hardirq, hrtimer);

	h->hardirq = in_hardirq();
	h->fn(h->arg);
	complete(&h->done);
	return HRTIMER_NORESTART;
}

/* Call @fn(@arg) in hard-interrupt context; whether it ran there. */
static bool regdata_test_in_hardirq(struct kunit *test, void (*fn)(void *arg),
				    void *arg)
{
	struct regdata_test_hardirq h = { .fn = fn, .arg = arg };

	init_completion(&h.done);
	hrtimer_init_on_stack(&h.hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	h.hrtimer.function = regdata_test_hardirq_fn;
	hrtimer_start(&h.hrtimer, ns_to_ktime(1000), HRTIMER_MODE_REL_HARD);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&h.done,
							    TEST_TIMEOUT));
	hrtimer_cancel(&h.hrtimer);
	destroy_hrtimer_on_stack(&h.hrtimer);
	return h.hardirq;
}

struct regdata_test_irq {
	struct drm_device *drm;
	struct timer_list timer;
	struct completion done;
	bool hardirq;
	bool softirq;
	int ret;
	u32 magic;
};

static void regdata_test_irq_guard(void *arg)
{
	struct regdata_test_irq *irq = arg;

	irq->hardirq = in_hardirq();
	irq->softirq = in_serving_softirq();
	irq->ret = regdata_test_guard_magic(irq->drm, &irq->magic);
	complete(&irq->done);
}

static void regdata_test_timer_fn(struct timer_list *timer)
{
	regdata_test_irq_guard(container_of(timer, struct regdata_test_irq,
					    timer));
}

/*
 * The test verifies that guards work in interrupt context, as vblank, fence
 * and timer callbacks need: entered from a hard-interrupt hrtimer and from a
 * softirq timer they see the data, and unregistering afterwards, which tells
 * lockdep it waits for every guard, gives no lockdep report (lockdep is
 * still running at the end).
 */
static void drm_test_regdata_guard_in_irq(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_irq irq = { .drm = t->drm, .ret = -EINVAL };
	bool lockdep = IS_ENABLED(CONFIG_PROVE_LOCKING) && debug_locks;

	regdata_test_register(test);

	init_completion(&irq.done);
	KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test, regdata_test_irq_guard,
							&irq));
	KUNIT_EXPECT_TRUE(test, irq.hardirq);
	KUNIT_EXPECT_EQ(test, irq.ret, 0);
	KUNIT_EXPECT_EQ(test, irq.magic, TEST_MAGIC);

	irq.ret = -EINVAL;
	irq.magic = 0;
	reinit_completion(&irq.done);
	timer_setup_on_stack(&irq.timer, regdata_test_timer_fn, 0);
	mod_timer(&irq.timer, jiffies + 1);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&irq.done,
							    TEST_TIMEOUT));
	del_timer_sync(&irq.timer);
	destroy_timer_on_stack(&irq.timer);
	KUNIT_EXPECT_TRUE(test, irq.softirq);
	KUNIT_EXPECT_EQ(test, irq.ret, 0);
	KUNIT_EXPECT_EQ(test, irq.magic, TEST_MAGIC);

	/* A guard in process context too, then the writer side. */
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &irq.magic), 0);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	if (lockdep)
		KUNIT_EXPECT_TRUE_MSG(test, debug_locks,
				      "lockdep reported a problem and turned itself off");
	else
		kunit_info(test, "lockdep is not running: its part not checked");
}

static irqreturn_t regdata_test_irq_handler(int irq, struct drm_device *drm,
					    struct regdata_test_data *rd)
{
	struct regdata_test *t = rd->t;

	t->irq_hardirq = in_hardirq();
	t->irq_magic = rd->magic;
	t->irq_calls++;
	return irq == TEST_IRQ ? IRQ_HANDLED : IRQ_NONE;
}

DEFINE_DRM_GUARDED_IRQ(regdata_test_irq_handler, struct regdata_test_data,
		       reg);

struct regdata_test_irq_call {
	struct drm_device *drm;
	irqreturn_t ret;
};

static void regdata_test_irq_call_fn(void *arg)
{
	struct regdata_test_irq_call *c = arg;

	c->ret = DRM_GUARDED_IRQ(regdata_test_irq_handler)(TEST_IRQ, c->drm);
}

/* Call the guarded handler in hard-interrupt context, as the IRQ core does. */
static irqreturn_t regdata_test_irq_call(struct kunit *test,
					 struct drm_device *drm)
{
	struct regdata_test_irq_call c = { .drm = drm, .ret = -1 };

	regdata_test_in_hardirq(test, regdata_test_irq_call_fn, &c);
	return c.ret;
}

/*
 * The test verifies DEFINE_DRM_GUARDED_IRQ(): in hard-interrupt context
 * the handler gets the registration data and its answer is passed on; once
 * the device is unregistered (an IRQ requested with devm before the
 * hand-over outlives the data), the trampoline answers IRQ_NONE without
 * calling the handler.
 */
static void drm_test_regdata_guarded_irq(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	regdata_test_register(test);

	KUNIT_EXPECT_EQ(test, regdata_test_irq_call(test, t->drm), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->irq_calls, 1);
	KUNIT_EXPECT_TRUE(test, t->irq_hardirq);
	KUNIT_EXPECT_EQ(test, t->irq_magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_irq_call(test, t->drm), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, t->irq_calls, 1);
}

/*
 * A device with a level-triggered interrupt line, emulated: the line is
 * asserted while an event is pending and the device's interrupt enable is
 * set, and stays so until the driver's handler acknowledges the event.
 */
struct regdata_test_irq_hw {
	atomic_t pending;
	atomic_t enabled;
	/* events acknowledged */
	atomic_t acked;
};

static bool regdata_test_irq_asserted(struct regdata_test_irq_hw *hw)
{
	return atomic_read(&hw->pending) && atomic_read(&hw->enabled);
}

/*
 * Registration data of the driver of that device, which "maps" it; what the
 * test's guard holders read comes first.
 */
struct regdata_test_irq_data {
	struct regdata_test_data base;
	struct regdata_test_irq_hw *hw;
};

static irqreturn_t regdata_test_level_irq(int irq, struct drm_device *drm,
					  struct regdata_test_irq_data *d)
{
	if (!regdata_test_irq_asserted(d->hw))
		return IRQ_NONE;
	atomic_set(&d->hw->pending, 0);
	atomic_inc(&d->hw->acked);
	return IRQ_HANDLED;
}

DEFINE_DRM_GUARDED_IRQ(regdata_test_level_irq, struct regdata_test_irq_data,
		       base.reg);

/* Turn the device's interrupt generation off, as a driver's quiesce does. */
static void regdata_test_irq_quiesce(struct drm_registration *reg)
{
	struct regdata_test_irq_data *d =
		container_of(reg, struct regdata_test_irq_data, base.reg);

	atomic_set(&d->hw->enabled, 0);
}

static const struct drm_registration_funcs regdata_test_irq_quiesce_funcs = {
	.quiesce = regdata_test_irq_quiesce,
};

static const struct drm_registration_funcs regdata_test_irq_no_quiesce_funcs = {
};

/*
 * More polls of the line than the IRQ core counts before it judges it:
 * note_interrupt() disables a line when 99,900 of 100,000 interrupts went
 * unhandled.
 */
#define TEST_IRQ_POLLS		110000

/*
 * The interrupt controller: while the guard holder keeps the unplug
 * waiting, poll the line TEST_IRQ_POLLS times and deliver an interrupt
 * whenever it is asserted and not disabled; then let the holder leave.
 */
struct regdata_test_irq_ctl {
	struct regdata_test_irq_hw *hw;
	unsigned int irq;
	struct completion *start;
	struct completion *leave;
	int delivered;
};

static int regdata_test_irq_ctl_fn(void *arg)
{
	struct regdata_test_irq_ctl *c = arg;
	int i;

	wait_for_completion(c->start);
	for (i = 0; i < TEST_IRQ_POLLS; i++) {
		if (!regdata_test_irq_asserted(c->hw) ||
		    irqd_irq_disabled(irq_get_irq_data(c->irq)))
			continue;
		generic_handle_irq_safe(c->irq);
		c->delivered++;
		if (!(c->delivered % 1024))
			cond_resched();
	}
	complete(c->leave);
	return 0;
}

static void regdata_test_irq_free_desc(void *irq)
{
	irq_free_desc((unsigned long)irq);
}

static void regdata_test_free_irq(void *drm)
{
	struct drm_device *d = drm;

	free_irq(to_tdev(d)->t->level_irq, d);
}

static const char * const regdata_test_quiesce_params[] = {
	"quiesce", "no-quiesce",
};

KUNIT_ARRAY_PARAM(regdata_test_quiesce, regdata_test_quiesce_params,
		  regdata_test_str_desc);

/*
 * The test verifies that the quiesce callback runs before the unplug
 * barrier, while the data is alive, so that a device can stop asserting its
 * interrupt line before the guarded handler starts to answer IRQ_NONE: a
 * level-triggered interrupt whose event is pending when the device is
 * unregistered, with a guard held while more interrupts arrive than the IRQ
 * core's spurious-interrupt threshold, leaves the line enabled when the
 * driver's quiesce turns the device's interrupts off. Without a quiesce
 * callback (the second case, the control) the line stays asserted, every
 * interrupt goes unhandled, and the IRQ core disables the line ("nobody
 * cared"), as it would for every device sharing it. Needs interrupt
 * descriptors of its own (CONFIG_SPARSE_IRQ): runs on x86_64.
 */
static void drm_test_regdata_quiesce_irq(struct kunit *test)
{
	const char * const *param = test->param_value;
	bool quiesce = !strcmp(*param, "quiesce");
	struct regdata_test *t = test->priv;
	struct regdata_test_irq_hw hw = {};
	struct regdata_test_irq_ctl c = { .hw = &hw };
	struct regdata_test_kthread *holder, *ctl;
	struct regdata_test_holder h = {};
	struct regdata_test_irq_data *d;
	struct completion leave;
	int irq, ret;

	if (!IS_ENABLED(CONFIG_SPARSE_IRQ))
		kunit_skip(test, "needs CONFIG_SPARSE_IRQ for an interrupt of its own");

	irq = irq_alloc_desc(NUMA_NO_NODE);
	KUNIT_ASSERT_GE(test, irq, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, regdata_test_irq_free_desc,
							(void *)(unsigned long)irq), 0);
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_level_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOPROBE | IRQ_NOAUTOEN, 0);

	d = drm_registration_alloc(struct regdata_test_irq_data, base.reg,
				   quiesce ? &regdata_test_irq_quiesce_funcs :
					     &regdata_test_irq_no_quiesce_funcs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d);
	d->base.magic = TEST_MAGIC;
	d->base.t = t;
	d->hw = &hw;
	ret = drm_registration_register(&d->base.reg, t->drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	t->level_irq = irq;
	ret = request_irq(irq, DRM_GUARDED_IRQ(regdata_test_level_irq),
			  IRQF_SHARED, "regdata-test", t->drm);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, regdata_test_free_irq,
							t->drm), 0);

	/* The device works: an event is handled and acknowledged. */
	atomic_set(&hw.enabled, 1);
	atomic_set(&hw.pending, 1);
	generic_handle_irq_safe(irq);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.acked), 1);
	KUNIT_EXPECT_FALSE(test, regdata_test_irq_asserted(&hw));

	/* An event nobody will acknowledge, and a slow guard. */
	atomic_set(&hw.pending, 1);
	init_completion(&leave);
	holder = regdata_test_start_holder(test, &h, t->drm, &leave);
	c.irq = irq;
	c.start = &t->barrier_entered;
	c.leave = &leave;
	ctl = regdata_test_thread(test, regdata_test_irq_ctl_fn, &c, "irq-ctl");
	if (!quiesce)
		kunit_info(test, "regdata expects: nobody cared\n");

	/* The barrier stub lets the controller go once the unplug waits. */
	regdata_test_stub_barrier(test);
	drm_registration_unregister(t->drm);
	regdata_test_join(ctl);
	regdata_test_join(holder);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	if (quiesce) {
		KUNIT_EXPECT_FALSE(test, regdata_test_irq_asserted(&hw));
		KUNIT_EXPECT_EQ(test, c.delivered, 0);
		KUNIT_EXPECT_FALSE_MSG(test, irqd_irq_disabled(irq_get_irq_data(irq)),
				       "the IRQ core disabled the line after %d interrupts",
				       c.delivered);
	} else {
		KUNIT_EXPECT_TRUE(test, regdata_test_irq_asserted(&hw));
		KUNIT_EXPECT_TRUE_MSG(test, irqd_irq_disabled(irq_get_irq_data(irq)),
				      "the line survived %d unhandled interrupts",
				      c.delivered);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.acked), 1);
}

/* What the documentation states: guards also in the framework's domain take more. */
#define TEST_NEST_ONE_DEVICE	(DRM_UNPLUG_PER_DEVICE ? 40 : 20)
#define TEST_NEST_DEVICES	(DRM_UNPLUG_PER_DEVICE ? 20 : 14)

/*
 * Enter guard @i of @n on @drm[i % ndrm] and, inside it, the ones after it;
 * leave them in reverse. Recursion keeps each enter/exit pair in one frame.
 */
static int regdata_test_nest(struct drm_device **drm, int ndrm, int i, int n)
{
	struct drm_unbind_guard guard;
	int ret;

	if (i == n)
		return 0;
	ret = drm_unbind_guard_enter(&guard, drm[i % ndrm]);
	if (ret)
		return ret;
	ret = regdata_test_nest(drm, ndrm, i + 1, n);
	drm_unbind_guard_exit(&guard);
	return ret;
}

/*
 * The test verifies the nesting depth the documentation states under
 * lockdep: 40 nested guards on one device, and one guard on each of 20
 * devices at once, leave lockdep running (it turns itself off for the whole
 * kernel when a task holds more than MAX_LOCK_DEPTH locks).
 */
static void drm_test_regdata_guard_nesting_depth(struct kunit *test)
{
	struct drm_device *drm[TEST_NEST_DEVICES];
	int i;

	regdata_test_need_lockdep(test);

	for (i = 0; i < TEST_NEST_DEVICES; i++) {
		drm[i] = regdata_test_new_drm(test, &regdata_test_driver, NULL);
		regdata_test_register_on(test, drm[i]);
	}

	KUNIT_EXPECT_EQ(test, regdata_test_nest(drm, 1, 0, TEST_NEST_ONE_DEVICE),
			0);
	KUNIT_EXPECT_TRUE(test, debug_locks);
	KUNIT_EXPECT_EQ(test, regdata_test_nest(drm, TEST_NEST_DEVICES, 0,
						TEST_NEST_DEVICES), 0);
	KUNIT_EXPECT_TRUE(test, debug_locks);

	for (i = 0; i < TEST_NEST_DEVICES; i++)
		drm_registration_unregister(drm[i]);
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
 * -ENODEV without calling the handler when reached past drm_ioctl()'s own
 * unplugged check, as a racing ioctl is.
 */
static void drm_test_regdata_ioctl_after_unplug(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, file), 0);
	KUNIT_EXPECT_EQ(test, arg.magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	arg.magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, file), -ENODEV);
	KUNIT_EXPECT_EQ(test, arg.magic, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(file);
}

/*
 * The test verifies DEFINE_DRM_GUARDED_IOCTL_COPY(): the result reaches the
 * user buffer, at most the length the handler asked for, with its padding
 * zeroed (no kernel stack in it), and a buffer the kernel cannot write
 * gives -EFAULT.
 */
static void drm_test_regdata_ioctl_copy_result(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_query q = {};
	struct regdata_test_out out;
	u8 raw[sizeof(out) + 8];
	void __user *buf = t->user + 2048;
	unsigned long ro;
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	memset(raw, 0xff, sizeof(raw));
	KUNIT_ASSERT_EQ(test, copy_to_user(buf, raw, sizeof(raw)), 0);
	q.pointer = (unsigned long)buf;
	q.size = sizeof(out);
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl_sized(file,
						       DRM_IOCTL_REGDATA_TEST_QUERY,
						       &q, sizeof(q), t->user), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(raw, buf, sizeof(raw)), 0);
	memcpy(&out, raw, sizeof(out));
	KUNIT_EXPECT_EQ(test, out.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, out.small, 0x5a);
	KUNIT_EXPECT_EQ(test, out.big, 0x0123456789abcdefULL);
	/* The padding between small and big, and nothing past the end. */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(raw + offsetofend(typeof(out), small),
					    0, offsetof(typeof(out), big) -
					    offsetofend(typeof(out), small)));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(raw + sizeof(out), 0xff, 8));

	ro = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, ro, 0);
	q.pointer = ro;
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl_sized(file,
						       DRM_IOCTL_REGDATA_TEST_QUERY,
						       &q, sizeof(q), t->user),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 2);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

/*
 * A file whose mapping faults slowly: the fault handler says it has been
 * reached, then waits to be let go and fails the access.
 */
struct regdata_test_slow {
	struct regdata_test *t;
	struct completion in_fault;
	struct completion let_go;
	int fault_done_seq;
};

static vm_fault_t regdata_test_slow_fault(struct vm_fault *vmf)
{
	struct regdata_test_slow *slow = vmf->vma->vm_file->private_data;

	complete(&slow->in_fault);
	wait_for_completion_timeout(&slow->let_go, TEST_TIMEOUT);
	slow->fault_done_seq = regdata_test_next(slow->t);
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct regdata_test_slow_vm_ops = {
	.fault = regdata_test_slow_fault,
};

static int regdata_test_slow_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &regdata_test_slow_vm_ops;
	return 0;
}

static const struct file_operations regdata_test_slow_fops = {
	.owner	= THIS_MODULE,
	.mmap	= regdata_test_slow_mmap,
};

struct regdata_test_query_thread {
	struct regdata_test *t;
	struct file *file;
	unsigned long pointer;
	long ret;
};

static int regdata_test_query_fn(void *arg)
{
	struct regdata_test_query_thread *q = arg;
	struct regdata_test_query args = {
		.pointer = q->pointer,
		.size = sizeof(struct regdata_test_out),
	};

	kthread_use_mm(q->t->mm);
	q->ret = regdata_test_ioctl_sized(q->file, DRM_IOCTL_REGDATA_TEST_QUERY,
					  &args, sizeof(args),
					  q->t->user + 3072);
	kthread_unuse_mm(q->t->mm);
	return 0;
}

/*
 * The test verifies that DEFINE_DRM_GUARDED_IOCTL_COPY() copies outside the
 * guard: while the copy is stuck in a page fault, unregistering completes
 * (recorded before the fault is let go), and the ioctl then fails with
 * -EFAULT.
 */
static void drm_test_regdata_ioctl_copy_outside_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_slow slow = { .t = t };
	struct regdata_test_query_thread q = { .t = t };
	struct regdata_test_kthread *task;
	struct file *slow_file;
	int unreg_seq;

	init_completion(&slow.in_fault);
	init_completion(&slow.let_go);
	slow_file = anon_inode_getfile("regdata-test-slow",
				       &regdata_test_slow_fops, &slow, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, slow_file);
	q.pointer = kunit_vm_mmap(test, slow_file, 0, PAGE_SIZE,
				  PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, q.pointer, 0);

	regdata_test_register(test);
	q.file = regdata_test_open(test, t->drm->render);
	task = regdata_test_thread(test, regdata_test_query_fn, &q, "query");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&slow.in_fault,
							    TEST_TIMEOUT));

	drm_registration_unregister(t->drm);
	unreg_seq = regdata_test_next(t);
	complete(&slow.let_go);
	regdata_test_join(task);

	KUNIT_EXPECT_GT(test, slow.fault_done_seq, unreg_seq);
	KUNIT_EXPECT_EQ(test, q.ret, -EFAULT);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(q.file);
	fput(slow_file);
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
	struct regdata_test_kthread *task[TEST_THREADS];
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
	int done_seq;
};

static int regdata_test_hold_fn(void *arg)
{
	struct regdata_test_hold_thread *h = arg;
	struct regdata_test_arg a = {};

	kthread_use_mm(h->t->mm);
	h->ret = regdata_test_ioctl(h->t->test, h->file,
				    DRM_IOCTL_REGDATA_TEST_HOLD, &a,
				    h->t->user + 512);
	h->done_seq = regdata_test_next(h->t);
	kthread_unuse_mm(h->t->mm);
	return 0;
}

/* The HOLD handler leaves once the barrier is reached. */
static void regdata_test_stub_barrier_leave(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;

	kunit_deactivate_static_stub(t->test, drm_registration_dev_unplug);
	complete(&t->leave);
	drm_registration_dev_unplug(drm);
}

/*
 * The test verifies that an ioctl handler runs wholly inside the guard:
 * while one sleeps in its handler, unregister reaches the barrier and waits
 * there, the handler returns (and sees live data) before the release
 * callback runs, and an ioctl that got past drm_ioctl()'s unplugged check
 * after unregistering is refused by the guard.
 */
static void drm_test_regdata_ioctl_holds_unregister(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_hold_thread h = { .t = t };
	struct regdata_test_arg arg = {};
	struct regdata_test_kthread *holder;

	regdata_test_register(test);
	h.file = regdata_test_open(test, t->drm->render);

	holder = regdata_test_thread(test, regdata_test_hold_fn, &h, "hold");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&t->entered,
							    TEST_TIMEOUT));
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_stub_barrier_leave);
	drm_registration_unregister(t->drm);
	regdata_test_join(holder);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, t->held_magic, TEST_MAGIC);
	KUNIT_EXPECT_GT(test, t->release_seq, h.done_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, h.file), -ENODEV);
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

/*
 * The barrier, replaced: inside a guard the real one would wait for the
 * caller itself, forever. Note that it was reached, and from inside the
 * guard; leave the guard, which the real barrier waits for before the data
 * is released; do not unplug.
 */
static void regdata_test_dev_unplug_record(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;
	struct drm_unbind_guard *guard = READ_ONCE(t->guard);

	t->barrier_in_guard = guard;
	if (guard)
		__drm_unbind_guard_exit(guard);
	WRITE_ONCE(t->guard, NULL);
	complete(&t->barrier_entered);
}

/*
 * The test verifies that unregistering from inside a guard on the device
 * does what it does anywhere else, go on to the unplug barrier (which would
 * deadlock; here it is replaced, and leaves the guard as the real one waits
 * for it to be left), and that it warns where lockdep can tell,
 * whether or not lockdep is on: debug options change reports, never
 * behaviour.
 */
static void drm_test_regdata_misuse_unregister_in_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_unbind_guard guard;
	bool warns = IS_ENABLED(CONFIG_PROVE_LOCKING) && debug_locks;

	regdata_test_register(test);
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_dev_unplug_record);

	/* The unannotated half: the replaced barrier leaves the guard. */
	if (!__drm_unbind_guard_enter(&guard, t->drm)) {
		KUNIT_FAIL(test, "no guard on a registered device");
		return;
	}
	WRITE_ONCE(t->guard, &guard);
	drm_registration_unregister(t->drm);

	KUNIT_EXPECT_TRUE(test, completion_done(&t->barrier_entered));
	KUNIT_EXPECT_TRUE(test, t->barrier_in_guard);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base,
			warns ? 1 : 0);
	t->misuse_expected = warns ? 1 : 0;

	/* The replaced barrier left the device registered: unplug it. */
	drm_dev_unplug(t->drm);
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
	int ret;

	regdata_test_need_lockdep(test);

	regdata_test_register(test);
	other = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	regdata_test_register_on(test, other);

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

/*
 * The test verifies that a driver that unplugs its device itself before
 * the framework's teardown gets a warning, and that the device is not
 * unregistered a second time: the driver's unload callback runs once.
 */
static void drm_test_regdata_misuse_driver_unplugged(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *drm;

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	regdata_test_register_on(test, drm);

	drm_dev_unplug(drm);
	KUNIT_EXPECT_EQ(test, t->unloads, 1);
	drm_registration_unregister(drm);

	KUNIT_EXPECT_EQ(test, t->unloads, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	t->misuse_expected = 1;
}

/*
 * The guards' wait without an unplug, replaced for the test thread: record
 * that the teardown got there, whether the device is unplugged, and what a
 * guard entered now gets (the device is not unplugged when the driver only
 * unregistered it: the cleared data pointer is all that stops new guards),
 * let the guard holder go, then wait for real.
 */
static void regdata_test_sync_stub(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;
	u32 magic = 0;

	kunit_deactivate_static_stub(t->test, drm_registration_sync_guards);
	t->sync_seq = regdata_test_next(t);
	t->sync_unplugged = drm_dev_is_unplugged(drm);
	t->sync_guard_ret = regdata_test_guard_magic(drm, &magic);
	complete(t->sync_leave);
	drm_registration_sync_guards(drm);
}

static int regdata_test_drm_dev_unplug_fn(void *drm)
{
	drm_dev_unplug(drm);
	return 0;
}

static const char * const regdata_test_driver_teardown_params[] = {
	"unregistered", "unplug-in-barrier",
};

KUNIT_ARRAY_PARAM(regdata_test_driver_teardown,
		  regdata_test_driver_teardown_params, regdata_test_str_desc);

/*
 * The test verifies that the data outlives every guard also when the driver
 * tore the device down itself, which the framework reports as a misuse: a
 * thread holds a guard across the driver's own drm_dev_unregister() (after
 * which guards still pass drm_dev_enter(), the device not being unplugged),
 * or across the driver's own drm_dev_unplug() still in its barrier; then the
 * owner unregisters. The teardown warns once, does not unregister a second
 * time (the unload callback ran once), refuses new guards (-ENODEV, with the
 * device not unplugged in the first case) and waits for the holder, which
 * leaves only once the teardown has got to that wait (or, were there no
 * wait, once unregistering has returned): the holder still sees the live
 * data and nothing released, and the release comes after it left (recorded
 * order). Without the wait the holder reads freed data: a KASAN report.
 */
static void drm_test_regdata_misuse_driver_teardown(struct kunit *test)
{
	const char * const *param = test->param_value;
	bool unplug = !strcmp(*param, "unplug-in-barrier");
	struct regdata_test *t = test->priv;
	struct regdata_test_kthread *holder, *unplugger = NULL;
	struct regdata_test_holder h = {};
	struct completion leave;
	struct drm_device *drm;

	init_completion(&leave);
	drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	regdata_test_register_on(test, drm);
	holder = regdata_test_start_holder(test, &h, drm, &leave);

	if (unplug) {
		/* Its barrier waits for the holder. */
		unplugger = regdata_test_thread(test, regdata_test_drm_dev_unplug_fn,
						drm, "drv-unplug");
		KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(drm));
	} else {
		drm_dev_unregister(drm);
	}
	/* drm_dev_unplug() unregisters after its barrier. */
	KUNIT_EXPECT_EQ(test, t->unloads, unplug ? 0 : 1);

	t->sync_leave = &leave;
	kunit_activate_static_stub(test, drm_registration_sync_guards,
				   regdata_test_sync_stub);
	drm_registration_unregister(drm);
	/* Let the holder go in any case, once unregistering has returned. */
	complete(&leave);
	regdata_test_join(holder);
	if (unplugger)
		regdata_test_join(unplugger);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, h.released_at_exit, 0);
	KUNIT_EXPECT_GT(test, h.exit_seq, t->sync_seq);
	KUNIT_EXPECT_GT(test, t->release_seq, h.exit_seq);
	KUNIT_EXPECT_EQ(test, t->sync_guard_ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, t->sync_unplugged, unplug);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, t->unloads, 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	t->misuse_expected = 1;
}

/* ----------------------------------------------------------------------
 * Unplugging without waiting
 */

static void regdata_test_async_fn(void *drm)
{
	drm_registration_unplug_async(drm);
}

/*
 * Inside a guard: queue the teardown twice, and see the data still there,
 * not yet released.
 */
static int regdata_test_async_in_guard(struct regdata_test *t, u32 *magic)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, t->drm);
	if (ret)
		return ret;
	drm_registration_unplug_async(t->drm);
	drm_registration_unplug_async(t->drm);
	KUNIT_EXPECT_EQ(t->test, atomic_read(&t->released), 0);
	*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
				       reg)->magic;
	drm_unbind_guard_exit(&guard);
	return 0;
}

static const char * const regdata_test_async_params[] = {
	"inside-guard", "hardirq",
};

KUNIT_ARRAY_PARAM(regdata_test_async, regdata_test_async_params,
		  regdata_test_str_desc);

/*
 * The test verifies drm_registration_unplug_async(), for a driver that finds
 * its device lost where it cannot wait for the guards: called inside a guard
 * on the device (where drm_registration_unplug() deadlocks in the barrier),
 * it returns with the data still there (twice: the second call finds the
 * teardown queued); once the guard is left, the queued teardown runs the
 * release callback, new guards fail, and the owner's unregister returns
 * without a warning. Called from a hard-interrupt hrtimer, the same. Then
 * calling it again does nothing.
 */
static void drm_test_regdata_unplug_async(struct kunit *test)
{
	const char * const *param = test->param_value;
	struct regdata_test *t = test->priv;
	u32 magic = 0;

	regdata_test_register(test);

	if (!strcmp(*param, "inside-guard")) {
		KUNIT_ASSERT_EQ(test, regdata_test_async_in_guard(t, &magic), 0);
		KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);
	} else {
		KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test,
								regdata_test_async_fn,
								t->drm));
	}

	KUNIT_ASSERT_TRUE_MSG(test, wait_for_completion_timeout(&t->release_done,
								TEST_TIMEOUT),
			      "the queued teardown did not release the data");
	KUNIT_EXPECT_TRUE(test, t->released_unplugged);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &magic), -ENODEV);

	drm_registration_unplug_async(t->drm);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

/* ----------------------------------------------------------------------
 * Concurrent unregistration
 */

/*
 * The test verifies that the owner's unregister and an error path's unplug
 * running at once, while a guard holds the first in the barrier, tear down
 * once: the second caller waits (it is queued on the teardown's completion)
 * and returns only after the release callback, recorded in that order, and
 * nothing warns.
 */
static void drm_test_regdata_unregister_concurrent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_unplugger a = { .t = t, .drm = t->drm };
	struct regdata_test_unplugger u = { .t = t, .drm = t->drm };
	struct regdata_test_holder h = {};
	struct drm_registration_slot *slot;
	struct regdata_test_kthread *holder, *unreg, *b;
	struct completion leave;
	unsigned long end;
	int early;

	init_completion(&leave);
	regdata_test_register(test);
	slot = drm_registration_slot(t->drm);
	holder = regdata_test_start_holder(test, &h, t->drm, &leave);

	unreg = regdata_test_thread(test, regdata_test_unplugger_fn, &a,
				    "unreg-a");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));
	b = regdata_test_thread(test, regdata_test_unplugger_fn, &u, "unplug-b");

	/* b must queue on the teardown, not return before it ends. */
	end = jiffies + TEST_TIMEOUT;
	while (!swait_active(&slot->done.wait) && !READ_ONCE(u.done_seq) &&
	       time_before(jiffies, end))
		usleep_range(500, 1000);
	early = READ_ONCE(u.done_seq);
	KUNIT_EXPECT_EQ(test, early, 0);

	complete(&leave);
	regdata_test_join(holder);
	regdata_test_join(unreg);
	regdata_test_join(b);

	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	KUNIT_EXPECT_GT(test, u.done_seq, t->release_seq);
}

struct regdata_test_race {
	struct drm_device *drm;
	struct completion go;
	bool unplug;
	/* threads of the round inside their call; set if it saw the other */
	atomic_t *inside;
	bool overlapped;
};

static int regdata_test_race_fn(void *arg)
{
	struct regdata_test_race *r = arg;

	wait_for_completion(&r->go);
	/* Entering while the other is inside: the two calls overlapped. */
	r->overlapped = atomic_inc_return(r->inside) == 2;
	if (r->unplug)
		drm_registration_unplug(r->drm);
	else
		drm_registration_unregister(r->drm);
	atomic_dec(r->inside);
	return 0;
}

/*
 * A race test means something only where the two sides ran at once: on two
 * CPUs, fail if they never did.
 */
static void regdata_test_expect_overlap(struct kunit *test, int overlaps,
					int rounds)
{
	kunit_info(test, "%d of %d rounds overlapped, on %u CPUs\n", overlaps,
		   rounds, num_online_cpus());
	if (num_online_cpus() > 1)
		KUNIT_EXPECT_GT_MSG(test, overlaps, 0,
				    "the two sides never ran at the same time");
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
	int round, overlaps = 0;
	atomic_t inside;

	for (round = 0; round < TEST_RACE_ROUNDS; round++) {
		struct regdata_test_race ra = {}, rb = { .unplug = true };
		struct regdata_test_kthread *a, *b;
		struct drm_device *drm;
		struct device *parent;

		drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
		regdata_test_register_on(test, drm);

		atomic_set(&inside, 0);
		ra.inside = &inside;
		rb.inside = &inside;
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
		overlaps += ra.overlapped || rb.overlapped;
		KUNIT_EXPECT_EQ(test, atomic_read(&t->released), round + 1);
		KUNIT_EXPECT_TRUE(test, drm_dev_is_unplugged(drm));

		/* The owner's unregister after an unplug returns quietly. */
		if (ra.unplug)
			drm_registration_unregister(drm);
		kunit_device_unregister(test, parent);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), TEST_RACE_ROUNDS);
	regdata_test_expect_overlap(test, overlaps, TEST_RACE_ROUNDS);
}

/*
 * The test verifies that two concurrent unregisters by the owner, a double
 * unregister, tear down once and warn exactly once, whichever comes first.
 */
static void drm_test_regdata_misuse_unregister_concurrent(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	int round, overlaps = 0;
	atomic_t inside;

	for (round = 0; round < TEST_RACE_ROUNDS; round++) {
		struct regdata_test_race ra = {}, rb = {};
		struct regdata_test_kthread *a, *b;
		struct drm_device *drm;
		struct device *parent;

		drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
		regdata_test_register_on(test, drm);
		atomic_set(&inside, 0);
		ra.drm = drm;
		rb.drm = drm;
		ra.inside = &inside;
		rb.inside = &inside;
		init_completion(&ra.go);
		init_completion(&rb.go);
		a = regdata_test_thread(test, regdata_test_race_fn, &ra, "race-a");
		b = regdata_test_thread(test, regdata_test_race_fn, &rb, "race-b");
		complete(&ra.go);
		complete(&rb.go);
		regdata_test_join(a);
		regdata_test_join(b);
		overlaps += ra.overlapped || rb.overlapped;

		KUNIT_EXPECT_EQ(test, atomic_read(&t->released), round + 1);
		KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base,
				round + 1);
		kunit_device_unregister(test, parent);
	}
	t->misuse_expected = TEST_RACE_ROUNDS;
	regdata_test_expect_overlap(test, overlaps, TEST_RACE_ROUNDS);
}

/* ----------------------------------------------------------------------
 * C8: the drm_device outlives the registration
 */

/*
 * The test verifies that files opened before unregistration keep working as
 * files: their guarded ioctls, reached past drm_ioctl()'s own unplugged
 * check, return -ENODEV without calling the handler, they close cleanly
 * after the parent device is gone, and the last close frees the drm_device.
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

	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, render), -ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(drm,
							  DRM_REGDATA_TEST_G_NONE,
							  &arg, primary), -ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, render,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);

	__fput_sync(render);
	__fput_sync(primary);
}

struct regdata_test_late {
	struct regdata_test *t;
	int guard_ret;
	bool ran;
};

/* Runs in the drm_device's release, after the framework's slot is gone. */
static void regdata_test_late_fn(struct drm_device *drm, void *arg)
{
	struct regdata_test_late *late = arg;
	u32 magic;

	late->guard_ret = regdata_test_guard_magic(drm, &magic);
	drm_registration_unplug(drm);
	late->ran = true;
}

/*
 * The test verifies that nothing reaches the framework's per-device state
 * once the drm_device's release has freed it: a drmm action registered
 * before the registration, which runs after the framework's own, finds no
 * registration (a guard fails with -ENODEV, unplugging warns) instead of
 * freed memory.
 */
static void drm_test_regdata_late_call_in_release(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_late *late;
	struct drm_device *drm;
	struct device *parent;
	int ret;

	late = kunit_kzalloc(test, sizeof(*late), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, late);
	late->guard_ret = -EINVAL;
	drm = regdata_test_new_drm(test, &regdata_test_driver, &parent);
	ret = drmm_add_action(drm, regdata_test_late_fn, late);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = devm_drm_registration_register(parent,
					     &regdata_test_new_data(test)->reg,
					     drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* Unbind: unregisters, then drops the last drm_device reference. */
	kunit_device_unregister(test, parent);

	KUNIT_EXPECT_TRUE(test, late->ran);
	KUNIT_EXPECT_EQ(test, late->guard_ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	t->misuse_expected = 1;
}

/*
 * Registration data that holds a delayed work, as a driver's does, and a
 * release callback that stops it, or forgets to.
 */
struct regdata_test_dwork_data {
	struct drm_registration reg;
	struct delayed_work dwork;
	bool cancel;
};

static void regdata_test_dwork_fn(struct work_struct *work)
{
}

static void regdata_test_dwork_release(struct drm_registration *reg)
{
	struct regdata_test_dwork_data *rd =
		container_of(reg, struct regdata_test_dwork_data, reg);

	if (rd->cancel)
		cancel_delayed_work_sync(&rd->dwork);
}

static const struct drm_registration_funcs regdata_test_dwork_funcs = {
	.release = regdata_test_dwork_release,
};

static const char * const regdata_test_dwork_params[] = {
	"release-cancels", "release-forgets",
};

KUNIT_ARRAY_PARAM(regdata_test_dwork, regdata_test_dwork_params,
		  regdata_test_str_desc);

/*
 * The test verifies that a release callback forgetting to stop a work item
 * kept in the registration data is loud: the framework frees the data with
 * its timer pending, which debugobjects reports ("ODEBUG: free active",
 * then deactivates the timer) when the kernel has CONFIG_DEBUG_OBJECTS_FREE
 * and CONFIG_DEBUG_OBJECTS_TIMERS, as the project's KUnit configs do. The
 * forgetting case announces the report it expects; the log check fails if
 * it does not come, and fails on any such report elsewhere. The cancelling
 * case must stay quiet.
 */
static void drm_test_regdata_release_stops_work(struct kunit *test)
{
	const char * const *param = test->param_value;
	struct regdata_test *t = test->priv;
	struct regdata_test_dwork_data *rd;
	int ret;

	if (!IS_ENABLED(CONFIG_DEBUG_OBJECTS_FREE) ||
	    !IS_ENABLED(CONFIG_DEBUG_OBJECTS_TIMERS))
		kunit_skip(test, "needs CONFIG_DEBUG_OBJECTS_FREE and _TIMERS");

	rd = drm_registration_alloc(struct regdata_test_dwork_data, reg,
				    &regdata_test_dwork_funcs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rd);
	INIT_DELAYED_WORK(&rd->dwork, regdata_test_dwork_fn);
	rd->cancel = !strcmp(*param, "release-cancels");
	ret = drm_registration_register(&rd->reg, t->drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* Pending for an hour: still pending when the data is freed. */
	schedule_delayed_work(&rd->dwork, 3600 * HZ);
	if (!rd->cancel)
		kunit_info(test, "regdata expects: ODEBUG: free active\n");
	drm_registration_unregister(t->drm);
}

/*
 * A fence callback that reaches registration data, the two ways a driver can
 * arrange it: the callback lives in the data and the release callback
 * removes it, or it lives in an object of its own (a job) and takes a guard
 * to reach the data.
 */
struct regdata_test_fence {
	struct dma_fence base;
	spinlock_t lock; /* the fence's lock */
};

static const char *regdata_test_fence_name(struct dma_fence *fence)
{
	return "regdata-test";
}

static const struct dma_fence_ops regdata_test_fence_ops = {
	.get_driver_name = regdata_test_fence_name,
	.get_timeline_name = regdata_test_fence_name,
};

static struct dma_fence *regdata_test_fence_new(struct kunit *test)
{
	struct regdata_test_fence *f;

	/* Freed by its last dma_fence_put(). */
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &regdata_test_fence_ops, &f->lock,
		       dma_fence_context_alloc(1), 1);
	return &f->base;
}

struct regdata_test_fence_data {
	struct drm_registration reg;
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	atomic_t *ran;
	u32 magic;
};

static void regdata_test_fence_data_cb(struct dma_fence *fence,
				       struct dma_fence_cb *cb)
{
	struct regdata_test_fence_data *fd =
		container_of(cb, struct regdata_test_fence_data, cb);

	if (fd->magic == TEST_MAGIC)
		atomic_inc(fd->ran);
}

static void regdata_test_fence_release(struct drm_registration *reg)
{
	struct regdata_test_fence_data *fd =
		container_of(reg, struct regdata_test_fence_data, reg);

	dma_fence_remove_callback(fd->fence, &fd->cb);
}

static const struct drm_registration_funcs regdata_test_fence_funcs = {
	.release = regdata_test_fence_release,
};

struct regdata_test_fence_job {
	struct dma_fence_cb cb;
	struct drm_device *drm;
	bool hardirq;
	int ret;
	u32 magic;
};

static void regdata_test_fence_job_cb(struct dma_fence *fence,
				      struct dma_fence_cb *cb)
{
	struct regdata_test_fence_job *job =
		container_of(cb, struct regdata_test_fence_job, cb);

	job->hardirq = in_hardirq();
	job->ret = regdata_test_guard_magic(job->drm, &job->magic);
}

static void regdata_test_fence_signal(void *fence)
{
	dma_fence_signal(fence);
}

static const char * const regdata_test_fence_params[] = {
	"release-removes", "guard-in-callback",
};

KUNIT_ARRAY_PARAM(regdata_test_fence, regdata_test_fence_params,
		  regdata_test_str_desc);

/*
 * The test verifies the two patterns Documentation/ gives for fence
 * callbacks that reach registration data, with the fence signalled from
 * hard-interrupt context as a driver's IRQ handler does.
 * "release-removes": the callback is in the data and the release callback
 * removes it, so a fence signalled after unregistering does not call it
 * (without the removal it runs on freed data: KASAN, and the count).
 * "guard-in-callback": the callback is in a job of its own and takes a
 * guard: signalled while registered it sees the data, after unregistering
 * it gets -ENODEV; lockdep stays quiet about a guard taken under the
 * fence's lock with interrupts off.
 */
static void drm_test_regdata_fence_callback(struct kunit *test)
{
	const char * const *param = test->param_value;
	struct regdata_test *t = test->priv;
	struct regdata_test_fence_job live = { .drm = t->drm, .ret = -EINVAL };
	struct regdata_test_fence_job late = { .drm = t->drm, .ret = -EINVAL };
	struct regdata_test_fence_data *fd;
	struct dma_fence *fences[2];
	atomic_t ran = ATOMIC_INIT(0);
	int ret;

	fences[0] = regdata_test_fence_new(test);
	fences[1] = regdata_test_fence_new(test);

	if (!strcmp(*param, "release-removes")) {
		fd = drm_registration_alloc(struct regdata_test_fence_data, reg,
					    &regdata_test_fence_funcs);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fd);
		fd->fence = fences[0];
		fd->ran = &ran;
		fd->magic = TEST_MAGIC;
		KUNIT_ASSERT_EQ(test, dma_fence_add_callback(fences[0], &fd->cb,
							     regdata_test_fence_data_cb), 0);
		ret = drm_registration_register(&fd->reg, t->drm, 0);
		KUNIT_ASSERT_EQ(test, ret, 0);

		drm_registration_unregister(t->drm);
		KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test,
								regdata_test_fence_signal,
								fences[0]));
		KUNIT_EXPECT_EQ(test, atomic_read(&ran), 0);
		dma_fence_put(fences[0]);
		dma_fence_put(fences[1]);
		return;
	}

	regdata_test_register(test);
	KUNIT_ASSERT_EQ(test, dma_fence_add_callback(fences[0], &live.cb,
						     regdata_test_fence_job_cb), 0);
	KUNIT_ASSERT_EQ(test, dma_fence_add_callback(fences[1], &late.cb,
						     regdata_test_fence_job_cb), 0);

	KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test,
							regdata_test_fence_signal,
							fences[0]));
	KUNIT_EXPECT_TRUE(test, live.hardirq);
	KUNIT_EXPECT_EQ(test, live.ret, 0);
	KUNIT_EXPECT_EQ(test, live.magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test,
							regdata_test_fence_signal,
							fences[1]));
	KUNIT_EXPECT_TRUE(test, late.hardirq);
	KUNIT_EXPECT_EQ(test, late.ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, late.magic, 0);
	dma_fence_put(fences[0]);
	dma_fence_put(fences[1]);
}

/*
 * A debugfs file and a sysfs attribute of the device, whose callbacks reach
 * the registration data, and a thread reading one of them.
 */
struct regdata_test_reader {
	struct regdata_test *t;
	struct file *file;
	/* the callback has been entered, and is told to leave with this */
	struct completion entered;
	struct completion *leave;
	/* it has tried a guard */
	struct completion tried;
	int guard_ret;
	u32 magic;
	int exit_seq;
	ssize_t ret;
};

/* In the callback: wait to be told to leave, then try to take the data. */
static void regdata_test_reader_callback(struct regdata_test_reader *r)
{
	complete(&r->entered);
	wait_for_completion(r->leave);
	r->guard_ret = regdata_test_guard_magic(r->t->drm, &r->magic);
	r->exit_seq = regdata_test_next(r->t);
	complete(&r->tried);
}

/*
 * The unplug barrier, replaced for the test thread: once the teardown has
 * got there, let the reader try a guard and wait until it has, before
 * drm_dev_unplug() marks the device unplugged: only the framework's hiding
 * of the data can refuse that guard. Then the real barrier, whose removal
 * of the files waits for the reader to leave its callback.
 */
static void regdata_test_dev_unplug_reader(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;

	kunit_deactivate_static_stub(t->test, drm_registration_dev_unplug);
	complete(&t->barrier_entered);
	if (!wait_for_completion_timeout(&t->reader->tried, TEST_TIMEOUT))
		KUNIT_FAIL(t->test, "the reader never tried its guard");
	t->reader_unplugged = drm_dev_is_unplugged(drm);
	drm_registration_dev_unplug(drm);
}

static struct regdata_test_reader *regdata_test_reader_of(struct drm_device *drm)
{
	return to_tdev(drm)->t->reader;
}

static int regdata_test_debugfs_show(struct seq_file *m, void *unused)
{
	struct drm_debugfs_entry *entry = m->private;

	regdata_test_reader_callback(regdata_test_reader_of(entry->dev));
	seq_puts(m, "x\n");
	return 0;
}

static ssize_t regdata_test_show(struct device *kdev,
				 struct device_attribute *attr, char *buf)
{
	struct drm_minor *minor = dev_get_drvdata(kdev);

	regdata_test_reader_callback(regdata_test_reader_of(minor->dev));
	return sysfs_emit(buf, "x\n");
}

static DEVICE_ATTR_RO(regdata_test);

static int regdata_test_reader_fn(void *arg)
{
	struct regdata_test_reader *r = arg;
	struct file *file = r->file;
	loff_t pos = 0;

	/* sysfs reads through read_iter; debugfs' seq_file needs user memory. */
	if (file->f_op->read_iter) {
		char buf[8];

		r->ret = kernel_read(file, buf, sizeof(buf), &pos);
	} else {
		kthread_use_mm(r->t->mm);
		r->ret = file->f_op->read(file, r->t->user, PAGE_SIZE, &pos);
		kthread_unuse_mm(r->t->mm);
	}
	return 0;
}

static const char * const regdata_test_reader_params[] = {
	"debugfs", "sysfs",
};

KUNIT_ARRAY_PARAM(regdata_test_reader, regdata_test_reader_params,
		  regdata_test_str_desc);

/*
 * The test verifies that a reader of the device's debugfs files or of its
 * minors' sysfs attributes, inside the file's callback when the
 * unregistration begins, cannot take the data any more once the teardown
 * has begun, although the device is not unplugged yet (the framework hides
 * the data before the barrier): its guard fails with -ENODEV. drm_dev_unplug()
 * then removes the files and waits for the reader, before the release
 * callback runs (recorded order); that wait is the DRM core's, the refused
 * guard the framework's. Afterwards the file is gone.
 */
static void drm_test_regdata_file_reader(struct kunit *test)
{
	const char * const *param = test->param_value;
	bool debugfs = !strcmp(*param, "debugfs");
	struct regdata_test *t = test->priv;
	struct regdata_test_reader r = { .t = t, .leave = &t->barrier_entered };
	struct regdata_test_kthread *reader;
	struct vfsmount *mnt;
	char *path, *kobj;

	if (debugfs && !IS_ENABLED(CONFIG_DEBUG_FS))
		kunit_skip(test, "needs CONFIG_DEBUG_FS");
	init_completion(&r.entered);
	init_completion(&r.tried);
	t->reader = &r;
	regdata_test_register(test);

	if (debugfs) {
		drm_debugfs_add_file(t->drm, "regdata_test",
				     regdata_test_debugfs_show, NULL);
		path = kasprintf(GFP_KERNEL, "dri/%s/regdata_test",
				 t->drm->unique);
	} else {
		KUNIT_ASSERT_EQ(test, device_create_file(t->drm->primary->kdev,
							 &dev_attr_regdata_test), 0);
		kobj = kobject_get_path(&t->drm->primary->kdev->kobj, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, kobj);
		path = kasprintf(GFP_KERNEL, "%s/regdata_test", kobj + 1);
		kfree(kobj);
	}
	KUNIT_ASSERT_NOT_NULL(test, path);
	r.file = regdata_test_open_fs(test, *param, path, O_RDONLY, &mnt);
	if (IS_ERR(r.file)) {
		KUNIT_FAIL(test, "cannot open %s: %ld", path, PTR_ERR(r.file));
		kfree(path);
		drm_registration_unregister(t->drm);
		return;
	}

	reader = regdata_test_thread(test, regdata_test_reader_fn, &r, "reader");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&r.entered,
							    TEST_TIMEOUT));
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_dev_unplug_reader);
	drm_registration_unregister(t->drm);
	regdata_test_join(reader);
	fput(r.file);

	KUNIT_EXPECT_GT(test, r.ret, 0);
	KUNIT_EXPECT_FALSE(test, t->reader_unplugged);
	KUNIT_EXPECT_EQ(test, r.guard_ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, r.magic, 0);
	KUNIT_EXPECT_GT(test, t->release_seq, r.exit_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	r.file = file_open_root_mnt(mnt, path, O_RDONLY, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(r.file), -ENOENT);
	if (!IS_ERR(r.file))
		fput(r.file);
	kern_unmount(mnt);
	kfree(path);
	t->reader = NULL;
}

/*
 * The test verifies that, on a kernel where every device has an unplug
 * SRCU of its own (the series' DRM core), unplugging one device does not
 * wait for a guard on another: inside a guard on the test's device, a
 * thread unplugs a second device and returns while the guard is held, the
 * guard's data still live; then this thread unregisters a third device
 * itself, still inside the guard, which lockdep must not call a deadlock
 * (each device's guards are a lockdep class of their own): with lockdep on,
 * it is still on afterwards (a report turns it off). On stock 6.12, one
 * SRCU for all devices, both would wait forever: skipped there.
 */
static void drm_test_regdata_unplug_other_device(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_unplugger u = { .t = t };
	struct drm_unbind_guard guard;
	struct drm_device *third;
	struct completion done;
	bool finished;
	int ret;

	bool lockdep = IS_ENABLED(CONFIG_PROVE_LOCKING) && debug_locks;

	if (!DRM_UNPLUG_PER_DEVICE)
		kunit_skip(test, "stock 6.12: one unplug SRCU for every device");

	regdata_test_register(test);
	u.drm = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	regdata_test_register_on(test, u.drm);
	third = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	regdata_test_register_on(test, third);
	init_completion(&done);
	u.done = &done;

	ret = drm_unbind_guard_enter(&guard, t->drm);
	if (ret) {
		KUNIT_FAIL(test, "no guard on a registered device: %d", ret);
		return;
	}
	u.task = __regdata_test_thread(regdata_test_unplugger_fn, &u,
				       "unplugger");
	finished = !IS_ERR(u.task) &&
		   wait_for_completion_timeout(&done, TEST_TIMEOUT);
	KUNIT_EXPECT_TRUE_MSG(test, finished,
			      "unplugging a device waits for a guard on another");
	if (finished)
		drm_registration_unregister(third);
	KUNIT_EXPECT_EQ(test, drm_unbind_guard_data(&guard, struct regdata_test_data,
						    reg)->magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), finished ? 2 : 0);
	drm_unbind_guard_exit(&guard);

	if (!IS_ERR(u.task))
		regdata_test_join(u.task);
	if (!finished)
		drm_registration_unregister(third);
	drm_registration_unregister(u.drm);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 3);
	if (lockdep)
		KUNIT_EXPECT_TRUE_MSG(test, debug_locks,
				      "lockdep reported an unregister inside a guard on another device");
}

/* ----------------------------------------------------------------------
 * Lockdep's reports. Each test here provokes one, after which lockdep is
 * off for the rest of the boot, so each runs in a boot of its own, asked
 * for with drm_regdata_test.lockdep_reports=1 (scripts/kunit.sh does, with
 * kunit.py's --run_isolated=test); elsewhere they skip.
 */

static bool lockdep_reports;
module_param(lockdep_reports, bool, 0444);
MODULE_PARM_DESC(lockdep_reports,
		 "run the tests that make lockdep report (which turns it off)");

static void regdata_test_need_lockdep_report(struct kunit *test)
{
	if (!lockdep_reports)
		kunit_skip(test, "turns lockdep off: runs in a boot of its own");
	regdata_test_need_lockdep(test);
}

/* Take @lock inside a guard on @drm: lockdep learns guard -> @lock. */
static int regdata_test_lock_in_guard(struct drm_device *drm,
				      struct mutex *lock)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	mutex_lock(lock);
	mutex_unlock(lock);
	drm_unbind_guard_exit(&guard);
	return 0;
}

static DEFINE_MUTEX(regdata_test_lockdep_lock);

/*
 * The test verifies that lockdep sees the teardown wait for the guards: a
 * lock taken inside a guard on the device and held across unregistering is
 * a deadlock (a guard holder waiting for it keeps the teardown waiting
 * forever), which lockdep reports, and turns itself off, asserted here.
 * Nothing deadlocks for real: no guard is held by then.
 */
static void drm_test_regdata_lockdep_teardown(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	regdata_test_need_lockdep_report(test);
	regdata_test_register(test);
	KUNIT_ASSERT_EQ(test, regdata_test_lock_in_guard(t->drm,
							 &regdata_test_lockdep_lock), 0);

	kunit_info(test, "regdata expects: possible circular locking dependency\n");
	mutex_lock(&regdata_test_lockdep_lock);
	drm_registration_unregister(t->drm);
	mutex_unlock(&regdata_test_lockdep_lock);

	KUNIT_EXPECT_FALSE_MSG(test, debug_locks,
			       "lockdep did not report a lock held across the teardown");
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

struct regdata_test_releaser {
	struct drm_registration_slot *slot;
	struct completion *leave;
};

/* Let the guard holder go once somebody waits for the teardown. */
static int regdata_test_releaser_fn(void *arg)
{
	struct regdata_test_releaser *r = arg;
	unsigned long end = jiffies + TEST_TIMEOUT;

	while (!swait_active(&r->slot->done.wait) && time_before(jiffies, end))
		usleep_range(500, 1000);
	complete(r->leave);
	return 0;
}

/*
 * The test verifies that lockdep sees a caller that waits for a teardown
 * another thread is doing wait for the guards, as it sees the teardown
 * itself: with a guard held, so that an unplug waits in the barrier, a
 * second unplug called while holding a lock that is also taken inside a
 * guard on the device is reported, before it waits. The holder leaves once
 * the second caller waits, and everything finishes.
 */
static void drm_test_regdata_lockdep_waiter(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_unplugger u = { .t = t, .drm = t->drm };
	struct regdata_test_releaser r = {};
	struct regdata_test_kthread *holder, *unplug, *releaser;
	struct regdata_test_holder h = {};
	struct completion leave;

	regdata_test_need_lockdep_report(test);
	init_completion(&leave);
	regdata_test_register(test);
	KUNIT_ASSERT_EQ(test, regdata_test_lock_in_guard(t->drm,
							 &regdata_test_lockdep_lock), 0);
	holder = regdata_test_start_holder(test, &h, t->drm, &leave);
	unplug = regdata_test_thread(test, regdata_test_unplugger_fn, &u,
				     "unplug");
	KUNIT_ASSERT_TRUE(test, regdata_test_wait_unplugged(t->drm));
	r.slot = drm_registration_slot(t->drm);
	r.leave = &leave;
	releaser = regdata_test_thread(test, regdata_test_releaser_fn, &r,
				       "releaser");

	kunit_info(test, "regdata expects: possible circular locking dependency\n");
	mutex_lock(&regdata_test_lockdep_lock);
	drm_registration_unplug(t->drm);
	mutex_unlock(&regdata_test_lockdep_lock);
	regdata_test_join(releaser);
	regdata_test_join(holder);
	regdata_test_join(unplug);

	KUNIT_EXPECT_FALSE_MSG(test, debug_locks,
			       "lockdep did not report a lock held while waiting for the teardown");
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
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
	init_completion(&t->barrier_entered);
	init_completion(&t->release_done);

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
	KUNIT_CASE(drm_test_regdata_first_ioctl_sees_data),
	KUNIT_CASE(drm_test_regdata_register_fails),
	KUNIT_CASE(drm_test_regdata_register_fails_async_unplug),
	KUNIT_CASE(drm_test_regdata_register_wrong_parent),
	KUNIT_CASE(drm_test_regdata_register_twice),
	KUNIT_CASE_PARAM(drm_test_regdata_unplug_during_register,
			 regdata_test_load_ret_gen_params),
	KUNIT_CASE(drm_test_regdata_unregister_order),
	KUNIT_CASE(drm_test_regdata_unregister_waits_for_guard),
	KUNIT_CASE(drm_test_regdata_no_new_guard_after_unplug),
	KUNIT_CASE(drm_test_regdata_guard_sleep_nest),
	KUNIT_CASE(drm_test_regdata_guard_scoped),
	KUNIT_CASE(drm_test_regdata_guard_in_irq),
	KUNIT_CASE(drm_test_regdata_guarded_irq),
	KUNIT_CASE_PARAM_ATTR(drm_test_regdata_quiesce_irq,
			      regdata_test_quiesce_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(drm_test_regdata_guard_nesting_depth),
	KUNIT_CASE(drm_test_regdata_ioctl_dispatch),
	KUNIT_CASE(drm_test_regdata_ioctl_after_unplug),
	KUNIT_CASE(drm_test_regdata_ioctl_copy_result),
	KUNIT_CASE(drm_test_regdata_ioctl_copy_outside_guard),
	KUNIT_CASE_PARAM(drm_test_regdata_ioctl_permissions,
			 regdata_test_perm_gen_params),
	KUNIT_CASE(drm_test_regdata_ioctl_threads_share_file),
	KUNIT_CASE(drm_test_regdata_ioctl_holds_unregister),
	KUNIT_CASE(drm_test_regdata_devm_unbind),
	KUNIT_CASE(drm_test_regdata_devm_early_unregister),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_twice),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_in_guard),
	KUNIT_CASE(drm_test_regdata_misuse_data_outside_guard),
	KUNIT_CASE(drm_test_regdata_misuse_driver_unplugged),
	KUNIT_CASE_PARAM(drm_test_regdata_misuse_driver_teardown,
			 regdata_test_driver_teardown_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_unplug_async,
			 regdata_test_async_gen_params),
	KUNIT_CASE(drm_test_regdata_unregister_concurrent),
	KUNIT_CASE(drm_test_regdata_unregister_race),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_concurrent),
	KUNIT_CASE(drm_test_regdata_file_outlives),
	KUNIT_CASE(drm_test_regdata_late_call_in_release),
	KUNIT_CASE_PARAM(drm_test_regdata_release_stops_work,
			 regdata_test_dwork_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_fence_callback,
			 regdata_test_fence_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_file_reader,
			 regdata_test_reader_gen_params),
	KUNIT_CASE(drm_test_regdata_unplug_other_device),
	{}
};

static struct kunit_case drm_regdata_lockdep_tests[] = {
	KUNIT_CASE(drm_test_regdata_lockdep_teardown),
	KUNIT_CASE(drm_test_regdata_lockdep_waiter),
	{}
};

static struct kunit_suite drm_regdata_test_suite = {
	.name = "drm_regdata",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_tests,
};

static struct kunit_suite drm_regdata_lockdep_test_suite = {
	.name = "drm_regdata_lockdep",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_lockdep_tests,
};

kunit_test_suites(&drm_regdata_test_suite, &drm_regdata_lockdep_test_suite);

MODULE_DESCRIPTION("KUnit tests for DRM registration data");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
