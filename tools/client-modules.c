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

#define MAX_MODULES	16

/*
 * The VM's modules: the first column of scripts/modules.list, the one list,
 * which the initramfs holds as /modules.list, in the order they are
 * loaded; unloaded the other way round. Their number, or -1.
 */
static int read_modules(char names[][64])
{
	FILE *f = fopen("/modules.list", "re");
	char line[256];
	int n = 0;

	if (!f) {
		fail("modules: /modules.list: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_MODULES)
		if (line[0] != '#' && sscanf(line, "%63s", names[n]) == 1)
			n++;
	fclose(f);
	return n;
}

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
	char names[MAX_MODULES][64], cmd[32 + MAX_MODULES * 65];
	int fds[NNODES], i, ret, unloaded = 0;
	int n = read_modules(names);

	if (n < 0)
		return 1;

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
	for (i = n - 1; i >= 0; i--) {
		ret = module_unload(names[i]);
		printf("  modules: with files open, unloading %-18s %s\n",
		       names[i], ret ? strerror(-ret) : "done");
		unloaded += !ret;
	}
	/* The last close: nothing of an unloaded module may run now. */
	for (i = 0; i < (int)NNODES; i++)
		if (fds[i] >= 0)
			close(fds[i]);

	for (i = n - 1; i >= 0; i--) {
		if (!module_loaded(names[i]))
			continue;
		ret = module_unload(names[i]);
		if (ret)
			fail("modules: %s does not unload with no file open: %s",
			     names[i], strerror(-ret));
	}
	strcpy(cmd, "modprobe -a");
	for (i = 0; i < n; i++) {
		strcat(cmd, " ");
		strcat(cmd, names[i]);
	}
	if (system(cmd))
		fail("modules: %s failed", cmd);
	printf("  modules: %d of %d unloaded with files open, all unloaded and loaded again\n",
	       unloaded, n);
	return 0;
}
