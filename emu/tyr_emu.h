/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An emulated tyr GPU register file, for the tests: test-support code, not
 * part of the driver.
 */

#ifndef _REGDATA_TYR_EMU_H_
#define _REGDATA_TYR_EMU_H_

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "tyr_regs.h"

/**
 * struct tyr_emu - emulated GPU registers
 *
 * Reads return the register file; a soft reset command completes
 * asynchronously, setting RESET_COMPLETED in GPU_INT_RAWSTAT after
 * @reset_delay_us; GPU_INT_CLEAR clears bits in GPU_INT_RAWSTAT.
 */
struct tyr_emu {
	/** @lock: protects @regs, @resets and @broken */
	spinlock_t lock;
	/** @regs: the register file */
	u32 regs[TYR_MMIO_SIZE / 4];
	/** @reset_work: completes a soft reset */
	struct delayed_work reset_work;
	/** @reset_delay_us: how long a soft reset takes */
	unsigned int reset_delay_us;
	/** @resets: soft resets completed */
	unsigned int resets;
	/** @broken: soft resets never complete */
	bool broken;
	/**
	 * @update: called, outside @lock, when a register changes on its
	 * own (a reset completing), for backends that mirror @regs; or NULL
	 */
	void (*update)(struct tyr_emu *emu, unsigned int offset, u32 val);
};

void tyr_emu_init(struct tyr_emu *emu,
		  void (*update)(struct tyr_emu *emu, unsigned int offset,
				 u32 val));
void tyr_emu_fini(struct tyr_emu *emu);
u32 tyr_emu_read(struct tyr_emu *emu, unsigned int offset);
void tyr_emu_write(struct tyr_emu *emu, unsigned int offset, u32 val);

#endif /* _REGDATA_TYR_EMU_H_ */
