/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * uapi of the regdata_bench driver: one trivial ioctl registered three ways.
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
};

/* Through the framework: DEFINE_DRM_GUARDED_IOCTL() */
#define DRM_REGDATA_BENCH_NOP_GUARDED	0x00
/* Open-coded drm_dev_enter()/drm_dev_exit() */
#define DRM_REGDATA_BENCH_NOP_OPEN	0x01
/* No guard at all */
#define DRM_REGDATA_BENCH_NOP_BARE	0x02

#define DRM_IOCTL_REGDATA_BENCH_NOP_GUARDED \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_REGDATA_BENCH_NOP_GUARDED, \
		 struct drm_regdata_bench_nop)
#define DRM_IOCTL_REGDATA_BENCH_NOP_OPEN \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_REGDATA_BENCH_NOP_OPEN, \
		 struct drm_regdata_bench_nop)
#define DRM_IOCTL_REGDATA_BENCH_NOP_BARE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_REGDATA_BENCH_NOP_BARE, \
		 struct drm_regdata_bench_nop)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_REGDATA_BENCH_DRM_H_ */
