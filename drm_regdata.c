// SPDX-License-Identifier: GPL-2.0
/*
 * drm_registration: publish, register, unplug and release registration data.
 */

#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/drm_regdata.h>

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
 * drm_registration_unregister(), first hides the data from new guards, then
 * calls drm_dev_unplug(), whose SRCU barrier waits for every section on
 * the device, and only then calls the driver's release
 * callback and frees the data.
 *
 * The data is reachable only inside an unbind guard, &struct
 * drm_unbind_guard. Ioctls declared with DEFINE_DRM_GUARDED_IOCTL() and
 * DRM_IOCTL_DEF_DRV_GUARDED() run wholly inside one and are handed the
 * registration data, never the bound parent device: a driver that needs the
 * parent device or one of its resources stores it in its registration data.
 *
 * Misuse is reported, never silently tolerated, and reporting it never
 * changes what the code does: under lockdep, taking the data with
 * drm_registration_data() outside a guard on the device warns, and so does
 * unregistering from inside a guard on the device (which then deadlocks in
 * the SRCU barrier, as it does without lockdep). Unregistering twice warns
 * in every build. So does a driver that unregistered or unplugged the
 * device behind the framework's back: a bug (the device's unload and
 * early_unregister callbacks must not run twice, so the framework does not
 * unregister again), but not a use-after-free, since the teardown then
 * waits for the guards itself before the release.
 * Error recovery and surprise removal paths call drm_registration_unplug(),
 * which may race with the owner's drm_registration_unregister() and with
 * drm_registration_register() itself: the registration is torn down once,
 * and every caller returns after the teardown. Code that finds the device
 * lost where it cannot wait for the guards, inside one or in interrupt
 * context, calls drm_registration_unplug_async().
 */

/* &drm_registration_slot.flags: the owner has unregistered */
#define DRM_REGISTRATION_UNREGISTERED	0

/*
 * The slots of the registered devices, by &drm_device, for the slow paths:
 * registering, tearing down, unplug_async(). Looked up under RCU, changed
 * under the lock.
 */
static DEFINE_HASHTABLE(drm_registration_slots, 6);
static DEFINE_SPINLOCK(drm_registration_slots_lock);

/*
 * The slot of @drm, or NULL. The caller holds a reference to @drm, which
 * keeps the slot: it is freed with the device.
 */
struct drm_registration_slot *
drm_registration_slot(struct drm_device *drm)
{
	struct drm_registration_slot *slot;

	rcu_read_lock();
	hash_for_each_possible_rcu(drm_registration_slots, slot, node,
				   (unsigned long)drm)
		if (slot->drm == drm)
			break;
	rcu_read_unlock();
	return slot;
}
EXPORT_SYMBOL_IF_KUNIT(drm_registration_slot);

#if IS_ENABLED(CONFIG_DRM_REGDATA_KUNIT_TEST)
atomic_t drm_regdata_misuse_count = ATOMIC_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(drm_regdata_misuse_count);
#endif

/* drm_dev_unplug(), which the tests can replace. */
VISIBLE_IF_KUNIT void drm_registration_dev_unplug(struct drm_device *drm)
{
	KUNIT_STATIC_STUB_REDIRECT(drm_registration_dev_unplug, drm);

	drm_dev_unplug(drm);
}
EXPORT_SYMBOL_IF_KUNIT(drm_registration_dev_unplug);

/*
 * Wait for every guard on @drm without unplugging it, for a device the
 * driver has unplugged or unregistered itself. The tests can replace it.
 */
VISIBLE_IF_KUNIT void drm_registration_sync_guards(struct drm_device *drm)
{
	KUNIT_STATIC_STUB_REDIRECT(drm_registration_sync_guards, drm);

	drm_dev_section_synchronize(drm);
}
EXPORT_SYMBOL_IF_KUNIT(drm_registration_sync_guards);

/* Stop the device: before the barrier, with the data still alive. */
static void drm_registration_quiesce(struct drm_registration *reg)
{
	if (reg->funcs && reg->funcs->quiesce)
		reg->funcs->quiesce(reg);
}

