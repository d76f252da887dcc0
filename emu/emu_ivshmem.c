// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated tyr GPU in the QEMU VM: its register file lives in the
 * shared-memory BAR of an ivshmem-plain PCI function, which becomes the
 * memory resource of a "regdata-tyr" platform device. A poller thread plays
 * the GPU: it picks up GPU_CMD and GPU_INT_CLEAR writes and mirrors the
 * emulator's GPU_INT_RAWSTAT back, so a soft reset completes asynchronously
 * as on hardware. regdata_tyr maps and drives it with its normal code.
 *
 * The poller runs at real-time priority: the ioctl threads of the stress
 * run keep both vCPUs busy, and a GPU must answer within the driver's own
 * reset timeout however busy the CPUs are.
 */

#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sched.h>

#include "emu.h"
#include "tyr_emu.h"

#define IVSHMEM_VENDOR	0x1af4
#define IVSHMEM_DEVICE	0x1110
#define IVSHMEM_BAR	2

struct regdata_emu_ivshmem {
	/* the BAR, as the GPU side sees it */
	void __iomem *mem;
	struct tyr_emu emu;
	struct task_struct *poller;
	struct platform_device *tyr;
};

/* Hand a register the driver wrote to the emulator, once. */
static bool regdata_emu_ivshmem_take(struct regdata_emu_ivshmem *iv,
				     unsigned int offset)
{
	u32 val = readl(iv->mem + offset);

	if (!val)
		return false;
	writel(0, iv->mem + offset);
	tyr_emu_write(&iv->emu, offset, val);
	return true;
}

static int regdata_emu_ivshmem_poll(void *data)
{
	struct regdata_emu_ivshmem *iv = data;

	while (!kthread_should_stop()) {
		regdata_emu_ivshmem_take(iv, TYR_GPU_CMD);
		regdata_emu_ivshmem_take(iv, TYR_GPU_INT_CLEAR);
		writel(tyr_emu_read(&iv->emu, TYR_GPU_INT_RAWSTAT),
		       iv->mem + TYR_GPU_INT_RAWSTAT);
		/* A reset (200 us) shows within a millisecond or two. */
		usleep_range(500, 1000);
	}
	return 0;
}

static void regdata_emu_ivshmem_stop(void *data)
{
	struct regdata_emu_ivshmem *iv = data;

	kthread_stop(iv->poller);
}

static void regdata_emu_ivshmem_unregister(void *pdev)
{
	platform_device_unregister(pdev);
}

static int regdata_emu_ivshmem_probe(struct pci_dev *pdev,
				     const struct pci_device_id *id)
{
	struct resource res = {};
	struct regdata_emu_ivshmem *iv;
	int i, ret;

	if (pci_resource_len(pdev, IVSHMEM_BAR) < TYR_MMIO_SIZE)
		return -ENODEV;

	iv = devm_kzalloc(&pdev->dev, sizeof(*iv), GFP_KERNEL);
	if (!iv)
		return -ENOMEM;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	/* Not requested: the region is regdata_tyr's to request. */
	iv->mem = pcim_iomap(pdev, IVSHMEM_BAR, TYR_MMIO_SIZE);
	if (!iv->mem)
		return -ENOMEM;

	/* Power on: the register file as the GPU presents it. */
	tyr_emu_init(&iv->emu);
	for (i = 0; i < TYR_MMIO_SIZE; i += 4)
		writel(tyr_emu_read(&iv->emu, i), iv->mem + i);

	iv->poller = kthread_create(regdata_emu_ivshmem_poll, iv, "tyr-emu/%s",
				    pci_name(pdev));
	if (IS_ERR(iv->poller))
		return PTR_ERR(iv->poller);
	sched_set_fifo(iv->poller);
	wake_up_process(iv->poller);
	ret = devm_add_action_or_reset(&pdev->dev, regdata_emu_ivshmem_stop, iv);
	if (ret)
		return ret;

	res.start = pci_resource_start(pdev, IVSHMEM_BAR);
	res.end = res.start + TYR_MMIO_SIZE - 1;
	res.flags = IORESOURCE_MEM;
	iv->tyr = platform_device_register_resndata(&pdev->dev, "regdata-tyr",
						    PLATFORM_DEVID_AUTO, &res,
						    1, NULL, 0);
	if (IS_ERR(iv->tyr))
		return PTR_ERR(iv->tyr);
	/* Unregistered, unbinding regdata_tyr, before the poller stops. */
	return devm_add_action_or_reset(&pdev->dev,
					regdata_emu_ivshmem_unregister, iv->tyr);
}

static const struct pci_device_id regdata_emu_ivshmem_table[] = {
	{ PCI_DEVICE(IVSHMEM_VENDOR, IVSHMEM_DEVICE) },
	{}
};
MODULE_DEVICE_TABLE(pci, regdata_emu_ivshmem_table);

struct pci_driver regdata_emu_ivshmem_driver = {
	.name		= "regdata_emu_ivshmem",
	.id_table	= regdata_emu_ivshmem_table,
	.probe		= regdata_emu_ivshmem_probe,
};
