/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites of DRM registration data share. The suites are one
 * file each, named for the property they prove, stated in its header.
 *
 * A test DRM driver registers through the framework; ioctls go through the
 * real drm_ioctl() on files from mock_drm_getfile() with user memory from
 * kunit_vm_mmap(). Concurrency tests use kthreads, which run on two CPUs in
 * the x86_64 QEMU run; they prove ordering with completions and recorded
 * sequence numbers. Where a test must know that a thread has reached the
 * unplug barrier, the test thread itself unregisters with
 * drm_registration_dev_unplug() replaced by a KUnit static stub that
 * signals, then runs the real one.
 */

#ifndef _REGDATA_TEST_H_
#define _REGDATA_TEST_H_

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/dma-fence.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_kunit_helpers.h>
#include <drm/drm_managed.h>
#include <drm/drm_regdata.h>

#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>

#include "drm_regdata_internal.h"
#include "regdata_test_fs.h"

/* Generous: a failure is a hang we turn into a test failure. */
#define TEST_TIMEOUT		(10 * HZ)
#define TEST_MAGIC		0x72656764u
#define TEST_IRQ		42
#define TEST_THREADS		4

struct regdata_test_arg {
	__u32 magic;
	__u32 calls;
};

#define DRM_REGDATA_TEST_PING		0x00
#define DRM_REGDATA_TEST_HOLD		0x01
#define DRM_REGDATA_TEST_G_RENDER	0x02
#define DRM_REGDATA_TEST_P_RENDER	0x03
#define DRM_REGDATA_TEST_G_NONE		0x04
#define DRM_REGDATA_TEST_P_NONE		0x05
#define DRM_REGDATA_TEST_G_AUTH		0x06
#define DRM_REGDATA_TEST_P_AUTH		0x07
#define DRM_REGDATA_TEST_G_ROOT		0x08
#define DRM_REGDATA_TEST_P_ROOT		0x09
#define DRM_REGDATA_TEST_G_MASTER	0x0a
#define DRM_REGDATA_TEST_P_MASTER	0x0b
#define DRM_REGDATA_TEST_QUERY		0x0c

#define TEST_IOCTL(nr) DRM_IOWR(DRM_COMMAND_BASE + (nr), struct regdata_test_arg)
#define DRM_IOCTL_REGDATA_TEST_PING	TEST_IOCTL(DRM_REGDATA_TEST_PING)
#define DRM_IOCTL_REGDATA_TEST_HOLD	TEST_IOCTL(DRM_REGDATA_TEST_HOLD)
#define DRM_IOCTL_REGDATA_TEST_G_RENDER	TEST_IOCTL(DRM_REGDATA_TEST_G_RENDER)
#define DRM_IOCTL_REGDATA_TEST_P_RENDER	TEST_IOCTL(DRM_REGDATA_TEST_P_RENDER)
#define DRM_IOCTL_REGDATA_TEST_G_NONE	TEST_IOCTL(DRM_REGDATA_TEST_G_NONE)
#define DRM_IOCTL_REGDATA_TEST_P_NONE	TEST_IOCTL(DRM_REGDATA_TEST_P_NONE)
#define DRM_IOCTL_REGDATA_TEST_G_AUTH	TEST_IOCTL(DRM_REGDATA_TEST_G_AUTH)
#define DRM_IOCTL_REGDATA_TEST_P_AUTH	TEST_IOCTL(DRM_REGDATA_TEST_P_AUTH)
#define DRM_IOCTL_REGDATA_TEST_G_ROOT	TEST_IOCTL(DRM_REGDATA_TEST_G_ROOT)
#define DRM_IOCTL_REGDATA_TEST_P_ROOT	TEST_IOCTL(DRM_REGDATA_TEST_P_ROOT)
#define DRM_IOCTL_REGDATA_TEST_G_MASTER	TEST_IOCTL(DRM_REGDATA_TEST_G_MASTER)
#define DRM_IOCTL_REGDATA_TEST_P_MASTER	TEST_IOCTL(DRM_REGDATA_TEST_P_MASTER)
#define DRM_IOCTL_REGDATA_TEST_QUERY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_REGDATA_TEST_QUERY, \
		 struct regdata_test_query)

/* QUERY copies a struct regdata_test_out to @pointer. */
struct regdata_test_query {
	__u64 pointer;
	__u32 size;
	__u32 pad;
};

/* With padding after @small, which must reach userspace zeroed. */
struct regdata_test_out {
	__u32 magic;
	__u8 small;
	__u64 big;
};

struct regdata_test;

struct regdata_test_device {
	struct drm_device drm;
	struct regdata_test *t;
};

struct regdata_test_data {
	struct drm_registration reg;
	u32 magic;
	struct regdata_test *t;
};

