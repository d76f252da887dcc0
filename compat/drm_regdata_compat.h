/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the series adds to the DRM core and the framework uses, for the
 * out-of-tree build against a stock 6.12 kernel. Not part of the series:
 * the Makefile passes it with -include to every file it builds against
 * headers whose struct drm_device has no unplug domain.
 *
 * - Sections that name the device at both ends: on stock 6.12 a
 *   drm_dev_enter() section, inside one of this file's SRCU domain, so
 *   that drm_dev_section_synchronize() can wait for them without
 *   unplugging (stock 6.12's unplug domain is private to drm_drv.c).
 *   Every device shares both: DRIVER_UNPLUG_DOMAIN is no flag there.
 * - &drm_device.registration: stock 6.12 has no such member, and the
 *   framework takes &drm_device.dev_private instead, which a driver that
 *   uses the framework must then leave alone (registering fails with
 *   -EBUSY otherwise).
 */

#ifndef _DRM_REGDATA_COMPAT_H_
#define _DRM_REGDATA_COMPAT_H_

#include <linux/cleanup.h>
#include <linux/export.h>
#include <linux/srcu.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>

#define DRM_REGDATA_COMPAT	1

#define DRIVER_UNPLUG_DOMAIN	0

/* In drm-regdata.ko: the Makefile has unbind_guard.o define it. */
extern struct srcu_struct *drm_regdata_compat_srcu;
#ifdef DRM_REGDATA_COMPAT_SRCU
DEFINE_STATIC_SRCU(drm_regdata_compat_domain);
struct srcu_struct *drm_regdata_compat_srcu = &drm_regdata_compat_domain;
EXPORT_SYMBOL_GPL(drm_regdata_compat_srcu);
#endif

struct drm_dev_section {
	struct srcu_struct *srcu;
	int idx;
	int compat_idx;
};

/*
 * The second domain is entered without lockdep's annotation (as
 * __srcu_read_lock() does), so that a section costs lockdep the entries it
 * costs with the series: the drm_dev_enter() it wraps is annotated.
 */
static inline bool drm_dev_section_enter(struct drm_device *dev,
					 struct drm_dev_section *section)
{
	section->compat_idx = __srcu_read_lock(drm_regdata_compat_srcu);
	/* As for drm_dev_enter(), sparse does not follow the section. */
	__release(drm_regdata_compat_srcu);
	if (drm_dev_enter(dev, &section->idx)) {
		section->srcu = drm_regdata_compat_srcu;
		return true;
	}
	__acquire(drm_regdata_compat_srcu);
	__srcu_read_unlock(drm_regdata_compat_srcu, section->compat_idx);
	section->srcu = NULL;
	return false;
}

static inline void drm_dev_section_exit(struct drm_dev_section *section)
{
	drm_dev_exit(section->idx);
	__acquire(section->srcu);
	__srcu_read_unlock(section->srcu, section->compat_idx);
}

static inline void drm_dev_section_synchronize(struct drm_device *dev)
{
	synchronize_srcu(drm_regdata_compat_srcu);
}

static inline struct drm_dev_section
drm_dev_section_init(struct drm_device *dev)
{
	struct drm_dev_section section;

	drm_dev_section_enter(dev, &section);
	return section;
}

static inline void drm_dev_section_fini(struct drm_dev_section *section)
{
	if (section->srcu)
		drm_dev_section_exit(section);
}

DEFINE_CLASS(drm_dev_section, struct drm_dev_section,
	     drm_dev_section_fini(&_T), drm_dev_section_init(dev),
	     struct drm_device *dev)

/* After the headers that declare dev_private: only the framework's uses. */
#define registration	dev_private

#endif /* _DRM_REGDATA_COMPAT_H_ */
