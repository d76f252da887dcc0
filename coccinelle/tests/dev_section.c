// SPDX-License-Identifier: GPL-2.0
/* Fixture for drm_dev_section.cocci: the shapes of 6.12's callers. */

#include <drm/drm_drv.h>

/* An early return, the common shape. */
static int foo_early(struct drm_device *drm)
{
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	foo_hw_poke(drm);
	drm_dev_exit(idx);
	return 0;
}

/* A conditional section with an else, and an exit on an error path. */
static void foo_cond(struct drm_gem_object *obj)
{
	int idx, ret;

	if (drm_dev_enter(obj->dev, &idx)) {
		ret = foo_hw_poke(obj->dev);
		if (ret) {
			drm_dev_exit(idx);
			return;
		}
		drm_dev_exit(idx);
	} else {
		foo_dummy(obj);
	}
}

/* Exits at a label, reached by goto. */
static int foo_goto(struct foo_device *foo)
{
	int cookie, ret;

	if (!drm_dev_enter(&foo->base, &cookie))
		return -ENODEV;
	ret = foo_hw_poke(&foo->base);
	if (ret)
		goto out_exit;
	ret = foo_hw_poke(&foo->base);
out_exit:
	drm_dev_exit(cookie);
	return ret;
}

/* A section only when there is a device. */
static void foo_maybe(struct foo_device *foo, struct drm_device *drm)
{
	int idx;

	if (drm && !drm_dev_enter(drm, &idx))
		return;
	foo_hw_poke(drm);
	if (drm)
		drm_dev_exit(idx);
}

/* Sections on two devices, on an index each. */
static void foo_two(struct drm_device *a, struct drm_device *b)
{
	int ia, ib;

	if (!drm_dev_enter(a, &ia))
		return;
	if (drm_dev_enter(b, &ib)) {
		foo_hw_poke(b);
		drm_dev_exit(ib);
	}
	drm_dev_exit(ia);
}

/* Two devices on one index: not converted, reported. */
static void foo_reuse(struct drm_device *a, struct drm_device *b)
{
	int idx;

	if (drm_dev_enter(a, &idx)) {
		foo_hw_poke(a);
		drm_dev_exit(idx);
	}
	if (drm_dev_enter(b, &idx)) {
		foo_hw_poke(b);
		drm_dev_exit(idx);
	}
}

/* A section left in another function: not converted, reported. */
static void foo_leave(struct foo_device *foo)
{
	drm_dev_exit(foo->idx);
}
