// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_bench: what a guard costs, against a bare SRCU pair and
 * open-coded drm_dev_enter(), over many placements (section 1 of
 * /sys/kernel/debug/regdata_bench/run); and the figures' helpers.
 */

#include "bench.h"

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

u64 bench_median(u64 *v, int n)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return v[n / 2];
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

void bench_print_ns(struct seq_file *m, const char *what, u64 ns)
{
	seq_printf(m, "   %-33s %6llu.%02llu\n", what, ns / BENCH_LOOPS,
		   ns * 100 / BENCH_LOOPS % 100);
}

/* @a / @b in thousandths, rounded: a ratio a target is judged on. */
u64 bench_ratio(u64 a, u64 b)
{
	return (a * 1000 + b / 2) / b;
}

void bench_print_ratio(struct seq_file *m, const char *what, u64 a,
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

int bench_guard_cost(struct seq_file *m)
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

