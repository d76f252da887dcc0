/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * uapi of the regdata_bench driver: one trivial ioctl registered three ways,
 * in many copies.
 */

#ifndef _UAPI_REGDATA_BENCH_DRM_H_
#define _UAPI_REGDATA_BENCH_DRM_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * struct drm_regdata_bench_nop - the trivial ioctl's argument
 */
struct drm_regdata_bench_nop {
	/** @count: calls so far, on return */
	__u64 count;
	/** @copy: the copy of the ioctl that answered, on return */
	__u32 copy;
	/** @pad: unused, keeps the size a multiple of 8 bytes */
	__u32 pad;
};

/*
 * The trivial ioctl comes in DRM_REGDATA_BENCH_COPIES copies of each kind,
 * each its own function: copy c of a kind is ioctl number kind + c.
 */
#define DRM_REGDATA_BENCH_COPIES	32
/* Through the framework: DEFINE_DRM_GUARDED_IOCTL() */
#define DRM_REGDATA_BENCH_NOP_GUARDED	0x00
/* Open-coded drm_dev_enter()/drm_dev_exit() */
#define DRM_REGDATA_BENCH_NOP_OPEN	0x20
/* No guard at all */
#define DRM_REGDATA_BENCH_NOP_BARE	0x40

/* Copy @copy of the kind @kind, one of the DRM_REGDATA_BENCH_NOP_* above */
#define DRM_IOCTL_REGDATA_BENCH_NOP_C(kind, copy) \
	DRM_IOWR(DRM_COMMAND_BASE + (kind) + (copy), \
		 struct drm_regdata_bench_nop)

#define DRM_IOCTL_REGDATA_BENCH_NOP_GUARDED \
	DRM_IOCTL_REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_GUARDED, 0)
#define DRM_IOCTL_REGDATA_BENCH_NOP_OPEN \
	DRM_IOCTL_REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_OPEN, 0)
#define DRM_IOCTL_REGDATA_BENCH_NOP_BARE \
	DRM_IOCTL_REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_BARE, 0)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_REGDATA_BENCH_DRM_H_ */
