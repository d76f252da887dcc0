// SPDX-License-Identifier: GPL-2.0
/*
 * regdata-client: qxl (QEMU's -device qxl, PCI 1b36:0100, the display of
 * Spice guests), as 6.12 has it: not on the framework, with a card node
 * only (its ioctls are DRM_AUTH: the client, root and first opener, is
 * master). The checks set a mode on a dumb buffer and read it back, then
 * call qxl's own ioctls with good and bad input, two threads updating one
 * surface at once among them; the qxl run (vm/qxl.vm) unbinds and binds
 * it again with no file open, which 6.12 alone does not survive (its
 * interrupt handler outlived the binding).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <qxl_drm.h>

#include <regdata/regdata_devices.h>

#include "client.h"

#define QXL_NAME	"qxl"
/* A 64x64 32-bit surface (SPICE_SURFACE_FMT_32_xRGB). */
#define QXL_SURF_FMT	32
#define QXL_SURF_W	64
#define QXL_SURF_H	64
/* UPDATE_AREA calls per thread in the two-thread check */
#define QXL_UPDATES	200
/*
 * Surfaces created by their first UPDATE_AREA: the driver suballocates
 * their create commands 32 to a page-sized release buffer, and swaps in a
 * new one when it is full; 72 swap it twice.
 */
#define QXL_SURF_CREATES	72
/*
 * A drawing command's payload as EXECBUFFER takes it: spice-protocol's
 * packed QXLDrawable after its 8-byte release info. A QXL_DRAW_NOP with
 * no clip, on surface 0 unless a relocation writes another id, and no
 * surface it depends on (surfaces_dest[3] all -1). A relocation's offset
 * counts from the release info: the surface id follows it.
 */
#define QXL_NOP_SIZE		128
#define QXL_CMD_DRAW		1	/* spice-protocol's enum QXLCommandType */
#define QXL_DRAWABLE_SURFACE	8
#define QXL_DRAWABLE_DEST	63	/* surfaces_dest[3], after mm_time */

static const unsigned char *qxl_nop(void)
{
	static unsigned char nop[QXL_NOP_SIZE];

	memset(nop + QXL_DRAWABLE_DEST - 8, 0xff, 3 * sizeof(int32_t));
	return nop;
}

static int qxl_param(int fd, uint64_t param, uint64_t *value)
{
	struct drm_qxl_getparam p = { .param = param };
	int ret = xioctl(fd, DRM_IOCTL_QXL_GETPARAM, &p);

	*value = p.value;
	return ret;
}

static int qxl_alloc_surf(int fd, int32_t stride, uint32_t *handle)
{
	struct drm_qxl_alloc_surf a = {
		.format = QXL_SURF_FMT,
		.width = QXL_SURF_W,
		.height = QXL_SURF_H,
		.stride = stride,
	};
	int ret = xioctl(fd, DRM_IOCTL_QXL_ALLOC_SURF, &a);

	*handle = a.handle;
	return ret;
}

static int qxl_update(int fd, uint32_t handle, uint32_t right)
{
	struct drm_qxl_update_area u = {
		.handle = handle,
		.right = right,
		.bottom = QXL_SURF_H,
	};

	return xioctl(fd, DRM_IOCTL_QXL_UPDATE_AREA, &u);
}

static void qxl_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	if (handle)
		xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

/* ALLOC, MAP and mmap a VRAM object, write it and read it back. */
static void qxl_check_alloc(int fd)
{
	struct drm_qxl_alloc a = { .size = 4096 };
	struct drm_qxl_map m = {};
	uint32_t *map;
	int ret;

	ret = xioctl(fd, DRM_IOCTL_QXL_ALLOC, &a);
	if (ret) {
		fail("qxl: ALLOC of 4096 bytes: %s", strerror(-ret));
		return;
	}
	m.handle = a.handle;
	ret = xioctl(fd, DRM_IOCTL_QXL_MAP, &m);
	map = ret ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				      MAP_SHARED, fd, m.offset);
	if (map == MAP_FAILED) {
		fail("qxl: MAP and mmap: %s", strerror(ret ? -ret : errno));
	} else {
		map[0] = 0x5a5aa5a5;
		map[1023] = 0xa5a55a5a;
		EXPECT(map[0] == 0x5a5aa5a5 && map[1023] == 0xa5a55a5a,
		       "qxl: a VRAM object reads back what was written");
		munmap(map, 4096);
	}
	qxl_close(fd, a.handle);

	a.size = 0;
	ret = xioctl(fd, DRM_IOCTL_QXL_ALLOC, &a);
	EXPECT(ret == -EINVAL, "qxl: ALLOC of 0 bytes: %d", ret);
	m.handle = 0xdead;
	ret = xioctl(fd, DRM_IOCTL_QXL_MAP, &m);
	EXPECT(ret == -ENOENT, "qxl: MAP of no object: %d", ret);
}

