// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the stress phase. Threads per driver call its ioctls
 * (its client_driver.round) while the drivers are unbound and bound again
 * and the PCI functions removed and rescanned; the tally of their answers
 * (hammer_result()) and the table of it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

#define NDRIVERS	client_ndrivers

void hammer_result(struct hammer *h, int ret, int *fd)
{
	if (!ret) {
		h->served++;
	} else if (ret == -ENODEV) {
		h->enodev++;
		close(*fd);
		*fd = -1;
	} else {
		h->other++;
		if (!h->first_errno) {
			h->first_errno = -ret;
			h->first_op = h->op;
		}
	}
}

static atomic_bool stop;
static atomic_ulong unplugs_started, unplugs_done;

bool stress_wait_unplugs(void)
{
	unsigned long started = atomic_load(&unplugs_started);
	double deadline = now_ms() + 20000;

	while (atomic_load(&unplugs_done) < started) {
		if (now_ms() > deadline)
			return false;
		usleep(1000);
	}
	return true;
}

static void *hammer_fn(void *arg)
{
	struct hammer *h = arg;
	unsigned long i = 0;
	int fd = -1;

	while (!atomic_load(&stop)) {
		if (fd < 0) {
			if (h->drv->reopen)
				h->drv->reopen(h);
			fd = client_open(h->drv);
			if (fd < 0) {
				usleep(2000);
				continue;
			}
		}
		h->drv->round(h, &fd, i++);
	}
	if (h->drv->reopen)
		h->drv->reopen(h);
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void on_sigbus(int sig)
{
	static const char msg[] = "FAIL: SIGBUS on a GEM mapping\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(4);
	_exit(3);
}

/* Remove every driver's PCI function. */
static int remove_pci(void)
{
	int i, ret = 0;

	for (i = 0; i < NDRIVERS && !ret; i++) {
		const struct client_driver *d = client_drivers[i];
		char bdf[256], path[300];

		if (!d->pci_vendor)
			continue;
		if (!find_pci(d->pci_vendor, d->pci_device, bdf, sizeof(bdf)))
			return -ENODEV;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", bdf);
		ret = write_file(path, "1");
	}
	return ret;
}

/* The ways to unplug: each driver's unbinds, and removing the PCI functions. */
static int unplug_kinds(void)
{
	int i, n = 1;

	for (i = 0; i < NDRIVERS; i++)
		n += client_drivers[i]->nunplugs;
	return n;
}

/* Unbind @dev with @u (or remove every PCI function), then bring it back. */
static bool unplug_cycle_bracketed(const struct client_unplug *u,
				   const char *dev, int n, double *latency)
{
	double t0;
	int ret;

	t0 = now_ms();
	ret = u ? write_file(u->unbind, dev) : remove_pci();
	*latency = now_ms() - t0;
	if (ret) {
		fail("cycle %d: %s: %s", n, u ? u->what : "PCI remove",
		     strerror(-ret));
		return false;
	}

	/* Gone for a while: the threads see -ENODEV. */
	usleep(20000);
	ret = u ? write_file(u->bind, dev) : write_file("/sys/bus/pci/rescan", "1");
	if (ret) {
		fail("cycle %d: bind/rescan after %s: %s", n,
		     u ? u->what : "PCI remove", strerror(-ret));
		return false;
	}
	if (!client_wait_devices(10000)) {
		fail("cycle %d: devices did not come back after %s", n,
		     u ? u->what : "PCI remove");
		return false;
	}
	return true;
}

/*
 * One cycle: take a device away under load, bring it back. The cycles go
 * round every driver's unplug actions, then remove all PCI functions.
 */
static bool unplug_cycle(int n, double *latency)
{
	const struct client_unplug *u = NULL;
	int i, kind;
	char dev[256];
	bool ok;

	kind = n % unplug_kinds();
	for (i = 0; i < NDRIVERS && !u; i++) {
		if (kind < client_drivers[i]->nunplugs)
			u = &client_drivers[i]->unplugs[kind];
		else
			kind -= client_drivers[i]->nunplugs;
	}
	if (u && !client_unplug_target(u, dev, sizeof(dev))) {
		fail("cycle %d: no device for %s", n, u->what);
		return false;
	}

	/* Let the threads get going on the new devices. */
	usleep(30000);
	/*
	 * The unplugs of the cycle: the unbind or remove, and any a failed
	 * probe of the bind or rescan makes. Once the cycle is over, every
	 * mapping of a device it unplugged is zapped.
	 */
	atomic_fetch_add(&unplugs_started, 1);
	ok = unplug_cycle_bracketed(u, dev, n, latency);
	atomic_fetch_add(&unplugs_done, 1);
	return ok;
}

static void clocksource_row(void)
{
	char name[64];
	long res;

	if (!clocksource_fine(name, sizeof(name), &res))
		fail("clocksource %s (readings step by %ld ns) is too coarse for the latencies",
		     name, res);
	table_row("clocksource", "%s, %ld ns", name, res);
}

void stress(int cycles, int threads)
{
	struct hammer *h = calloc(NDRIVERS * threads, sizeof(*h));
	pthread_t *tid = calloc(NDRIVERS * threads, sizeof(*tid));
	double *lat = calloc(cycles ? cycles : 1, sizeof(*lat));
	unsigned long prime_imports;
	int i, d, held, done = 0;
	double t0;

	signal(SIGBUS, on_sigbus);
	for (i = 0; i < NDRIVERS * threads; i++) {
		h[i].drv = client_drivers[i / threads];
		h[i].state = calloc(1, h[i].drv->state_size + 1);
		pthread_create(&tid[i], NULL, hammer_fn, &h[i]);
	}
	if (client_mode->across_devices)
		prime_stress_start();

	t0 = now_ms();
	for (i = 0; i < cycles; i++) {
		if (!unplug_cycle(i, &lat[done]))
			break;
		done++;
		if ((i + 1) % 10 == 0 || i + 1 == cycles)
			printf("  cycle %d/%d (%.0f s)\n", i + 1, cycles,
			       (now_ms() - t0) / 1e3);
	}
	atomic_store(&stop, true);
	for (i = 0; i < NDRIVERS * threads; i++)
		pthread_join(tid[i], NULL);
	prime_imports = client_mode->across_devices ? prime_stress_stop() : 0;

	if (done < cycles)
		fail("only %d of %d cycles", done, cycles);

	/* modetest lets go of the mode (and of master) before the checks. */
	held = userspace_finish();
	printf("== functional checks on the devices of the last cycle\n");
	client_check_all();

	sort_doubles(lat, done);
	printf("\n");
	table_rule();
	table_row("cycles", "%d", done);
	table_row("threads per driver", "%d", threads);
	clocksource_row();
	table_row("unbind latency median (ms)", "%.2f", done ? lat[done / 2] : 0);
	table_row("unbind latency max (ms)", "%.2f", done ? lat[done - 1] : 0);
	for (d = 0; d < NDRIVERS; d++) {
		const struct client_driver *drv = client_drivers[d];
		struct hammer sum = { .drv = drv };
		char row[128];

		for (i = d * threads; i < (d + 1) * threads; i++) {
			sum.served += h[i].served;
			sum.enodev += h[i].enodev;
			sum.other += h[i].other;
			sum.wrong += h[i].wrong;
			sum.extra += h[i].extra;
			sum.maps_read += h[i].maps_read;
			sum.maps_stale += h[i].maps_stale;
			if (h[i].other)
				fail("%s thread: %lu ioctls failed with neither 0 nor ENODEV (first: %s, %s)",
				     drv->name, h[i].other,
				     h[i].first_op ? h[i].first_op : "?",
				     strerror(h[i].first_errno));
			if (h[i].wrong)
				fail("%s thread: %lu wrong answers", drv->name,
				     h[i].wrong);
			free(h[i].state);
		}
		table_rule();
		snprintf(row, sizeof(row), "%s: ioctls served", drv->name);
		table_row(row, "%lu", sum.served);
		snprintf(row, sizeof(row), "%s: -ENODEV answers", drv->name);
		table_row(row, "%lu", sum.enodev);
		snprintf(row, sizeof(row), "%s: other errors", drv->name);
		table_row(row, "%lu", sum.other);
		snprintf(row, sizeof(row), "%s: wrong answers", drv->name);
		table_row(row, "%lu", sum.wrong);
		if (drv->extra) {
			snprintf(row, sizeof(row), "%s: %s", drv->name, drv->extra);
			table_row(row, "%lu", sum.extra);
		}
		if (drv->maps_kept) {
			snprintf(row, sizeof(row), "%s: maps read after unplug",
				 drv->name);
			table_row(row, "%lu", sum.maps_read);
			if (!sum.maps_read && done >= unplug_kinds())
				fail("no %s mapping was read after an unplug",
				     drv->name);
		}
		if (drv->maps_kept && drv->maps_device_memory) {
			snprintf(row, sizeof(row), "%s: of those, device memory",
				 drv->name);
			table_row(row, "%lu", sum.maps_stale);
			if (sum.maps_stale)
				fail("%lu %s mappings still read device memory after an unplug",
				     sum.maps_stale, drv->name);
		}
		/* Every driver's device went away at least once. */
		if (!sum.enodev && done >= unplug_kinds())
			fail("no %s ioctl saw -ENODEV", drv->name);
	}
	if (client_mode->across_devices) {
		table_rule();
		table_row("dma-bufs imported across devices", "%lu",
			  prime_imports);
		if (!prime_imports)
			fail("no dma-buf was imported across devices during the cycles");
	}
	if (held >= 0) {
		table_rule();
		table_row("modetest held its modes through cycles", "%s",
			  held ? "yes" : "no");
	}
	table_rule();
	free(h);
	free(tid);
	free(lat);
}

