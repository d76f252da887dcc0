/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * uapi of the regdata_tyr sample driver, modelled on panthor's DEV_QUERY.
 */

#ifndef _UAPI_REGDATA_TYR_DRM_H_
#define _UAPI_REGDATA_TYR_DRM_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * enum drm_tyr_dev_query_type - what DEV_QUERY returns
 */
enum drm_tyr_dev_query_type {
	/** @DRM_TYR_DEV_QUERY_GPU_INFO: &struct drm_tyr_gpu_info */
	DRM_TYR_DEV_QUERY_GPU_INFO = 0,
};

/**
 * struct drm_tyr_gpu_info - GPU identification, read from the registers
 */
struct drm_tyr_gpu_info {
	/** @gpu_id: GPU_ID */
	__u32 gpu_id;
	/** @csf_id: GPU_CSF_ID */
	__u32 csf_id;
	/** @l2_features: GPU_L2_FEATURES */
	__u32 l2_features;
	/** @core_features: GPU_CORE_FEATURES */
	__u32 core_features;
	/** @tiler_features: GPU_TILER_FEATURES */
	__u32 tiler_features;
	/** @mem_features: GPU_MEM_FEATURES */
	__u32 mem_features;
	/** @mmu_features: GPU_MMU_FEATURES */
	__u32 mmu_features;
	/** @as_present: GPU_AS_PRESENT */
	__u32 as_present;
	/** @thread_max_threads: GPU_THREAD_MAX_THREADS */
	__u32 thread_max_threads;
	/** @thread_features: GPU_THREAD_FEATURES */
	__u32 thread_features;
	/** @shader_present: GPU_SHADER_PRESENT */
	__u64 shader_present;
	/** @tiler_present: GPU_TILER_PRESENT */
	__u64 tiler_present;
	/** @l2_present: GPU_L2_PRESENT */
	__u64 l2_present;
};

/**
 * struct drm_tyr_dev_query - query device information
 *
 * With @pointer 0, returns the size of the object in @size. Otherwise
 * @size must be at least that size; the object is copied to @pointer and
 * @size set to its size.
 */
struct drm_tyr_dev_query {
	/** @type: &enum drm_tyr_dev_query_type */
	__u32 type;
	/** @size: size of the buffer at @pointer, or of the object on return */
	__u32 size;
	/** @pointer: user pointer to the buffer, or 0 */
	__u64 pointer;
};

#define DRM_TYR_DEV_QUERY		0x00

#define DRM_IOCTL_TYR_DEV_QUERY		DRM_IOWR(DRM_COMMAND_BASE + \
						 DRM_TYR_DEV_QUERY, \
						 struct drm_tyr_dev_query)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_REGDATA_TYR_DRM_H_ */
