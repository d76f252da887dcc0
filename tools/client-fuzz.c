// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: the fuzzer. Random ioctls, driver and core (PRIME, GEM,
 * SET_CLIENT_CAP, MODE_*, SYNCOBJ_*, ...), from several threads on every
 * card and render node: known ioctl numbers with structured and random
 * payloads, random numbers, sizes and directions, NULL, unmapped, kernel
 * and page-straddling pointers, and dma-bufs exported from one device and
 * imported into another.
 *
 * Half of each round's calls come from a process of its own that gave up
 * root (user and group nobody, no capabilities, no new privileges) before
 * opening the nodes: what an unprivileged fd reaches (as the first opener
 * of a card node it is its master), with the payloads root's calls use.
 *
 * What it checks: every call returns (a thread stuck in one ioctl for a
 * minute is a failure), with 0 or an errno; no successful call hands a
 * kernel address to userspace in its payload; and, in the caller, the
 * kernel log stays free of sanitizer and WARN reports.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>
#include <virtgpu_drm.h>

#include "client.h"

#define FUZZ_MAX_NODES		32
#define FUZZ_MAX_THREADS	8
#define FUZZ_PAGE		4096
/* calls on one set of open files */
#define FUZZ_ROUND		20000
/* a thread in one ioctl this long is poked with a signal ... */
#define FUZZ_POKE_MS		5000
/* ... and this long is a hang */
#define FUZZ_HANG_MS		60000

static struct client_node fuzz_nodes[FUZZ_MAX_NODES];
static int fuzz_nnodes;

struct fuzz_thread {
	pthread_t tid;
	unsigned int seed;
	unsigned long calls;
	unsigned long budget;
	unsigned long ok;
	unsigned long errnos[160];
	unsigned long leaks;
	unsigned long prime_imports;
	unsigned long prime_wrong;
	unsigned long transfers, transfers_refused;
	/* the ioctl under way and since when (ms), 0 if none */
	_Atomic unsigned long cur_req;
	_Atomic double cur_since;
	/* scratch: [0] the argument page, [1] a guard page, unmapped */
	unsigned char *page;
	/* handles and fds it has seen, as interesting values */
	uint32_t handles[16];
	int dmabufs[8];
};

static atomic_bool fuzz_stop;

static uint32_t fuzz_rand(struct fuzz_thread *t)
{
	return rand_r(&t->seed) ^ ((uint32_t)rand_r(&t->seed) << 16);
}

static uint64_t fuzz_rand64(struct fuzz_thread *t)
{
	return (uint64_t)fuzz_rand(t) << 32 | fuzz_rand(t);
}

/* A value a handler may treat specially. */
static uint64_t fuzz_interesting(struct fuzz_thread *t)
{
	switch (fuzz_rand(t) % 12) {
	case 0: return 0;
	case 1: return 1 + fuzz_rand(t) % 8;
	case 2: return (uint32_t)-1;
	case 3: return (uint64_t)-1;
	case 4: return t->handles[fuzz_rand(t) % 16];
	case 5: return t->dmabufs[fuzz_rand(t) % 8];
	case 6: return (uintptr_t)t->page + fuzz_rand(t) % FUZZ_PAGE;
	case 7: return (uintptr_t)t->page + FUZZ_PAGE;	/* guard page */
	case 8: return 0xffff888000000000ULL + (fuzz_rand(t) & ~7u);
	case 9: return 1ULL << (fuzz_rand(t) % 64);
	case 10: return 4096 * (1 + fuzz_rand(t) % 4);
	default: return fuzz_rand64(t);
	}
}

/* Fill @len bytes at @p: random, or 8-byte words of interesting values. */
static void fuzz_fill(struct fuzz_thread *t, unsigned char *p, size_t len)
{
	size_t i;

	if (fuzz_rand(t) % 2) {
		for (i = 0; i < len; i++)
			p[i] = fuzz_rand(t);
		return;
	}
	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v = fuzz_interesting(t);

		memcpy(p + i, &v, 8);
	}
	for (; i < len; i++)
		p[i] = fuzz_rand(t) % 4;
}

/*
 * Does a successful call's output hold a kernel address it was not given?
 * Words are aligned to the start of the argument, as struct members are;
 * the upper half must have come from the kernel.
 */
static bool fuzz_leaks(const unsigned char *in, const unsigned char *out,
		       size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v, was;

		memcpy(&v, out + i, 8);
		memcpy(&was, in + i, 8);
		if ((v >> 32) != (was >> 32) && v >= 0xffff800000000000ULL &&
		    v < 0xfffffffffffff000ULL)
			return true;
	}
	return false;
}

/*
 * Keep waits short (a wait the fuzzer asked for is not a hang) and property
 * blobs small (one blob of random length can take all of the VM's memory,
 * which the kernel charges to the caller's memory cgroup, as designed).
 */
