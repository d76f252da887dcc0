// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated tyr GPU register file.
 */

#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/module.h>

#include <regdata/regdata_devices.h>

#include "tyr_emu.h"

/* A Mali-G610-like GPU, as panthor would find it. */
static const struct {
	unsigned int offset;
	u32 val;
} tyr_emu_id_regs[] = {
	{ TYR_GPU_ID,			REGDATA_TYR_GPU_ID },
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

/* Complete a soft reset whose time has come. Called with the lock held. */
static void tyr_emu_advance(struct tyr_emu *emu)
{
	if (emu->reset_done && !ktime_before(ktime_get(), emu->reset_done)) {
		emu->regs[TYR_GPU_INT_RAWSTAT / 4] |= TYR_GPU_IRQ_RESET_COMPLETED;
		emu->reset_done = 0;
		emu->resets++;
	}
}

/**
 * tyr_emu_init - power on an emulated GPU
 * @emu: the emulator
 */
void tyr_emu_init(struct tyr_emu *emu)
{
	int i;

	memset(emu, 0, sizeof(*emu));
	spin_lock_init(&emu->lock);
	/* In a window of memory, at once: see tyr_emu_window_read(). */
	emu->reset_delay_us = regdata_emu_mmio_sees_reads() ? 200 : 0;
	for (i = 0; i < ARRAY_SIZE(tyr_emu_id_regs); i++)
		emu->regs[tyr_emu_id_regs[i].offset / 4] = tyr_emu_id_regs[i].val;
}
EXPORT_SYMBOL_GPL(tyr_emu_init);

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
	tyr_emu_advance(emu);
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
	spin_lock(&emu->lock);
	tyr_emu_advance(emu);
	switch (offset) {
	case TYR_GPU_CMD:
		if (val == TYR_GPU_SOFT_RESET && !emu->broken) {
			emu->regs[TYR_GPU_INT_RAWSTAT / 4] &=
				~TYR_GPU_IRQ_RESET_COMPLETED;
			emu->reset_done = ktime_add_us(ktime_get(),
						       emu->reset_delay_us);
		}
		break;
	case TYR_GPU_INT_CLEAR:
		emu->regs[TYR_GPU_INT_RAWSTAT / 4] &= ~val;
		break;
	default:
		break;
	}
	spin_unlock(&emu->lock);
}
EXPORT_SYMBOL_GPL(tyr_emu_write);

/*
 * A window whose model sees every access (logic_iomem) shows the register
 * file as it is. One that is memory (ivshmem) shows a write to the model
 * only when its poller next passes, on whichever CPU the host lets run: a
 * handshake timed by the guest's clock, such as the soft reset, would then
 * race the host's scheduling, which no timeout written for real hardware
 * allows for. Such a window shows a GPU whose soft reset completes before
 * the driver can look: GPU_INT_RAWSTAT has RESET_COMPLETED set unless the
 * GPU is broken, and the model completes a reset as soon as it sees the
 * command (no delay, tyr_emu_init()). The timed handshake is tested where
 * accesses trap.
 */
static u32 tyr_emu_window_read(void *priv, unsigned int offset)
{
	struct tyr_emu *emu = priv;
	u32 val = tyr_emu_read(emu, offset);

	if (offset == TYR_GPU_INT_RAWSTAT && !regdata_emu_mmio_sees_reads() &&
	    !READ_ONCE(emu->broken))
		val |= TYR_GPU_IRQ_RESET_COMPLETED;
	return val;
}

static void tyr_emu_window_write(void *priv, unsigned int offset, u32 val)
{
	tyr_emu_write(priv, offset, val);
}

/* An emulated MMIO window showing a &struct tyr_emu, passed as priv. */
const struct regdata_emu_window_ops tyr_emu_window_ops = {
	.read	= tyr_emu_window_read,
	.write	= tyr_emu_window_write,
};
EXPORT_SYMBOL_GPL(tyr_emu_window_ops);