/*
 * Hide the data, wait for every guard that may hold it, release it. The
 * caller has claimed the teardown (DYING); this ends it (DEAD) and wakes the
 * callers that wait for it. @in_guard: the caller holds a guard on the
 * device, which lockdep has already reported.
 */
static void drm_registration_teardown(struct drm_device *drm,
				      struct drm_registration_slot *slot,
				      bool in_guard)
{
	bool unplugged = drm_dev_is_unplugged(drm);
	struct drm_registration *reg;

	/*
	 * Tell lockdep that this waits for every guard on the device. The
	 * barrier's synchronize_srcu() says so for the SRCU, but not in a way
	 * that covers a lock taken inside a guard: the guard's own map,
	 * acquired after the SRCU, is between them, and lockdep does not
	 * follow a dependency through two recursive read acquisitions.
	 */
	if (!in_guard)
		drm_unbind_guard_lockdep_sync(slot);

	/* From here on every new guard fails. */
	reg = xchg(&drm->registration, NULL);
	drm_registration_quiesce(reg);

	if (unplugged || !drm->registered) {
		/*
		 * The driver unplugged or unregistered the device itself.
		 * Unregistering twice would run its unload and early_unregister
		 * callbacks twice, so wait for the guards without: after a
		 * drm_dev_unregister() new guards still pass drm_dev_enter(),
		 * and a drm_dev_unplug() may still be in its barrier. Guards
		 * entered from now on find no data.
		 */
		drm_registration_misuse(drm, "device %s by the driver, not again",
					unplugged ? "unplugged" : "unregistered");
		drm_registration_sync_guards(drm);
	} else {
		/*
		 * Sets the unplugged flag and waits, in synchronize_srcu(), for
		 * every guard that may have taken the data. Then unregisters
		 * the minors and zaps userspace mappings.
		 */
		drm_registration_dev_unplug(drm);
	}

	WRITE_ONCE(slot->reg, NULL);
	drm_registration_free(reg);
	atomic_set(&slot->state, DRM_REGISTRATION_DEAD);
	complete_all(&slot->done);
	/* The reference drm_registration_register() took. */
	drm_dev_put(drm);
}

/*
 * Whether the caller, about to wait for the guards, holds one, which
 * deadlocks: reports it where lockdep can tell.
 */
static bool drm_registration_report_in_guard(struct drm_device *drm,
					     struct drm_registration_slot *slot)
{
	if (!drm_unbind_guard_held(slot))
		return false;
	drm_registration_misuse(drm, "unregistering inside a guard deadlocks");
	return true;
}

/*
 * Tear down once. The first caller to find the registration live does it; a
 * caller that finds it being registered leaves it to the registering thread;
 * callers that find it under way wait for it, callers that find it done
 * return. All of them return after the release callback has run, except a
 * call from inside drm_dev_register() itself (a .load callback), which
 * cannot wait for the thread it runs in. Waiting for the teardown is waiting
 * for the guards, and lockdep is told so, as for the teardown itself: a
 * caller inside a guard on the device waits forever, in the barrier or for
 * the thread in it, with or without lockdep; lockdep builds say so first,
 * and report a lock the caller holds that a guard holder takes.
 */
static void drm_registration_teardown_once(struct drm_device *drm,
					   struct drm_registration_slot *slot)
{
	int state = atomic_read(&slot->state);
	bool in_guard;

	for (;;) {
		switch (state) {
		case DRM_REGISTRATION_LIVE:
			if (!atomic_try_cmpxchg(&slot->state, &state,
						DRM_REGISTRATION_DYING))
				continue;
			in_guard = drm_registration_report_in_guard(drm, slot);
			drm_registration_teardown(drm, slot, in_guard);
			return;
		case DRM_REGISTRATION_REGISTERING:
			if (!atomic_try_cmpxchg(&slot->state, &state,
						DRM_REGISTRATION_UNPLUG_PENDING))
				continue;
			break;
		case DRM_REGISTRATION_UNPLUG_PENDING:
		case DRM_REGISTRATION_DYING:
			break;
		default:
			return;
		}
		break;
	}

