/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regdata_bench: what its parts share (bench_device.c, bench_guard.c,
 * bench_unplug.c, bench_main.c).
 */

#ifndef REGDATA_BENCH_H
#define REGDATA_BENCH_H

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

struct platform_device;
struct seq_file;

/* One guard entered and left: 0, or why it could not be entered. */
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

/* bench_device.c: the bench devices, with the trivial ioctl */
extern struct platform_driver bench_platform_driver;
struct platform_device *bench_device_new(int id, bool shared,
					 struct drm_device **drm);
int bench_devices_new(int id, int n, bool shared,
		      struct platform_device **pdev, struct drm_device **drm);
void bench_devices_free(struct platform_device **pdev, int n);

/* bench_guard.c: the guard's cost, and the helpers of every figure */
u64 bench_median(u64 *v, int n);
void bench_print_ns(struct seq_file *m, const char *what, u64 ns);
u64 bench_ratio(u64 a, u64 b);
void bench_print_ratio(struct seq_file *m, const char *what, u64 a, u64 b,
		       const char *target);
int bench_guard_cost(struct seq_file *m);

/* bench_unplug.c: unplug latency, isolation, many devices */
void bench_unplug_latency(struct seq_file *m);
void bench_unplug_isolation(struct seq_file *m);
void bench_unplug_devices(struct seq_file *m);

#endif /* REGDATA_BENCH_H */
