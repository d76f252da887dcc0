// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_bench: benchmarks of the unbind guard, side by side with what it
 * replaces. Not a test: it prints measurements and ratios.
 *
 * - A DRM device with one trivial ioctl registered three ways (guarded,
 *   open-coded drm_dev_enter(), unguarded), each in many copies, for
 *   userspace round trips.
 * - Reading /sys/kernel/debug/regdata_bench/run runs the in-kernel ones:
 *   guard enter+exit against a bare srcu_read_lock()/unlock() pair and
 *   against open-coded drm_dev_enter()/exit(); unplug latency with threads
 *   holding guards, with and without a flood of new guards; the unplug of
 *   one device while a guard is held on another; and the unplug of one of
 *   N devices while guards are held on all the others.
 */

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/srcu.h>
#include <linux/string_choices.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_regdata.h>
#include <drm/regdata_bench_drm.h>

#define BENCH_PLACES		61
#define BENCH_PLACE_REPS	3
#define BENCH_LOOPS		100000
#define BENCH_HOLD_MS		50
#define BENCH_MAX_HOLDERS	16
#define BENCH_UNPLUG_REPS	3

DEFINE_STATIC_SRCU(regdata_bench_srcu);

/*
 * All three ioctls do the same work on the same memory, a counter next to
 * the drm_device, so that only the way they are guarded differs.
 */
struct bench_device {
	struct drm_device drm;
	atomic64_t count;
};

struct bench_data {
	struct drm_registration reg;
};

/* ----------------------------------------------------------------------
 * The DRM device with the trivial ioctl, three ways, in copies
 *
 * Under TCG where a function lands decides part of what calling it costs
 * (QEMU finds the code after an indirect call or a return through a
 * direct-mapped cache indexed by address), and that is fixed by the build:
 * one copy of each kind gave a guarded / open-coded round trip ratio of
 * 0.81 to 1.03 on one kernel and 0.96 to 1.15 on the other. So each kind is
 * registered DRM_REGDATA_BENCH_COPIES times, each copy its own function at
 * an address of its own (it returns its number, so the compiler cannot
 * fold the copies into one), and the client takes the median over them.
 */

static __always_inline int bench_nop(struct drm_device *drm, void *data,
				     u32 copy)
{
	struct bench_device *bdev = container_of(drm, struct bench_device, drm);
	struct drm_regdata_bench_nop *args = data;

	args->count = atomic64_inc_return(&bdev->count);
	args->copy = copy;
	return 0;
}

