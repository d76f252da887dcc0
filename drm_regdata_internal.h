/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between drm_registration.c and unbind_guard.c; not for drivers.
 */

#ifndef _DRM_REGDATA_INTERNAL_H_
#define _DRM_REGDATA_INTERNAL_H_

#include <linux/atomic.h>
#include <linux/types.h>

#include <drm/drm_print.h>

struct drm_registration_slot;

/* Incremented on every reported misuse; the KUnit suites read it. */
extern atomic_t drm_regdata_misuse_count;

/*
 * Report API misuse: count it, then warn once per call site. Every message
 * starts with "regdata misuse:", which the test harness matches.
 */
#define drm_registration_misuse(drm, fmt, ...)				\
	do {								\
		atomic_inc(&drm_regdata_misuse_count);			\
		drm_WARN_ONCE(drm, true, "regdata misuse: " fmt "\n",	\
			      ##__VA_ARGS__);				\
	} while (0)

#ifdef CONFIG_DEBUG_LOCK_ALLOC
void drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot);
bool drm_unbind_guard_held_any(void);
void drm_unbind_guard_lockdep_wait(void);
#else
static inline void
drm_unbind_guard_lockdep_init(struct drm_registration_slot *slot) { }
static inline bool drm_unbind_guard_held_any(void) { return false; }
static inline void drm_unbind_guard_lockdep_wait(void) { }
#endif

#endif /* _DRM_REGDATA_INTERNAL_H_ */
