// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated tyr GPU register file.
 */

#include "tyr_emu.h"

#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/module.h>

/* A Mali-G610-like GPU, as panthor would find it. */
static const struct {
	unsigned int offset;
	u32 val;
} tyr_emu_id_regs[] = {
	{ TYR_GPU_ID,			0xa8670000 },
	{ TYR_GPU_L2_FEATURES,		0x07120206 },
	{ TYR_GPU_CORE_FEATURES,	0x00000002 },
	{ TYR_GPU_TILER_FEATURES,	0x00000809 },
	{ TYR_GPU_MEM_FEATURES,		0x00000001 },
	{ TYR_GPU_MMU_FEATURES,		0x00002830 },
	{ TYR_GPU_AS_PRESENT,		0x000000ff },
	{ TYR_GPU_CSF_ID,		0x40a00300 },
	{ TYR_GPU_THREAD_MAX_THREADS,	0x00000800 },
	{ TYR_GPU_THREAD_FEATURES,	0x04000400 },
	{ TYR_GPU_SHADER_PRESENT_LO,	0x00050005 },
	{ TYR_GPU_TILER_PRESENT_LO,	0x00000001 },
	{ TYR_GPU_L2_PRESENT_LO,	0x00000001 },
};

static void tyr_emu_reset_done(struct work_struct *work)
{
	struct tyr_emu *emu = container_of(to_delayed_work(work),
					   struct tyr_emu, reset_work);
	u32 rawstat;

	spin_lock(&emu->lock);
	emu->regs[TYR_GPU_INT_RAWSTAT / 4] |= TYR_GPU_IRQ_RESET_COMPLETED;
	rawstat = emu->regs[TYR_GPU_INT_RAWSTAT / 4];
	emu->resets++;
	spin_unlock(&emu->lock);

	if (emu->update)
		emu->update(emu, TYR_GPU_INT_RAWSTAT, rawstat);
}

/**
 * tyr_emu_init - power on an emulated GPU
 * @emu: the emulator
 * @update: see &tyr_emu.update, or NULL
 */
void tyr_emu_init(struct tyr_emu *emu,
		  void (*update)(struct tyr_emu *emu, unsigned int offset,
				 u32 val))
{
	int i;

	memset(emu, 0, sizeof(*emu));
	spin_lock_init(&emu->lock);
	INIT_DELAYED_WORK(&emu->reset_work, tyr_emu_reset_done);
	emu->reset_delay_us = 200;
	emu->update = update;
	for (i = 0; i < ARRAY_SIZE(tyr_emu_id_regs); i++)
		emu->regs[tyr_emu_id_regs[i].offset / 4] = tyr_emu_id_regs[i].val;
}
EXPORT_SYMBOL_GPL(tyr_emu_init);

/**
 * tyr_emu_fini - power off an emulated GPU
 * @emu: the emulator
 *
 * Waits for a soft reset in flight.
 */
void tyr_emu_fini(struct tyr_emu *emu)
{
	cancel_delayed_work_sync(&emu->reset_work);
}
EXPORT_SYMBOL_GPL(tyr_emu_fini);

/**
 * tyr_emu_read - read a register
 * @emu: the emulator
 * @offset: register offset
 *
 * Returns:
 * The register's value; 0 outside the register file.
 */
u32 tyr_emu_read(struct tyr_emu *emu, unsigned int offset)
{
	u32 val = 0;

	spin_lock(&emu->lock);
	if (offset < TYR_MMIO_SIZE)
		val = emu->regs[offset / 4];
	spin_unlock(&emu->lock);
	return val;
}
EXPORT_SYMBOL_GPL(tyr_emu_read);

/**
 * tyr_emu_write - write a register
 * @emu: the emulator
 * @offset: register offset
 * @val: value
 *
 * Only GPU_CMD and GPU_INT_CLEAR react; the other registers are read-only.
 */
void tyr_emu_write(struct tyr_emu *emu, unsigned int offset, u32 val)
{
	bool reset = false;

	spin_lock(&emu->lock);
	switch (offset) {
	case TYR_GPU_CMD:
		if (val == TYR_GPU_SOFT_RESET && !emu->broken) {
			emu->regs[TYR_GPU_INT_RAWSTAT / 4] &=
				~TYR_GPU_IRQ_RESET_COMPLETED;
			reset = true;
		}
		break;
	case TYR_GPU_INT_CLEAR:
		emu->regs[TYR_GPU_INT_RAWSTAT / 4] &= ~val;
		break;
	default:
		break;
	}
	spin_unlock(&emu->lock);

	if (reset)
		schedule_delayed_work(&emu->reset_work,
				      usecs_to_jiffies(emu->reset_delay_us));
}
EXPORT_SYMBOL_GPL(tyr_emu_write);