struct qxl_updater {
	int fd;
	uint32_t handle;
	int errors;
};

static void *qxl_updater_fn(void *arg)
{
	struct qxl_updater *u = arg;
	int i;

	for (i = 0; i < QXL_UPDATES; i++)
		if (qxl_update(u->fd, u->handle, QXL_SURF_W))
			u->errors++;
	return NULL;
}

/* A surface, updated from one thread, then from two at once on one file. */
static void qxl_check_surface(int fd)
{
	struct qxl_updater u[2] = { { .fd = fd }, { .fd = fd } };
	pthread_t t[2];
	uint32_t handle;
	int ret, i;

	ret = qxl_alloc_surf(fd, QXL_SURF_W * 4, &handle);
	if (ret) {
		fail("qxl: ALLOC_SURF %ux%u: %s", QXL_SURF_W, QXL_SURF_H,
		     strerror(-ret));
		return;
	}
	ret = qxl_update(fd, handle, QXL_SURF_W);
	EXPECT(!ret, "qxl: UPDATE_AREA of a surface: %s", strerror(-ret));
	ret = qxl_update(fd, handle, 0);
	EXPECT(ret == -EINVAL, "qxl: UPDATE_AREA of an empty area: %d", ret);
	ret = qxl_update(fd, handle + 1000, QXL_SURF_W);
	EXPECT(ret == -ENOENT, "qxl: UPDATE_AREA of no object: %d", ret);

	for (i = 0; i < 2; i++) {
		u[i].handle = handle;
		if (pthread_create(&t[i], NULL, qxl_updater_fn, &u[i]))
			break;
	}
	while (i-- > 0)
		pthread_join(t[i], NULL);
	EXPECT(!u[0].errors && !u[1].errors,
	       "qxl: UPDATE_AREA from two threads: %d and %d errors",
	       u[0].errors, u[1].errors);
	qxl_close(fd, handle);
	printf("  %s: surface %ux%u allocated, updated %d times from two threads\n",
	       QXL_NAME, QXL_SURF_W, QXL_SURF_H, 2 * QXL_UPDATES);
}

/*
 * Many surfaces, each created on the host by its first UPDATE_AREA, which
 * holds the surface's reservation meanwhile. When the buffer the create
 * commands are suballocated from fills up, 6.12 unpins it, which takes its
 * reservation too: lockdep reported "possible recursive locking detected"
 * (reservation_ww_class_mutex).
 */
static void qxl_check_surfaces(int fd)
{
	uint32_t handle[QXL_SURF_CREATES] = {};
	int i, ret, errors = 0;

	for (i = 0; i < QXL_SURF_CREATES; i++) {
		ret = qxl_alloc_surf(fd, QXL_SURF_W * 4, &handle[i]);
		if (!ret)
			ret = qxl_update(fd, handle[i], QXL_SURF_W);
		if (ret && !errors++)
			fail("qxl: surface %d, ALLOC_SURF and UPDATE_AREA: %s", i,
			     strerror(-ret));
	}
	for (i = 0; i < QXL_SURF_CREATES; i++)
		qxl_close(fd, handle[i]);
	if (!errors)
		printf("  %s: %d surfaces created by their first UPDATE_AREA\n",
		       QXL_NAME, QXL_SURF_CREATES);
}

static int qxl_exec(int fd, struct drm_qxl_command *cmd)
{
	struct drm_qxl_execbuffer eb = {
		.commands_num = 1,
		.commands = (uintptr_t)cmd,
	};

	return xioctl(fd, DRM_IOCTL_QXL_EXECBUFFER, &eb);
}

/*
 * EXECBUFFER of a command the kernel must refuse (-EINVAL) before it
 * reaches the host.
 */
static void qxl_exec_refused(int fd, struct drm_qxl_command *cmd,
			     const char *what)
{
	int ret = qxl_exec(fd, cmd);

	EXPECT(ret == -EINVAL, "qxl: EXECBUFFER, %s: %d", what, ret);
}

/*
 * EXECBUFFER of a drawing with a relocation: a no-op drawn on a surface
 * whose id a relocation writes into it, the command in a shared mapping
 * of a memfd that was written with write() and never touched (6.12
 * copies it with page faults disabled and answers -EFAULT: make compare's
 * stock qxl run), then the surface updated, which waits for the drawing;
 * and bad relocations.
 */
