/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated MMIO windows, for the samples' KUnit tests: logic_iomem on UML
 * (emu_mmio.c), the BAR of an ivshmem-plain PCI function elsewhere
 * (emu_ivshmem.c).
 */

#ifndef _REGDATA_EMU_MMIO_H_
#define _REGDATA_EMU_MMIO_H_

#include <linux/ioport.h>
#include <linux/types.h>

/* Each window is this large; a driver maps at most one. */
#define REGDATA_EMU_WINDOW_SIZE		0x1000
#define REGDATA_EMU_WINDOWS		8

/**
 * struct regdata_emu_window_ops - what a window's registers do
 * @read: 32-bit read at @offset into the window
 * @write: 32-bit write at @offset into the window
 */
struct regdata_emu_window_ops {
	u32 (*read)(void *priv, unsigned int offset);
	void (*write)(void *priv, unsigned int offset, u32 val);
};

int regdata_emu_mmio_attach(unsigned int window,
			    const struct regdata_emu_window_ops *ops,
			    void *priv, struct resource *res);
void regdata_emu_mmio_detach(unsigned int window);
/* Does the model see every read (logic_iomem), or only writes? */
bool regdata_emu_mmio_sees_reads(void);
/* Return once the model has seen every write made before the call. */
void regdata_emu_mmio_flush(void);

#endif /* _REGDATA_EMU_MMIO_H_ */
