// SPDX-License-Identifier: GPL-2.0
/*
 * regdata_bench: benchmarks of the unbind guard, side by side with what it
 * replaces. Not a test: it prints measurements and ratios.
 *
 * - The bench devices (bench_device.c): one trivial ioctl registered three
 *   ways, each in many copies, for userspace round trips.
 * - Reading /sys/kernel/debug/regdata_bench/run runs the in-kernel ones:
 *   guard enter+exit against a bare srcu_read_lock()/unlock() pair and
 *   against open-coded drm_dev_enter()/exit() (bench_guard.c); unplug
 *   latency with threads holding guards, with and without a flood of new
 *   guards; the unplug of one device while a guard is held on another; and
 *   the unplug of one of N devices while guards are held on all the others
 *   (bench_unplug.c).
 */

#include "bench.h"

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