struct regdata_test {
	struct kunit *test;
	struct device *parent;
	struct drm_device *drm;
	struct mm_struct *mm;
	void __user *user;
	unsigned int ndevs;
	/* ordering records: every event takes the next number */
	atomic_t seq;
	/* release callbacks run, and what they saw */
	atomic_t released;
	int release_seq;
	struct completion release_done;
	/* the emulated level-triggered interrupt */
	unsigned int level_irq;
	/* the guarded interrupt handler: calls, and what the last saw */
	int irq_calls;
	bool irq_hardirq;
	u32 irq_magic;
	bool released_unplugged;
	bool released_registered;
	/* guarded handler calls */
	atomic_t calls;
	/* the HOLD ioctl: entered, then waits for leave */
	struct completion entered;
	struct completion leave;
	u32 held_magic;
	/* the load callback: what it does, and what it saw */
	int (*load_fn)(struct regdata_test *t);
	int load_ret;
	int load_guard_ret;
	u32 load_magic;
	/* the unload callback */
	int unloads;
	/* the drm_registration_dev_unplug() stub was called */
	struct completion barrier_entered;
	/*
	 * the drm_registration_sync_guards() stub: the completion it
	 * completes, and what it saw
	 */
	struct completion *sync_leave;
	int sync_guard_ret;
	bool sync_unplugged;
	int sync_seq;
	struct drm_unbind_guard *guard;
	bool barrier_in_guard;
	/* the thread in a debugfs or sysfs callback */
	struct regdata_test_reader *reader;
	bool reader_unplugged;
	/* misuse reports expected during the test */
	int misuse_base;
	int misuse_expected;
};

static inline struct regdata_test_device *to_tdev(struct drm_device *drm)
{
	return container_of(drm, struct regdata_test_device, drm);
}

static inline int regdata_test_next(struct regdata_test *t)
{
	return atomic_inc_return(&t->seq);
}

/*
 * A test thread runs @fn, then idles until regdata_test_join(), which first
 * waits for @fn to have started: kthread_stop() on a thread that has not
 * been scheduled yet collects it without running @fn at all. @fn may also
 * run until kthread_should_stop().
 */
struct regdata_test_kthread {
	struct task_struct *task;
	int (*fn)(void *arg);
	void *arg;
	struct completion started;
	int ret;
};

struct regdata_test_unplugger {
	struct regdata_test *t;
	struct drm_device *drm;
	struct regdata_test_kthread *task;
	int done_seq;
	/* completed when done, if set */
	struct completion *done;
};

struct regdata_test_holder {
	struct regdata_test *t;
	struct drm_device *drm;
	struct completion entered;
	/* leave once this completes (the unplug barrier was reached) */
	struct completion *leave;
	/*
	 * then stay this long before reading the data: a teardown that does
	 * not wait for the guard, but waits for something else (a grace
	 * period of a domain the guard is not in), is then over by the time
	 * the holder reads; one that waits cannot be
	 */
	unsigned int linger_ms;
	/* what the holder saw when it left, and when */
	struct regdata_test_data *held, *looked_up;
	int released_at_exit;
	int exit_seq;
	u32 magic;
	int ret;
};

/* Run a function in hard-interrupt context, from an hrtimer. */
struct regdata_test_hardirq {
	struct hrtimer hrtimer;
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
	bool hardirq;
};

/*
 * A debugfs file and a sysfs attribute of the device, whose callbacks reach
 * the registration data, and a thread reading one of them.
 */
struct regdata_test_reader {
	struct regdata_test *t;
	struct file *file;
	/* the callback has been entered, and is told to leave with this */
	struct completion entered;
	struct completion *leave;
	/* it has tried a guard */
	struct completion tried;
	int guard_ret;
	u32 magic;
	int exit_seq;
	ssize_t ret;
};

/* regdata_test_common.c */
int regdata_test_query(struct drm_device *drm,
		       struct regdata_test_data *rd, void *data,
		       struct drm_file *file,
		       struct regdata_test_out *out,
		       struct drm_guarded_copy *copy);
extern const struct drm_driver regdata_test_driver;
int regdata_test_guard_magic(struct drm_device *drm, u32 *magic);
extern const struct drm_driver regdata_test_load_driver;
struct drm_device *regdata_test_new_drm(struct kunit *test,
					const struct drm_driver *driver,
					struct device **parentp);
struct regdata_test_data *regdata_test_new_data(struct kunit *test);
void regdata_test_register_on(struct kunit *test, struct drm_device *drm);
void regdata_test_register(struct kunit *test);
struct file *regdata_test_open(struct kunit *test,
			       struct drm_minor *minor);
long regdata_test_ioctl_sized(struct file *file, unsigned int cmd,
			      void *arg, size_t size, void __user *user);
long regdata_test_ioctl(struct kunit *test, struct file *file,
			unsigned int cmd, struct regdata_test_arg *arg,
			void __user *user);
int regdata_test_past_drm_ioctl(struct drm_device *drm, unsigned int nr,
				void *arg, struct file *file);
int regdata_test_misuse(void);
void regdata_test_str_desc(const char * const *p, char *desc);
struct regdata_test_kthread *
__regdata_test_thread(int (*fn)(void *), void *arg, const char *name);
struct regdata_test_kthread *
regdata_test_thread(struct kunit *test, int (*fn)(void *), void *arg,
		    const char *name);
int regdata_test_join(struct regdata_test_kthread *k);
void regdata_test_stub_barrier(struct kunit *test);
void regdata_test_need_lockdep(struct kunit *test);
int regdata_test_unplugger_fn(void *arg);
struct regdata_test_kthread *
regdata_test_start_holder(struct kunit *test, struct regdata_test_holder *h,
			  struct drm_device *drm, struct completion *leave);
bool regdata_test_wait_unplugged(struct drm_device *drm);
bool regdata_test_in_hardirq(struct kunit *test, void (*fn)(void *arg),
			     void *arg);
int regdata_test_init(struct kunit *test);
void regdata_test_exit(struct kunit *test);

#endif /* _REGDATA_TEST_H_ */
