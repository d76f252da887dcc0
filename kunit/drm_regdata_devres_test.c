// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: devres-managed registrations.
 *
 * devm_drm_registration_register() unregisters when the parent device is
 * unbound, refuses a drm_device of another parent, and may be torn down
 * earlier by an error path.
 */

#include "regdata_test.h"

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

static struct kunit_case drm_regdata_devres_tests[] = {
	KUNIT_CASE(drm_test_regdata_devm_unbind),
	KUNIT_CASE(drm_test_regdata_devm_early_unregister),
	{}
};

static struct kunit_suite drm_regdata_devres_test_suite = {
	.name = "drm_regdata_devres",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_devres_tests,
};

kunit_test_suite(drm_regdata_devres_test_suite);
