/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regdata-client: what its parts share. client.c has main(), the options,
 * the phases and the modes; client-drivers.c the drivers under test;
 * client-stress.c the stress phase; client-reports.c the kernel log and
 * kmemleak; client-util.c the helpers; one client-<driver>.c per driver
 * under test; client-fuzz.c the fuzzer; client-bench.c the benchmarks.
 */

#ifndef _REGDATA_CLIENT_H_
#define _REGDATA_CLIENT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xf86drmMode.h>

/* ------------------------------------------------------------------ */
/* client-util.c                                                       */

/* The options of the command line (client.c has their table). */
struct client_options {
	unsigned long cycles, threads, fuzz;
	unsigned long fault_stride, fault_from, fault_debug;
};
extern struct client_options opt;

void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int failures(void);
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define EXPECT(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* Sorts @v, lowest first. */
void sort_doubles(double *v, int n);
double now_ms(void);
/* ioctl returning 0 or -errno */
int xioctl(int fd, unsigned long req, void *arg);
int read_file(const char *path, char *buf, size_t size);
int write_file(const char *path, const char *val);
/*
 * DRM minors registered in sysfs whose /dev/dri node devtmpfs did not
 * create (the driver core ignores that failure).
 */
int drm_nodes_without_devnode(void);
/* First entry of @dir starting with @prefix, into @out. */
bool find_entry(const char *dir, const char *prefix, char *out, size_t size);
/* The PCI function with @vendor:@device, as "0000:00:04.0". */
bool find_pci(unsigned int vendor, unsigned int device, char *bdf,
	      size_t size);
/* Length of BAR @bar of PCI function @bdf, from sysfs. */
uint64_t pci_bar_size(const char *bdf, int bar);
/* Open the render node, or the card node, whose driver is @name, or -1. */
int open_by_name(const char *name);
int open_card_by_name(const char *name);
/* An open DRM node and the driver it reports. */
struct client_node {
	char path[32];
	char driver[32];
	int fd;
};

/* Open every card (unless @render_only) and render node, up to @max. */
int client_nodes_open(struct client_node *n, int max, bool render_only);
void client_nodes_close(struct client_node *n, int count);
/* Every card and render node open to all users (devtmpfs makes them 0600). */
void client_nodes_open_to_all(void);
/*
 * In a child: become user and group nobody, with no supplementary groups,
 * no capabilities and no new privileges; 0 or -errno.
 */
#define CLIENT_NOBODY	65534
int client_become_nobody(void);
/* Print the last @lines lines of the kernel log. */
void kernel_log_tail(int lines);
/*
 * The kernel's clocksource into @name and the step of CLOCK_MONOTONIC
 * readings; whether they can time what the tables report (not jiffies).
 */
bool clocksource_fine(char *name, size_t size, long *res_ns);
/* A row of the result table. */
void table_rule(void);
void table_row(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* client-kms.c: for the KMS drivers                                    */

/* A dumb buffer with a framebuffer on it, mapped. */
struct kms_fb {
	uint32_t handle;
	uint32_t fb_id;
	uint32_t pitch;
	uint64_t size;
	uint32_t *map;
};

/* 0 or -errno; on success @fb is filled with @pattern. */
int kms_fb_create(int fd, unsigned int w, unsigned int h, uint32_t pattern,
		  bool addfb, struct kms_fb *fb);
/* Unmap @fb, and remove it and its buffer from @fd unless @fd is -1. */
void kms_fb_destroy(int fd, struct kms_fb *fb);
/* The connected connector, its CRTC and its preferred mode; 0 or -errno. */
struct _drmModeModeInfo;
int kms_pick(int fd, uint32_t *conn_id, uint32_t *crtc_id,
	     struct _drmModeModeInfo *mode);
/* Set a mode on a dumb buffer on @name's card node, read it back. */
void kms_check(const char *name);

/* A KMS driver's stress round (client_driver.round), its reopen and state. */
struct kms_state {
	struct kms_fb fb[2];
	uint32_t conn_id;
	uint32_t crtc_id;
	drmModeModeInfo mode;
	int fd;
	/* hammer.enodev when the framebuffers were made */
	unsigned long enodev;
};
struct hammer;
void kms_round(struct hammer *h, int *fd, unsigned long i);
void kms_reopen(struct hammer *h);

/* ------------------------------------------------------------------ */
/* The drivers under test                                              */

/* A stress thread: counts, and the driver's per-thread state. */
struct hammer {
	const struct client_driver *drv;
	unsigned long served;
	unsigned long enodev;
	unsigned long other;
	unsigned long wrong;
	unsigned long extra;
	/* mappings kept through an unplug and read after it */
	unsigned long maps_read;
	/* of those, how many still read the device's memory */
	unsigned long maps_stale;
	int first_errno;
	/* what the round was doing (set by it), and at the first such error */
	const char *op, *first_op;
	void *state;
};

/* Account one ioctl result; -ENODEV closes @fd, to be reopened. */
void hammer_result(struct hammer *h, int ret, int *fd);
/*
 * Wait until every unplug cycle (unbind or PCI remove, then bind or
 * rescan) the stress run started so far is over; false if one is not
 * within 20 s.
 */
bool stress_wait_unplugs(void);

/* A way to take a driver's device away and bring it back. */
struct client_unplug {
	/* what the table calls it */
	const char *what;
	/* sysfs files written with the device's name */
	const char *unbind;
	const char *bind;
	/* the device's name under @dir starting with @prefix ... */
	const char *dir;
	const char *prefix;
	/* ... or the PCI function vendor:device */
	unsigned int vendor;
	unsigned int device;
};

/**
 * struct client_driver - one DRM driver under test
 *
 * A new driver is a new client-<name>.c defining one of these and an entry
 * in every_driver[] (client-drivers.c).
 */
struct client_driver {
	/* the DRM driver name its nodes report */
	const char *name;
	/* a KMS driver without a render node: use its card node */
	bool card_only;
	/* a KMS driver: Debian's drm_info, proptest, modetest run on it */
	bool kms;
	/* functional checks, good and bad input; report with fail() */
	void (*check)(void);
	/* one stress round on @fd; @i counts the thread's rounds */
	void (*round)(struct hammer *h, int *fd, unsigned long i);
	/* called with the thread's state before it reopens the device */
	void (*reopen)(struct hammer *h);
	/* bytes of per-thread state, zeroed */
	size_t state_size;
	/* what hammer.extra counts, for the table, or NULL */
	const char *extra;
	/* its threads keep mappings through unplugs: hammer.maps_read */
	bool maps_kept;
	/*
	 * its dumb buffers are the device's memory (TTM VRAM), which a
	 * mapping kept through an unbind no longer reads once the unbind
	 * is done (the unplug zapped it; it faults in a zeroed page)
	 */
	bool maps_device_memory;
	/* the PCI function the device sits on, removed and rescanned */
	unsigned int pci_vendor;
	unsigned int pci_device;
	const struct client_unplug *unplugs;
	int nunplugs;
};

extern const struct client_driver client_nova;
extern const struct client_driver client_tyr;
extern const struct client_driver client_bochs;
extern const struct client_driver client_virtio;
extern const struct client_driver client_qxl;
extern const struct client_driver client_cirrus;

/* A mode: its phases and its drivers (names, in order). */
struct client_mode {
	const char *name;
	const char *phases;
	const char *drivers;
	/* dma-bufs across devices: needs an importer (nova) */
	bool across_devices;
	/*
	 * no drawing on qxl: 6.12's qxl, with the series' fixes, cannot
	 * tear a device down once it drew (the unbind warns in TTM, "not
	 * clean", and leaks); the converted driver can
	 */
	bool qxl_no_drawing;
};
/* client.c: the mode run (the default one when phases are named) */
extern const struct client_mode *client_mode;

/* client-drivers.c: the drivers under test */
extern const struct client_driver *const *client_drivers;
extern int client_ndrivers;
/* Test the drivers named (client_driver.name); false if one is unknown. */
bool client_use_drivers(const char *names);
/* Every driver's functional checks, good and bad input. */
void client_check_all(void);
/* Open a node of @drv: its render node, or its card node if it has none. */
int client_open(const struct client_driver *drv);
/* Wait until every driver has a node. */
bool client_wait_devices(double timeout_ms);
/* The device name an unplug action writes to its sysfs files. */
bool client_unplug_target(const struct client_unplug *u, char *dev,
			  size_t size);
/* Bind every device that lost its driver; errors ignored. */
void client_rebind_all(void);

/* client-rebind.c: unbind and bind each driver @cycles times, no file open. */
bool rebind_cycles(unsigned long cycles);
/* A file and a mapping of each driver kept across an unbind and a bind. */
bool held_check(void);

/* client-stress.c: the stress phase; it reports what fails with fail(). */
void stress(int cycles, int threads);
/* client-reports.c: kernel log reports, and kmemleak's (DRM's, others) */
int kernel_log_reports(void);
int kmemleak_reports(int *unrelated);

/* ------------------------------------------------------------------ */
/* client-fuzz.c, -fault.c, -modules.c, -userspace.c, -bench.c,       */
/* -prime.c                                                            */

/* client-fuzz-ioctls.c: the ioctls the fuzzer knows */
extern const unsigned long fuzz_known[];
extern const size_t fuzz_nknown;
/* @calls random ioctls from @threads threads on every DRM node. */
int fuzz(unsigned long calls, int threads);
/*
 * Allocation failures on every bind path: the @from-th allocation, then
 * every @stride-th.
 */
int fault_check(unsigned long from, unsigned long stride);
/* Unload every module that can be with files open, close, reload. */
int modules_check(void);
/* drm_info, proptest, and modetest holding a mode on @driver ... */
int userspace_start(const char *driver);
/*
 * ... through the unplug cycles; then every modetest must exit cleanly.
 * Returns 1 if all did, 0 if not, -1 if none was running.
 */
int userspace_finish(void);
int bench(void);
/*
 * virtio-gpu 2D submissions per second, one and two threads, and the median
 * cost of one; with @rates false, the cost only (-icount).
 */
int bench_virtio(bool rates);
/* dma-bufs exported by every node, imported into every node, mapped. */
struct prime_counts {
	unsigned long exports;
	unsigned long imports;
	/* imports into a device of another driver */
	unsigned long foreign;
	unsigned long maps;
	unsigned long wrong;
};

/* A buffer on @n exported as a dma-buf: its fd, or -errno. */
int prime_export(const struct client_node *n, uint32_t *handle);
/* Export from @src, import into @dst, map and touch both sides. */
void prime_pair(const struct client_node *src, const struct client_node *dst,
		struct prime_counts *c);
void prime_check(void);
/* The same in a thread, through the unplug cycles; its foreign imports. */
void prime_stress_start(void);
unsigned long prime_stress_stop(void);

#endif /* _REGDATA_CLIENT_H_ */