static void fuzz_tame(unsigned long req, unsigned char *arg, size_t len)
{
	/* By number: drm_ioctl() serves any size and direction of it. */
	unsigned int nr = _IOC_NR(req);

	if (_IOC_TYPE(req) != DRM_IOCTL_BASE)
		return;
	if (nr == _IOC_NR(DRM_IOCTL_MODE_CREATEPROPBLOB) &&
	    len >= offsetof(struct drm_mode_create_blob, blob_id))
		((struct drm_mode_create_blob *)arg)->length %= 65536;
	if (nr == _IOC_NR(DRM_IOCTL_SYNCOBJ_WAIT) &&
	    len >= offsetof(struct drm_syncobj_wait, flags))
		((struct drm_syncobj_wait *)arg)->timeout_nsec = 0;
	if (nr == _IOC_NR(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT) &&
	    len >= offsetof(struct drm_syncobj_timeline_wait, flags))
		((struct drm_syncobj_timeline_wait *)arg)->timeout_nsec = 0;
}

static int fuzz_call(struct fuzz_thread *t, int fd, unsigned long req,
		     void *arg)
{
	int ret;

	t->cur_since = now_ms();
	atomic_store(&t->cur_req, req);
	ret = ioctl(fd, req, arg) < 0 ? -errno : 0;
	atomic_store(&t->cur_req, 0);
	t->calls++;
	if (!ret)
		t->ok++;
	else if (-ret < 160)
		t->errnos[-ret]++;
	return ret;
}

/*
 * dma-bufs across devices: export a buffer of a random node (nova's GEM
 * objects, dumb buffers of the KMS card nodes) and import it into a random
 * node, mapping both sides; or keep an export in a small ring of
 * interesting values, so what the fuzzer holds stays bounded.
 */
static void fuzz_prime(struct fuzz_thread *t)
{
	const struct client_node *src = &fuzz_nodes[fuzz_rand(t) % fuzz_nnodes];
	const struct client_node *dst = &fuzz_nodes[fuzz_rand(t) % fuzz_nnodes];
	struct drm_gem_close cl = {};
	struct prime_counts c = {};
	uint32_t handle = 0;
	int i, fd;

	if (fuzz_rand(t) % 2) {
		prime_pair(src, dst, &c);
		t->calls += 4;
		t->prime_imports += c.foreign;
		t->prime_wrong += c.wrong;
		return;
	}
	fd = prime_export(src, &handle);
	t->calls += 2;
	if (fd >= 0) {
		i = fuzz_rand(t) % 8;
		if (t->dmabufs[i] > 0)
			close(t->dmabufs[i]);
		t->dmabufs[i] = fd;
	}
	cl.handle = handle;
	if (handle)
		fuzz_call(t, src->fd, DRM_IOCTL_GEM_CLOSE, &cl);
}

/*
 * A 2D virtio-gpu resource of random size with a backing of random size
 * (0: one page), and a transfer to the host of a random box at a random
 * offset: a transfer outside the backing aborted QEMU. Answers must be 0
 * or -EINVAL; a VM that dies fails the run.
 */
