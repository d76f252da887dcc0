// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: module unload with files open. With a file of every
 * driver open, every module that can be unloaded is; closing the files
 * afterwards must run no code of an unloaded module (the last close
 * releases the drm_device and, with it, its parent device). Then the
 * modules are loaded again.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "client.h"

/* In the order they can be unloaded once nothing uses them. */
static const char *const client_modules[] = {
	"regdata_bench", "regdata_emu", "regdata_tyr", "regdata_nova",
	"regdata_nova_core", "bochs", "virtio_gpu", "drm_regdata",
};

#define NMODULES	ARRAY_SIZE(client_modules)

static const char *const client_nodes[] = {
	"regdata_nova", "regdata_tyr", "regdata_bench", "bochs-drm",
	"virtio_gpu",
};

#define NNODES		ARRAY_SIZE(client_nodes)

static bool module_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return access(path, F_OK) == 0;
}

static int module_unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

int modules_check(void)
{
	int fds[NNODES], i, ret, unloaded = 0;
	char cmd[256];

	if (!module_loaded("drm_regdata")) {
		printf("  modules: the framework is built in, skipped\n");
		return 0;
	}

	for (i = 0; i < (int)NNODES; i++) {
		fds[i] = open_by_name(client_nodes[i]);
		if (fds[i] < 0)
			fds[i] = open_card_by_name(client_nodes[i]);
		if (fds[i] < 0)
			fail("modules: no %s node", client_nodes[i]);
	}
	for (i = 0; i < (int)NMODULES; i++) {
		ret = module_unload(client_modules[i]);
		printf("  modules: with files open, unloading %-18s %s\n",
		       client_modules[i], ret ? strerror(-ret) : "done");
		unloaded += !ret;
	}
	/* The last close: nothing of an unloaded module may run now. */
	for (i = 0; i < (int)NNODES; i++)
		if (fds[i] >= 0)
			close(fds[i]);

	for (i = 0; i < (int)NMODULES; i++) {
		if (!module_loaded(client_modules[i]))
			continue;
		ret = module_unload(client_modules[i]);
		if (ret)
			fail("modules: %s does not unload with no file open: %s",
			     client_modules[i], strerror(-ret));
	}
	strcpy(cmd, "modprobe -a");
	for (i = NMODULES - 1; i >= 0; i--) {
		strcat(cmd, " ");
		strcat(cmd, client_modules[i]);
	}
	if (system(cmd))
		fail("modules: %s failed", cmd);
	printf("  modules: %d of %zu unloaded with files open, all unloaded and loaded again\n",
	       unloaded, NMODULES);
	return 0;
}
