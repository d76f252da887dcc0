// SPDX-License-Identifier: GPL-2.0
/*
 * drm_unbind_guard: the critical section that registration data lives in,
 * and its lockdep side.
 */

#include "drm_regdata.h"

#include <linux/lockdep.h>

#include "drm_regdata_internal.h"

/**
 * DOC: unbind guards
 *
 * An unbind guard is a drm_dev_enter()/drm_dev_exit() section that also
 * takes the registration data of the device. Entering fails with -ENODEV
 * once drm_dev_unplug() has begun, and drm_dev_unplug() waits for every
 * guard that was entered before, so the data a guard holds cannot be freed
 * under it. Guards may sleep and nest. Their state, the SRCU index, lives in
 * the &struct drm_unbind_guard on the caller's stack, so threads sharing an
 * open file each have their own.
 *
 * Open-coded::
 *
 *	struct drm_unbind_guard guard;
 *	struct foo_data *data;
 *	int ret;
 *
 *	ret = drm_unbind_guard_enter(&guard, drm);
 *	if (ret)
 *		return ret;
 *	data = drm_unbind_guard_data(&guard, struct foo_data, reg);
 *	...
 *	drm_unbind_guard_exit(&guard);
 *
 * Scoped, with the cleanup.h class, so that an early return cannot leak the
 * guard::
 *
 *	CLASS(drm_unbind_guard, guard)(drm);
 *	if (!guard.reg)
 *		return -ENODEV;
 *
 *	scoped_cond_guard(drm_unbind_guard, return -ENODEV, drm) {
 *		data = drm_unbind_guard_data(&scope, struct foo_data, reg);
 *		...
 *	}
 *
 * An ioctl declared with DEFINE_DRM_GUARDED_IOCTL() and
 * DRM_IOCTL_DEF_DRV_GUARDED() runs inside a guard without further code.
 *
 * With CONFIG_DEBUG_LOCK_ALLOC, entering a guard acquires two lockdep maps
 * for reading: one per device, which drm_registration_data() checks, and one
 * shared by all devices, which unregistering acquires for writing. Lockdep
 * therefore sees that unregistering waits for every guard and reports lock
 * inversions between the two, and the framework refuses to unregister from
 * inside a guard.
 */

#ifdef CONFIG_DEBUG_LOCK_ALLOC
/*
 * There is one drm_unplug_srcu for all DRM devices, so unplugging any device
 * waits for the guards of all devices: one map for all of them.
 */
static struct lock_class_key drm_unbind_guard_key;
static struct lockdep_map drm_unbind_guard_map =
	STATIC_LOCKDEP_MAP_INIT("drm_unbind_guard", &drm_unbind_guard_key);
static struct lock_class_key drm_unbind_guard_dev_key;

void drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot)
{
	lockdep_init_map(&slot->dep_map, "drm_unbind_guard_dev",
			 &drm_unbind_guard_dev_key, 0);
}

/* Inside a guard on any device? Unknown, with lockdep off, counts as no. */
bool drm_unbind_guard_held_any(void)
{
	return lock_is_held(&drm_unbind_guard_map) > 0;
}

/* Tell lockdep that the caller waits for every guard. */
void drm_unbind_guard_lockdep_wait(void)
{
	lock_map_acquire(&drm_unbind_guard_map);
	lock_map_release(&drm_unbind_guard_map);
}

/**
 * drm_unbind_guard_lockdep_acquire - lockdep side of entering a guard
 * @drm: DRM device with registration data
 *
 * Called by drm_unbind_guard_enter(), not by drivers.
 */
void drm_unbind_guard_lockdep_acquire(struct drm_device *drm)
{
	struct drm_registration_slot *slot = drm->dev_private;

	lock_map_acquire_read(&drm_unbind_guard_map);
	lock_map_acquire_read(&slot->dep_map);
}
EXPORT_SYMBOL(drm_unbind_guard_lockdep_acquire);

/**
 * drm_unbind_guard_lockdep_release - lockdep side of leaving a guard
 * @drm: DRM device with registration data
 *
 * Called by drm_unbind_guard_exit(), not by drivers.
 */
void drm_unbind_guard_lockdep_release(struct drm_device *drm)
{
	struct drm_registration_slot *slot = drm->dev_private;

	lock_map_release(&slot->dep_map);
	lock_map_release(&drm_unbind_guard_map);
}
EXPORT_SYMBOL(drm_unbind_guard_lockdep_release);

/* Outside every guard on @slot's device? Unknown counts as no. */
static bool drm_unbind_guard_outside(struct drm_registration_slot *slot)
{
	return !lock_is_held(&slot->dep_map);
}
#else
static bool drm_unbind_guard_outside(struct drm_registration_slot *slot)
{
	return false;
}
#endif

/**
 * __drm_registration_get - registration data of a device, inside a guard
 * @drm: DRM device
 *
 * Drivers use drm_registration_data() instead.
 *
 * Returns:
 * The registration data, or NULL if @drm has none (any more).
 */
struct drm_registration *__drm_registration_get(struct drm_device *drm)
{
	struct drm_registration_slot *slot = READ_ONCE(drm->dev_private);

	if (!slot)
		return NULL;

	if (drm_unbind_guard_outside(slot))
		drm_registration_misuse(drm, "registration data accessed outside an unbind guard");

	/* A guard on @drm holds drm_unplug_srcu, see drm_unbind_guard_enter(). */
	return rcu_dereference_check(slot->reg, 1);
}
EXPORT_SYMBOL(__drm_registration_get);
