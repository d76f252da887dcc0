/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An emulated tyr GPU register file, for the tests: test-support code, not
 * part of the driver.
 */

#ifndef _REGDATA_TYR_EMU_H_
#define _REGDATA_TYR_EMU_H_

#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "emu_mmio.h"
#include "tyr_regs.h"

/**
 * struct tyr_emu - emulated GPU registers
 *
 * Reads return the register file; a soft reset command completes
 * @reset_delay_us later, as hardware does: the first read of
 * GPU_INT_RAWSTAT from then on sees RESET_COMPLETED. Nothing has to run in
 * between, so no scheduling delay can make a reset late. GPU_INT_CLEAR
 * clears bits in GPU_INT_RAWSTAT. What a window of memory shows differs:
 * see tyr_emu_window_read().
 */
struct tyr_emu {
	/** @lock: protects @regs, @reset_done, @resets and @broken */
	spinlock_t lock;
	/** @regs: the register file */
	u32 regs[TYR_MMIO_SIZE / 4];
	/** @reset_done: when the soft reset under way completes, or 0 */
	ktime_t reset_done;
	/** @reset_delay_us: how long a soft reset takes */
	unsigned int reset_delay_us;
	/** @resets: soft resets completed */
	unsigned int resets;
	/** @broken: soft resets never complete */
	bool broken;
};

void tyr_emu_init(struct tyr_emu *emu);
u32 tyr_emu_read(struct tyr_emu *emu, unsigned int offset);
void tyr_emu_write(struct tyr_emu *emu, unsigned int offset, u32 val);

/* The window ops of an emulated tyr GPU: priv is its &struct tyr_emu. */
extern const struct regdata_emu_window_ops tyr_emu_window_ops;

#endif /* _REGDATA_TYR_EMU_H_ */
