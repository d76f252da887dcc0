// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: lockdep's reports.
 *
 * Lockdep sees the teardown, and callers waiting for a teardown under way,
 * wait for every guard: a lock held across either that is also taken inside
 * a guard is reported. Each test turns lockdep off, so each runs in a boot
 * of its own (drm_regdata_test.lockdep_reports=1); elsewhere they skip.
 */

#include "regdata_test.h"

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

static struct kunit_case drm_regdata_lockdep_tests[] = {
	KUNIT_CASE(drm_test_regdata_lockdep_teardown),
	KUNIT_CASE(drm_test_regdata_lockdep_waiter),
	{}
};

static struct kunit_suite drm_regdata_lockdep_test_suite = {
	.name = "drm_regdata_lockdep",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_lockdep_tests,
};

kunit_test_suite(drm_regdata_lockdep_test_suite);
