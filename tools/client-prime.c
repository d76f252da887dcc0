// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: dma-bufs across devices. Every node that can make a
 * buffer (nova's GEM_CREATE, a dumb buffer on a KMS card node) exports one,
 * every node imports it, and both the dma-buf and, where the importer can
 * map what it imported (nova), the imported object are mapped and touched.
 * Once as root on every node, once as an unprivileged user (uid 65534) on
 * the render nodes, and in a stress thread while the devices come and go.
 *
 * What it checks: imports of a buffer of another device either succeed or
 * fail with an errno; what succeeds maps and reads back what was written;
 * the kernel log, checked by the caller, stays free of reports (an import
 * into a device without a DMA mask warned in dma_map_sgtable()).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xf86drm.h>

#include "client.h"
#include "regdata_nova_drm.h"

#define PRIME_MAX_NODES	32
#define PRIME_SIZE	(64 * 64 * 4)

int prime_export(const struct client_node *n, uint32_t *handle)
{
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret;

	if (!strcmp(n->driver, "regdata_nova")) {
		struct drm_nova_gem_create gc = { .size = PRIME_SIZE };

		ret = xioctl(n->fd, DRM_IOCTL_NOVA_GEM_CREATE, &gc);
		*handle = gc.handle;
	} else if (strstr(n->path, "card")) {
		struct drm_mode_create_dumb cd = {
			.width = 64, .height = 64, .bpp = 32,
		};

		ret = xioctl(n->fd, DRM_IOCTL_MODE_CREATE_DUMB, &cd);
		*handle = cd.handle;
	} else {
		return -EOPNOTSUPP;
	}
	if (ret)
		return ret;
	exp.handle = *handle;
	ret = xioctl(n->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp);
	return ret ? ret : exp.fd;
}

static void prime_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close cl = { .handle = handle };

	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
}

/*
 * Map @len at @off of @fd; check that it starts with @expect (if not 0),
 * write @v there and read it back.
 */
static int prime_touch(int fd, off_t off, size_t len, uint32_t expect,
		       uint32_t v)
{
	volatile uint32_t *p;
	int ret = 0;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	if (p == MAP_FAILED)
		return -errno;
	if (expect && p[0] != expect)
		ret = -EIO;
	p[0] = v;
	if (p[0] != v)
		ret = -EIO;
	munmap((void *)p, len);
	return ret;
}

/*
 * Export from @src, import into @dst, map both sides and touch them.
 * Errors a driver may answer (no PRIME on a vram device, a device gone)
 * are not failures; a mapping that reads back wrong is.
 */
void prime_pair(const struct client_node *src, const struct client_node *dst,
		struct prime_counts *c)
{
	struct drm_prime_handle imp = {};
	uint32_t handle = 0, v;
	int dmabuf, ret;

	dmabuf = prime_export(src, &handle);
	if (dmabuf < 0)
		goto out_close;
	c->exports++;

	/* The exporter's pages through the dma-buf. */
	v = 0x5eed0000 | (c->exports & 0xffff);
	ret = prime_touch(dmabuf, 0, PRIME_SIZE, 0, v);
	if (!ret)
		c->maps++;
	else if (ret == -EIO)
		c->wrong++;
	else
		v = 0;

	imp.fd = dmabuf;
	if (!xioctl(dst->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp)) {
		c->imports++;
		if (strcmp(src->driver, dst->driver))
			c->foreign++;
		if (!strcmp(dst->driver, "regdata_nova")) {
			struct drm_nova_gem_info gi = { .handle = imp.handle };

			/* The importer's view of the same pages. */
			if (!xioctl(dst->fd, DRM_IOCTL_NOVA_GEM_INFO, &gi)) {
				ret = prime_touch(dst->fd, gi.offset, gi.size,
						  v, ~v);
				if (!ret)
					c->maps++;
				else if (ret == -EIO)
					c->wrong++;
			}
		}
		prime_gem_close(dst->fd, imp.handle);
	}
	close(dmabuf);
out_close:
	if (handle)
		prime_gem_close(src->fd, handle);
}

/* Every exporter against every importer, @n of @count nodes. */
static void prime_all_pairs(struct client_node *n, int count,
			    struct prime_counts *c)
{
	int s, d;

	for (s = 0; s < count; s++)
		for (d = 0; d < count; d++)
			prime_pair(&n[s], &n[d], c);
}

/*
 * As uid 65534, on the render nodes (made world-accessible first, as udev
 * does): the same pairs. The counts come back through a pipe.
 */
static int prime_unprivileged(struct prime_counts *c)
{
	struct client_node n[PRIME_MAX_NODES];
	int pipefd[2], status, count;
	pid_t pid;

	client_nodes_open_to_all();
	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		struct prime_counts cc = {};

		close(pipefd[0]);
		if (client_become_nobody())
			_exit(2);
		count = client_nodes_open(n, PRIME_MAX_NODES, true);
		prime_all_pairs(n, count, &cc);
		client_nodes_close(n, count);
		_exit(write(pipefd[1], &cc, sizeof(cc)) == sizeof(cc) ? 0 : 3);
	}
	close(pipefd[1]);
	if (read(pipefd[0], c, sizeof(*c)) != sizeof(*c))
		memset(c, 0, sizeof(*c));
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

void prime_check(void)
{
	struct client_node n[PRIME_MAX_NODES];
	struct prime_counts c = {}, u = {};
	int count, ret;

	count = client_nodes_open(n, PRIME_MAX_NODES, false);
	prime_all_pairs(n, count, &c);
	client_nodes_close(n, count);
	printf("  prime: %d nodes, %lu exports, %lu imported (%lu into another driver), %lu mappings touched\n",
	       count, c.exports, c.imports, c.foreign, c.maps);
	EXPECT(c.foreign, "prime: no import into another driver (%lu imports)",
	       c.imports);
	EXPECT(!c.wrong, "prime: %lu mappings read back wrong", c.wrong);

	ret = prime_unprivileged(&u);
	EXPECT(!ret, "prime: the unprivileged pass failed: %d", ret);
	printf("  prime as uid %d: %lu exports, %lu imported (%lu into another driver), %lu mappings touched\n",
	       CLIENT_NOBODY, u.exports, u.imports, u.foreign, u.maps);
	EXPECT(u.foreign, "prime: no import into another driver as an unprivileged user");
	EXPECT(!u.wrong, "prime: %lu mappings read back wrong as uid %d",
	       u.wrong, CLIENT_NOBODY);
}

/* The stress thread: all pairs, again and again, while devices come and go. */
static atomic_bool prime_stop;
static pthread_t prime_tid;
static struct prime_counts prime_stress_counts;

static void *prime_stress_fn(void *arg)
{
	struct client_node n[PRIME_MAX_NODES];
	int count;

	(void)arg;
	while (!atomic_load(&prime_stop)) {
		count = client_nodes_open(n, PRIME_MAX_NODES, false);
		prime_all_pairs(n, count, &prime_stress_counts);
		client_nodes_close(n, count);
		usleep(1000);
	}
	return NULL;
}

void prime_stress_start(void)
{
	pthread_create(&prime_tid, NULL, prime_stress_fn, NULL);
}

/* Stop the thread; how many imports it did. */
unsigned long prime_stress_stop(void)
{
	atomic_store(&prime_stop, true);
	pthread_join(prime_tid, NULL);
	EXPECT(!prime_stress_counts.wrong,
	       "prime stress: %lu mappings read back wrong",
	       prime_stress_counts.wrong);
	return prime_stress_counts.foreign;
}