static void fuzz_virtio_transfer(struct fuzz_thread *t)
{
	const struct client_node *node = &fuzz_nodes[fuzz_rand(t) % fuzz_nnodes];
	struct drm_virtgpu_resource_create rc = {
		.target = 2, .format = 2, .depth = 1, .array_size = 1,
		.width = 1 + fuzz_rand(t) % 512, .height = 1 + fuzz_rand(t) % 512,
		.size = fuzz_rand(t) % 3 * FUZZ_PAGE,
	};
	struct drm_virtgpu_3d_transfer_to_host tr = {};
	struct drm_virtgpu_3d_wait w = {};
	struct drm_gem_close cl = {};
	int ret;

	if (strcmp(node->driver, "virtio_gpu") ||
	    fuzz_call(t, node->fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, &rc))
		return;
	tr.bo_handle = rc.bo_handle;
	tr.offset = fuzz_rand(t) % 2 ? 0 : fuzz_rand(t) % (4 * FUZZ_PAGE);
	tr.box.x = fuzz_rand(t) % 2 ? 0 : fuzz_rand(t) % 600;
	tr.box.y = fuzz_rand(t) % 2 ? 0 : fuzz_rand(t) % 600;
	tr.box.w = fuzz_rand(t) % 2 ? rc.width : fuzz_rand(t) % 600;
	tr.box.h = fuzz_rand(t) % 600;
	tr.box.d = 1;
	ret = fuzz_call(t, node->fd, DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST, &tr);
	t->transfers++;
	if (ret == -EINVAL)
		t->transfers_refused++;
	/* -ENOENT: another thread closed a handle it picked at random. */
	else if (ret && ret != -ENODEV && ret != -ENOENT)
		fail("fuzz: virtio TRANSFER_TO_HOST of %ux%u+%u+%u at %llu into %ux%u: %s",
		     tr.box.w, tr.box.h, tr.box.x, tr.box.y,
		     (unsigned long long)tr.offset, rc.width, rc.height,
		     strerror(-ret));
	w.handle = rc.bo_handle;
	fuzz_call(t, node->fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
	cl.handle = rc.bo_handle;
	fuzz_call(t, node->fd, DRM_IOCTL_GEM_CLOSE, &cl);
}

static void fuzz_one(struct fuzz_thread *t)
{
	struct client_node *node = &fuzz_nodes[fuzz_rand(t) % fuzz_nnodes];
	unsigned char in[FUZZ_PAGE];
	unsigned long req;
	unsigned char *arg;
	size_t size;
	int ret;

	switch (fuzz_rand(t) % 12) {
	case 0:
		fuzz_prime(t);
		return;
	case 11:
		fuzz_virtio_transfer(t);
		return;
	case 1: case 2:
		/* A DRM number, any size and direction. */
		size = fuzz_rand(t) % 512;
		req = _IOC(fuzz_rand(t) % 4, DRM_IOCTL_BASE,
			   fuzz_rand(t) % 256, size);
		break;
	default:
		req = fuzz_known[fuzz_rand(t) % fuzz_nknown];
		size = _IOC_SIZE(req);
		break;
	}

	/* Where the argument goes: mostly in the page, sometimes elsewhere. */
	switch (fuzz_rand(t) % 16) {
	case 0:
		arg = NULL;
		break;
	case 1:
		arg = t->page + FUZZ_PAGE;		/* unmapped */
		break;
	case 2:
		arg = (void *)0xffff888000001000ULL;	/* kernel */
		break;
	case 3:
		/* straddles into the unmapped page */
		arg = t->page + FUZZ_PAGE - (size ? size / 2 + 1 : 1);
		break;
	default:
		arg = t->page + FUZZ_PAGE - size - (fuzz_rand(t) % 64) * 8;
		if (arg < t->page)
			arg = t->page;
		break;
	}

	if (arg >= t->page && arg + size <= t->page + FUZZ_PAGE) {
		fuzz_fill(t, arg, size);
		fuzz_tame(req, arg, size);
		memcpy(in, arg, size);
		ret = fuzz_call(t, node->fd, req, arg);
		if (!ret && (_IOC_DIR(req) & _IOC_READ) && fuzz_leaks(in, arg, size)) {
			t->leaks++;
			fail("fuzz: %s %s ioctl %#lx returned a kernel address",
			     node->path, node->driver, req);
		}
		/* Remember what came back as handles, for later calls. */
		if (!ret && size >= 8)
			t->handles[fuzz_rand(t) % 16] = *(uint32_t *)(arg + 4);
	} else {
		fuzz_call(t, node->fd, req, arg);
	}
}

static void *fuzz_thread_fn(void *arg)
{
	struct fuzz_thread *t = arg;
	int i;

	while (t->calls < t->budget && !atomic_load(&fuzz_stop))
		fuzz_one(t);
	for (i = 0; i < 8; i++)
		if (t->dmabufs[i] > 0)
			close(t->dmabufs[i]);
	return NULL;
}

static void fuzz_poke(int sig)
{
	(void)sig;
}

/*
 * Run one round of @calls calls from @threads threads on freshly opened
 * nodes, adding to @sum; closing the files at the end frees what the
 * round's calls created (blobs, GEM objects, framebuffers, syncobjs), so
 * the fuzzer's footprint does not grow with the number of calls.
 */
static int fuzz_round(unsigned long calls, int threads, bool first,
		      struct fuzz_thread *sum, int *nodes)
{
	struct fuzz_thread *t;
	bool running = true;
	int i, e;

	fuzz_nnodes = client_nodes_open(fuzz_nodes, FUZZ_MAX_NODES, false);
	if (!fuzz_nnodes) {
		fail("fuzz: no DRM node");
		return 1;
	}
	if (first)
		for (i = 0; i < fuzz_nnodes; i++)
			printf("  fuzz: %s (%s)\n", fuzz_nodes[i].path,
			       fuzz_nodes[i].driver);

	t = calloc(threads, sizeof(*t));
	for (i = 0; i < threads; i++) {
		t[i].seed = sum->seed + i;
		t[i].budget = calls / threads;
		t[i].page = mmap(NULL, 2 * FUZZ_PAGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(t[i].page + FUZZ_PAGE, FUZZ_PAGE);
		pthread_create(&t[i].tid, NULL, fuzz_thread_fn, &t[i]);
	}
	sum->seed += threads;

	/* Watch for threads stuck in one ioctl. */
	while (running) {
		usleep(100000);
		running = false;
		for (i = 0; i < threads; i++) {
			unsigned long req = atomic_load(&t[i].cur_req);
			double in = now_ms() - t[i].cur_since;

			if (t[i].calls < t[i].budget)
				running = true;
			if (!req || in < FUZZ_POKE_MS)
				continue;
			if (in > FUZZ_HANG_MS) {
				fail("fuzz: thread %d stuck %.0f s in ioctl %#lx",
				     i, in / 1e3, req);
				atomic_store(&fuzz_stop, true);
				free(t);
				return 1;
			}
			pthread_kill(t[i].tid, SIGUSR1);
		}
	}

	for (i = 0; i < threads; i++) {
		pthread_join(t[i].tid, NULL);
		sum->calls += t[i].calls;
		sum->ok += t[i].ok;
		sum->leaks += t[i].leaks;
		sum->prime_imports += t[i].prime_imports;
		sum->prime_wrong += t[i].prime_wrong;
		sum->transfers += t[i].transfers;
		sum->transfers_refused += t[i].transfers_refused;
		for (e = 0; e < 160; e++)
			sum->errnos[e] += t[i].errnos[e];
		munmap(t[i].page, FUZZ_PAGE);
	}
	*nodes = fuzz_nnodes;
	client_nodes_close(fuzz_nodes, fuzz_nnodes);
	fuzz_nnodes = 0;
	free(t);
	return 0;
}

/*
 * fuzz_round() in a child that gave up root first, its tally in memory
 * shared with the caller; a failure the child reports (fail()) fails it.
 */
static int fuzz_round_unprivileged(unsigned long calls, int threads,
				   struct fuzz_thread *sum, int *nodes)
{
	struct {
		struct fuzz_thread sum;
		int nodes;
	} *shared;
	int status, before, ret = 1;
	pid_t pid;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		fail("fuzz: no shared tally: %s", strerror(errno));
		return 1;
	}
	shared->sum = *sum;
	before = failures();
	client_nodes_open_to_all();
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fail("fuzz: fork: %s", strerror(errno));
		munmap(shared, sizeof(*shared));
		return 1;
	}
	if (!pid) {
		ret = client_become_nobody();
		if (ret) {
			fail("fuzz: giving up root: %s", strerror(-ret));
			_exit(1);
		}
		ret = fuzz_round(calls, threads, false, &shared->sum,
				 &shared->nodes);
		fflush(stdout);
		_exit(ret || failures() != before ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		fail("fuzz: waitpid: %s", strerror(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("fuzz: the unprivileged round failed: status %#x", status);
	else
		ret = 0;
	*sum = shared->sum;
	if (shared->nodes > *nodes)
		*nodes = shared->nodes;
	munmap(shared, sizeof(*shared));
	return ret;
}

int fuzz(unsigned long calls, int threads)
{
	struct sigaction sa = { .sa_handler = fuzz_poke };
	struct fuzz_thread sum = { .seed = 0x5eed };
	unsigned long unprivileged = 0;
	double t0 = now_ms();
	unsigned long done;
	int e, nodes = 0;

	if (threads > FUZZ_MAX_THREADS)
		threads = FUZZ_MAX_THREADS;
	/* No SA_RESTART: a poked thread's interruptible wait returns. */
	sigaction(SIGUSR1, &sa, NULL);
	for (done = 0; done < calls; done += FUZZ_ROUND) {
		unsigned long n = calls - done < FUZZ_ROUND ? calls - done :
							      FUZZ_ROUND;
		unsigned long before;

		if (fuzz_round(n - n / 2, threads, !done, &sum, &nodes))
			return 1;
		before = sum.calls;
		if (n / 2 && fuzz_round_unprivileged(n / 2, threads, &sum,
						     &nodes))
			return 1;
		unprivileged += sum.calls - before;
	}

	printf("  fuzz: %lu calls in %.1f s on %d nodes: %lu succeeded, %lu dma-bufs imported across devices\n",
	       sum.calls, (now_ms() - t0) / 1e3, nodes, sum.ok,
	       sum.prime_imports);
	printf("  fuzz: %lu of the calls from user nobody, without capabilities\n",
	       unprivileged);
	printf("  fuzz: %lu virtio-gpu 2D transfers of random boxes, %lu refused\n",
	       sum.transfers, sum.transfers_refused);
	printf("  fuzz: errnos:");
	for (e = 0; e < 160; e++)
		if (sum.errnos[e])
			printf(" %s %lu", strerrorname_np(e) ?: "?",
			       sum.errnos[e]);
	printf("\n");
	if (sum.prime_wrong)
		fail("fuzz: %lu dma-buf mappings read back wrong", sum.prime_wrong);
	return sum.leaks || sum.prime_wrong ? 1 : 0;
}
