// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: unbind and bind every driver under test again, with no
 * file open, and run its checks after each bind. The plainest unplug
 * there is: 6.12's qxl did not survive it (its interrupt handler stayed on
 * the line after the unbind, with the freed device as its cookie).
 */

#include <stdio.h>
#include <string.h>

#include "client.h"

/* @cycles rounds over the drivers; false at the first failure. */
bool rebind_cycles(unsigned long cycles)
{
	int before = failures();
	unsigned long c;
	int d;

	for (c = 0; c < cycles; c++) {
		for (d = 0; d < client_ndrivers; d++) {
			const struct client_driver *drv = client_drivers[d];
			const struct client_unplug *u = &drv->unplugs[0];
			char dev[256];
			int ret;

			if (!client_unplug_target(u, dev, sizeof(dev))) {
				fail("rebind %lu: no device for %s", c, u->what);
				return false;
			}
			ret = write_file(u->unbind, dev);
			if (!ret)
				ret = write_file(u->bind, dev);
			if (ret) {
				fail("rebind %lu: %s and bind: %s", c, u->what,
				     strerror(-ret));
				return false;
			}
			if (!client_wait_devices(10000)) {
				fail("rebind %lu: %s did not come back", c,
				     drv->name);
				return false;
			}
			drv->check();
			if (failures() != before)
				return false;
		}
	}
	for (d = 0; d < client_ndrivers; d++)
		table_row(client_drivers[d]->name, "%lu rebinds, checked",
			  cycles);
	return true;
}
