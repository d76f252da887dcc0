/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * uapi of the regdata_nova sample driver, modelled on nova's.
 */

#ifndef _UAPI_REGDATA_NOVA_DRM_H_
#define _UAPI_REGDATA_NOVA_DRM_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * NOVA_GETPARAM_VRAM_BAR_SIZE
 *
 * The size of the VRAM BAR (BAR 0) of the parent PCI function, in bytes.
 */
#define NOVA_GETPARAM_VRAM_BAR_SIZE	0x1

/*
 * NOVA_GETPARAM_CHIP_ID
 *
 * The identification register of the parent PCI function, read through
 * the mapped BAR.
 */
#define NOVA_GETPARAM_CHIP_ID		0x2

/**
 * struct drm_nova_getparam - query a device parameter
 */
struct drm_nova_getparam {
	/** @param: NOVA_GETPARAM_* */
	__u64 param;
	/** @value: the value, on return */
	__u64 value;
};

/**
 * struct drm_nova_gem_create - create a shmem-backed GEM object
 */
struct drm_nova_gem_create {
	/**
	 * @size: requested size in bytes, not 0; rounded up to the page
	 * size, which is the size on return
	 */
	__u64 size;
	/** @handle: the new object's handle, on return */
	__u32 handle;
	/** @pad: must be zero */
	__u32 pad;
};

/**
 * struct drm_nova_gem_info - query a GEM object
 */
struct drm_nova_gem_info {
	/** @handle: the object */
	__u32 handle;
	/** @pad: must be zero */
	__u32 pad;
	/** @size: its size in bytes, on return */
	__u64 size;
	/** @offset: the fake offset to mmap() it at, on return */
	__u64 offset;
};

#define DRM_NOVA_GETPARAM		0x00
#define DRM_NOVA_GEM_CREATE		0x01
#define DRM_NOVA_GEM_INFO		0x02

#define DRM_IOCTL_NOVA_GETPARAM		DRM_IOWR(DRM_COMMAND_BASE + \
						 DRM_NOVA_GETPARAM, \
						 struct drm_nova_getparam)
#define DRM_IOCTL_NOVA_GEM_CREATE	DRM_IOWR(DRM_COMMAND_BASE + \
						 DRM_NOVA_GEM_CREATE, \
						 struct drm_nova_gem_create)
#define DRM_IOCTL_NOVA_GEM_INFO		DRM_IOWR(DRM_COMMAND_BASE + \
						 DRM_NOVA_GEM_INFO, \
						 struct drm_nova_gem_info)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_REGDATA_NOVA_DRM_H_ */
