// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: helpers every part uses.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <grp.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>

#include "client.h"

static int nfailures;

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	__atomic_fetch_add(&nfailures, 1, __ATOMIC_RELAXED);
}

int failures(void)
{
	return __atomic_load_n(&nfailures, __ATOMIC_RELAXED);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void sort_doubles(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int xioctl(int fd, unsigned long req, void *arg)
{
	return drmIoctl(fd, req, arg) ? -errno : 0;
}

int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

bool find_entry(const char *dir, const char *prefix, char *out, size_t size)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	bool found = false;

	if (!d)
		return false;
	while ((de = readdir(d))) {
		if (!strncmp(de->d_name, prefix, strlen(prefix))) {
			snprintf(out, size, "%s", de->d_name);
			found = true;
			break;
		}
	}
	closedir(d);
	return found;
}

int drm_nodes_without_devnode(void)
{
	DIR *d = opendir("/sys/class/drm");
	struct dirent *de;
	int missing = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[300];

		if (strncmp(de->d_name, "card", 4) &&
		    strncmp(de->d_name, "renderD", 7))
			continue;
		/* Connectors (card0-VGA-1) have no node of their own. */
		if (strchr(de->d_name, '-'))
			continue;
		snprintf(path, sizeof(path), "/dev/dri/%s", de->d_name);
		if (access(path, F_OK))
			missing++;
	}
	closedir(d);
	return missing;
}

bool find_pci(unsigned int vendor, unsigned int device, char *bdf, size_t size)
{
	struct dirent *de;
	DIR *d = opendir("/sys/bus/pci/devices");
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char path[300], buf[32];
		unsigned long v, dv;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		if (read_file(path, buf, sizeof(buf)) < 0)
			continue;
		v = strtoul(buf, NULL, 16);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 de->d_name);
		if (read_file(path, buf, sizeof(buf)) < 0)
			continue;
		dv = strtoul(buf, NULL, 16);
		if (v == vendor && dv == device) {
			snprintf(bdf, size, "%s", de->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

uint64_t pci_bar_size(const char *bdf, int bar)
{
	char path[300], buf[1024], *line = buf;
	unsigned long long start, end, flags;
	int i;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", bdf);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return 0;
	for (i = 0; i < bar && line; i++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line || sscanf(line, "%llx %llx %llx", &start, &end, &flags) != 3)
		return 0;
	return end ? end - start + 1 : 0;
}

/* The node @prefix%d, for @first <= %d < @first + 64, of driver @name. */
static int open_node(const char *prefix, int first, const char *name)
{
	char path[64];
	int i;

	for (i = first; i < first + 64; i++) {
		drmVersionPtr v;
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/%s%d", prefix, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		if (v && !strcmp(v->name, name)) {
			drmFreeVersion(v);
			return fd;
		}
		if (v)
			drmFreeVersion(v);
		close(fd);
	}
	return -1;
}

int open_by_name(const char *name)
{
	return open_node("renderD", 128, name);
}

int open_card_by_name(const char *name)
{
	return open_node("card", 0, name);
}

void table_rule(void)
{
	printf("  +------------------------------------------+---------------+\n");
}

void table_row(const char *name, const char *fmt, ...)
{
	char val[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	printf("  | %-40s | %13s |\n", name, val);
}

void kernel_log_tail(int lines)
{
	int size = klogctl(10, NULL, 0), len;
	char *buf, *p;

	if (size <= 0)
		return;
	buf = malloc(size + 1);
	if (!buf)
		return;
	len = klogctl(3, buf, size);
	if (len < 0)
		len = 0;
	buf[len] = '\0';
	for (p = buf + len; p > buf && lines >= 0; p--)
		if (p[-1] == '\n')
			lines--;
	printf("%s", p);
	free(buf);
}

bool clocksource_fine(char *name, size_t size, long *res_ns)
{
	struct timespec a, b;
	long d;
	int i;

	if (read_file("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		      name, size) <= 0)
		snprintf(name, size, "unknown");
	name[strcspn(name, "\n")] = '\0';
	/*
	 * What CLOCK_MONOTONIC readings step by: the smallest change seen
	 * between back-to-back reads (clock_getres() tells the timer
	 * resolution instead, 4 ms without high-resolution timers).
	 */
	*res_ns = -1;
	for (i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		do {
			clock_gettime(CLOCK_MONOTONIC, &b);
			d = (b.tv_sec - a.tv_sec) * 1000000000L +
			    b.tv_nsec - a.tv_nsec;
		} while (!d);
		if (*res_ns < 0 || d < *res_ns)
			*res_ns = d;
	}
	return *res_ns <= 1000 && !strstr(name, "jiffies");
}

int client_nodes_open(struct client_node *n, int max, bool render_only)
{
	int count = 0, d, i;

	for (d = render_only ? 1 : 0; d < 2; d++) {
		for (i = d ? 128 : 0; i < (d ? 192 : 64); i++) {
			drmVersionPtr v;

			if (count == max)
				return count;
			snprintf(n[count].path, sizeof(n[count].path),
				 "/dev/dri/%s%d", d ? "renderD" : "card", i);
			n[count].fd = open(n[count].path, O_RDWR | O_CLOEXEC);
			if (n[count].fd < 0)
				continue;
			v = drmGetVersion(n[count].fd);
			snprintf(n[count].driver, sizeof(n[count].driver), "%s",
				 v ? v->name : "?");
			if (v)
				drmFreeVersion(v);
			count++;
		}
	}
	return count;
}

void client_nodes_open_to_all(void)
{
	char path[64];
	int d, i;

	/* The minors client_nodes_open() looks at. */
	for (d = 0; d < 2; d++) {
		for (i = d ? 128 : 0; i < (d ? 192 : 64); i++) {
			snprintf(path, sizeof(path), "/dev/dri/%s%d",
				 d ? "renderD" : "card", i);
			chmod(path, 0666);
		}
	}
}

int client_become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(CLIENT_NOBODY, CLIENT_NOBODY,
					    CLIENT_NOBODY) ||
	    setresuid(CLIENT_NOBODY, CLIENT_NOBODY, CLIENT_NOBODY) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return 0;
}

void client_nodes_close(struct client_node *n, int count)
{
	while (count--)
		close(n[count].fd);
}
