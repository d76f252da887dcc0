// SPDX-License-Identifier: GPL-2.0
/*
 * drm_registration: publish, register, unplug and release registration data.
 */

#include "drm_regdata.h"

#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "drm_regdata_internal.h"

/**
 * DOC: overview
 *
 * Registration data is the part of a DRM driver's state whose lifetime is
 * the binding of the parent bus device: MMIO mappings, references to the
 * parent device or its resources, anything devres-managed. The &drm_device
 * outlives it, since files opened by userspace keep the &drm_device alive
 * after the parent device has been unbound.
 *
 * A driver allocates its registration data with drm_registration_alloc(),
 * fills it in and hands it over with devm_drm_registration_register() (or
 * drm_registration_register() if it unregisters by hand). The framework
 * publishes the data pointer before drm_dev_register(), so the first ioctl
 * sees it. Unregistering, on unbind of the parent device or explicitly with
 * drm_registration_unregister(), first calls drm_dev_unplug(), whose SRCU
 * barrier waits for every drm_dev_enter() section, and only then calls the
 * driver's release callback and frees the data.
 *
 * The data is reachable only inside an unbind guard, &struct
 * drm_unbind_guard. Ioctls declared with DEFINE_DRM_GUARDED_IOCTL() and
 * DRM_IOCTL_DEF_DRV_GUARDED() run wholly inside one and are handed the
 * registration data, never the bound parent device: a driver that needs the
 * parent device or one of its resources stores it in its registration data.
 *
 * Misuse is reported, not tolerated silently: under lockdep, taking the data
 * with drm_registration_data() outside a guard on the device warns, and so
 * does unregistering from inside a guard (which would otherwise deadlock in
 * the SRCU barrier) and unregistering twice. Error recovery and surprise
 * removal paths call drm_registration_unplug(), which may race with the
 * owner's drm_registration_unregister(): the registration is torn down once,
 * and every caller returns after the teardown.
 */

/*
 * enum drm_registration_state - &drm_registration_slot.state
 * @DRM_REGISTRATION_LIVE: published and registered
 * @DRM_REGISTRATION_DYING: one caller is tearing it down
 * @DRM_REGISTRATION_DEAD: torn down, or registering failed
 */
enum drm_registration_state {
	DRM_REGISTRATION_LIVE,
	DRM_REGISTRATION_DYING,
	DRM_REGISTRATION_DEAD,
};

/* &drm_registration_slot.flags: the owner has unregistered */
#define DRM_REGISTRATION_UNREGISTERED	0

atomic_t drm_regdata_misuse_count = ATOMIC_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(drm_regdata_misuse_count);

static void drm_registration_teardown(struct drm_device *drm,
				      struct drm_registration_slot *slot)
{
	struct drm_registration *reg;

	drm_unbind_guard_lockdep_wait();

	/*
	 * Sets the unplugged flag and waits, in synchronize_srcu(), for every
	 * guard that may have taken the data; later guards fail. Then
	 * unregisters the minors and zaps userspace mappings.
	 */
	drm_dev_unplug(drm);

	reg = rcu_replace_pointer(slot->reg, NULL, true);
	drm_registration_free(reg);
}

/*
 * Tear down once. The first caller does it; callers that find it under way
 * wait for it; callers that find it done return. All of them return after
 * the release callback has run.
 */
static void drm_registration_teardown_once(struct drm_device *drm,
					   struct drm_registration_slot *slot)
{
	/* Keep @slot, which drmm owns, alive while we use it. */
	drm_dev_get(drm);

	switch (atomic_cmpxchg(&slot->state, DRM_REGISTRATION_LIVE,
			       DRM_REGISTRATION_DYING)) {
	case DRM_REGISTRATION_LIVE:
		drm_registration_teardown(drm, slot);
		atomic_set(&slot->state, DRM_REGISTRATION_DEAD);
		complete_all(&slot->done);
		/* The reference drm_registration_register() took. */
		drm_dev_put(drm);
		break;
	case DRM_REGISTRATION_DYING:
		drm_unbind_guard_lockdep_wait();
		wait_for_completion(&slot->done);
		break;
	default:
		break;
	}

	drm_dev_put(drm);
}

