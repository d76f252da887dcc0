// SPDX-License-Identifier: GPL-2.0
/* Fixtures for drm_guard_escape.cocci: three escapes, then correct code. */

struct tyr_data {
	struct drm_registration reg;
	void __iomem *mmio;
	u32 flags;
};

/* Takes the mapping inside the guard, reads the registers outside. */
static int bad_mmio_after_exit(struct drm_device *drm, u32 *id)
{
	struct drm_unbind_guard guard;
	struct tyr_data *td;
	void __iomem *mmio;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	td = drm_unbind_guard_data(&guard, struct tyr_data, reg);
	mmio = td->mmio;
	drm_unbind_guard_exit(&guard);
	*id = readl(mmio + 0x0);
	return 0;
}

/* Reads the data itself after leaving. */
static u32 bad_data_after_exit(struct drm_device *drm)
{
	struct drm_unbind_guard guard;
	struct tyr_data *td;

	if (drm_unbind_guard_enter(&guard, drm))
		return 0;
	td = drm_unbind_guard_data(&guard, struct tyr_data, reg);
	drm_unbind_guard_exit(&guard);
	return td->flags;
}

/* Takes the mapping in the scoped guard, reads it after the block. */
static int bad_scoped(struct drm_device *drm, u32 *id)
{
	void __iomem *mmio;

	scoped_class(drm_unbind_guard, guard, drm) {
		if (!guard.reg)
			return -ENODEV;
		mmio = drm_unbind_guard_data(&guard, struct tyr_data, reg)->mmio;
	}
	*id = readl(mmio + 0x0);
	return 0;
}

/* Correct: everything inside. */
static int good_inside(struct drm_device *drm, u32 *id)
{
	struct drm_unbind_guard guard;
	struct tyr_data *td;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	td = drm_unbind_guard_data(&guard, struct tyr_data, reg);
	*id = readl(td->mmio + 0x0);
	drm_unbind_guard_exit(&guard);
	return 0;
}

/* Correct: the value is a copy, not a reference into the data. */
static int good_copy(struct drm_device *drm, u32 *id)
{
	struct drm_unbind_guard guard;
	u32 flags;

	if (drm_unbind_guard_enter(&guard, drm))
		return -ENODEV;
	flags = READ_ONCE(drm_unbind_guard_data(&guard, struct tyr_data, reg)->flags);
	drm_unbind_guard_exit(&guard);
	*id = flags;
	return 0;
}

/* Correct: reassigned before it is used again. */
static int good_reassigned(struct drm_device *drm, void __iomem *other)
{
	struct drm_unbind_guard guard;
	void __iomem *mmio;

	if (drm_unbind_guard_enter(&guard, drm))
		return -ENODEV;
	mmio = drm_unbind_guard_data(&guard, struct tyr_data, reg)->mmio;
	writel(1, mmio);
	drm_unbind_guard_exit(&guard);
	mmio = other;
	return readl(mmio);
}

/* Correct: scoped, used inside only. */
static int good_scoped(struct drm_device *drm, u32 *id)
{
	scoped_class(drm_unbind_guard, guard, drm) {
		if (!guard.reg)
			return -ENODEV;
		*id = readl(drm_unbind_guard_data(&guard, struct tyr_data, reg)->mmio);
	}
	return 0;
}
