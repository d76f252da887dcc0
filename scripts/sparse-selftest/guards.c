// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include "drm_regdata.h"

int regdata_balanced(struct drm_device *drm);
int regdata_balanced(struct drm_device *drm)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	drm_unbind_guard_exit(&guard);
	return 0;
}

int regdata_unbalanced(struct drm_device *drm);
int regdata_unbalanced(struct drm_device *drm)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	return 0;
}

MODULE_LICENSE("GPL");
