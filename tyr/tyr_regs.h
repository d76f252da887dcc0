/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GPU registers the tyr sample uses, at the offsets and with the values of
 * the Mali CSF GPUs panthor drives (drivers/gpu/drm/panthor/panthor_regs.h).
 * Shared by the driver and the emulator.
 */

#ifndef _REGDATA_TYR_REGS_H_
#define _REGDATA_TYR_REGS_H_

#include <linux/bits.h>

#define TYR_GPU_ID			0x000
#define TYR_GPU_L2_FEATURES		0x004
#define TYR_GPU_CORE_FEATURES		0x008
#define TYR_GPU_TILER_FEATURES		0x00c
#define TYR_GPU_MEM_FEATURES		0x010
#define TYR_GPU_MMU_FEATURES		0x014
#define TYR_GPU_AS_PRESENT		0x018
#define TYR_GPU_CSF_ID			0x01c
#define TYR_GPU_INT_RAWSTAT		0x020
#define TYR_GPU_INT_CLEAR		0x024
#define  TYR_GPU_IRQ_RESET_COMPLETED	BIT(8)
#define TYR_GPU_CMD			0x030
#define  TYR_GPU_CMD_DEF(type, payload)	((type) | ((payload) << 8))
#define  TYR_GPU_SOFT_RESET		TYR_GPU_CMD_DEF(1, 1)
#define TYR_GPU_THREAD_MAX_THREADS	0x0a0
#define TYR_GPU_THREAD_FEATURES		0x0ac
#define TYR_GPU_SHADER_PRESENT_LO	0x100
#define TYR_GPU_SHADER_PRESENT_HI	0x104
#define TYR_GPU_TILER_PRESENT_LO	0x110
#define TYR_GPU_TILER_PRESENT_HI	0x114
#define TYR_GPU_L2_PRESENT_LO		0x120
#define TYR_GPU_L2_PRESENT_HI		0x124

/* The register window the driver maps. */
#define TYR_MMIO_SIZE			0x1000

#endif /* _REGDATA_TYR_REGS_H_ */
