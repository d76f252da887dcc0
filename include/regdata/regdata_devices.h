/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCI functions the VM run gives the drivers under test, and the
 * identification the samples must read through them: the one list of
 * them, for the emulation (emu/), the KUnit tests (kunit/) and the
 * client (tools/), kernel and userspace alike (plain defines only).
 * The QEMU command lines that create the functions are in vm/ (.vm files).
 */
#ifndef REGDATA_DEVICES_H
#define REGDATA_DEVICES_H

/* QEMU's edu: regdata_nova_core binds it. */
#define REGDATA_EDU_VENDOR		0x1234
#define REGDATA_EDU_DEVICE		0x11e8
/* edu's identification register, which nova reports as its chip ID. */
#define REGDATA_EDU_CHIP_ID		0x010000ed

/* QEMU's ivshmem-plain: regdata_emu puts the emulated tyr GPU behind it. */
#define REGDATA_IVSHMEM_VENDOR		0x1af4
#define REGDATA_IVSHMEM_DEVICE		0x1110
/* GPU_ID of the emulated tyr GPU (a Mali-G610, as panthor would find). */
#define REGDATA_TYR_GPU_ID		0xa8670000

/*
 * QEMU's bochs-display (bochs), virtio-gpu-pci (virtio-gpu), qxl (qxl) and
 * cirrus-vga (cirrus).
 */
#define REGDATA_BOCHS_VENDOR		0x1234
#define REGDATA_BOCHS_DEVICE		0x1111
#define REGDATA_VIRTIO_GPU_VENDOR	0x1af4
#define REGDATA_VIRTIO_GPU_DEVICE	0x1050
#define REGDATA_QXL_VENDOR		0x1b36
#define REGDATA_QXL_DEVICE		0x0100
#define REGDATA_CIRRUS_VENDOR		0x1013
#define REGDATA_CIRRUS_DEVICE		0x00b8

#endif
