// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: fault injection on the probe and register paths. For
 * every way to bind a driver, the Nth slab allocation, and then the Nth
 * page allocation, made by the binding task fails, for N = 1, 1 + STRIDE,
 * ... until binding no longer reaches the Nth: each failed probe must fail
 * cleanly (a plain errno, no DRM node left, the device unbound) and a bind
 * without failures must then work. Leaks show in kmemleak at the end, and
 * anything else in the kernel log.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

static const char *const fault_attrs[] = {
	"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc",
};

static int fault_set(const char *attr, const char *file, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", attr, file);
	return write_file(path, val);
}

/*
 * Fail the @n-th allocation the calling thread makes once @filter (its
 * open make-it-fail file) says 1, once. Nothing allocates between the
 * write of 1 and that of 0 but the call under test: the files involved
 * are opened beforehand.
 */
static int fault_arm(const char *attr, unsigned long n)
{
	char buf[32];
	int ret;

	snprintf(buf, sizeof(buf), "%lu", n);
	ret = fault_set(attr, "task-filter", "Y");
	ret = ret ?: fault_set(attr, "ignore-gfp-wait", "N");
	ret = ret ?: fault_set(attr, "verbose", "0");
	ret = ret ?: fault_set(attr, "probability", "100");
	ret = ret ?: fault_set(attr, "interval", buf);
	ret = ret ?: fault_set(attr, "times", "1");
	return ret;
}

static void fault_filter(int filter, bool on)
{
	if (pwrite(filter, on ? "1" : "0", 1, 0) != 1)
		fail("fault: make-it-fail: %s", strerror(errno));
}

/* Disarm; true if the failure was injected. */
static bool fault_disarm(const char *attr)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "%s/times", attr);
	read_file(path, buf, sizeof(buf));
	fault_set(attr, "times", "0");
	fault_set(attr, "probability", "0");
	return atoi(buf) == 0;
}

/* Write @val to the open sysfs file @fd, under the armed filter. */
static int fault_write(int filter, int fd, const char *val)
{
	ssize_t n;

	fault_filter(filter, true);
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	fault_filter(filter, false);
	return n;
}

struct fault_count {
	unsigned long injected;
	unsigned long probe_failed;
};

/* Sweep one bind action under one fault attribute. */
static void fault_sweep(const struct client_driver *drv,
			const struct client_unplug *u, const char *attr,
			unsigned long stride, struct fault_count *c)
{
	unsigned long n;
	char dev[256];
	int filter;

	filter = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);
	if (filter < 0) {
		fail("fault: make-it-fail: %s", strerror(errno));
		return;
	}
	for (n = 1; ; n += stride) {
		bool injected;
		int ret, fd, bind;

		if (!client_unplug_device(u, dev, sizeof(dev))) {
			fail("fault: no device for %s", u->what);
			break;
		}
		ret = write_file(u->unbind, dev);
		if (ret) {
			fail("fault: %s: %s", u->what, strerror(-ret));
			break;
		}
		bind = open(u->bind, O_WRONLY | O_CLOEXEC);
		if (bind < 0 || fault_arm(attr, n)) {
			fail("fault: cannot arm %s for %s", attr, u->bind);
			break;
		}
		ret = fault_write(filter, bind, dev);
		close(bind);
		injected = fault_disarm(attr);
		if (!injected)
			break;
		c->injected++;

		if (ret) {
			c->probe_failed++;
			if (ret != -ENOMEM && ret != -ENODEV && ret != -EINVAL &&
			    ret != -ENOSPC && ret != -EBUSY)
				fail("fault: %s with %s #%lu failed: %s",
				     u->what, attr, n, strerror(-ret));
			fd = open_by_name(drv->name);
			if (fd >= 0) {
				fail("fault: %s failed with %s #%lu, yet %s has a node",
				     u->what, attr, n, drv->name);
				close(fd);
			}
			ret = write_file(u->bind, dev);
			if (ret && ret != -EBUSY) {
				fail("fault: %s again after %s #%lu: %s", u->what,
				     attr, n, strerror(-ret));
				break;
			}
		}
		/*
		 * A failure in a nested probe (regdata_nova under
		 * regdata_nova_core) leaves the parent bound and the child
		 * not: bind what is left unbound.
		 */
		if (!client_wait_devices(200))
			client_rebind_all();
		if (!client_wait_devices(10000)) {
			fail("fault: devices did not come back after %s with %s #%lu",
			     u->what, attr, n);
			break;
		}
	}
	close(filter);
	if (!client_wait_devices(10000)) {
		client_rebind_all();
		if (!client_wait_devices(10000))
			fail("fault: devices did not come back after %s", u->what);
	}
}

int fault_check(unsigned long stride)
{
	struct fault_count c = {};
	int d, i, a;

	if (access(fault_attrs[0], F_OK)) {
		printf("  fault: no fault injection in this kernel, skipped\n");
		return 0;
	}
	for (d = 0; d < client_ndrivers; d++) {
		const struct client_driver *drv = client_drivers[d];

		for (i = 0; i < drv->nunplugs; i++) {
			for (a = 0; a < 2; a++) {
				struct fault_count before = c;
				double t0 = now_ms();

				fault_sweep(drv, &drv->unplugs[i], fault_attrs[a],
					    stride, &c);
				printf("  fault: %-34s %-16s %4lu injected, %4lu probes failed (%.0f s)\n",
				       drv->unplugs[i].what,
				       strrchr(fault_attrs[a], '/') + 1,
				       c.injected - before.injected,
				       c.probe_failed - before.probe_failed,
				       (now_ms() - t0) / 1e3);
			}
		}
	}
	printf("  fault: %lu allocation failures injected (every %lu), %lu probes failed cleanly\n",
	       c.injected, stride, c.probe_failed);
	return 0;
}
