// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: publication and ownership.
 *
 * The data is published before drm_dev_register(), so that the first guard
 * entered once userspace can reach the device sees it, and from the
 * hand-over on the framework owns it: when registering fails it is released
 * exactly once and nothing can reach it any more.
 */

#include "regdata_test.h"

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
 * The test verifies publication from userspace's side: the first ioctl another task
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
	left = READ_ONCE(drm->registration);
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

static struct kunit_case drm_regdata_publish_tests[] = {
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
	{}
};

static struct kunit_suite drm_regdata_publish_test_suite = {
	.name = "drm_regdata_publish",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_publish_tests,
};

kunit_test_suite(drm_regdata_publish_test_suite);
