// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace benchmarks (regdata-client bench): one trivial ioctl,
 * registered three ways by regdata_bench, each in copies, timed side by
 * side; throughput of the guarded one with one and two threads; then the
 * in-kernel benchmarks from /sys/kernel/debug/regdata_bench/run.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xf86drm.h>
#include <virtgpu_drm.h>

#include "client.h"
#include "regdata_bench_drm.h"

#define REPS		3
#define LOOPS		20000
#define COPIES		DRM_REGDATA_BENCH_COPIES
#define THROUGHPUT_MS	1000
#define KINDS		3

static const struct {
	const char *name;
	unsigned int nr;
} kinds[KINDS] = {
	{ "guarded (framework)", DRM_REGDATA_BENCH_NOP_GUARDED },
	{ "open-coded drm_dev_enter", DRM_REGDATA_BENCH_NOP_OPEN },
	{ "unguarded", DRM_REGDATA_BENCH_NOP_BARE },
};

static double median(double *v, int n)
{
	sort_doubles(v, n);
	return v[n / 2];
}

/* ns per call of copy @copy of kind @kind, over @loops calls */
static double time_ioctl(int fd, int kind, int copy, int loops)
{
	unsigned long req = DRM_IOCTL_REGDATA_BENCH_NOP_C(kinds[kind].nr, copy);
	struct drm_regdata_bench_nop nop = {};
	double t0 = now_ms(), ns;
	int i;

	for (i = 0; i < loops; i++) {
		if (drmIoctl(fd, req, &nop)) {
			perror("bench ioctl");
			exit(1);
		}
	}
	ns = (now_ms() - t0) * 1e6 / loops;
	if (nop.copy != (unsigned int)copy) {
		fprintf(stderr, "bench: %s copy %d answered by copy %u\n",
			kinds[kind].name, copy, nop.copy);
		exit(1);
	}
	return ns;
}

/*
 * 2: the round trip of each kind, each copy of it (see bench/bench_device.c
 * for why copies), interleaved rep by rep; per kind the median over the copies
 * of each copy's median over the reps, and the spread of the ratio.
 */
static void round_trips(int fd)
{
	static double t[KINDS][COPIES][REPS];
	double med[KINDS][COPIES], all[KINDS], ratio[COPIES];
	cpu_set_t all_cpus, one_cpu;
	int r, c, j, k;

	/* On one vCPU: a migration would move the measurement it falls in. */
	if (sched_getaffinity(0, sizeof(all_cpus), &all_cpus)) {
		perror("sched_getaffinity");
		exit(1);
	}
	CPU_ZERO(&one_cpu);
	CPU_SET(sched_getcpu(), &one_cpu);
	if (sched_setaffinity(0, sizeof(one_cpu), &one_cpu)) {
		perror("sched_setaffinity");
		exit(1);
	}
	for (c = 0; c < COPIES; c++)
		for (k = 0; k < KINDS; k++)
			time_ioctl(fd, k, c, LOOPS / 10);
	for (r = 0; r < REPS; r++)
		for (c = 0; c < COPIES; c++)
			for (j = 0; j < KINDS; j++) {
				k = (j + r + c) % KINDS;
				t[k][c][r] = time_ioctl(fd, k, c, LOOPS);
			}
	for (k = 0; k < KINDS; k++)
		for (c = 0; c < COPIES; c++)
			med[k][c] = median(t[k][c], REPS);
	for (c = 0; c < COPIES; c++)
		ratio[c] = med[0][c] / med[1][c];
	for (k = 0; k < KINDS; k++)
		all[k] = median(med[k], COPIES);
	sort_doubles(ratio, COPIES);
	if (sched_setaffinity(0, sizeof(all_cpus), &all_cpus)) {
		perror("sched_setaffinity");
		exit(1);
	}

	printf("2. ioctl round trip, %d copies x %d reps x %d calls, median ns/call:\n",
	       COPIES, REPS, LOOPS);
	for (k = 0; k < KINDS; k++)
		printf("   %-34s %10.1f\n", kinds[k].name, all[k]);
	printf("   %-34s %10.3f (target <= 1.02)\n", "ratio guarded / open-coded",
	       all[0] / all[1]);
	printf("   %-34s %10.3f\n", "ratio guarded / unguarded", all[0] / all[2]);
	printf("   %-34s %10.3f\n", "guarded / open-coded, lowest copy",
	       ratio[0]);
	printf("   %-34s %10.3f\n", "guarded / open-coded, highest copy",
	       ratio[COPIES - 1]);
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

/*
 * virtio-gpu 2D submissions per second from @n threads, each on a file of
 * its own: a transfer to the host of a small resource, which queues a
 * command and kicks the control queue.
 */
struct submitter {
	pthread_t thread;
	atomic_bool *stop;
	unsigned long calls;
	int ret;
};

/*
 * A file of its own on virtio-gpu with a 64x64 2D resource, and the
 * transfer and wait of its submissions set up; -1 if any of it failed.
 */
static int submitter_open(struct drm_virtgpu_3d_transfer_to_host *t,
			  struct drm_virtgpu_3d_wait *w)
{
	struct drm_virtgpu_resource_create rc = {
		.target = 2, .format = 2, .width = 64, .height = 64, .depth = 1,
		.array_size = 1, .size = 64 * 64 * 4,
	};
	int fd = open_by_name("virtio_gpu");

	if (fd < 0)
		return -1;
	if (drmIoctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &rc)) {
		close(fd);
		return -1;
	}
	*t = (struct drm_virtgpu_3d_transfer_to_host){
		.box = { .w = 64, .h = 64, .d = 1 }, .bo_handle = rc.bo_handle,
	};
	*w = (struct drm_virtgpu_3d_wait){ .handle = rc.bo_handle };
	return fd;
}

