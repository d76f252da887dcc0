// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the reports phase's sources, the kernel log (the patterns
 * of tools/kernel-reports) and kmemleak.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "client.h"

/*
 * The report patterns: tools/kernel-reports, the one list, which the
 * initramfs holds as /kernel-reports ("LABEL\tREGEX", POSIX extended).
 */
#define MAX_REPORT_PATTERNS 64

static int report_patterns(regex_t *rx)
{
	FILE *f = fopen("/kernel-reports", "re");
	char line[512], *tab;
	int n = 0;

	if (!f) {
		fail("/kernel-reports: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_REPORT_PATTERNS) {
		line[strcspn(line, "\n")] = '\0';
		tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		if (regcomp(&rx[n], tab + 1, REG_EXTENDED | REG_NOSUB)) {
			fail("/kernel-reports: bad pattern %s", tab + 1);
			continue;
		}
		n++;
	}
	fclose(f);
	if (!n)
		fail("/kernel-reports: no pattern");
	return n;
}

int kernel_log_reports(void)
{
	int size = klogctl(10, NULL, 0), len, reports = 0, npat, i;
	regex_t rx[MAX_REPORT_PATTERNS];
	char *buf, *line, *save;

	npat = report_patterns(rx);
	if (npat <= 0)
		return 1;

	if (size <= 0)
		size = 1 << 20;
	buf = malloc(size + 1);
	len = klogctl(3, buf, size);
	if (len < 0) {
		fail("klogctl: %s", strerror(errno));
		free(buf);
		return 1;
	}
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < npat; i++) {
			if (!regexec(&rx[i], line, 0, NULL, 0)) {
				printf("  kernel: %s\n", line);
				reports++;
				break;
			}
		}
	}
	free(buf);
	for (i = 0; i < npat; i++)
		regfree(&rx[i]);
	return reports;
}

/* The whole kmemleak report, however long. */
static char *kmemleak_read(void)
{
	size_t len = 0, cap = 1 << 20;
	char *buf = malloc(cap + 1);
	ssize_t n;
	int fd;

	fd = open("/sys/kernel/debug/kmemleak", O_RDONLY);
	if (fd < 0 || !buf) {
		fail("kmemleak: %s", strerror(errno));
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * Whether a kmemleak report is one of DRM's or this project's: by the
 * allocation's backtrace (the comm line names this client for anything it
 * made the kernel allocate). Not ours even so: the kobject name that
 * sysfs_slab_add() leaks when kobject_init_and_add() fails (mm/slub.c in
 * 6.12 skips the kobject_put() it needs), which the fault sweep reaches
 * through virtio-gpu's kmem_cache_create().
 */
static bool kmemleak_ours(const char *report)
{
	const char *bt = strstr(report, "backtrace");

	if (!bt || strstr(bt, "sysfs_slab_add"))
		return false;
	return strstr(bt, "drm") || strstr(bt, "regdata") ||
	       strstr(bt, "virtio_gpu") || strstr(bt, "bochs") ||
	       strstr(bt, "qxl") || strstr(bt, "cirrus");
}

/* kmemleak reports whose allocation went through DRM or this project. */
int kmemleak_reports(int *unrelated)
{
	char *buf, *obj, *next;
	int ours = 0;

	*unrelated = 0;
	/* Objects must be 5 s old to be reported. */
	sleep(6);
	if (write_file("/sys/kernel/debug/kmemleak", "scan") ||
	    write_file("/sys/kernel/debug/kmemleak", "scan")) {
		fail("kmemleak scan failed");
		return 1;
	}
	buf = kmemleak_read();
	if (!buf)
		return 1;

	for (obj = strstr(buf, "unreferenced object"); obj; obj = next) {
		next = strstr(obj + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (kmemleak_ours(obj)) {
			printf("  kmemleak: %s\n", obj);
			ours++;
		} else {
			(*unrelated)++;
		}
	}
	free(buf);
	return ours;
}

