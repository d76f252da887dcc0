// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_emu: emulated devices for the samples' tests. Test support, not
 * part of any driver.
 */

#include <linux/module.h>
#include <linux/pci.h>

#include "emu.h"

static int __init regdata_emu_init(void)
{
	int ret;

	if (IS_ENABLED(CONFIG_INDIRECT_IOMEM)) {
		ret = regdata_emu_mmio_init();
		if (ret)
			return ret;
		/* The logic_iomem region stays: so does the module. */
		__module_get(THIS_MODULE);
	}
	if (IS_ENABLED(CONFIG_PCI))
		return pci_register_driver(&regdata_emu_ivshmem_driver);
	return 0;
}
module_init(regdata_emu_init);

static void __exit regdata_emu_exit(void)
{
	if (IS_ENABLED(CONFIG_PCI))
		pci_unregister_driver(&regdata_emu_ivshmem_driver);
}
module_exit(regdata_emu_exit);

MODULE_DESCRIPTION("Emulated devices for the drm_registration samples' tests");
MODULE_LICENSE("GPL");