static void *submitter_fn(void *arg)
{
	struct submitter *s = arg;
	struct drm_virtgpu_3d_transfer_to_host t;
	struct drm_virtgpu_3d_wait w;
	int fd = submitter_open(&t, &w);

	if (fd < 0) {
		s->ret = -1;
		return NULL;
	}
	while (!atomic_load(s->stop)) {
		if (drmIoctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t)) {
			s->ret = -errno;
			break;
		}
		s->calls++;
		/* Now and then, let the host catch up. */
		if (!(s->calls % 64))
			drmIoctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	}
	drmIoctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	close(fd);
	return NULL;
}

static double virtio_submits(int n)
{
	struct submitter s[2] = {};
	atomic_bool stop = false;
	unsigned long calls = 0;
	double t0;
	int i;

	t0 = now_ms();
	for (i = 0; i < n; i++) {
		s[i].stop = &stop;
		pthread_create(&s[i].thread, NULL, submitter_fn, &s[i]);
	}
	usleep(5 * THROUGHPUT_MS * 1000);
	atomic_store(&stop, true);
	for (i = 0; i < n; i++) {
		pthread_join(s[i].thread, NULL);
		if (s[i].ret)
			fail("virtio submitter: %d", s[i].ret);
		calls += s[i].calls;
	}
	return calls / ((now_ms() - t0) / 1e3);
}

/*
 * The cost of one submission, from one thread: the median time of a
 * TRANSFER_TO_HOST call (the WAIT every 64 calls is not timed). Under
 * -icount (bench-virtio-icount) that is the guest's instructions per call,
 * the completion's interrupt included: the same every run, where the rate
 * above moves from boot to boot by more than a driver change costs.
 */
#define VIRTIO_CALLS 4096

static double virtio_call_ns(void)
{
	struct drm_virtgpu_3d_transfer_to_host t;
	struct drm_virtgpu_3d_wait w;
	static double ns[VIRTIO_CALLS];
	int fd = submitter_open(&t, &w);
	double t0;
	int i;

	if (fd < 0) {
		fail("virtio submitter: no resource");
		return 0;
	}
	for (i = 0; i < VIRTIO_CALLS; i++) {
		t0 = now_ms();
		if (drmIoctl(fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &t)) {
			fail("virtio submitter: %s", strerror(errno));
			break;
		}
		ns[i] = (now_ms() - t0) * 1e6;
		if (!((i + 1) % 64))
			drmIoctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	}
	drmIoctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	close(fd);
	if (i < VIRTIO_CALLS)
		return 0;
	sort_doubles(ns, VIRTIO_CALLS);
	return ns[VIRTIO_CALLS / 2];
}

/*
 * regdata-client bench-virtio: the submissions, three times each, and the
 * cost of one. bench-virtio-icount (@rates false): the cost only; under
 * -icount a rate counts the guest's instructions and leaves out the
 * device model's time, which is most of a submission's.
 */
int bench_virtio(bool rates)
{
	int r, n;

	for (r = 0; rates && r < 3; r++)
		for (n = 1; n <= 2; n++)
			printf("virtio-gpu 2D transfers, %d thread(s): %10.0f /s\n",
			       n, virtio_submits(n));
	for (r = 0; r < 3; r++)
		printf("virtio-gpu 2D transfer, one thread: %8.0f ns per call (median of %d)\n",
		       virtio_call_ns(), VIRTIO_CALLS);
	return failures() ? 1 : 0;
}

int bench(void)
{
	static char report[16384];
	double one, two;
	char clock[64];
	long res;
	int fd;

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

	round_trips(fd);
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
