// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_nova_core: the PCI part of the nova sample.
 */

#include <linux/auxiliary_bus.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "nova_core.h"

/**
 * DOC: regdata_nova_core
 *
 * A "nova-core"-like PCI driver: it binds the PCI function (in the test VM,
 * QEMU's edu device, 1234:11e8), enables it, maps BAR 0 and creates the
 * auxiliary device "regdata_nova_core.drm" that regdata_nova binds. All of
 * it is devres-managed on the PCI function, in an order that deletes the
 * auxiliary device, and with it the DRM registration, before BAR 0 is
 * unmapped.
 *
 * regdata_nova reaches BAR 0 through nova_core_bar(), so this module cannot
 * be unloaded before regdata_nova, which files still open keep loaded: the
 * auxiliary device's release, which runs when the last file of the DRM
 * device is closed, is code of this module.
 */

/**
 * nova_core_bar - BAR 0 of the PCI function behind an auxiliary device
 * @adev: a "regdata_nova_core.drm" auxiliary device
 * @size: set to the length of BAR 0
 *
 * The mapping is valid while @adev is bound.
 *
 * Returns:
 * The mapping of BAR 0.
 */
void __iomem *nova_core_bar(struct auxiliary_device *adev,
			    resource_size_t *size)
{
	struct nova_core_aux *core = to_nova_core_aux(adev);

	*size = core->bar_size;
	return core->bar;
}
EXPORT_SYMBOL_GPL(nova_core_bar);

static void nova_core_aux_release(struct device *dev)
{
	kfree(to_nova_core_aux(to_auxiliary_dev(dev)));
}

static void nova_core_aux_remove(void *aux)
{
	struct nova_core_aux *core = aux;

	auxiliary_device_delete(&core->adev);
	auxiliary_device_uninit(&core->adev);
}

static int nova_core_probe(struct pci_dev *pdev,
			   const struct pci_device_id *id)
{
	struct nova_core_aux *core;
	void __iomem *bar;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	bar = pcim_iomap_region(pdev, 0, KBUILD_MODNAME);
	if (IS_ERR(bar))
		return PTR_ERR(bar);

	core = kzalloc(sizeof(*core), GFP_KERNEL);
	if (!core)
		return -ENOMEM;
	core->bar = bar;
	core->bar_size = pci_resource_len(pdev, 0);
	core->adev.name = NOVA_CORE_AUX_NAME;
	core->adev.id = nova_core_aux_id(pci_domain_nr(pdev->bus),
					 pci_dev_id(pdev));
	core->adev.dev.parent = &pdev->dev;
	core->adev.dev.release = nova_core_aux_release;

	ret = auxiliary_device_init(&core->adev);
	if (ret) {
		kfree(core);
		return ret;
	}

	ret = auxiliary_device_add(&core->adev);
	if (ret) {
		auxiliary_device_uninit(&core->adev);
		return ret;
	}

	return devm_add_action_or_reset(&pdev->dev, nova_core_aux_remove, core);
}

static const struct pci_device_id nova_core_pci_table[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },	/* QEMU edu */
	{}
};
MODULE_DEVICE_TABLE(pci, nova_core_pci_table);

static struct pci_driver nova_core_pci_driver = {
	.name		= KBUILD_MODNAME,
	.id_table	= nova_core_pci_table,
	.probe		= nova_core_probe,
};
module_pci_driver(nova_core_pci_driver);

MODULE_DESCRIPTION("drm_registration sample: nova-core-like PCI driver");
MODULE_LICENSE("GPL");
