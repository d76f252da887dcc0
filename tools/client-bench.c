// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace benchmarks (regdata-client bench): one trivial ioctl,
 * registered three ways by regdata_bench, timed side by side; throughput of
 * the guarded one with one and two threads; then the in-kernel benchmarks
 * from /sys/kernel/debug/regdata_bench/run.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xf86drm.h>

#include "client.h"
#include "regdata_bench_drm.h"

#define REPS		15
#define LOOPS		100000
#define THROUGHPUT_MS	1000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ns per call of @req, over LOOPS calls */
static double time_ioctl(int fd, unsigned long req)
{
	struct drm_regdata_bench_nop nop;
	double t0 = now_ms();
	int i;

	for (i = 0; i < LOOPS; i++) {
		if (drmIoctl(fd, req, &nop)) {
			perror("bench ioctl");
			exit(1);
		}
	}
	return (now_ms() - t0) * 1e6 / LOOPS;
}

struct worker {
	pthread_t thread;
	int fd;
	atomic_bool *stop;
	unsigned long calls;
};

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct drm_regdata_bench_nop nop;

	while (!atomic_load(w->stop)) {
		if (drmIoctl(w->fd, DRM_IOCTL_REGDATA_BENCH_NOP_GUARDED, &nop))
			break;
		w->calls++;
	}
	return NULL;
}

/* Guarded calls per second from @n threads sharing @fd. */
static double throughput(int fd, int n)
{
	struct worker w[2] = {};
	atomic_bool stop = false;
	unsigned long calls = 0;
	double t0;
	int i;

	t0 = now_ms();
	for (i = 0; i < n; i++) {
		w[i].fd = fd;
		w[i].stop = &stop;
		pthread_create(&w[i].thread, NULL, worker_fn, &w[i]);
	}
	usleep(THROUGHPUT_MS * 1000);
	atomic_store(&stop, true);
	for (i = 0; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		calls += w[i].calls;
	}
	return calls / ((now_ms() - t0) / 1e3);
}

int bench(void)
{
	static const struct {
		const char *name;
		unsigned long req;
	} kinds[] = {
		{ "guarded (framework)", DRM_IOCTL_REGDATA_BENCH_NOP_GUARDED },
		{ "open-coded drm_dev_enter", DRM_IOCTL_REGDATA_BENCH_NOP_OPEN },
		{ "unguarded", DRM_IOCTL_REGDATA_BENCH_NOP_BARE },
	};
	double t[3][REPS], med[3], one, two;
	static char report[16384];
	char clock[64];
	int fd, r, k;
	long res;

	/* Ratios of figures quantized to a jiffy would be noise. */
	if (!clocksource_fine(clock, sizeof(clock), &res)) {
		fprintf(stderr, "clocksource %s, readings step by %ld ns: too coarse, no figures\n",
			clock, res);
		return 1;
	}
	printf("clocksource %s, CLOCK_MONOTONIC readings step by %ld ns\n", clock, res);

	fd = open_by_name("regdata_bench");
	if (fd < 0) {
		fprintf(stderr, "no regdata_bench render node\n");
		return 1;
	}

	/* Warm up, then interleave the three kinds rep by rep. */
	for (k = 0; k < 3; k++)
		time_ioctl(fd, kinds[k].req);
	for (r = 0; r < REPS; r++) {
		for (k = 0; k < 3; k++) {
			int kind = (k + r) % 3;

			t[kind][r] = time_ioctl(fd, kinds[kind].req);
		}
	}
	for (k = 0; k < 3; k++) {
		qsort(t[k], REPS, sizeof(t[k][0]), cmp_double);
		med[k] = t[k][REPS / 2];
	}

	printf("2. ioctl round trip, %d calls x %d reps, median ns/call:\n",
	       LOOPS, REPS);
	for (k = 0; k < 3; k++)
		printf("   %-30s %10.1f\n", kinds[k].name, med[k]);
	printf("   ratio guarded / open-coded     %10.3f (target <= 1.02)\n",
	       med[0] / med[1]);
	printf("   ratio guarded / unguarded      %10.3f\n", med[0] / med[2]);

	one = throughput(fd, 1);
	two = throughput(fd, 2);
	printf("5. guarded ioctl throughput, one fd, %d ms each:\n",
	       THROUGHPUT_MS);
	printf("   1 thread                       %10.0f calls/s\n", one);
	printf("   2 threads                      %10.0f calls/s (x%.2f)\n",
	       two, two / one);
	close(fd);

	if (read_file("/sys/kernel/debug/regdata_bench/run", report,
		      sizeof(report)) < 0) {
		fprintf(stderr, "cannot run the in-kernel benchmarks\n");
		return 1;
	}
	fputs(report, stdout);
	return 0;
}
