/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between drm_regdata.c and unbind_guard.c; not for drivers.
 */

#ifndef _DRM_REGDATA_INTERNAL_H_
#define _DRM_REGDATA_INTERNAL_H_

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/lockdep_types.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <drm/drm_print.h>

struct drm_device;
struct task_struct;

/**
 * enum drm_registration_state - life of a registration
 * @DRM_REGISTRATION_REGISTERING: published, drm_dev_register() under way
 * @DRM_REGISTRATION_UNPLUG_PENDING: as above, and drm_registration_unplug()
 *	asked for a teardown, which the registering thread does once
 *	drm_dev_register() has returned
 * @DRM_REGISTRATION_LIVE: registered
 * @DRM_REGISTRATION_DYING: one caller is tearing it down
 * @DRM_REGISTRATION_DEAD: torn down, or registering failed
 *
 * Every transition is one atomic step on &drm_registration_slot.state.
 */
enum drm_registration_state {
	DRM_REGISTRATION_REGISTERING,
	DRM_REGISTRATION_UNPLUG_PENDING,
	DRM_REGISTRATION_LIVE,
	DRM_REGISTRATION_DYING,
	DRM_REGISTRATION_DEAD,
};

/**
 * struct drm_registration_slot - per-device teardown state of a registration
 *
 * Allocated by the framework when registering, found by the &drm_device
 * (drm_registration_slot()), and freed with the &drm_device. A guard
 * finds the data in &drm_device.registration; the slow paths use the slot,
 * and so does drm_registration_data() once the teardown has hidden the data
 * (and always under lockdep).
 */
struct drm_registration_slot {
	/** @node: in the framework's table of slots, keyed by @drm */
	struct hlist_node node;
	/** @rcu: frees the slot after lookups that may still see it */
	struct rcu_head rcu;
	/** @state: an &enum drm_registration_state */
	atomic_t state;
	/** @flags: whether the owner has unregistered */
	unsigned long flags;
	/** @registering: the task in drm_dev_register(), or NULL */
	struct task_struct *registering;
	/** @done: completed once the registration has been torn down */
	struct completion done;
	/** @drm: the device */
	struct drm_device *drm;
	/**
	 * @reg: the registration data from before it is published until its
	 * release: what guards on @drm may hold, also once the teardown has
	 * hidden it from new ones (drm_registration_data())
	 */
	struct drm_registration *reg;
	/** @unplug_work: the teardown drm_registration_unplug_async() queues */
	struct work_struct unplug_work;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/** @dep_map: held for reading by the outermost guard on the device */
	struct lockdep_map dep_map;
#endif
};

#if IS_ENABLED(CONFIG_DRM_REGDATA_KUNIT_TEST)
/* Incremented on every reported misuse; the KUnit suites read it. */
extern atomic_t drm_regdata_misuse_count;
#define drm_registration_misuse_counted()	atomic_inc(&drm_regdata_misuse_count)
#else
#define drm_registration_misuse_counted()	do { } while (0)
#endif

/*
 * Report API misuse: count it for the tests, then warn once per call site.
 * Every message starts with "regdata misuse:", which the test harness
 * matches. Reporting never changes what the caller goes on to do.
 */
#define drm_registration_misuse(drm, fmt, ...)				\
	do {								\
		drm_registration_misuse_counted();			\
		drm_WARN_ONCE(drm, true, "regdata misuse: " fmt "\n",	\
			      ##__VA_ARGS__);				\
	} while (0)

#ifdef CONFIG_DEBUG_LOCK_ALLOC
void drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot);
bool drm_unbind_guard_held(struct drm_registration_slot *slot);
bool drm_unbind_guard_not_held(struct drm_registration_slot *slot);
void drm_unbind_guard_lockdep_sync(struct drm_registration_slot *slot);
#else
static inline void
drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot) { }
static inline bool drm_unbind_guard_held(struct drm_registration_slot *slot)
{
	return false;
}

static inline bool
drm_unbind_guard_not_held(struct drm_registration_slot *slot)
{
	return false;
}

static inline void
drm_unbind_guard_lockdep_sync(struct drm_registration_slot *slot) { }
#endif

struct drm_registration_slot *drm_registration_slot(struct drm_device *drm);

#if IS_ENABLED(CONFIG_KUNIT)
void drm_registration_dev_unplug(struct drm_device *drm);
void drm_registration_sync_guards(struct drm_device *drm);
#endif

#endif /* _DRM_REGDATA_INTERNAL_H_ */
