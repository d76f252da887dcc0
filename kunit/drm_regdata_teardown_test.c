// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: the teardown and its barrier.
 *
 * Unregistering hides the data from new guards, waits in drm_dev_unplug()
 * for every guard that may hold it, and only then releases it; however
 * many callers ask, and from wherever (the owner, an error path, a queued
 * unplug, concurrently), the registration is torn down once and every
 * caller returns after the release.
 */

#include "regdata_test.h"

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

/*
 * The test verifies that a guard entered once unplug has begun fails with
 * -ENODEV, while an older guard still holds the data, also for a helper
 * that looks it up with drm_registration_data(), and keeps the unplugging
 * thread waiting: it returns only after the release.
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
	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.released_at_exit, 0);
	KUNIT_EXPECT_NOT_NULL(test, h.held);
	KUNIT_EXPECT_PTR_EQ(test, h.looked_up, h.held);
	KUNIT_EXPECT_GT(test, t->release_seq, h.exit_seq);
	KUNIT_EXPECT_GT(test, u.done_seq, t->release_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

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

static struct kunit_case drm_regdata_teardown_tests[] = {
	KUNIT_CASE(drm_test_regdata_unregister_order),
	KUNIT_CASE(drm_test_regdata_unregister_waits_for_guard),
	KUNIT_CASE(drm_test_regdata_no_new_guard_after_unplug),
	KUNIT_CASE_PARAM(drm_test_regdata_unplug_async,
			 regdata_test_async_gen_params),
	KUNIT_CASE(drm_test_regdata_unregister_concurrent),
	KUNIT_CASE(drm_test_regdata_unregister_race),
	KUNIT_CASE(drm_test_regdata_misuse_unregister_concurrent),
	{}
};

static struct kunit_suite drm_regdata_teardown_test_suite = {
	.name = "drm_regdata_teardown",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_teardown_tests,
};

kunit_test_suite(drm_regdata_teardown_test_suite);
