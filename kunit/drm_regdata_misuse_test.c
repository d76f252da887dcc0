// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: misuse is reported, and survived.
 *
 * Every misuse the framework can detect is reported ("regdata misuse:"),
 * and reporting it changes nothing the code does; a driver that tears the
 * device down behind the framework's back still never gets its data freed
 * under a guard.
 */

#include "regdata_test.h"

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
 * wait, once unregistering has returned), and reads the data 100 ms later,
 * so that a wait that is not for the guard (a grace period of a domain the
 * guard did not enter) is over by then: the holder still sees the live data
 * and nothing released, and the release comes after it left (recorded
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
	h.linger_ms = 100;
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

/*
 * The test verifies that drm_registration_unplug_async() queues nothing
 * once the registration is torn down, also where the driver unregistered
 * the device itself, which leaves it not unplugged (drm_dev_enter() still
 * succeeds): a work queued then holds a reference to the device that its
 * kworker puts after drm_registration_unregister() has returned, the last
 * one once the driver has put its own, which runs the driver's release
 * code after the driver may be gone.
 */
static void drm_test_regdata_misuse_async_after_teardown(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_registration_slot *slot;
	struct drm_device *drm;
	unsigned int refs;
	int idx;

	drm = regdata_test_new_drm(test, &regdata_test_load_driver, NULL);
	regdata_test_register_on(test, drm);
	slot = drm_registration_slot(drm);
	KUNIT_ASSERT_NOT_NULL(test, slot);
	drm_dev_unregister(drm);
	drm_registration_unregister(drm);
	/* What the old check relied on: the device is not unplugged. */
	KUNIT_ASSERT_TRUE(test, drm_dev_enter(drm, &idx));
	drm_dev_exit(idx);

	refs = kref_read(&drm->ref);
	drm_registration_unplug_async(drm);
	KUNIT_EXPECT_FALSE(test, work_busy(&slot->unplug_work));
	KUNIT_EXPECT_EQ(test, kref_read(&drm->ref), refs);
	flush_work(&slot->unplug_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base, 1);
	t->misuse_expected = 1;
}

static struct kunit_case drm_regdata_misuse_tests[] = {
	KUNIT_CASE(drm_test_regdata_misuse_unregister_twice),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_in_guard),
	KUNIT_CASE(drm_test_regdata_misuse_data_outside_guard),
	KUNIT_CASE(drm_test_regdata_misuse_driver_unplugged),
	KUNIT_CASE_PARAM(drm_test_regdata_misuse_driver_teardown,
			 regdata_test_driver_teardown_gen_params),
	KUNIT_CASE(drm_test_regdata_misuse_async_after_teardown),
	{}
};

static struct kunit_suite drm_regdata_misuse_test_suite = {
	.name = "drm_regdata_misuse",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_misuse_tests,
};

kunit_test_suite(drm_regdata_misuse_test_suite);