	if (READ_ONCE(slot->registering) == current)
		return;
	in_guard = drm_registration_report_in_guard(drm, slot);
	if (!in_guard)
		drm_unbind_guard_lockdep_sync(slot);
	wait_for_completion(&slot->done);
}

/*
 * The teardown drm_registration_unplug_async() asked for, and the put of the
 * reference it took for it.
 */
static void drm_registration_unplug_work(struct work_struct *work)
{
	struct drm_registration_slot *slot =
		container_of(work, struct drm_registration_slot, unplug_work);
	struct drm_device *drm = slot->drm;

	drm_registration_teardown_once(drm, slot);
	drm_dev_put(drm);
}

/*
 * Free the slot with the &drm_device, after taking it out of the table, so
 * that a call during the device's release finds no slot rather than a freed
 * one.
 */
static void drm_registration_slot_fini(struct drm_device *drm, void *ptr)
{
	struct drm_registration_slot *slot = ptr;

	spin_lock(&drm_registration_slots_lock);
	hash_del_rcu(&slot->node);
	spin_unlock(&drm_registration_slots_lock);
	kfree_rcu(slot, rcu);
}

/**
 * __drm_registration_alloc - allocate registration data
 * @size: size of the driver's registration data structure
 * @offset: offset of the &struct drm_registration in it
 * @funcs: the driver's callbacks, or NULL
 *
 * Drivers use drm_registration_alloc() instead.
 *
 * Returns:
 * A pointer to the zeroed data, or ERR_PTR(-ENOMEM).
 */
void *__drm_registration_alloc(size_t size, size_t offset,
			       const struct drm_registration_funcs *funcs)
{
	struct drm_registration *reg;
	void *data;

	if (WARN_ON(offset + sizeof(*reg) > size))
		return ERR_PTR(-EINVAL);

	data = kzalloc(size, GFP_KERNEL);
	if (!data)
		return ERR_PTR(-ENOMEM);

	reg = data + offset;
	reg->funcs = funcs;
	reg->offset = offset;

	return data;
}
EXPORT_SYMBOL_GPL(__drm_registration_alloc);

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

	if (reg->funcs && reg->funcs->release)
		reg->funcs->release(reg);
	kfree((void *)reg - reg->offset);
}
EXPORT_SYMBOL_GPL(drm_registration_free);

/**
 * drm_registration_register - publish registration data and register
 * @reg: registration data from drm_registration_alloc()
 * @drm: DRM device, not yet registered
 * @flags: passed to drm_dev_register()
 *
 * Takes ownership of @reg, publishes it as the registration data of @drm
 * and calls drm_dev_register(). The data is fully visible to the first
 * unbind guard that can be entered once userspace can open @drm.
 *
 * @reg is handed over whatever the outcome: on failure it has already been
 * released, exactly once, and no guard can reach it. If
 * drm_registration_unplug() is called while drm_dev_register() runs, this
 * tears the registration down once drm_dev_register() has returned, and
 * returns its result.
 *
 * Pair with drm_registration_unregister(), or use
 * devm_drm_registration_register().
 *
 * Returns:
 * 0 on success, -EBUSY if @drm is registered, unplugged or already has
 * registration data, -ENOMEM, or the error of drm_dev_register().
 */
int drm_registration_register(struct drm_registration *reg,
			      struct drm_device *drm, unsigned long flags)
{
	struct drm_registration_slot *slot;
	int ret;

	if (drm_registration_slot(drm) || READ_ONCE(drm->registration) ||
	    drm->registered || drm_dev_is_unplugged(drm)) {
		drm_err(drm, "cannot register registration data: device %s\n",
			drm->registered ? "is registered" :
			drm_dev_is_unplugged(drm) ? "is unplugged" :
			"has registration data");
		ret = -EBUSY;
		goto out_release;
	}

