// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: unbind and bind every driver under test again, with no
 * file open, and run its checks after each bind. The plainest unplug
 * there is: 6.12's qxl did not survive it (its interrupt handler stayed on
 * the line after the unbind, with the freed device as its cookie).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

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

/*
 * One driver: a file with a mode set on a mapped dumb buffer, kept open
 * while the driver is unbound and bound again. The old file's mode set
 * must answer -ENODEV once the device is unbound, its mapping no longer
 * read the device's memory, and nothing may be reported when it is closed
 * after the new binding is checked.
 */
static void held_one(const struct client_driver *drv)
{
	const struct client_unplug *u = &drv->unplugs[0];
	uint32_t conn_id, crtc_id;
	drmModeModeInfo mode;
	struct kms_fb fb = {};
	char dev[256];
	uint32_t val;
	int fd, ret;

	/* The card node: the render node of virtio-gpu has no KMS. */
	fd = open_card_by_name(drv->name);
	if (fd < 0 || kms_pick(fd, &conn_id, &crtc_id, &mode) ||
	    kms_fb_create(fd, mode.hdisplay, mode.vdisplay, 0x00ff00ff, true,
			  &fb) ||
	    drmModeSetCrtc(fd, crtc_id, fb.fb_id, 0, 0, &conn_id, 1, &mode)) {
		fail("held %s: no mode set on a dumb buffer", drv->name);
		if (fd >= 0)
			close(fd);
		return;
	}
	if (!client_unplug_target(u, dev, sizeof(dev)) ||
	    write_file(u->unbind, dev)) {
		fail("held %s: %s failed", drv->name, u->what);
		close(fd);
		return;
	}
	ret = drmModeSetCrtc(fd, crtc_id, fb.fb_id, 0, 0, &conn_id, 1, &mode) ?
	      -errno : 0;
	EXPECT(ret == -ENODEV,
	       "held %s: the old file's mode set after the unbind: %d", drv->name,
	       ret);
	/* A mapping kept through the unbind reads; not the device's memory. */
	val = *(volatile uint32_t *)fb.map;
	EXPECT(!drv->maps_device_memory || !val,
	       "held %s: a mapping kept through the unbind reads the device's memory: %#x",
	       drv->name, val);
	if (write_file(u->bind, dev) || !client_wait_devices(10000)) {
		fail("held %s: the device did not come back", drv->name);
	} else {
		drv->check();
		ret = drmModeSetCrtc(fd, crtc_id, fb.fb_id, 0, 0, &conn_id, 1,
				     &mode) ? -errno : 0;
		EXPECT(ret == -ENODEV,
		       "held %s: the old file's mode set after the rebind: %d",
		       drv->name, ret);
	}
	munmap(fb.map, fb.size);
	close(fd);
	/* The last close: the old device goes now. */
	drv->check();
}

/* Each KMS driver's file and mapping kept across an unbind and a bind. */
bool held_check(void)
{
	int before = failures(), d;

	for (d = 0; d < client_ndrivers; d++) {
		int f = failures();

		if (!client_drivers[d]->kms)
			continue;

		held_one(client_drivers[d]);
		table_row(client_drivers[d]->name, "held: %s",
			  failures() == f ? "-ENODEV" : "FAILED");
	}
	return failures() == before;
}
