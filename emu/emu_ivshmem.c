// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated MMIO windows in the shared-memory BAR of an ivshmem-plain PCI
 * function, for x86_64 under QEMU, where there is no logic_iomem: the BAR is
 * ordinary memory to the driver that maps a window of it, and a poller
 * thread plays the device. It hands what the driver wrote to the window's
 * model and shows the model's registers in the window.
 *
 * In the QEMU VM of the stress run (no samples' KUnit suite built in), the
 * function also powers on an emulated tyr GPU in window 0 and makes that
 * window the memory resource of a "regdata-tyr" platform device, which
 * regdata_tyr binds with its normal code.
 *
 * The poller runs at real-time priority, so that the stress run's threads
 * do not delay it; the host still can, by not running its vCPU. A model
 * must therefore not answer through the poller anything its driver waits
 * for with a timeout (see tyr_emu_window_read()).
 */

#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include <regdata/regdata_devices.h>

#include "emu.h"
#include "emu_mmio.h"
#include "tyr_emu.h"

#define IVSHMEM_BAR	2

#define REGDATA_EMU_REGS	(REGDATA_EMU_WINDOW_SIZE / 4)

struct regdata_emu_window {
	const struct regdata_emu_window_ops *ops;
	void *priv;
	/* what the window showed after the last pass */
	u32 shown[REGDATA_EMU_REGS];
};

struct regdata_emu_ivshmem {
	struct pci_dev *pdev;
	/* the BAR, as the device side sees it */
	void __iomem *mem;
	struct task_struct *poller;
	/* protects the windows' ops against the poller */
	struct mutex lock;
	struct regdata_emu_window windows[REGDATA_EMU_WINDOWS];
	/* passes done; waiters for a pass wait on @passed */
	unsigned long passes;
	wait_queue_head_t passed;
	/* the VM's tyr GPU in window 0 */
	struct tyr_emu tyr_emu;
	struct platform_device *tyr;
};

/* The one function whose BAR holds the windows. */
static DEFINE_MUTEX(regdata_emu_ivshmem_lock);
static struct regdata_emu_ivshmem *regdata_emu_ivshmem;

static void __iomem *regdata_emu_reg(struct regdata_emu_ivshmem *iv,
				     unsigned int window, unsigned int offset)
{
	return iv->mem + window * REGDATA_EMU_WINDOW_SIZE + offset;
}

/*
 * One pass over a window: registers the driver changed go to the model,
 * then registers the model changed go to the window, unless the driver
 * has written them again meanwhile.
 */
static void regdata_emu_pass(struct regdata_emu_ivshmem *iv, unsigned int n)
{
	struct regdata_emu_window *w = &iv->windows[n];
	unsigned int i;
	u32 val;

	for (i = 0; i < REGDATA_EMU_REGS; i++) {
		val = readl(regdata_emu_reg(iv, n, i * 4));
		if (val != w->shown[i]) {
			w->shown[i] = val;
			w->ops->write(w->priv, i * 4, val);
		}
	}
	for (i = 0; i < REGDATA_EMU_REGS; i++) {
		val = w->ops->read(w->priv, i * 4);
		if (val != w->shown[i] &&
		    readl(regdata_emu_reg(iv, n, i * 4)) == w->shown[i]) {
			writel(val, regdata_emu_reg(iv, n, i * 4));
			w->shown[i] = val;
		}
	}
}

static int regdata_emu_ivshmem_poll(void *data)
{
	struct regdata_emu_ivshmem *iv = data;
	unsigned int n;

	while (!kthread_should_stop()) {
		mutex_lock(&iv->lock);
		for (n = 0; n < REGDATA_EMU_WINDOWS; n++)
			if (iv->windows[n].ops)
				regdata_emu_pass(iv, n);
		iv->passes++;
		mutex_unlock(&iv->lock);
		wake_up_all(&iv->passed);
		/* A pass every millisecond or so, when the host runs this vCPU. */
		usleep_range(500, 1000);
	}
	return 0;
}

static int regdata_emu_ivshmem_attach(struct regdata_emu_ivshmem *iv,
				      unsigned int window,
				      const struct regdata_emu_window_ops *ops,
				      void *priv, struct resource *res)
{
	struct regdata_emu_window *w = &iv->windows[window];
	unsigned int i;
	int ret = 0;

	mutex_lock(&iv->lock);
	if (w->ops) {
		ret = -EBUSY;
	} else {
		/* Power on: the registers as the model presents them. */
		for (i = 0; i < REGDATA_EMU_REGS; i++) {
			w->shown[i] = ops->read(priv, i * 4);
			writel(w->shown[i], regdata_emu_reg(iv, window, i * 4));
		}
		w->ops = ops;
		w->priv = priv;
		*res = DEFINE_RES_MEM_NAMED(pci_resource_start(iv->pdev, IVSHMEM_BAR) +
					    window * REGDATA_EMU_WINDOW_SIZE,
					    REGDATA_EMU_WINDOW_SIZE,
					    "regdata emulated window");
	}
	mutex_unlock(&iv->lock);
	return ret;
}

#ifndef CONFIG_INDIRECT_IOMEM
/* The windows API, when there is no logic_iomem (see emu_mmio.c). */

static void regdata_emu_ivshmem_detach(struct regdata_emu_ivshmem *iv,
				       unsigned int window)
{
	unsigned int i;

	mutex_lock(&iv->lock);
	iv->windows[window].ops = NULL;
	/* A device that is gone reads all ones. */
	for (i = 0; i < REGDATA_EMU_REGS; i++)
		writel(~0u, regdata_emu_reg(iv, window, i * 4));
	mutex_unlock(&iv->lock);
}

/**
 * regdata_emu_mmio_attach - back an emulated MMIO window with a model
 * @window: window number, below %REGDATA_EMU_WINDOWS
 * @ops: the model's register accessors
 * @priv: passed to @ops
 * @res: filled with the window's memory resource
 *
 * Returns:
 * 0, -EINVAL for a bad window, -EBUSY if it is attached already, -ENODEV
 * if no ivshmem-plain function is bound.
 */
int regdata_emu_mmio_attach(unsigned int window,
			    const struct regdata_emu_window_ops *ops,
			    void *priv, struct resource *res)
{
	int ret = -ENODEV;

	if (window >= REGDATA_EMU_WINDOWS)
		return -EINVAL;
	mutex_lock(&regdata_emu_ivshmem_lock);
	if (regdata_emu_ivshmem)
		ret = regdata_emu_ivshmem_attach(regdata_emu_ivshmem, window,
						 ops, priv, res);
	mutex_unlock(&regdata_emu_ivshmem_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_attach);

/**
 * regdata_emu_mmio_detach - detach a model from its window
 * @window: window number
 *
 * The window reads all ones afterwards, as a device that is gone.
 */
void regdata_emu_mmio_detach(unsigned int window)
{
	if (window >= REGDATA_EMU_WINDOWS)
		return;
	mutex_lock(&regdata_emu_ivshmem_lock);
	if (regdata_emu_ivshmem)
		regdata_emu_ivshmem_detach(regdata_emu_ivshmem, window);
	mutex_unlock(&regdata_emu_ivshmem_lock);
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_detach);

/**
 * regdata_emu_mmio_sees_reads - whether models see every read
 *
 * Returns:
 * False: a window is memory, the model sees what the driver wrote.
 */
bool regdata_emu_mmio_sees_reads(void)
{
	return false;
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_sees_reads);

/**
 * regdata_emu_mmio_flush - let the models catch up
 *
 * Waits for two passes of the poller, so that the models have seen every
 * write made before the call and shown their changes.
 */
void regdata_emu_mmio_flush(void)
{
	struct regdata_emu_ivshmem *iv;
	unsigned long done;

	mutex_lock(&regdata_emu_ivshmem_lock);
	iv = regdata_emu_ivshmem;
	if (iv) {
		/* The pass under way may have missed the latest writes. */
		done = READ_ONCE(iv->passes) + 2;
		wait_event(iv->passed, time_after_eq(READ_ONCE(iv->passes), done));
	}
	mutex_unlock(&regdata_emu_ivshmem_lock);
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_flush);
#endif

/* ----------------------------------------------------------------------
 * The VM's tyr GPU
 */

static void regdata_emu_ivshmem_unregister(void *pdev)
{
	platform_device_unregister(pdev);
}

/*
 * Whether to put a tyr GPU in the first window. The samples' KUnit suite
 * makes its own devices in the windows: not where it is built in, and not
 * where the boot that loads it says so (regdata_emu.add_tyr=0).
 */
static bool add_tyr = !IS_BUILTIN(CONFIG_DRM_REGDATA_SAMPLES_KUNIT_TEST);
module_param(add_tyr, bool, 0444);
MODULE_PARM_DESC(add_tyr, "put a tyr GPU in the first window (the VM run's)");

static int regdata_emu_ivshmem_add_tyr(struct regdata_emu_ivshmem *iv)
{
	struct resource res;
	int ret;

	tyr_emu_init(&iv->tyr_emu);
	ret = regdata_emu_ivshmem_attach(iv, 0, &tyr_emu_window_ops,
					 &iv->tyr_emu, &res);
	if (ret)
		return ret;
	iv->tyr = platform_device_register_resndata(&iv->pdev->dev,
						    "regdata-tyr",
						    PLATFORM_DEVID_AUTO, &res,
						    1, NULL, 0);
	if (IS_ERR(iv->tyr))
		return PTR_ERR(iv->tyr);
	/* Unregistered, unbinding regdata_tyr, before the poller stops. */
	return devm_add_action_or_reset(&iv->pdev->dev,
					regdata_emu_ivshmem_unregister, iv->tyr);
}

/* ----------------------------------------------------------------------
 * The PCI function
 */

static void regdata_emu_ivshmem_stop(void *data)
{
	struct regdata_emu_ivshmem *iv = data;

	mutex_lock(&regdata_emu_ivshmem_lock);
	regdata_emu_ivshmem = NULL;
	mutex_unlock(&regdata_emu_ivshmem_lock);
	kthread_stop(iv->poller);
}

static int regdata_emu_ivshmem_probe(struct pci_dev *pdev,
				     const struct pci_device_id *id)
{
	struct regdata_emu_ivshmem *iv;
	size_t size = REGDATA_EMU_WINDOWS * REGDATA_EMU_WINDOW_SIZE;
	int ret;

	if (pci_resource_len(pdev, IVSHMEM_BAR) < size)
		return -ENODEV;

	iv = devm_kzalloc(&pdev->dev, sizeof(*iv), GFP_KERNEL);
	if (!iv)
		return -ENOMEM;
	iv->pdev = pdev;
	mutex_init(&iv->lock);
	init_waitqueue_head(&iv->passed);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	/* Not requested: the windows are the drivers' to request. */
	iv->mem = pcim_iomap(pdev, IVSHMEM_BAR, size);
	if (!iv->mem)
		return -ENOMEM;

	iv->poller = kthread_create(regdata_emu_ivshmem_poll, iv, "regdata-emu/%s",
				    pci_name(pdev));
	if (IS_ERR(iv->poller))
		return PTR_ERR(iv->poller);
	sched_set_fifo(iv->poller);
	wake_up_process(iv->poller);

	mutex_lock(&regdata_emu_ivshmem_lock);
	if (regdata_emu_ivshmem)
		ret = -EBUSY;
	else
		regdata_emu_ivshmem = iv;
	mutex_unlock(&regdata_emu_ivshmem_lock);
	if (ret) {
		kthread_stop(iv->poller);
		return ret;
	}
	ret = devm_add_action_or_reset(&pdev->dev, regdata_emu_ivshmem_stop, iv);
	if (ret)
		return ret;

	if (!add_tyr)
		return 0;
	return regdata_emu_ivshmem_add_tyr(iv);
}

static const struct pci_device_id regdata_emu_ivshmem_table[] = {
	{ PCI_DEVICE(REGDATA_IVSHMEM_VENDOR, REGDATA_IVSHMEM_DEVICE) },
	{}
};
MODULE_DEVICE_TABLE(pci, regdata_emu_ivshmem_table);

struct pci_driver regdata_emu_ivshmem_driver = {
	.name		= "regdata_emu_ivshmem",
	.id_table	= regdata_emu_ivshmem_table,
	.probe		= regdata_emu_ivshmem_probe,
};
