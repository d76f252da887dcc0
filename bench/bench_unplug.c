// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_bench: unplug latency with threads holding guards (with and
 * without a flood of new ones), the unplug of one device while a guard is
 * held on another, and of one of N devices while guards are held on all
 * the others (sections 2-4 of /sys/kernel/debug/regdata_bench/run).
 */

#include "bench.h"

DEFINE_STATIC_SRCU(regdata_bench_srcu);

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
void bench_unplug_latency(struct seq_file *m)
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

void bench_unplug_isolation(struct seq_file *m)
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
void bench_unplug_devices(struct seq_file *m)
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

