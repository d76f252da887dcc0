// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: the drm_device outlives the registration.
 *
 * Files opened before the unbind keep working as files, their guarded
 * ioctls answering -ENODEV; work items, timers, fence callbacks and device
 * files that reach the data do so through guards, or are stopped by the
 * release callback.
 */

#include "regdata_test.h"

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

/* A driver that asks for unplug domains of its own, or not. */
static const bool regdata_test_own_domain[] = { true, false };

static void regdata_test_own_domain_desc(const bool *own, char *desc)
{
	strscpy(desc, *own ? "DRIVER_UNPLUG_DOMAIN" : "no DRIVER_UNPLUG_DOMAIN",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(regdata_test_own_domain, regdata_test_own_domain,
		  regdata_test_own_domain_desc);

/*
 * The test verifies which guards on another device a teardown waits for:
 * inside a guard on device A, a thread unregisters device B of the same
 * driver. Where the devices have unplug domains of their own (the driver
 * asked with DRIVER_UNPLUG_DOMAIN), the unregister returns while the guard
 * is held,
 * whose data is still live. Where it does not, it returns only after the
 * guard was left (recorded order), as every unplug did in 6.12; the guard
 * leaves once its time is up.
 */
static void drm_test_regdata_unplug_other_device(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	const bool *ask = test->param_value;
	struct regdata_test_unplugger u = { .t = t };
	struct drm_unbind_guard guard;
	struct drm_driver *driver;
	struct drm_device *a;
	struct completion done;
	int ret, exit_seq;
	bool finished, own;

	driver = kunit_kzalloc(test, sizeof(*driver), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, driver);
	*driver = regdata_test_driver;
	if (!*ask)
		driver->driver_features &= ~DRIVER_UNPLUG_DOMAIN;
	a = regdata_test_new_drm(test, driver, NULL);
	/* What the DRM core made of the request. */
	own = drm_core_check_feature(a, DRIVER_UNPLUG_DOMAIN);
	regdata_test_register_on(test, a);
	u.drm = regdata_test_new_drm(test, driver, NULL);
	regdata_test_register_on(test, u.drm);
	init_completion(&done);
	u.done = &done;

	ret = drm_unbind_guard_enter(&guard, a);
	if (ret) {
		KUNIT_FAIL(test, "no guard on a registered device: %d", ret);
		return;
	}
	u.task = __regdata_test_thread(regdata_test_unplugger_fn, &u,
				       "unplugger");
	finished = !IS_ERR(u.task) &&
		   wait_for_completion_timeout(&done, own ? TEST_TIMEOUT : HZ / 5);
	KUNIT_EXPECT_EQ(test, drm_unbind_guard_data(&guard, struct regdata_test_data,
						    reg)->magic, TEST_MAGIC);
	exit_seq = regdata_test_next(t);
	drm_unbind_guard_exit(&guard);

	if (!IS_ERR(u.task))
		regdata_test_join(u.task);
	if (own) {
		KUNIT_EXPECT_TRUE_MSG(test, finished,
				      "unplugging a device waits for a guard on another");
		KUNIT_EXPECT_LT(test, u.done_seq, exit_seq);
	} else {
		KUNIT_EXPECT_FALSE_MSG(test, finished,
				       "unplugging a device returned with a guard held on another of a shared domain");
		KUNIT_EXPECT_GT(test, u.done_seq, exit_seq);
	}
	drm_registration_unregister(a);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 2);
}

static struct kunit_case drm_regdata_lifetime_tests[] = {
	KUNIT_CASE(drm_test_regdata_file_outlives),
	KUNIT_CASE(drm_test_regdata_late_call_in_release),
	KUNIT_CASE_PARAM(drm_test_regdata_release_stops_work,
			 regdata_test_dwork_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_fence_callback,
			 regdata_test_fence_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_file_reader,
			 regdata_test_reader_gen_params),
	KUNIT_CASE_PARAM(drm_test_regdata_unplug_other_device,
			 regdata_test_own_domain_gen_params),
	{}
};

static struct kunit_suite drm_regdata_lifetime_test_suite = {
	.name = "drm_regdata_lifetime",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_lifetime_tests,
};

kunit_test_suite(drm_regdata_lifetime_test_suite);
