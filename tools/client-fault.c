// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: fault injection on the probe and register paths. For
 * every way to bind a driver, the Nth fault point (slab and page
 * allocations among them) of the binding write fails, through
 * /proc/thread-self/fail-nth, for N = 1, 1 + STRIDE, ... until binding no
 * longer reaches the Nth: each failed probe must fail cleanly (a plain
 * errno, no DRM node left) and a bind without failures must then work.
 * Leaks show in kmemleak at the end, anything else in the kernel log.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

struct fault_count {
	unsigned long injected;
	unsigned long probe_failed;
	unsigned long devnode_lost;
};

/*
 * Write @dev to the open sysfs file @fd with the @n-th fault point failing
 * (@nth_fd: the task's open fail-nth file).
 * Returns the write's result; *@injected says whether the failure came.
 */
static int fault_write(int nth_fd, int fd, const char *dev, unsigned long n,
		       bool *injected)
{
	char buf[32];
	ssize_t ret;
	int len;

	len = snprintf(buf, sizeof(buf), "%lu", n);
	if (pwrite(nth_fd, buf, len, 0) != len) {
		fail("fault: fail-nth: %s", strerror(errno));
		*injected = false;
		return 0;
	}
	ret = write(fd, dev, strlen(dev));
	ret = ret < 0 ? -errno : 0;
	len = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	buf[len > 0 ? len : 0] = '\0';
	*injected = atoi(buf) == 0;
	/* Not reached: disarm, or a later call would fail. */
	if (pwrite(nth_fd, "0", 1, 0) != 1)
		fail("fault: fail-nth: %s", strerror(errno));
	return ret;
}

/* Sweep one bind action. */
static void fault_sweep(const struct client_driver *drv,
			const struct client_unplug *u, unsigned long from,
			unsigned long stride, struct fault_count *c)
{
	unsigned long n;
	char dev[256];
	int nth;

	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nth < 0) {
		fail("fault: fail-nth: %s", strerror(errno));
		return;
	}
	for (n = from; ; n += stride) {
		bool injected;
		int ret, fd, bind;

		if (!client_unplug_target(u, dev, sizeof(dev))) {
			fail("fault: no device for %s", u->what);
			break;
		}
		ret = write_file(u->unbind, dev);
		if (ret) {
			fail("fault: %s: %s", u->what, strerror(-ret));
			break;
		}
		bind = open(u->bind, O_WRONLY | O_CLOEXEC);
		if (bind < 0) {
			fail("fault: %s: %s", u->bind, strerror(errno));
			break;
		}
		ret = fault_write(nth, bind, dev, n, &injected);
		close(bind);
		if (opt.fault_debug)
			printf("    %s #%lu: %s%s\n", u->what, n,
			       ret ? strerror(-ret) : "bound",
			       injected ? "" : " (not reached)");
		if (!injected)
			break;
		c->injected++;

		if (ret) {
			c->probe_failed++;
			if (ret != -ENOMEM && ret != -ENODEV && ret != -EINVAL &&
			    ret != -ENOSPC && ret != -EBUSY)
				fail("fault: %s with fault point #%lu failing: %s",
				     u->what, n, strerror(-ret));
			fd = client_open(drv);
			if (fd >= 0) {
				fail("fault: %s failed at fault point #%lu, yet %s has a node",
				     u->what, n, drv->name);
				close(fd);
			}
		}
		/*
		 * Bind what is left unbound: the device itself after a failed
		 * probe, a child (regdata_nova under regdata_nova_core) whose
		 * nested probe failed while the parent's succeeded. A failure
		 * inside devtmpfs leaves a registered minor without its
		 * /dev/dri node, which the driver core does not report (udev
		 * would make it): bind that device again, without failures.
		 */
		if (!client_wait_devices(200)) {
			if (drm_nodes_without_devnode()) {
				c->devnode_lost++;
				write_file(u->unbind, dev);
				write_file(u->bind, dev);
			}
			client_rebind_all();
		}
		if (!client_wait_devices(10000)) {
			fail("fault: devices did not come back after %s at fault point #%lu",
			     u->what, n);
			kernel_log_tail(30);
			break;
		}
	}
	close(nth);
	if (!client_wait_devices(10000)) {
		client_rebind_all();
		if (!client_wait_devices(10000))
			fail("fault: devices did not come back after %s", u->what);
	}
}

int fault_check(unsigned long from, unsigned long stride)
{
	struct fault_count c = {};
	int d, i;

	if (access("/proc/thread-self/fail-nth", F_OK)) {
		printf("  fault: no fault injection in this kernel, skipped\n");
		return 0;
	}
	/* fail-nth overrides probability and interval, not these. */
	if (write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N") ||
	    write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N") ||
	    write_file("/sys/kernel/debug/fail_page_alloc/min-order", "0")) {
		fail("fault: cannot set up failslab and fail_page_alloc");
		return 1;
	}
	for (d = 0; d < client_ndrivers; d++) {
		const struct client_driver *drv = client_drivers[d];

		for (i = 0; i < drv->nunplugs; i++) {
			struct fault_count before = c;
			double t0 = now_ms();

			fault_sweep(drv, &drv->unplugs[i], from, stride, &c);
			printf("  fault: %-34s %4lu injected, %4lu probes failed (%.0f s)\n",
			       drv->unplugs[i].what, c.injected - before.injected,
			       c.probe_failed - before.probe_failed,
			       (now_ms() - t0) / 1e3);
		}
	}
	printf("  fault: %lu failures injected (every %lu fault point), %lu probes failed cleanly,",
	       c.injected, stride, c.probe_failed);
	printf(" %lu minors lost their devtmpfs node\n", c.devnode_lost);
	return 0;
}
