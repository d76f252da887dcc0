/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between drm_regdata.c and unbind_guard.c; not for drivers.
 */

#ifndef _DRM_REGDATA_INTERNAL_H_
#define _DRM_REGDATA_INTERNAL_H_

#include <linux/atomic.h>
#include <linux/types.h>

#include <drm/drm_print.h>

struct drm_device;
struct drm_registration_slot;

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
void drm_unbind_guard_lockdep_fini(struct drm_registration_slot *slot);
bool drm_unbind_guard_held(struct drm_registration_slot *slot);
bool drm_unbind_guard_not_held(struct drm_registration_slot *slot);
void drm_unbind_guard_lockdep_sync(struct drm_registration_slot *slot);
#else
static inline void
drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot) { }
static inline void
drm_unbind_guard_lockdep_fini(struct drm_registration_slot *slot) { }
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

#ifdef DRM_REGDATA_GLOBAL_UNPLUG
void drm_unbind_guard_synchronize(void);
#endif

#if IS_ENABLED(CONFIG_KUNIT)
void drm_registration_dev_unplug(struct drm_device *drm);
void drm_registration_sync_guards(struct drm_device *drm);
#endif

#endif /* _DRM_REGDATA_INTERNAL_H_ */