	slot = kzalloc(sizeof(*slot), GFP_KERNEL);
	if (!slot) {
		ret = -ENOMEM;
		goto out_release;
	}
	atomic_set(&slot->state, DRM_REGISTRATION_REGISTERING);
	slot->registering = current;
	init_completion(&slot->done);
	slot->drm = drm;
	INIT_WORK(&slot->unplug_work, drm_registration_unplug_work);
	drm_unbind_guard_lockdep_init(slot);

	ret = drmm_add_action_or_reset(drm, drm_registration_slot_fini, slot);
	if (ret)
		goto out_release;

	reg->drm = drm;
	reg->slot = slot;
	slot->reg = reg;
	drm_dev_get(drm);
	spin_lock(&drm_registration_slots_lock);
	hash_add_rcu(drm_registration_slots, &slot->node, (unsigned long)drm);
	spin_unlock(&drm_registration_slots_lock);
	/* Pairs with the guards' READ_ONCE(), see drm_unbind_guard_lockdep_enter(). */
	smp_store_release(&drm->registration, reg);

	ret = drm_dev_register(drm, flags);
	WRITE_ONCE(slot->registering, NULL);
	if (ret) {
		/*
		 * drm_dev_register() has marked @drm unplugged and waited for
		 * every guard entered while its minors were visible; later
		 * guards fail, so nothing can reach @reg any more.
		 */
		drm_WARN_ON(drm, !drm_dev_is_unplugged(drm));
		WRITE_ONCE(drm->registration, NULL);
		WRITE_ONCE(slot->reg, NULL);
		set_bit(DRM_REGISTRATION_UNREGISTERED, &slot->flags);
		drm_registration_free(reg);
		atomic_set(&slot->state, DRM_REGISTRATION_DEAD);
		complete_all(&slot->done);
		/*
		 * A drm_registration_unplug_async() from inside
		 * drm_dev_register() queued a teardown, which holds a reference
		 * and has now found it done: its put must not be the last, run
		 * by a kworker after the probe has failed and the driver may
		 * be gone. No guard, and so no new one, can be entered now.
		 */
		flush_work(&slot->unplug_work);
		drm_dev_put(drm);
		return ret;
	}

	if (atomic_cmpxchg(&slot->state, DRM_REGISTRATION_REGISTERING,
			   DRM_REGISTRATION_LIVE) ==
	    DRM_REGISTRATION_UNPLUG_PENDING) {
		atomic_set(&slot->state, DRM_REGISTRATION_DYING);
		drm_registration_teardown(drm, slot, false);
	}
	return 0;

out_release:
	drm_registration_free(reg);
	return ret;
}
EXPORT_SYMBOL_GPL(drm_registration_register);

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
 * 0 on success, -EINVAL if @parent is not the parent of @drm, or a negative
 * errno, see drm_registration_register(). On failure @reg has been
 * released.
 */
int devm_drm_registration_register(struct device *parent,
				   struct drm_registration *reg,
				   struct drm_device *drm, unsigned long flags)
{
	int ret;

	if (!parent || drm->dev != parent) {
		drm_err(drm, "registration parent %s is not the parent %s\n",
			parent ? dev_name(parent) : "(none)",
			drm->dev ? dev_name(drm->dev) : "(none)");
		drm_registration_free(reg);
		return -EINVAL;
	}

	ret = drm_registration_register(reg, drm, flags);
	if (ret)
		return ret;

	return devm_add_action_or_reset(parent, drm_registration_devm_unregister,
					drm);
}
EXPORT_SYMBOL_GPL(devm_drm_registration_register);

/**
 * drm_registration_unregister - unplug and release registration data
 * @drm: DRM device registered with drm_registration_register()
 *
 * The owner's end of the registration, called once: hides the data from new
 * guards, calls drm_dev_unplug(), which waits for every unbind guard in
 * flight and makes later ones fail with -ENODEV, then the release callback,
 * then frees the data. Files that are still open keep @drm alive; their
 * guarded ioctls return -ENODEV from now on. If drm_registration_unplug()
 * has torn the registration down already, or is doing so, this waits for it
 * and returns.
 *
 * Calling it twice, after registering failed, or for a registration that
 * devm_drm_registration_register() manages warns and returns. Calling it
 * from inside an unbind guard on @drm deadlocks in the barrier; lockdep
 * builds warn first.
 *
 * Context: Process context, may sleep. Not inside an unbind guard.
 */
