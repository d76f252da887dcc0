// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the userspace side of the drm-regdata demo and end-to-end
 * test, run as init's child in the QEMU VM.
 *
 *   regdata-client check              every sample ioctl, good and bad input
 *   regdata-client stress [CYCLES]    threads hammer the ioctls while the
 *                                     drivers are unbound/rebound and the
 *                                     PCI functions removed/rescanned
 *   regdata-client bench              userspace benchmarks (bench/)
 *
 * Built statically against libdrm. Exits 0 only if every check passed and
 * the kernel log holds no KASAN, lockdep, WARN, BUG or kmemleak report.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>

#include "client.h"

#include "regdata_nova_drm.h"
#include "regdata_tyr_drm.h"

#define NOVA_NAME	"regdata_nova"
#define TYR_NAME	"regdata_tyr"
#define EDU_CHIP_ID	0x010000ed
#define TYR_GPU_ID	0xa8670000

static int failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ioctl returning 0 or -errno */
static int xioctl(int fd, unsigned long req, void *arg)
{
	return drmIoctl(fd, req, arg) ? -errno : 0;
}

/* ------------------------------------------------------------------ */
/* Devices and sysfs                                                   */

/* Open the render node whose driver is @name, or -1. */
int open_by_name(const char *name)
{
	char path[64];
	int i;

	for (i = 128; i < 192; i++) {
		drmVersionPtr v;
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/renderD%d", i);
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

static int write_file(const char *path, const char *val)
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

/* First entry of @dir starting with @prefix, into @out. */
static bool find_entry(const char *dir, const char *prefix, char *out,
		       size_t size)
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

/* The PCI function with @vendor:@device, as "0000:00:04.0". */
static bool find_pci(unsigned int vendor, unsigned int device, char *bdf,
		     size_t size)
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

/* Length of BAR @bar of PCI function @bdf, from sysfs. */
static uint64_t pci_bar_size(const char *bdf, int bar)
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

/* Wait until both samples have a render node again. */
static bool wait_devices(double timeout_ms)
{
	double end = now_ms() + timeout_ms;

	while (now_ms() < end) {
		int a = open_by_name(NOVA_NAME), b = open_by_name(TYR_NAME);

		if (a >= 0)
			close(a);
		if (b >= 0)
			close(b);
		if (a >= 0 && b >= 0)
			return true;
		usleep(10000);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* check: every ioctl with good and bad input                          */

#define EXPECT(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

static uint64_t edu_bar_size;

static void check_nova(void)
{
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	struct drm_nova_gem_create gc = { .size = 4097 };
	struct drm_nova_gem_info gi = {};
	struct drm_gem_close cl = {};
	drmVersionPtr v;
	uint32_t *map;
	int fd, ret;

	fd = open_by_name(NOVA_NAME);
	if (fd < 0) {
		fail("no %s render node", NOVA_NAME);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(!ret && gp.value == edu_bar_size,
	       "nova GETPARAM VRAM_BAR_SIZE: %d, %llu, want %llu", ret,
	       (unsigned long long)gp.value, (unsigned long long)edu_bar_size);
	printf("  VRAM BAR size %llu bytes\n", (unsigned long long)gp.value);

	gp = (struct drm_nova_getparam){ .param = NOVA_GETPARAM_CHIP_ID };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(!ret && gp.value == EDU_CHIP_ID,
	       "nova GETPARAM CHIP_ID: %d, %#llx", ret,
	       (unsigned long long)gp.value);
	printf("  chip id %#llx (read through BAR 0)\n",
	       (unsigned long long)gp.value);

	gp = (struct drm_nova_getparam){ .param = 0x77 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
	EXPECT(ret == -EINVAL, "nova GETPARAM unknown: %d", ret);

	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(!ret && gc.size == 8192 && gc.handle,
	       "nova GEM_CREATE 4097: %d size %llu", ret,
	       (unsigned long long)gc.size);
	gi.handle = gc.handle;
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(!ret && gi.size == 8192 && gi.offset,
	       "nova GEM_INFO: %d size %llu", ret, (unsigned long long)gi.size);

	map = mmap(NULL, gi.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   gi.offset);
	if (map == MAP_FAILED) {
		fail("nova mmap: %s", strerror(errno));
	} else {
		map[0] = 0xc0ffee;
		map[2047] = 0xbeef;
		EXPECT(map[0] == 0xc0ffee && map[2047] == 0xbeef,
		       "nova mmap readback");
		munmap(map, gi.size);
	}

	gc = (struct drm_nova_gem_create){ .size = 0 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -EINVAL, "nova GEM_CREATE 0: %d", ret);
	gc = (struct drm_nova_gem_create){ .size = 4096, .pad = 1 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -EINVAL, "nova GEM_CREATE pad: %d", ret);
	gc = (struct drm_nova_gem_create){ .size = 1ULL << 62 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	EXPECT(ret == -E2BIG, "nova GEM_CREATE huge: %d", ret);

	gi = (struct drm_nova_gem_info){ .handle = 4242 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(ret == -ENOENT, "nova GEM_INFO bad handle: %d", ret);
	gi = (struct drm_nova_gem_info){ .handle = gc.handle, .pad = 1 };
	ret = xioctl(fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	EXPECT(ret == -EINVAL, "nova GEM_INFO pad: %d", ret);

	cl.handle = gi.handle;
	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
	close(fd);
}

static void check_tyr(void)
{
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	struct drm_tyr_gpu_info info;
	drmVersionPtr v;
	int fd, ret;

	fd = open_by_name(TYR_NAME);
	if (fd < 0) {
		fail("no %s render node", TYR_NAME);
		return;
	}
	v = drmGetVersion(fd);
	printf("  %s %d.%d.%d: %s\n", v->name, v->version_major,
	       v->version_minor, v->version_patchlevel, v->desc);
	drmFreeVersion(v);

	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(!ret && q.size == sizeof(info), "tyr DEV_QUERY size: %d %u",
	       ret, q.size);

	memset(&info, 0, sizeof(info));
	q.pointer = (uintptr_t)&info;
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(!ret && info.gpu_id == TYR_GPU_ID && info.shader_present,
	       "tyr DEV_QUERY info: %d gpu_id %#x", ret, info.gpu_id);
	printf("  GPU_ID %#x, shader_present %#llx, l2_present %#llx, as_present %#x\n",
	       info.gpu_id, (unsigned long long)info.shader_present,
	       (unsigned long long)info.l2_present, info.as_present);

	q.size = sizeof(info) - 1;
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(ret == -EINVAL, "tyr DEV_QUERY short buffer: %d", ret);
	q = (struct drm_tyr_dev_query){ .type = 99 };
	ret = xioctl(fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	EXPECT(ret == -EINVAL, "tyr DEV_QUERY unknown type: %d", ret);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* stress: ioctls from threads while the drivers come and go           */

struct hammer {
	pthread_t thread;
	const char *name;
	bool nova;
	unsigned long served;
	unsigned long enodev;
	unsigned long other;
	unsigned long wrong;
	unsigned long mapped_after;
	int first_errno;
};

static atomic_bool stop;

static void hammer_result(struct hammer *h, int ret, int *fd)
{
	if (!ret) {
		h->served++;
	} else if (ret == -ENODEV) {
		h->enodev++;
		close(*fd);
		*fd = -1;
	} else {
		h->other++;
		if (!h->first_errno)
			h->first_errno = -ret;
	}
}

/* A GEM object mapped before an unbind, read back after it. */
struct kept {
	uint32_t *map;
	size_t size;
	uint32_t pattern;
};

static void kept_check(struct hammer *h, struct kept *k)
{
	if (!k->map)
		return;
	if (k->map[0] != k->pattern || k->map[k->size / 4 - 1] != k->pattern)
		h->wrong++;
	else
		h->mapped_after++;
	munmap(k->map, k->size);
	k->map = NULL;
}

static void nova_round(struct hammer *h, int *fd, unsigned long i,
		       struct kept *k)
{
	struct drm_nova_getparam gp = { .param = NOVA_GETPARAM_VRAM_BAR_SIZE };
	struct drm_nova_gem_create gc = { .size = 2 * 4096 };
	struct drm_nova_gem_info gi = {};
	struct drm_gem_close cl = {};
	uint32_t *map;
	int ret;

	if (i % 2) {
		ret = xioctl(*fd, DRM_IOCTL_NOVA_GETPARAM, &gp);
		if (!ret && gp.value != edu_bar_size)
			h->wrong++;
		hammer_result(h, ret, fd);
		return;
	}

	ret = xioctl(*fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
	hammer_result(h, ret, fd);
	if (ret)
		return;
	gi.handle = gc.handle;
	ret = xioctl(*fd, DRM_IOCTL_NOVA_GEM_INFO, &gi);
	hammer_result(h, ret, fd);
	if (ret)
		return;
	map = mmap(NULL, gi.size, PROT_READ | PROT_WRITE, MAP_SHARED, *fd,
		   gi.offset);
	if (map == MAP_FAILED) {
		hammer_result(h, -errno, fd);
		return;
	}
	map[0] = (uint32_t)i;
	map[gi.size / 4 - 1] = (uint32_t)i;
	if (!k->map) {
		/* Keep it across the next unbind. */
		k->map = map;
		k->size = gi.size;
		k->pattern = (uint32_t)i;
	} else {
		munmap(map, gi.size);
	}
	cl.handle = gc.handle;
	hammer_result(h, xioctl(*fd, DRM_IOCTL_GEM_CLOSE, &cl), fd);
}

static void tyr_round(struct hammer *h, int *fd)
{
	struct drm_tyr_dev_query q = { .type = DRM_TYR_DEV_QUERY_GPU_INFO };
	struct drm_tyr_gpu_info info = {};
	int ret;

	q.size = sizeof(info);
	q.pointer = (uintptr_t)&info;
	ret = xioctl(*fd, DRM_IOCTL_TYR_DEV_QUERY, &q);
	if (!ret && info.gpu_id != TYR_GPU_ID)
		h->wrong++;
	hammer_result(h, ret, fd);
}

static void *hammer_fn(void *arg)
{
	struct hammer *h = arg;
	struct kept k = {};
	unsigned long i = 0;
	int fd = -1;

	while (!atomic_load(&stop)) {
		if (fd < 0) {
			kept_check(h, &k);
			fd = open_by_name(h->name);
			if (fd < 0) {
				usleep(2000);
				continue;
			}
		}
		if (h->nova)
			nova_round(h, &fd, i++, &k);
		else
			tyr_round(h, &fd);
	}
	kept_check(h, &k);
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

struct action {
	const char *what;
	char unbind[300];
	char bind[300];
	char dev[64];
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One cycle: take a device away under load, bring it back. */
static bool unplug_cycle(int n, double *latency)
{
	char edu[256], ivshmem[256], aux[256], tyr[256];
	double t0;
	int ret, kind = n % 5;

	if (!find_pci(0x1234, 0x11e8, edu, sizeof(edu)) ||
	    !find_pci(0x1af4, 0x1110, ivshmem, sizeof(ivshmem)) ||
	    !find_entry("/sys/bus/auxiliary/devices", "regdata_nova_core.drm.",
			aux, sizeof(aux)) ||
	    !find_entry("/sys/bus/platform/devices", "regdata-tyr.", tyr,
			sizeof(tyr))) {
		fail("cycle %d: devices missing", n);
		return false;
	}

	/* Let the threads get going on the new devices. */
	usleep(30000);
	t0 = now_ms();
	switch (kind) {
	case 0:
		ret = write_file("/sys/bus/auxiliary/drivers/regdata_nova.drm/unbind", aux);
		break;
	case 1:
		ret = write_file("/sys/bus/platform/drivers/regdata-tyr/unbind", tyr);
		break;
	case 2:
		ret = write_file("/sys/bus/pci/drivers/regdata_nova_core/unbind", edu);
		break;
	case 3:
		ret = write_file("/sys/bus/pci/drivers/regdata_emu_ivshmem/unbind", ivshmem);
		break;
	default: {
		char path[300];

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", edu);
		ret = write_file(path, "1");
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", ivshmem);
		if (!ret)
			ret = write_file(path, "1");
		break;
	}
	}
	*latency = now_ms() - t0;
	if (ret) {
		fail("cycle %d: unbind/remove: %s", n, strerror(-ret));
		return false;
	}

	/* Gone for a while: the threads see -ENODEV. */
	usleep(20000);
	switch (kind) {
	case 0:
		ret = write_file("/sys/bus/auxiliary/drivers/regdata_nova.drm/bind", aux);
		break;
	case 1:
		ret = write_file("/sys/bus/platform/drivers/regdata-tyr/bind", tyr);
		break;
	case 2:
		ret = write_file("/sys/bus/pci/drivers/regdata_nova_core/bind", edu);
		break;
	case 3:
		ret = write_file("/sys/bus/pci/drivers/regdata_emu_ivshmem/bind", ivshmem);
		break;
	default:
		ret = write_file("/sys/bus/pci/rescan", "1");
		break;
	}
	if (ret) {
		fail("cycle %d: bind/rescan: %s", n, strerror(-ret));
		return false;
	}
	if (!wait_devices(10000)) {
		fail("cycle %d: devices did not come back", n);
		return false;
	}
	return true;
}

static void table_rule(void)
{
	printf("  +--------------------------------+---------------+\n");
}

static int stress(int cycles, int threads)
{
	struct hammer *h = calloc(2 * threads, sizeof(*h));
	double *lat = calloc(cycles, sizeof(*lat));
	unsigned long served = 0, enodev = 0, other = 0, wrong = 0, after = 0;
	int i, done = 0;
	char buf[32];
	double t0;

	signal(SIGBUS, on_sigbus);
	for (i = 0; i < 2 * threads; i++) {
		h[i].nova = i < threads;
		h[i].name = h[i].nova ? NOVA_NAME : TYR_NAME;
		pthread_create(&h[i].thread, NULL, hammer_fn, &h[i]);
	}

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

	for (i = 0; i < 2 * threads; i++) {
		pthread_join(h[i].thread, NULL);
		served += h[i].served;
		enodev += h[i].enodev;
		other += h[i].other;
		wrong += h[i].wrong;
		after += h[i].mapped_after;
		if (h[i].other)
			fail("%s thread: %lu ioctls failed with neither 0 nor ENODEV (first: %s)",
			     h[i].name, h[i].other, strerror(h[i].first_errno));
		if (h[i].wrong)
			fail("%s thread: %lu wrong answers", h[i].name, h[i].wrong);
	}
	if (done < cycles)
		fail("only %d of %d cycles", done, cycles);
	if (!enodev && done)
		fail("no ioctl saw -ENODEV");

	printf("== functional checks on the devices of the last cycle\n");
	check_nova();
	check_tyr();

	qsort(lat, done, sizeof(*lat), cmp_double);
	printf("\n");
	table_rule();
	if (read_file("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		      buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		printf("  | clocksource                    | %13s |\n", buf);
	}
	printf("  | cycles                         | %13d |\n", done);
	snprintf(buf, sizeof(buf), "%d + %d", threads, threads);
	printf("  | threads (nova + tyr)           | %13s |\n", buf);
	printf("  | ioctls served                  | %13lu |\n", served);
	printf("  | -ENODEV answers                | %13lu |\n", enodev);
	printf("  | other errors                   | %13lu |\n", other);
	printf("  | wrong answers                  | %13lu |\n", wrong);
	printf("  | mappings read after unbind     | %13lu |\n", after);
	printf("  | unbind latency median (ms)     | %13.2f |\n", done ? lat[done / 2] : 0);
	printf("  | unbind latency max (ms)        | %13.2f |\n", done ? lat[done - 1] : 0);
	free(h);
	free(lat);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The kernel log and kmemleak                                         */

static const char * const bad_patterns[] = {
	"BUG: KASAN", "WARNING:", "BUG:", "possible circular locking",
	"possible recursive locking", "inconsistent lock state",
	"suspicious RCU usage", "regdata misuse", "Oops", "general protection",
	"INFO: task", "rcu_sched detected stalls", "Kernel panic",
};

static int kernel_log_reports(void)
{
	int size = klogctl(10, NULL, 0), len, reports = 0;
	char *buf, *line, *save;
	size_t i;

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
		for (i = 0; i < sizeof(bad_patterns) / sizeof(*bad_patterns); i++) {
			if (strstr(line, bad_patterns[i])) {
				printf("  kernel: %s\n", line);
				reports++;
				break;
			}
		}
	}
	free(buf);
	return reports;
}

/* kmemleak reports whose allocation went through DRM or this project. */
static int kmemleak_reports(int *unrelated)
{
	static char buf[1 << 20];
	char *obj, *next;
	int fd, len = 0, n, ours = 0;

	*unrelated = 0;
	/* Objects must be 5 s old to be reported. */
	sleep(6);
	if (write_file("/sys/kernel/debug/kmemleak", "scan") ||
	    write_file("/sys/kernel/debug/kmemleak", "scan")) {
		fail("kmemleak scan failed");
		return 1;
	}
	fd = open("/sys/kernel/debug/kmemleak", O_RDONLY);
	if (fd < 0) {
		fail("kmemleak: %s", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';

	for (obj = strstr(buf, "unreferenced object"); obj; obj = next) {
		next = strstr(obj + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (strstr(obj, "drm") || strstr(obj, "regdata")) {
			printf("  kmemleak: %s\n", obj);
			ours++;
		} else {
			(*unrelated)++;
		}
	}
	return ours;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "check";
	int cycles = argc > 2 ? atoi(argv[2]) : 50;
	int threads = argc > 3 ? atoi(argv[3]) : 2;
	int log, leaks, unrelated;
	char edu[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "bench"))
		return bench();

	if (!wait_devices(10000)) {
		fail("the sample devices did not appear");
		return 1;
	}
	if (find_pci(0x1234, 0x11e8, edu, sizeof(edu)))
		edu_bar_size = pci_bar_size(edu, 0);

	printf("== functional checks\n");
	check_nova();
	check_tyr();

	if (!strcmp(mode, "stress")) {
		printf("== stress: %d cycles, %d threads per device\n", cycles,
		       threads);
		stress(cycles, threads);
	} else {
		printf("\n");
		table_rule();
	}

	log = kernel_log_reports();
	leaks = kmemleak_reports(&unrelated);
	printf("  | sanitizer/WARN reports         | %13d |\n", log);
	printf("  | kmemleak reports (DRM)         | %13d |\n", leaks);
	printf("  | kmemleak reports (other)       | %13d |\n", unrelated);
	table_rule();
	if (log)
		fail("%d kernel log reports", log);
	if (leaks)
		fail("%d kmemleak reports in DRM", leaks);

	printf("%s: %d failures\n", failures ? "FAILED" : "PASSED", failures);
	return failures ? 1 : 0;
}
