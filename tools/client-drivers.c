// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the drivers under test. Every driver is a
 * client-<name>.c defining a &struct client_driver and an entry in
 * every_driver[] below; a mode names the drivers it runs on (client.c's
 * mode table).
 * What the phases use of them: open a node, wait for the devices, unbind
 * and bind them, run their checks.
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/* Every driver the client knows; a mode names those it runs on. */
static const struct client_driver *const every_driver[] = {
	&client_nova,
	&client_tyr,
	&client_bochs,
	&client_virtio,
	&client_qxl,
	&client_cirrus,
};

/* The drivers under test, chosen by client_use_drivers(). */
static const struct client_driver *chosen[ARRAY_SIZE(every_driver)];
const struct client_driver *const *client_drivers = chosen;
int client_ndrivers;

bool client_use_drivers(const char *names)
{
	char name[32];
	size_t i;
	int n;

	client_ndrivers = 0;
	while (sscanf(names, "%31s%n", name, &n) == 1) {
		for (i = 0; i < ARRAY_SIZE(every_driver); i++)
			if (!strcmp(every_driver[i]->name, name))
				break;
		if (i == ARRAY_SIZE(every_driver) ||
		    client_ndrivers == ARRAY_SIZE(chosen))
			return false;
		chosen[client_ndrivers++] = every_driver[i];
		names += n;
	}
	return client_ndrivers > 0;
}

#define NDRIVERS	client_ndrivers

int client_open(const struct client_driver *drv)
{
	return drv->card_only ? open_card_by_name(drv->name) :
				open_by_name(drv->name);
}

bool client_wait_devices(double timeout_ms)
{
	double end = now_ms() + timeout_ms;

	while (now_ms() < end) {
		int i, found = 0;

		for (i = 0; i < NDRIVERS; i++) {
			int fd = client_open(client_drivers[i]);

			if (fd >= 0) {
				close(fd);
				found++;
			}
		}
		if (found == NDRIVERS)
			return true;
		usleep(10000);
	}
	return false;
}

void client_check_all(void)
{
	int i;

	for (i = 0; i < NDRIVERS; i++)
		client_drivers[i]->check();
}

bool client_unplug_target(const struct client_unplug *u, char *dev,
			  size_t size)
{
	if (u->dir)
		return find_entry(u->dir, u->prefix, dev, size);
	return find_pci(u->vendor, u->device, dev, size);
}

void client_rebind_all(void)
{
	int d, i;

	/* Parents first: their probe creates what the children bind. */
	for (i = 1; i >= 0; i--) {
		for (d = 0; d < NDRIVERS; d++) {
			const struct client_unplug *u;
			char dev[256];

			if (i >= client_drivers[d]->nunplugs)
				continue;
			u = &client_drivers[d]->unplugs[i];
			if (client_unplug_target(u, dev, sizeof(dev)))
				write_file(u->bind, dev);
		}
	}
}