/* Copy @c of the trivial ioctl, all three kinds. */
#define BENCH_NOP_COPY(c)						\
static const u32 bench_nop_copy_##c = c;				\
static int bench_nop_bare_##c(struct drm_device *drm, void *data,	\
			      struct drm_file *file)			\
{									\
	return bench_nop(drm, data, bench_nop_copy_##c);		\
}									\
static int bench_nop_open_##c(struct drm_device *drm, void *data,	\
			      struct drm_file *file)			\
{									\
	int idx, ret;							\
									\
	if (!drm_dev_enter(drm, &idx))					\
		return -ENODEV;						\
	ret = bench_nop(drm, data, bench_nop_copy_##c);			\
	drm_dev_exit(idx);					\
	return ret;							\
}									\
static int bench_nop_guarded_##c(struct drm_device *drm,		\
				 struct bench_data *bd, void *data,	\
				 struct drm_file *file)			\
{									\
	return bench_nop(drm, data, bench_nop_copy_##c);		\
}									\
DEFINE_DRM_GUARDED_IOCTL(bench_nop_guarded_##c, struct bench_data, reg)

BENCH_NOP_COPY(0);
BENCH_NOP_COPY(1);
BENCH_NOP_COPY(2);
BENCH_NOP_COPY(3);
BENCH_NOP_COPY(4);
BENCH_NOP_COPY(5);
BENCH_NOP_COPY(6);
BENCH_NOP_COPY(7);
BENCH_NOP_COPY(8);
BENCH_NOP_COPY(9);
BENCH_NOP_COPY(10);
BENCH_NOP_COPY(11);
BENCH_NOP_COPY(12);
BENCH_NOP_COPY(13);
BENCH_NOP_COPY(14);
BENCH_NOP_COPY(15);
BENCH_NOP_COPY(16);
BENCH_NOP_COPY(17);
BENCH_NOP_COPY(18);
BENCH_NOP_COPY(19);
BENCH_NOP_COPY(20);
BENCH_NOP_COPY(21);
BENCH_NOP_COPY(22);
BENCH_NOP_COPY(23);
BENCH_NOP_COPY(24);
BENCH_NOP_COPY(25);
BENCH_NOP_COPY(26);
BENCH_NOP_COPY(27);
BENCH_NOP_COPY(28);
BENCH_NOP_COPY(29);
BENCH_NOP_COPY(30);
BENCH_NOP_COPY(31);

#define BENCH_NOP_GUARDED(c)						\
	DRM_IOCTL_DEF_DRV_GUARDED(					\
		REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_GUARDED, c),	\
		bench_nop_guarded_##c, DRM_RENDER_ALLOW)
#define BENCH_NOP_OPEN(c)						\
	DRM_IOCTL_DEF_DRV(REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_OPEN, c), \
			  bench_nop_open_##c, DRM_RENDER_ALLOW)
#define BENCH_NOP_BARE(c)						\
	DRM_IOCTL_DEF_DRV(REGDATA_BENCH_NOP_C(DRM_REGDATA_BENCH_NOP_BARE, c), \
			  bench_nop_bare_##c, DRM_RENDER_ALLOW)

static const struct drm_ioctl_desc bench_ioctls[] = {
	BENCH_NOP_GUARDED(0), BENCH_NOP_GUARDED(1), BENCH_NOP_GUARDED(2),
	BENCH_NOP_GUARDED(3), BENCH_NOP_GUARDED(4), BENCH_NOP_GUARDED(5),
	BENCH_NOP_GUARDED(6), BENCH_NOP_GUARDED(7), BENCH_NOP_GUARDED(8),
	BENCH_NOP_GUARDED(9), BENCH_NOP_GUARDED(10), BENCH_NOP_GUARDED(11),
	BENCH_NOP_GUARDED(12), BENCH_NOP_GUARDED(13), BENCH_NOP_GUARDED(14),
	BENCH_NOP_GUARDED(15), BENCH_NOP_GUARDED(16), BENCH_NOP_GUARDED(17),
	BENCH_NOP_GUARDED(18), BENCH_NOP_GUARDED(19), BENCH_NOP_GUARDED(20),
	BENCH_NOP_GUARDED(21), BENCH_NOP_GUARDED(22), BENCH_NOP_GUARDED(23),
	BENCH_NOP_GUARDED(24), BENCH_NOP_GUARDED(25), BENCH_NOP_GUARDED(26),
	BENCH_NOP_GUARDED(27), BENCH_NOP_GUARDED(28), BENCH_NOP_GUARDED(29),
	BENCH_NOP_GUARDED(30), BENCH_NOP_GUARDED(31),
	BENCH_NOP_OPEN(0), BENCH_NOP_OPEN(1), BENCH_NOP_OPEN(2),
	BENCH_NOP_OPEN(3), BENCH_NOP_OPEN(4), BENCH_NOP_OPEN(5),
	BENCH_NOP_OPEN(6), BENCH_NOP_OPEN(7), BENCH_NOP_OPEN(8),
	BENCH_NOP_OPEN(9), BENCH_NOP_OPEN(10), BENCH_NOP_OPEN(11),
	BENCH_NOP_OPEN(12), BENCH_NOP_OPEN(13), BENCH_NOP_OPEN(14),
	BENCH_NOP_OPEN(15), BENCH_NOP_OPEN(16), BENCH_NOP_OPEN(17),
	BENCH_NOP_OPEN(18), BENCH_NOP_OPEN(19), BENCH_NOP_OPEN(20),
	BENCH_NOP_OPEN(21), BENCH_NOP_OPEN(22), BENCH_NOP_OPEN(23),
	BENCH_NOP_OPEN(24), BENCH_NOP_OPEN(25), BENCH_NOP_OPEN(26),
	BENCH_NOP_OPEN(27), BENCH_NOP_OPEN(28), BENCH_NOP_OPEN(29),
	BENCH_NOP_OPEN(30), BENCH_NOP_OPEN(31),
	BENCH_NOP_BARE(0), BENCH_NOP_BARE(1), BENCH_NOP_BARE(2),
	BENCH_NOP_BARE(3), BENCH_NOP_BARE(4), BENCH_NOP_BARE(5),
	BENCH_NOP_BARE(6), BENCH_NOP_BARE(7), BENCH_NOP_BARE(8),
	BENCH_NOP_BARE(9), BENCH_NOP_BARE(10), BENCH_NOP_BARE(11),
	BENCH_NOP_BARE(12), BENCH_NOP_BARE(13), BENCH_NOP_BARE(14),
	BENCH_NOP_BARE(15), BENCH_NOP_BARE(16), BENCH_NOP_BARE(17),
	BENCH_NOP_BARE(18), BENCH_NOP_BARE(19), BENCH_NOP_BARE(20),
	BENCH_NOP_BARE(21), BENCH_NOP_BARE(22), BENCH_NOP_BARE(23),
	BENCH_NOP_BARE(24), BENCH_NOP_BARE(25), BENCH_NOP_BARE(26),
	BENCH_NOP_BARE(27), BENCH_NOP_BARE(28), BENCH_NOP_BARE(29),
	BENCH_NOP_BARE(30), BENCH_NOP_BARE(31),
};

static_assert(ARRAY_SIZE(bench_ioctls) == 3 * DRM_REGDATA_BENCH_COPIES);
static_assert(DRM_REGDATA_BENCH_COPIES == DRM_REGDATA_BENCH_NOP_OPEN);
static_assert(2 * DRM_REGDATA_BENCH_COPIES == DRM_REGDATA_BENCH_NOP_BARE);

DEFINE_DRM_GEM_FOPS(bench_fops);

/*
 * Two drivers: bench devices with unplug domains of their own, and bench
 * devices in the domain every device shares, as in 6.12.
 */
#define BENCH_DRIVER(_features)						\
	{								\
		.driver_features	= DRIVER_GEM | DRIVER_RENDER | (_features), \
		.ioctls			= bench_ioctls,			\
		.num_ioctls		= ARRAY_SIZE(bench_ioctls),	\
		.fops			= &bench_fops,			\
		DRM_GEM_SHMEM_DRIVER_OPS,				\
		.name			= "regdata_bench",		\
		.desc			= "drm_registration benchmarks", \
		.major			= 1,				\
	}

static const struct drm_driver bench_drivers[] = {
	BENCH_DRIVER(DRIVER_UNPLUG_DOMAIN),
	BENCH_DRIVER(0),
};

static const struct platform_device_id bench_ids[] = {
	{ "regdata-bench", 0 },
	{ "regdata-bench-shared", 1 },
	{}
};

static int bench_probe(struct platform_device *pdev)
{
	struct bench_device *bdev;
	struct bench_data *bd;

	bdev = devm_drm_dev_alloc(&pdev->dev,
				  &bench_drivers[platform_get_device_id(pdev)->driver_data],
				  struct bench_device, drm);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	bd = drm_registration_alloc(struct bench_data, reg, NULL);
	if (IS_ERR(bd))
		return PTR_ERR(bd);
	platform_set_drvdata(pdev, &bdev->drm);
	return devm_drm_registration_register(&pdev->dev, &bd->reg,
					      &bdev->drm, 0);
}

static struct platform_driver bench_platform_driver = {
	.driver = {
		.name	= "regdata-bench",
	},
	.probe		= bench_probe,
	.id_table	= bench_ids,
};

/*
 * A bound bench device, in the shared unplug domain or with one of its own;
 * platform_device_unregister() it when done.
 */
static struct platform_device *bench_device_new(int id, bool shared,
						struct drm_device **drm)
{
	struct platform_device *pdev;

	pdev = platform_device_register_simple(bench_ids[shared].name, id,
					       NULL, 0);
	if (IS_ERR(pdev))
		return pdev;
	*drm = platform_get_drvdata(pdev);
	if (!*drm) {
		platform_device_unregister(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

/*
 * @n bound bench devices, ids @id onwards, into @pdev and @drm; 0, or a
 * negative errno with none of them left.
 */
static int bench_devices_new(int id, int n, bool shared,
			     struct platform_device **pdev,
			     struct drm_device **drm)
{
	int i;

	for (i = 0; i < n; i++) {
		pdev[i] = bench_device_new(id + i, shared, &drm[i]);
		if (IS_ERR(pdev[i])) {
			int ret = PTR_ERR(pdev[i]);

			while (i--)
				platform_device_unregister(pdev[i]);
			return ret;
		}
	}
	return 0;
}

static void bench_devices_free(struct platform_device **pdev, int n)
{
	while (n--)
		platform_device_unregister(pdev[n]);
}

/* ----------------------------------------------------------------------
 * In-kernel measurements
 */

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 bench_median(u64 *v, int n)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return v[n / 2];
}

static __always_inline int bench_guard_once(struct drm_device *drm)
{
	struct drm_unbind_guard guard __uninitialized;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	drm_unbind_guard_exit(&guard);
	return 0;
}

static __always_inline u64 bench_loop_guard(struct drm_device *drm)
{
	u64 t0 = ktime_get_ns();
	int i;

	for (i = 0; i < BENCH_LOOPS; i++)
		if (bench_guard_once(drm))
			return 0;
	return ktime_get_ns() - t0;
}

static __always_inline u64 bench_loop_srcu(struct srcu_struct *ssp)
{
	u64 t0 = ktime_get_ns();
	int i, idx;

	for (i = 0; i < BENCH_LOOPS; i++) {
		idx = srcu_read_lock(ssp);
		srcu_read_unlock(ssp, idx);
	}
	return ktime_get_ns() - t0;
}

static __always_inline u64 bench_loop_drm_dev_enter(struct drm_device *drm)
{
	u64 t0 = ktime_get_ns();
	int i, idx;

	for (i = 0; i < BENCH_LOOPS; i++) {
		if (!drm_dev_enter(drm, &idx))
			return 0;
		drm_dev_exit(idx);
	}
	return ktime_get_ns() - t0;
}

#ifndef DRM_REGDATA_COMPAT
/*
 * The floor: the least that any guard keeping drm_dev_enter()'s meaning
 * has to do, inline and nothing else: the device's own SRCU read side, its
 * unplugged flag and the published data pointer. Not a guard (no lockdep
 * map, nothing handed out, no call): it bounds from below what a guard can
 * cost against the bare SRCU pair. Not on stock 6.12, whose unplug
 * domain is private to drm_drv.c (the out-of-tree build's compat).
 */
static __always_inline u64 bench_loop_floor(struct drm_device *drm)
{
	u64 t0 = ktime_get_ns();
	int i, idx;

	for (i = 0; i < BENCH_LOOPS; i++) {
		idx = srcu_read_lock(drm->unplug_srcu);
		if (drm->unplugged || !drm_registration_published(drm)) {
			srcu_read_unlock(drm->unplug_srcu, idx);
			return 0;
		}
		srcu_read_unlock(drm->unplug_srcu, idx);
	}
	return ktime_get_ns() - t0;
}
#endif

/*
 * 1: the guard against a bare SRCU pair and open-coded drm_dev_enter().
 *
 * Under TCG what a loop costs depends on where its memory landed: QEMU's
 * software TLB is direct-mapped, and two hot pages that share an entry
 * evict each other on every pass. One placement per boot gave the same
 * kernel a guard / bare ratio anywhere from 1.00 to 1.44 over eight
 * boots. So the loops run in BENCH_PLACES placements, each a new thread
 * (its stack), a new bench device (drm_device and unplug domain) and a
 * new srcu_struct (per-CPU counters), and the figures are medians over
 * the placements, printed with the spread of the ratio. Where the loops'
 * code landed weighs as much, and the build fixes it (QEMU finds the code
 * after a call or a return through a direct-mapped cache indexed by
 * address): so the loops come in BENCH_CODE_COPIES copies, each at
 * addresses of its own, and placement i runs copy i % BENCH_CODE_COPIES.
 */
enum {
	BENCH_GUARD, BENCH_SRCU, BENCH_DEV,
#ifndef DRM_REGDATA_COMPAT
	BENCH_FLOOR,	/* only where it can be written: bench_loop_floor() */
#endif
	BENCH_KINDS
};

struct bench_place {
	struct drm_device *drm;
	struct srcu_struct srcu;
	struct completion done;
	/* ns for BENCH_LOOPS, median of BENCH_PLACE_REPS, 0 if one failed */
	u64 ns[BENCH_KINDS];
	/* the copy of the loops that ran */
	int copy;
};

static __always_inline u64 bench_place_loop(struct bench_place *p, int kind)
{
	switch (kind) {
	case BENCH_GUARD:
		return bench_loop_guard(p->drm);
	case BENCH_SRCU:
		return bench_loop_srcu(&p->srcu);
#ifndef DRM_REGDATA_COMPAT
	case BENCH_FLOOR:
		return bench_loop_floor(p->drm);
#endif
	default:
		return bench_loop_drm_dev_enter(p->drm);
	}
}

static __always_inline int bench_place_loops(struct bench_place *p, int copy)
{
	u64 ns[BENCH_KINDS][BENCH_PLACE_REPS];
	int r, i, k;

	/*
	 * Interleaved, so drift hits all kinds alike, and in turns: rep r
	 * of copy c starts with kind (c + r) % BENCH_KINDS, so that over the
	 * placements each kind runs first, second and last alike. With the
	 * guard always first, it measured 2-8 % over drm_dev_enter() even
	 * where its loop did the same work.
	 */
	for (r = 0; r < BENCH_PLACE_REPS; r++)
		for (i = 0; i < BENCH_KINDS; i++) {
			k = (copy + r + i) % BENCH_KINDS;
			ns[k][r] = bench_place_loop(p, k);
		}
	/* Sorted, lowest first: a loop that could not enter returned 0. */
	for (k = 0; k < BENCH_KINDS; k++) {
		p->ns[k] = bench_median(ns[k], BENCH_PLACE_REPS);
		if (!ns[k][0])
			p->ns[k] = 0;
	}
	p->copy = copy;
	complete(&p->done);
	return 0;
}

#define BENCH_PLACE_FN(c)						\
static int bench_place_fn_##c(void *arg)				\
{									\
	return bench_place_loops(arg, c);				\
}

BENCH_PLACE_FN(0)
BENCH_PLACE_FN(1)
BENCH_PLACE_FN(2)
BENCH_PLACE_FN(3)
BENCH_PLACE_FN(4)
BENCH_PLACE_FN(5)
BENCH_PLACE_FN(6)
BENCH_PLACE_FN(7)
BENCH_PLACE_FN(8)
BENCH_PLACE_FN(9)
BENCH_PLACE_FN(10)
BENCH_PLACE_FN(11)
BENCH_PLACE_FN(12)
BENCH_PLACE_FN(13)
BENCH_PLACE_FN(14)
BENCH_PLACE_FN(15)

static int (*const bench_place_fns[])(void *arg) = {
	bench_place_fn_0, bench_place_fn_1, bench_place_fn_2, bench_place_fn_3,
	bench_place_fn_4, bench_place_fn_5, bench_place_fn_6, bench_place_fn_7,
	bench_place_fn_8, bench_place_fn_9, bench_place_fn_10,
	bench_place_fn_11, bench_place_fn_12, bench_place_fn_13,
	bench_place_fn_14, bench_place_fn_15,
};

#define BENCH_CODE_COPIES	ARRAY_SIZE(bench_place_fns)

/*
 * Runs one placement, on a bench device numbered @id, with copy @copy of
 * the loops, into @p->ns; a negative errno if it could not.
 */
static int bench_place_run(struct bench_place *p, int id, int copy)
{
	struct platform_device *pdev;
	struct task_struct *task;
	int ret;

	pdev = bench_device_new(id, false, &p->drm);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	ret = init_srcu_struct(&p->srcu);
	if (ret)
		goto out_dev;
	init_completion(&p->done);
	task = kthread_run(bench_place_fns[copy], p, "regdata-bench");
	if (IS_ERR(task))
		ret = PTR_ERR(task);
	else
		wait_for_completion(&p->done);
	cleanup_srcu_struct(&p->srcu);
out_dev:
	bench_devices_free(&pdev, 1);
	return ret;
}

static void bench_print_ns(struct seq_file *m, const char *what, u64 ns)
{
	seq_printf(m, "   %-33s %6llu.%02llu\n", what, ns / BENCH_LOOPS,
		   ns * 100 / BENCH_LOOPS % 100);
}

/* @a / @b in thousandths, rounded: a ratio a target is judged on. */
static u64 bench_ratio(u64 a, u64 b)
{
	return (a * 1000 + b / 2) / b;
}

static void bench_print_ratio(struct seq_file *m, const char *what, u64 a,
			      u64 b, const char *target)
{
	u64 r = bench_ratio(a, b);

	seq_printf(m, "   %-33s %6llu.%03llu%s\n", what, r / 1000, r % 1000,
		   target);
}

/* Section 1's figures; too large for the stack. */
struct bench_guard_cost {
	struct bench_place place;
	u64 ns[BENCH_KINDS][BENCH_PLACES];
	/* guard / bare srcu per placement, in thousandths */
	u64 ratio[BENCH_PLACES];
};

static int bench_guard_cost(struct seq_file *m)
{
	struct bench_guard_cost *c;
	u64 med[BENCH_KINDS];
	int i, k, ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < BENCH_PLACES; i++) {
		ret = bench_place_run(&c->place, 60 + i,
				      i % BENCH_CODE_COPIES);
		for (k = 0; k < BENCH_KINDS; k++)
			if (!ret && !c->place.ns[k])
				ret = -ENODEV;
		if (!ret && c->place.copy != i % BENCH_CODE_COPIES)
			ret = -EIO;
		if (ret) {
			seq_printf(m, "1. guard cost: placement %d failed (%d)\n",
				   i, ret);
			kfree(c);
			return 0;
		}
		for (k = 0; k < BENCH_KINDS; k++)
			c->ns[k][i] = c->place.ns[k];
		c->ratio[i] = bench_ratio(c->place.ns[BENCH_GUARD],
					  c->place.ns[BENCH_SRCU]);
	}
	for (k = 0; k < BENCH_KINDS; k++)
		med[k] = bench_median(c->ns[k], BENCH_PLACES);
	/* Sorts them: lowest first. */
	bench_median(c->ratio, BENCH_PLACES);

	seq_printf(m, "1. enter+exit, %d placements x %d reps x %d loops, median ns/op:\n",
		   BENCH_PLACES, BENCH_PLACE_REPS, BENCH_LOOPS);
	bench_print_ns(m, "srcu_read_lock/unlock (private)", med[BENCH_SRCU]);
	bench_print_ns(m, "drm_dev_enter/exit", med[BENCH_DEV]);
	bench_print_ns(m, "drm_unbind_guard_enter/exit", med[BENCH_GUARD]);
	bench_print_ratio(m, "ratio guard / bare srcu", med[BENCH_GUARD],
			  med[BENCH_SRCU], " (target <= 1.25)");
	bench_print_ratio(m, "ratio guard / drm_dev_enter", med[BENCH_GUARD],
			  med[BENCH_DEV], "");
#ifndef DRM_REGDATA_COMPAT
	bench_print_ns(m, "floor: inline srcu+unplugged+data",
		       med[BENCH_FLOOR]);
	bench_print_ratio(m, "ratio floor / bare srcu", med[BENCH_FLOOR],
			  med[BENCH_SRCU], "");
	bench_print_ratio(m, "ratio guard / floor", med[BENCH_GUARD],
			  med[BENCH_FLOOR], "");
#endif
	bench_print_ratio(m, "guard / bare, lowest placement", c->ratio[0],
			  1000, "");
	bench_print_ratio(m, "guard / bare, highest placement",
			  c->ratio[BENCH_PLACES - 1], 1000, "");
	kfree(c);
	return 0;
}

struct bench_holder {
	struct drm_device *drm;
	unsigned int hold_ms;
	struct completion *entered;
	bool flood;
	bool *stop;
	unsigned long loops;
	int ret;
};

static int bench_hold_guard(struct bench_holder *h)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, h->drm);
	if (ret)
		return ret;
	complete(h->entered);
	msleep(h->hold_ms);
	drm_unbind_guard_exit(&guard);
	return 0;
}

/* Enter and leave guards as fast as possible until they fail. */
static void bench_flood_guards(struct bench_holder *h)
{
	complete(h->entered);
	while (!READ_ONCE(*h->stop)) {
		if (!bench_guard_once(h->drm))
			h->loops++;
		cond_resched();
	}
}

static int bench_holder_fn(void *arg)
{
	struct bench_holder *h = arg;

	if (h->flood)
		bench_flood_guards(h);
	else
		h->ret = bench_hold_guard(h);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * Unplug @drm while @holders threads hold a guard for BENCH_HOLD_MS, the
 * i-th on @held[i % @nheld], and @flooders threads enter guards on @unplug
 * in a loop; returns the unplug latency in microseconds, or 0 on failure.
 */
static u64 bench_unplug(struct drm_device *unplug, struct drm_device **held,
			int nheld, int holders, int flooders)
{
	struct bench_holder *h;
	struct task_struct **task;
	struct completion entered;
	bool stop = false;
	int i, n = holders + flooders;
	u64 t0, t1;

	h = kcalloc(n + 1, sizeof(*h), GFP_KERNEL);
	task = kcalloc(n + 1, sizeof(*task), GFP_KERNEL);
	if (!h || !task) {
		kfree(h);
		kfree(task);
		return 0;
	}
	init_completion(&entered);
	for (i = 0; i < n; i++) {
		h[i].drm = i < holders ? held[i % nheld] : unplug;
		h[i].hold_ms = BENCH_HOLD_MS;
		h[i].entered = &entered;
		h[i].flood = i >= holders;
		h[i].stop = &stop;
		task[i] = kthread_run(bench_holder_fn, &h[i], "regdata-bench");
		if (IS_ERR(task[i])) {
			task[i] = NULL;
			n = i;
			break;
		}
		get_task_struct(task[i]);
	}
	for (i = 0; i < n; i++)
		wait_for_completion(&entered);

	t0 = ktime_get_ns();
	drm_registration_unplug(unplug);
	t1 = ktime_get_ns();

	WRITE_ONCE(stop, true);
	for (i = 0; i < n; i++) {
		kthread_stop(task[i]);
		put_task_struct(task[i]);
	}
	kfree(h);
	kfree(task);
	return (t1 - t0) / 1000;
}

static u64 bench_grace_period_us(void)
{
	u64 t0;

	/* The first grace period also sets the srcu_struct up. */
	synchronize_srcu(&regdata_bench_srcu);
	t0 = ktime_get_ns();
	synchronize_srcu(&regdata_bench_srcu);
	return (ktime_get_ns() - t0) / 1000;
}

/* 3 and 4: unplug latency against guard holders, floods, other devices. */
static void bench_unplug_latency(struct seq_file *m)
{
	static const struct {
		const char *what;
		int holders, flooders;
		bool other;
	} runs[] = {
		{ "no guard held",                       0, 0, false },
		{ "1 thread holding a guard",            1, 0, false },
		{ "4 threads holding guards",            4, 0, false },
		{ "4 holding + 2 flooding new guards",   4, 2, false },
		{ "1 holding on another, 2 flooding",    1, 2, true },
	};
	int i;

	seq_printf(m, "3./4. unplug latency, guards held %d ms, median of %d, grace period of an idle srcu_struct %llu us:\n",
		   BENCH_HOLD_MS, BENCH_UNPLUG_REPS, bench_grace_period_us());
	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		u64 us[BENCH_UNPLUG_REPS];
		int r;

		for (r = 0; r < BENCH_UNPLUG_REPS; r++) {
			struct platform_device *pdev[2];
			struct drm_device *drm[2];

			if (bench_devices_new(100 + 2 * i, 2, false, pdev, drm)) {
				seq_puts(m, "   cannot create bench devices\n");
				return;
			}
			/* Holders on the one unplugged, or on another. */
			us[r] = bench_unplug(drm[0], &drm[runs[i].other], 1,
					     runs[i].holders, runs[i].flooders);
			bench_devices_free(pdev, 2);
		}
		seq_printf(m, "   %-40s %8llu us\n", runs[i].what,
			   bench_median(us, BENCH_UNPLUG_REPS));
	}
	/*
	 * synchronize_srcu() polls a reader that stays, backing off up to
	 * SRCU_MAX_INTERVAL (10 jiffies) between looks.
	 */
	seq_printf(m, "   bound with guards held: hold + SRCU's longest poll (10 jiffies) = %u us\n",
		   BENCH_HOLD_MS * 1000 + jiffies_to_usecs(10));
}

/*
 * 4, the target: unplugging device B with no guard held anywhere and with a
 * guard held on device A, interleaved, so that drift hits both alike, and
 * more often than the others: the first is about a millisecond, and the
 * second is judged against it to within 10 %.
 */
#define BENCH_ISOLATION_REPS	9

static void bench_unplug_isolation(struct seq_file *m)
{
	static const char * const what[2][2] = {
		{ "no guard held anywhere", "a guard held 50 ms on A" },
		{ "shared: no guard held anywhere", "shared: a guard held 50 ms on A" },
	};
	u64 us[2][2][BENCH_ISOLATION_REPS];
	struct platform_device *pdev[2];
	struct drm_device *drm[2];
	int r, held, shared;

	/* drm[1] is B, unplugged; drm[0] is A, with @held guards on it. */
	for (r = 0; r < BENCH_ISOLATION_REPS; r++) {
		for (shared = 0; shared < 2; shared++) {
			for (held = 0; held < 2; held++) {
				if (bench_devices_new(120, 2, shared, pdev, drm)) {
					seq_puts(m, "   cannot create bench devices\n");
					return;
				}
				us[shared][held][r] = bench_unplug(drm[1], &drm[0],
								   1, held, 0);
				bench_devices_free(pdev, 2);
			}
		}
	}
	seq_printf(m, "4. unplug of B, interleaved, median of %d (devices with unplug domains of their own; shared: as in 6.12):\n",
		   BENCH_ISOLATION_REPS);
	for (shared = 0; shared < 2; shared++)
		for (held = 0; held < 2; held++)
			seq_printf(m, "   %-40s %8llu us\n", what[shared][held],
				   bench_median(us[shared][held],
						BENCH_ISOLATION_REPS));
}

/* 6: unplug one of N devices while a thread holds a guard on each other. */
static void bench_unplug_devices(struct seq_file *m)
{
	static const int ndevs[] = { 1, 4, 16 };
	struct platform_device *pdev[BENCH_MAX_HOLDERS];
	struct drm_device *drm[BENCH_MAX_HOLDERS];
	char label[48];
	int i, r, n, shared;

	seq_printf(m, "6. unplug of one of N devices, a guard held %d ms on each other, median of %d:\n",
		   BENCH_HOLD_MS, BENCH_UNPLUG_REPS);
	for (shared = 0; shared < 2; shared++) {
		for (i = 0; i < ARRAY_SIZE(ndevs); i++) {
			u64 us[BENCH_UNPLUG_REPS];

			n = ndevs[i];
			for (r = 0; r < BENCH_UNPLUG_REPS; r++) {
				if (bench_devices_new(200, n, shared, pdev, drm)) {
					seq_puts(m, "   cannot create bench devices\n");
					return;
				}
				us[r] = bench_unplug(drm[0], drm + 1,
						     max(n - 1, 1), n - 1, 0);
				bench_devices_free(pdev, n);
			}
			snprintf(label, sizeof(label), "%s%d devices, guards on %d others",
				 shared ? "shared: " : "", n, n - 1);
			seq_printf(m, "   %-40s %8llu us\n", label,
				   bench_median(us, BENCH_UNPLUG_REPS));
		}
	}
}

static struct platform_device *bench_pdev;

static int bench_run_show(struct seq_file *m, void *unused)
{
	int ret;

	seq_printf(m, "regdata_bench, %u CPUs, lockdep %s, KASAN %s\n",
		   num_online_cpus(),
		   str_on_off(IS_ENABLED(CONFIG_PROVE_LOCKING)),
		   str_on_off(IS_ENABLED(CONFIG_KASAN)));
	ret = bench_guard_cost(m);
	if (ret)
		return ret;
	bench_unplug_latency(m);
	bench_unplug_isolation(m);
	bench_unplug_devices(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_run);

static struct dentry *bench_debugfs;

static int __init regdata_bench_init(void)
{
	int ret;

	ret = platform_driver_register(&bench_platform_driver);
	if (ret)
		return ret;
	bench_pdev = platform_device_register_simple("regdata-bench", 0, NULL, 0);
	if (IS_ERR(bench_pdev)) {
		platform_driver_unregister(&bench_platform_driver);
		return PTR_ERR(bench_pdev);
	}
	bench_debugfs = debugfs_create_dir("regdata_bench", NULL);
	debugfs_create_file("run", 0400, bench_debugfs, NULL, &bench_run_fops);
	return 0;
}
module_init(regdata_bench_init);

static void __exit regdata_bench_exit(void)
{
	debugfs_remove_recursive(bench_debugfs);
	platform_device_unregister(bench_pdev);
	platform_driver_unregister(&bench_platform_driver);
}
module_exit(regdata_bench_exit);

MODULE_DESCRIPTION("Benchmarks of drm_registration unbind guards");
MODULE_LICENSE("GPL");
