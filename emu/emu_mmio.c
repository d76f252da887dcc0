// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated MMIO windows on UML: one logic_iomem region, split into windows
 * that tests attach register models to. ioremap() of a window's range, as
 * devm_platform_ioremap_resource() does, routes readl()/writel() to them.
 */

#include "emu_mmio.h"
#include "emu.h"

#include <linux/export.h>
#include <linux/logic_iomem.h>
#include <linux/module.h>
#include <linux/mutex.h>

/* Clear of UML's virtual PCI regions below 4 GiB. */
#define REGDATA_EMU_MMIO_BASE	0x1f0000000ULL

struct regdata_emu_window {
	const struct regdata_emu_window_ops *ops;
	void *priv;
};

static DEFINE_MUTEX(regdata_emu_lock);
static struct regdata_emu_window regdata_emu_windows[REGDATA_EMU_WINDOWS];

static struct resource regdata_emu_resource = {
	.name	= "regdata emulated mmio",
	.start	= REGDATA_EMU_MMIO_BASE,
	.end	= REGDATA_EMU_MMIO_BASE +
		  REGDATA_EMU_WINDOWS * REGDATA_EMU_WINDOW_SIZE - 1,
	.flags	= IORESOURCE_MEM,
};

static unsigned long regdata_emu_read(void *priv, unsigned int offset,
				      int size)
{
	struct regdata_emu_window *w = priv;
	const struct regdata_emu_window_ops *ops = READ_ONCE(w->ops);

	if (size != 4 || !ops)
		return ~0UL;
	return ops->read(w->priv, offset);
}

static void regdata_emu_write(void *priv, unsigned int offset, int size,
			      unsigned long val)
{
	struct regdata_emu_window *w = priv;
	const struct regdata_emu_window_ops *ops = READ_ONCE(w->ops);

	if (size == 4 && ops)
		ops->write(w->priv, offset, val);
}

static const struct logic_iomem_ops regdata_emu_ops = {
	.read	= regdata_emu_read,
	.write	= regdata_emu_write,
};

static long regdata_emu_map(unsigned long offset, size_t size,
			    const struct logic_iomem_ops **ops, void **priv)
{
	unsigned long window = offset / REGDATA_EMU_WINDOW_SIZE;
	unsigned long start = offset % REGDATA_EMU_WINDOW_SIZE;

	if (window >= REGDATA_EMU_WINDOWS ||
	    start + size > REGDATA_EMU_WINDOW_SIZE)
		return -EINVAL;

	*ops = &regdata_emu_ops;
	*priv = &regdata_emu_windows[window];
	/* Later ops see offsets from the start of the window. */
	return start;
}

static const struct logic_iomem_region_ops regdata_emu_region_ops = {
	.map = regdata_emu_map,
};

/**
 * regdata_emu_mmio_attach - back an emulated MMIO window with a model
 * @window: window number, below %REGDATA_EMU_WINDOWS
 * @ops: the model's register accessors
 * @priv: passed to @ops
 * @res: filled with the window's memory resource
 *
 * Returns:
 * 0, -EINVAL for a bad window or -EBUSY if it is attached already.
 */
int regdata_emu_mmio_attach(unsigned int window,
			    const struct regdata_emu_window_ops *ops,
			    void *priv, struct resource *res)
{
	struct regdata_emu_window *w;
	int ret = 0;

	if (window >= REGDATA_EMU_WINDOWS)
		return -EINVAL;

	mutex_lock(&regdata_emu_lock);
	w = &regdata_emu_windows[window];
	if (w->ops) {
		ret = -EBUSY;
	} else {
		w->priv = priv;
		/* Accessors do not take the lock: ops last. */
		smp_store_release(&w->ops, ops);
		*res = DEFINE_RES_MEM_NAMED(regdata_emu_resource.start +
					    window * REGDATA_EMU_WINDOW_SIZE,
					    REGDATA_EMU_WINDOW_SIZE,
					    "regdata emulated window");
	}
	mutex_unlock(&regdata_emu_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_attach);

/**
 * regdata_emu_mmio_detach - detach a model from its window
 * @window: window number
 *
 * Accesses to the window read all ones and drop writes afterwards, as with
 * a device that is gone.
 */
void regdata_emu_mmio_detach(unsigned int window)
{
	if (window >= REGDATA_EMU_WINDOWS)
		return;

	mutex_lock(&regdata_emu_lock);
	WRITE_ONCE(regdata_emu_windows[window].ops, NULL);
	mutex_unlock(&regdata_emu_lock);
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_detach);

/**
 * regdata_emu_mmio_sees_reads - whether models see every read
 *
 * Returns:
 * True: logic_iomem calls the model on every access.
 */
bool regdata_emu_mmio_sees_reads(void)
{
	return true;
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_sees_reads);

/**
 * regdata_emu_mmio_flush - let the models catch up
 *
 * Nothing to do: logic_iomem calls the model on every access.
 */
void regdata_emu_mmio_flush(void)
{
}
EXPORT_SYMBOL_GPL(regdata_emu_mmio_flush);

int regdata_emu_mmio_init(void)
{
	return logic_iomem_add_region(&regdata_emu_resource,
				      &regdata_emu_region_ops);
}