void drm_registration_unregister(struct drm_device *drm)
{
	struct drm_registration_slot *slot = drm_registration_slot(drm);

	if (!slot) {
		drm_registration_misuse(drm, "unregistering a device without registration data");
		return;
	}

	if (test_and_set_bit(DRM_REGISTRATION_UNREGISTERED, &slot->flags)) {
		drm_registration_misuse(drm, "unregistered twice or after registering failed");
		return;
	}

	drm_dev_get(drm);
	drm_registration_teardown_once(drm, slot);
	/*
	 * A teardown queued by drm_registration_unplug_async() ends with a
	 * put of the device, which may be the last and run the driver's
	 * release code: wait for it before the driver can go.
	 */
	flush_work(&slot->unplug_work);
	drm_dev_put(drm);
}
EXPORT_SYMBOL_GPL(drm_registration_unregister);

/**
 * drm_registration_unplug - tear registration data down early
 * @drm: DRM device with registration data
 *
 * For paths that find the device gone or unusable while the owner still
 * holds the registration: surprise removal, error recovery, an interrupt
 * thread requested before the hand-over. Tears the registration down like
 * drm_registration_unregister(), and may be called any number of times,
 * also concurrently with drm_registration_register(),
 * drm_registration_unregister() or the devres action of
 * devm_drm_registration_register(): one of them tears down, the others wait
 * for it. The owner still calls (or lets devres call)
 * drm_registration_unregister(), which then returns at once.
 *
 * Context: Process context, may sleep. Not inside an unbind guard.
 */
void drm_registration_unplug(struct drm_device *drm)
{
	struct drm_registration_slot *slot = drm_registration_slot(drm);

	if (!slot) {
		drm_registration_misuse(drm, "unplugging a device without registration data");
		return;
	}

	drm_dev_get(drm);
	drm_registration_teardown_once(drm, slot);
	drm_dev_put(drm);
}
EXPORT_SYMBOL_GPL(drm_registration_unplug);

/**
 * drm_registration_unplug_async - tear registration data down, not waiting
 * @drm: DRM device with registration data
 *
 * drm_registration_unplug() for code that cannot wait for the unbind guards:
 * code inside a guard or another section on @drm, which the
 * teardown waits for (a driver that finds its GPU lost in the middle of an
 * ioctl), and interrupt context. Queues the teardown on a workqueue and
 * returns; new guards keep succeeding until it starts. Nothing happens once
 * a teardown has begun (the data is hidden from guards), and a teardown
 * already queued is not queued twice. drm_registration_unregister() waits
 * for the queued teardown.
 *
 * Context: Any context but NMI.
 */
void drm_registration_unplug_async(struct drm_device *drm)
{
	struct drm_registration_slot *slot = drm_registration_slot(drm);
	struct drm_unbind_guard guard;

	if (!slot) {
		drm_registration_misuse(drm, "unplugging a device without registration data");
		return;
	}

	/*
	 * Queue inside a guard. The teardown hides the data before it waits
	 * for the guards, whether it unplugs or the driver did, and
	 * drm_registration_unregister() flushes the work once the teardown is
	 * over: it cannot miss a work queued here, and once the data is hidden
	 * none is queued. Inside the guard the teardown has not ended, so the
	 * registration's own reference to @drm is held: this put is never the
	 * last.
	 */
	if (!__drm_unbind_guard_enter(&guard, drm))
		return;
	drm_dev_get(drm);
	if (!queue_work(system_unbound_wq, &slot->unplug_work))
		drm_dev_put(drm);
	__drm_unbind_guard_exit(&guard);
}
EXPORT_SYMBOL_GPL(drm_registration_unplug_async);

MODULE_DESCRIPTION("DRM registration data and unbind guards");
MODULE_LICENSE("GPL");
