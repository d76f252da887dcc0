// SPDX-License-Identifier: GPL-2.0
/*
 * drm_unbind_guard: the critical section that registration data lives in.
 * This file is its out-of-line side: the lockdep map that a guard holds,
 * and the data lookup for helpers. What every guarded call inlines
 * (entering and leaving a guard, its class, the guarded ioctl and IRQ
 * trampolines) is in drm_regdata.h, under "Unbind guards".
 */

#include <linux/debug_locks.h>
#include <linux/lockdep.h>

#include <drm/drm_regdata.h>

#include "drm_regdata_internal.h"

/**
 * DOC: unbind guards
 *
 * An unbind guard is a drm_dev_section_enter() section that also takes the
 * registration data of the device. Entering fails with -ENODEV once
 * drm_dev_unplug() has begun, and drm_dev_unplug() waits for every guard
 * that was entered before, so the data a guard holds cannot be freed under
 * it. Guards may sleep and nest. Their state, the SRCU index, lives in
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
 *	data = drm_unbind_guard_data(&guard, struct foo_data, reg);
 *
 *	scoped_class(drm_unbind_guard, guard, drm) {
 *		if (!guard.reg)
 *			return -ENODEV;
 *		...
 *	}
 *
 * An ioctl declared with DEFINE_DRM_GUARDED_IOCTL() and
 * DRM_IOCTL_DEF_DRV_GUARDED() runs inside a guard without further code. One
 * that returns data through a user pointer of its payload uses
 * DEFINE_DRM_GUARDED_IOCTL_COPY(), which copies after leaving the guard:
 * unplugging the device waits for every guard on it (and, unless the driver
 * has %DRIVER_UNPLUG_DOMAIN, for every guard on every other device of a
 * driver without it), so a guard must not wait for userspace memory to
 * fault in.
 *
 * Guards may be entered in any context drm_dev_enter() may: process context,
 * interrupt handlers, softirqs, timers and fence callbacks.
 *
 * With CONFIG_DEBUG_LOCK_ALLOC, the outermost guard on a device also holds
 * a lockdep map of that device for reading. drm_registration_data() checks
 * it, and unregistering checks that the caller does not hold it. The
 * teardown, and a caller that finds a teardown under way and waits for it,
 * tell lockdep with lock_map_sync() that they wait for every holder, so that
 * lockdep reports a lock held across unregistering that is also taken
 * inside a guard. (synchronize_srcu()'s own annotation does not: the map,
 * acquired after the SRCU, sits between the SRCU and such a lock, and
 * lockdep follows no dependency through two recursive read acquisitions.)
 * lock_map_sync() records no interrupt state, so guards in interrupt
 * context are fine. The maps of all devices are one lockdep class, as the
 * unplug domains of all devices are: tearing one device down inside a guard
 * on another is reported, whether it would wait for that guard (the devices
 * share a domain) or not. A guard costs lockdep two held-lock entries (its
 * SRCU and the map), nested guards on a device one: lockdep's 48 entries per
 * task allow 40 nested guards on one device, or guards on 20 devices at
 * once, with a few other locks held.
 */

#ifdef CONFIG_DEBUG_LOCK_ALLOC
static struct lock_class_key drm_unbind_guard_key;

/* One class for the guards of every device, see "unbind guards". */
void drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot)
{
	lockdep_init_map(&slot->dep_map, "drm_unbind_guard",
			 &drm_unbind_guard_key, 0);
}

/*
 * Inside, or outside, a guard on @slot's device? Both answer false when
 * lockdep has turned itself off: then nothing is known.
 */
bool drm_unbind_guard_held(struct drm_registration_slot *slot)
{
	return debug_locks && lock_is_held(&slot->dep_map);
}

bool drm_unbind_guard_not_held(struct drm_registration_slot *slot)
{
	return debug_locks && !lock_is_held(&slot->dep_map);
}

/* Tell lockdep that the caller waits for every guard on @slot's device. */
void drm_unbind_guard_lockdep_sync(struct drm_registration_slot *slot)
{
	lock_map_sync(&slot->dep_map);
}

/**
 * drm_unbind_guard_lockdep_acquire - lockdep side of entering a guard
 * @slot: the device's registration slot
 *
 * Called by drm_unbind_guard_enter(), not by drivers. Only the outermost
 * guard on a device takes its map.
 *
 * Returns:
 * True if this guard acquired the map and must release it.
 */
bool drm_unbind_guard_lockdep_acquire(struct drm_registration_slot *slot)
{
	if (drm_unbind_guard_held(slot))
		return false;
	lock_map_acquire_read(&slot->dep_map);
	return true;
}
EXPORT_SYMBOL_GPL(drm_unbind_guard_lockdep_acquire);

/**
 * drm_unbind_guard_lockdep_release - lockdep side of leaving a guard
 * @slot: the device's registration slot
 *
 * Called by drm_unbind_guard_exit(), not by drivers.
 */
void drm_unbind_guard_lockdep_release(struct drm_registration_slot *slot)
{
	lock_map_release(&slot->dep_map);
}
EXPORT_SYMBOL_GPL(drm_unbind_guard_lockdep_release);
#endif

/**
 * __drm_registration_lookup - registration data of a device, inside a guard
 * @drm: DRM device
 *
 * Drivers use drm_registration_data() instead.
 *
 * Returns:
 * The registration data until its release, or NULL if @drm has none.
 */
struct drm_registration *__drm_registration_lookup(struct drm_device *drm)
{
	struct drm_registration *reg = drm_registration_published(drm);
	struct drm_registration_slot *slot;

	/*
	 * The published pointer, while it is; once the teardown has cleared
	 * it, before it waits for the guards, the data a guard entered before
	 * holds until it leaves, which the slot keeps until the release. The
	 * slot is also looked up where lockdep can tell a use outside a guard.
	 */
	if (likely(reg) && !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC))
		return reg;

	/*
	 * Pairs with the smp_store_release() that published the data, after
	 * the slot was added: a guard that loaded the data finds the slot.
	 */
	smp_rmb();
	slot = drm_registration_slot(drm);
	if (!slot)
		return NULL;
	if (IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && drm_unbind_guard_not_held(slot))
		drm_registration_misuse(drm,
					"registration data accessed outside an unbind guard");
	return reg ?: READ_ONCE(slot->reg);
}
EXPORT_SYMBOL_GPL(__drm_registration_lookup);