/* What unregister and unplug refuse; false after reporting the misuse. */
static bool drm_registration_may_teardown(struct drm_device *drm,
					  struct drm_registration_slot *slot,
					  const char *op)
{
	if (!slot) {
		drm_registration_misuse(drm, "%s a device without registration data",
					op);
		return false;
	}

	if (drm_unbind_guard_held_any()) {
		drm_registration_misuse(drm, "%s inside an unbind guard, skipped",
					op);
		return false;
	}

	return true;
}

/**
 * __drm_registration_alloc - allocate registration data
 * @size: size of the driver's registration data structure
 * @offset: offset of the &struct drm_registration in it
 * @release: release callback, or NULL
 *
 * Drivers use drm_registration_alloc() instead.
 *
 * Returns:
 * A pointer to the zeroed data, or ERR_PTR(-ENOMEM).
 */
void *__drm_registration_alloc(size_t size, size_t offset,
			       drm_registration_release_t release)
{
	struct drm_registration *reg;
	void *data;

	if (WARN_ON(offset + sizeof(*reg) > size))
		return ERR_PTR(-EINVAL);

	data = kzalloc(size, GFP_KERNEL);
	if (!data)
		return ERR_PTR(-ENOMEM);

	reg = data + offset;
	reg->release = release;
	reg->offset = offset;

	return data;
}
EXPORT_SYMBOL(__drm_registration_alloc);

/**
 * drm_registration_free - release registration data
 * @reg: registration data, or NULL
 *
 * Calls the release callback, then frees the data. Only for data that has
 * not been handed over to drm_registration_register() or
 * devm_drm_registration_register(): from then on the framework releases it.
 */
void drm_registration_free(struct drm_registration *reg)
{
	if (!reg)
		return;

	if (reg->release)
		reg->release(reg);
	kfree((void *)reg - reg->offset);
}
EXPORT_SYMBOL(drm_registration_free);

/**
 * drm_registration_register - publish registration data and register
 * @reg: registration data from drm_registration_alloc()
 * @drm: DRM device, not yet registered
 * @parent: the bound bus device, which must be &drm_device.dev of @drm
 * @flags: passed to drm_dev_register()
 *
 * Takes ownership of @reg, publishes it as the registration data of @drm
 * and calls drm_dev_register(). The data is fully visible to the first
 * unbind guard that can be entered once userspace can open @drm. @drm must
 * not use &drm_device.dev_private, which the framework owns.
 *
 * @reg is handed over whatever the outcome: on failure it has already been
 * released, exactly once, and no guard can reach it.
 *
 * Pair with drm_registration_unregister(), or use
 * devm_drm_registration_register().
 *
 * Returns:
 * 0 on success, -EINVAL if @parent is not the parent of @drm, -EBUSY if @drm
 * is registered, unplugged or already has registration data, -ENOMEM, or
 * the error of drm_dev_register().
 */
int drm_registration_register(struct drm_registration *reg,
			      struct drm_device *drm, struct device *parent,
			      unsigned long flags)
{
	struct drm_registration_slot *slot;
	int ret;

	if (!parent || drm->dev != parent) {
		drm_err(drm, "registration parent %s is not the parent %s\n",
			parent ? dev_name(parent) : "(none)",
			drm->dev ? dev_name(drm->dev) : "(none)");
		ret = -EINVAL;
		goto out_release;
	}

	if (drm->dev_private || drm->registered || drm_dev_is_unplugged(drm)) {
		drm_err(drm, "cannot register registration data: device %s\n",
			drm->dev_private ? "already has private data" :
			drm->registered ? "is registered" : "is unplugged");
		ret = -EBUSY;
		goto out_release;
	}

	slot = drmm_kzalloc(drm, sizeof(*slot), GFP_KERNEL);
	if (!slot) {
		ret = -ENOMEM;
		goto out_release;
	}
	atomic_set(&slot->state, DRM_REGISTRATION_LIVE);
	init_completion(&slot->done);
	drm_unbind_guard_lockdep_init(slot);

	reg->drm = drm;
	drm_dev_get(drm);
	/* The slot is initialised before a guard can find it. */
	smp_store_release(&drm->dev_private, slot);
	rcu_assign_pointer(slot->reg, reg);

	ret = drm_dev_register(drm, flags);
	if (ret) {
		/*
		 * drm_dev_register() has marked @drm unplugged and waited for
		 * every guard entered while its minors were visible; later
		 * guards fail, so nothing can reach @reg any more.
		 */
		drm_WARN_ON(drm, !drm_dev_is_unplugged(drm));
		RCU_INIT_POINTER(slot->reg, NULL);
		set_bit(DRM_REGISTRATION_UNREGISTERED, &slot->flags);
		atomic_set(&slot->state, DRM_REGISTRATION_DEAD);
		complete_all(&slot->done);
		drm_dev_put(drm);
		goto out_release;
	}

	return 0;

out_release:
	drm_registration_free(reg);
	return ret;
}
EXPORT_SYMBOL(drm_registration_register);