static void qxl_check_execbuffer(int fd)
{
	struct drm_qxl_reloc reloc = {
		.reloc_type = QXL_RELOC_TYPE_SURF,
		.dst_offset = QXL_DRAWABLE_SURFACE,
	};
	struct drm_qxl_command cmd = {
		.type = QXL_CMD_DRAW,
		.command_size = QXL_NOP_SIZE,
		.relocs_num = 1,
		.relocs = (uintptr_t)&reloc,
	};
	uint64_t max_relocs = 0;
	uint32_t surf;
	void *p;
	int mfd, ret;

	ret = qxl_alloc_surf(fd, QXL_SURF_W * 4, &surf);
	if (ret) {
		fail("qxl: ALLOC_SURF for EXECBUFFER: %s", strerror(-ret));
		return;
	}
	mfd = memfd_create("qxl-command", MFD_CLOEXEC);
	if (mfd < 0 || write(mfd, qxl_nop(), QXL_NOP_SIZE) != QXL_NOP_SIZE) {
		fail("qxl: memfd for a command: %s", strerror(errno));
		goto out;
	}
	p = mmap(NULL, QXL_NOP_SIZE, PROT_READ, MAP_SHARED, mfd, 0);
	if (p == MAP_FAILED) {
		fail("qxl: mmap of a command: %s", strerror(errno));
		goto out;
	}
	cmd.command = (uintptr_t)p;
	reloc.src_handle = surf;
	if (!client_mode->qxl_no_drawing) {
		ret = qxl_exec(fd, &cmd);
		EXPECT(!ret, "qxl: EXECBUFFER of a no-op on a surface, not faulted in: %s",
		       strerror(-ret));
		ret = qxl_update(fd, surf, QXL_SURF_W);
		EXPECT(!ret, "qxl: UPDATE_AREA after the drawing: %s",
		       strerror(-ret));
	}

	reloc.reloc_type = 0xdead;
	qxl_exec_refused(fd, &cmd, "relocation of no known type");
	reloc.reloc_type = QXL_RELOC_TYPE_BO;
	reloc.src_handle = surf + 1000;
	qxl_exec_refused(fd, &cmd, "relocation to no object");
	/* Relocations outside the buffers they name. */
	reloc.src_handle = surf;
	reloc.reloc_type = QXL_RELOC_TYPE_SURF;
	reloc.dst_offset = 0;
	qxl_exec_refused(fd, &cmd, "relocation into the release info");
	reloc.dst_offset = QXL_NOP_SIZE + 8 - 3;
	qxl_exec_refused(fd, &cmd, "relocation past the command");
	reloc.dst_handle = surf;
	reloc.dst_offset = 1 << 30;
	qxl_exec_refused(fd, &cmd, "relocation 1 GiB into a surface");
	reloc.dst_handle = 0;
	reloc.dst_offset = QXL_DRAWABLE_SURFACE;
	reloc.reloc_type = QXL_RELOC_TYPE_BO;
	reloc.src_offset = 1 << 30;
	qxl_exec_refused(fd, &cmd, "relocation from 1 GiB into a surface");
	reloc.src_offset = 0;

	qxl_param(fd, QXL_PARAM_MAX_RELOCS, &max_relocs);
	cmd.relocs_num = max_relocs + 1;
	qxl_exec_refused(fd, &cmd, "more relocations than MAX_RELOCS");
	/* Larger than its 256-byte release slot (less 8 bytes of release info). */
	cmd.relocs_num = 0;
	cmd.command_size = 249;
	qxl_exec_refused(fd, &cmd, "a command larger than its slot");
	munmap(p, QXL_NOP_SIZE);
out:
	if (mfd >= 0)
		close(mfd);
	qxl_close(fd, surf);
}

