/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to regdata_emu: what emu_main.c starts.
 */

#ifndef _REGDATA_EMU_H_
#define _REGDATA_EMU_H_

struct pci_driver;

/* logic_iomem windows (UML); the region cannot be removed again. */
int regdata_emu_mmio_init(void);

/* The tyr GPU in an ivshmem-plain BAR (the QEMU VM). */
extern struct pci_driver regdata_emu_ivshmem_driver;

#endif /* _REGDATA_EMU_H_ */