static void drm_registration_devm_unregister(void *drm)
{
	drm_registration_unregister(drm);
}

/**
 * devm_drm_registration_register - register, unregistering on unbind
 * @parent: the bound bus device, which must be &drm_device.dev of @drm
 * @reg: registration data from drm_registration_alloc()
 * @drm: DRM device, not yet registered
 * @flags: passed to drm_dev_register()
 *
 * Like drm_registration_register(), and unregisters when @parent is unbound
 * from its driver, before the devres resources acquired earlier in probe are
 * released. The driver does not call drm_registration_unregister() itself;
 * to tear down earlier, for instance on error recovery, it calls
 * drm_registration_unplug().
 *
 * Returns:
 * 0 on success or a negative errno, see drm_registration_register(). On
 * failure @reg has been released.
 */
int devm_drm_registration_register(struct device *parent,
				   struct drm_registration *reg,
				   struct drm_device *drm, unsigned long flags)
{
	int ret;

	ret = drm_registration_register(reg, drm, parent, flags);
	if (ret)
		return ret;

	return devm_add_action_or_reset(parent, drm_registration_devm_unregister,
					drm);
}
EXPORT_SYMBOL(devm_drm_registration_register);

/**
 * drm_registration_unregister - unplug and release registration data
 * @drm: DRM device registered with drm_registration_register()
 *
 * The owner's end of the registration, called once: calls drm_dev_unplug(),
 * which waits for every unbind guard in flight and makes later ones fail
 * with -ENODEV, then the release callback, then frees the data. Files that
 * are still open keep @drm alive; their guarded ioctls return -ENODEV from
 * now on. If drm_registration_unplug() has torn the registration down
 * already, or is doing so, this waits for it and returns.
 *
 * Calling it twice, after registering failed, for a registration that
 * devm_drm_registration_register() manages, or from inside an unbind guard
 * (where it would deadlock) warns; inside a guard it returns without
 * unregistering.
 *
 * Context: Process context, may sleep. Not inside an unbind guard.
 */
void drm_registration_unregister(struct drm_device *drm)
{
	struct drm_registration_slot *slot = READ_ONCE(drm->dev_private);

	if (!drm_registration_may_teardown(drm, slot, "unregistering"))
		return;

	if (test_and_set_bit(DRM_REGISTRATION_UNREGISTERED, &slot->flags)) {
		drm_registration_misuse(drm, "unregistered twice or after registering failed");
		return;
	}

	drm_registration_teardown_once(drm, slot);
}
EXPORT_SYMBOL(drm_registration_unregister);

/**
 * drm_registration_unplug - tear registration data down early
 * @drm: DRM device with registration data
 *
 * For paths that find the device gone or unusable while the owner still
 * holds the registration: surprise removal, error recovery. Tears the
 * registration down like drm_registration_unregister(), and may be called
 * any number of times, also concurrently with drm_registration_unregister()
 * or with the devres action of devm_drm_registration_register(): one of them
 * tears down, the others wait for it. The owner still calls (or lets devres
 * call) drm_registration_unregister(), which then returns at once.
 *
 * Context: Process context, may sleep. Not inside an unbind guard.
 */
void drm_registration_unplug(struct drm_device *drm)
{
	struct drm_registration_slot *slot = READ_ONCE(drm->dev_private);

	if (drm_registration_may_teardown(drm, slot, "unplugging"))
		drm_registration_teardown_once(drm, slot);
}
EXPORT_SYMBOL(drm_registration_unplug);

MODULE_DESCRIPTION("DRM registration data and unbind guards");
MODULE_LICENSE("GPL");
