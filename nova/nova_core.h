/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface between regdata_nova_core (PCI) and regdata_nova (DRM):
 * the auxiliary device the core creates for the DRM part.
 */

#ifndef _REGDATA_NOVA_CORE_H_
#define _REGDATA_NOVA_CORE_H_

#include <linux/auxiliary_bus.h>
#include <linux/compiler_types.h>
#include <linux/types.h>

/* Matches "regdata_nova_core.drm" auxiliary devices. */
#define NOVA_CORE_AUX_NAME	"drm"

/**
 * struct nova_core_aux - auxiliary device for the DRM part
 *
 * Lives while the parent PCI function is bound to regdata_nova_core: it is
 * deleted before the BAR mapping is released.
 */
struct nova_core_aux {
	/** @adev: the auxiliary device */
	struct auxiliary_device adev;
	/** @bar: BAR 0 of the PCI function, mapped */
	void __iomem *bar;
	/** @bar_size: length of BAR 0 */
	resource_size_t bar_size;
};

static inline struct nova_core_aux *
to_nova_core_aux(struct auxiliary_device *adev)
{
	return container_of(adev, struct nova_core_aux, adev);
}

/*
 * The auxiliary device id of PCI function @dev_id (bus and devfn) in PCI
 * domain @domain: unique across domains.
 */
static inline u32 nova_core_aux_id(u16 domain, u16 dev_id)
{
	return (u32)domain << 16 | dev_id;
}

void __iomem *nova_core_bar(struct auxiliary_device *adev,
			    resource_size_t *size);

#endif /* _REGDATA_NOVA_CORE_H_ */