static void qxl_check(void)
{
	struct drm_qxl_execbuffer eb = {};
	struct drm_qxl_command cmd = {};
	struct drm_qxl_clientcap cap = {};
	uint64_t value;
	int fd, ret;

	kms_check(QXL_NAME);

	fd = open_card_by_name(QXL_NAME);
	if (fd < 0) {
		fail("no %s card node", QXL_NAME);
		return;
	}
	ret = qxl_param(fd, QXL_PARAM_NUM_SURFACES, &value);
	EXPECT(!ret && value > 0, "qxl: GETPARAM NUM_SURFACES: %d, %llu", ret,
	       (unsigned long long)value);
	ret = qxl_param(fd, QXL_PARAM_MAX_RELOCS, &value);
	EXPECT(!ret && value > 0, "qxl: GETPARAM MAX_RELOCS: %d, %llu", ret,
	       (unsigned long long)value);
	ret = qxl_param(fd, 0xdead, &value);
	EXPECT(ret == -EINVAL, "qxl: GETPARAM of no parameter: %d", ret);
	cap.index = 0;
	ret = xioctl(fd, DRM_IOCTL_QXL_CLIENTCAP, &cap);
	EXPECT(!ret || ret == -ENOSYS, "qxl: CLIENTCAP 0: %d", ret);
	cap.index = 58 * 8;
	ret = xioctl(fd, DRM_IOCTL_QXL_CLIENTCAP, &cap);
	EXPECT(ret == -ENOSYS, "qxl: CLIENTCAP past the capabilities: %d", ret);

	qxl_check_alloc(fd);
	qxl_check_surface(fd);
	qxl_check_surfaces(fd);
	qxl_check_execbuffer(fd);

	/* EXECBUFFER: nothing to do, and a command of no known type. */
	ret = xioctl(fd, DRM_IOCTL_QXL_EXECBUFFER, &eb);
	EXPECT(!ret, "qxl: EXECBUFFER of no command: %d", ret);
	cmd.type = 0xdead;
	eb.commands_num = 1;
	eb.commands = (uintptr_t)&cmd;
	ret = xioctl(fd, DRM_IOCTL_QXL_EXECBUFFER, &eb);
	EXPECT(ret == -EINVAL, "qxl: EXECBUFFER of an unknown command type: %d",
	       ret);
	close(fd);
	printf("  %s: GETPARAM, CLIENTCAP, ALLOC, MAP, EXECBUFFER with relocations checked\n",
	       QXL_NAME);
}

/*
 * A stress round: every third one qxl's own (UPDATE_AREA of a surface,
 * which waits for the host, or a no-op drawn on it), the others the KMS
 * round bochs has. During an unplug every answer is 0 or -ENODEV.
 */
struct qxl_state {
	struct kms_state kms;	/* first: kms_round() takes the state */
	int fd;
	uint32_t surf;
};

static void qxl_round(struct hammer *h, int *fd, unsigned long i)
{
	struct qxl_state *q = h->state;
	struct drm_qxl_reloc reloc = {
		.reloc_type = QXL_RELOC_TYPE_SURF,
		.dst_offset = QXL_DRAWABLE_SURFACE,
		.src_handle = q->surf,
	};
	struct drm_qxl_command cmd = {
		.type = QXL_CMD_DRAW,
		.command_size = QXL_NOP_SIZE,
		.relocs_num = 1,
		.relocs = (uintptr_t)&reloc,
	};
	int ret;

	if (i % 3 != 2) {
		kms_round(h, fd, i);
		return;
	}
	if (q->fd != *fd) {
		q->fd = *fd;
		q->surf = 0;
		h->op = "ALLOC_SURF";
		ret = qxl_alloc_surf(*fd, QXL_SURF_W * 4, &q->surf);
		hammer_result(h, ret, fd);
		return;
	}
	if (i % 2) {
		h->op = "UPDATE_AREA";
		ret = qxl_update(*fd, q->surf, QXL_SURF_W);
	} else {
		h->op = "EXECBUFFER";
		cmd.command = (uintptr_t)qxl_nop();
		ret = qxl_exec(*fd, &cmd);
	}
	hammer_result(h, ret, fd);
}

static void qxl_reopen(struct hammer *h)
{
	struct qxl_state *q = h->state;

	q->fd = -1;
	kms_reopen(h);
}

static const struct client_unplug qxl_unplugs[] = {
	{
		.what = "unbind qxl (PCI)",
		.unbind = "/sys/bus/pci/drivers/qxl/unbind",
		.bind = "/sys/bus/pci/drivers/qxl/bind",
		.vendor = REGDATA_QXL_VENDOR,
		.device = REGDATA_QXL_DEVICE,
	},
};

const struct client_driver client_qxl = {
	.name		= QXL_NAME,
	.card_only	= true,
	.kms		= true,
	.check		= qxl_check,
	.round		= qxl_round,
	.reopen		= qxl_reopen,
	.state_size	= sizeof(struct qxl_state),
	.extra		= "modes set",
	.maps_kept	= true,
	.maps_device_memory = true,
	.pci_vendor	= REGDATA_QXL_VENDOR,
	.pci_device	= REGDATA_QXL_DEVICE,
	.unplugs	= qxl_unplugs,
	.nunplugs	= 1,
};
