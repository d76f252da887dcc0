// SPDX-License-Identifier: GPL-2.0
/*
 * Runs after the other suites: asks kmemleak for a scan and fails on any
 * leak whose allocation backtrace passes through this project.
 *
 * kmemleak's control file is in debugfs and only takes user memory, so the
 * test mounts debugfs in the kernel and talks to the file through a
 * kunit_vm_mmap() buffer, as a process would. It reads the whole report,
 * however long, and proves that it can see a leak: of the control objects it
 * leaks on purpose (and frees after reading the report), at least one must
 * be in it.
 */

#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <kunit/test.h>

#include "regdata_test_fs.h"

/* kmemleak reports only objects older than 5 s. */
#define LEAK_MIN_AGE_MS		5500
#define LEAK_CHUNK		(64 * 1024)
#define LEAK_REPORT_MAX		(64 * 1024 * 1024)
#define LEAK_CONTROL_HIDE	0x5a5a5a5a5a5a5a5aUL

/*
 * Allocations by the framework, or made on behalf of the project's tests
 * and drivers (their functions are in the backtrace). Not DRM as a whole:
 * the DRM core suites, which run in the same kernel in the series' run,
 * leak objects of their own (display modes) on 6.12.
 */
static const char * const regdata_leak_owners[] = {
	"regdata", "drm_registration", "drm_unbind_guard",
};

/*
 * The positive control: objects nothing points to, as far as kmemleak can
 * tell. Their addresses are kept scrambled, so the test can free them after
 * reading the report. kmemleak is conservative: any word anywhere that
 * happens to hold an object's address keeps it from being reported (a
 * stale slab freelist pointer in memory that was reallocated but not
 * cleared, say), which made a single control object go unreported now
 * and then, even after three scans. Four, of four sizes, in different slab
 * caches: at least one must be reported.
 */
static const size_t regdata_leak_control_sizes[] = { 96, 200, 700, 3000 };
static unsigned long regdata_leak_control_hidden[ARRAY_SIZE(regdata_leak_control_sizes)];

static noinline int regdata_leak_control_alloc(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(regdata_leak_control_sizes); i++) {
		void *obj = kmalloc(regdata_leak_control_sizes[i], GFP_KERNEL);

		if (!obj)
			return -ENOMEM;
		regdata_leak_control_hidden[i] = (unsigned long)obj ^ LEAK_CONTROL_HIDE;
	}
	return 0;
}

/*
 * kmemleak scans whole task stacks, stale parts included: overwrite what the
 * allocation left below the current frame, so that no stale copy of the
 * control's address keeps it referenced. In frames of 1 KiB, 4 deep: no
 * single frame is large.
 */
static noinline void regdata_leak_wipe_stack(int depth)
{
	char junk[1024];

	memzero_explicit(junk, sizeof(junk));
	if (depth > 1)
		regdata_leak_wipe_stack(depth - 1);
	barrier_data(junk);
}

static void regdata_leak_control_free(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(regdata_leak_control_hidden); i++) {
		if (regdata_leak_control_hidden[i])
			kfree((void *)(regdata_leak_control_hidden[i] ^ LEAK_CONTROL_HIDE));
		regdata_leak_control_hidden[i] = 0;
	}
}

static bool regdata_leak_is_control(const char *report)
{
	return strstr(report, "regdata_leak_control_alloc");
}

/*
 * Does one kmemleak report ("unreferenced object ...") involve this
 * project? Not counted: the mm_struct that kunit_vm_mmap() attaches to each
 * test thread, which 6.12's KUnit never frees (one per test that maps user
 * memory).
 */
static bool regdata_leak_is_ours(const char *report)
{
	int i;

	if (strstr(report, "mm_alloc") && strstr(report, "kunit_vm_mmap"))
		return false;
	for (i = 0; i < ARRAY_SIZE(regdata_leak_owners); i++)
		if (strstr(report, regdata_leak_owners[i]))
			return true;
	return false;
}

/*
 * The test verifies that kmemleak, after a scan, reports no leak allocated
 * through the framework or for the project's tests and drivers: the
 * drm_devices, files and registration data of every test before it were
 * freed.
 */
static void drm_test_regdata_kmemleak(struct kunit *test)
{
	struct vfsmount *mnt;
	char __user *ubuf;
	struct file *file;
	char *report, *obj, *next;
	loff_t pos = 0;
	size_t len = 0;
	int ours = 0, control = 0, total = 0, round = 0;
	ssize_t n;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "needs CONFIG_DEBUG_KMEMLEAK");

	ubuf = (char __user *)kunit_vm_mmap(test, NULL, 0, LEAK_CHUNK,
					     PROT_READ | PROT_WRITE,
					     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, (unsigned long)ubuf, 0);
	report = vmalloc(LEAK_REPORT_MAX + 1);
	KUNIT_ASSERT_NOT_NULL(test, report);

	file = regdata_test_open_fs(test, "debugfs", "kmemleak", O_RDWR, &mnt);
	if (IS_ERR(file)) {
		vfree(report);
		KUNIT_FAIL(test, "cannot open kmemleak: %ld", PTR_ERR(file));
		return;
	}

	/* Let the control and the last test's objects age, then scan twice. */
	KUNIT_EXPECT_EQ(test, regdata_leak_control_alloc(), 0);
	regdata_leak_wipe_stack(4);
	msleep(LEAK_MIN_AGE_MS);
	/*
	 * kmemleak is conservative: a stale copy of the control's address
	 * left somewhere hides it from a scan. Up to three rounds; kmemleak
	 * that does not work never shows it.
	 */
rescan:
	round++;
	len = 0;
	ours = 0;
	control = 0;
	total = 0;
	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, "scan", 4), 0);
	KUNIT_EXPECT_EQ(test, file->f_op->write(file, ubuf, 4, &pos), 4);
	pos = 0;
	KUNIT_EXPECT_EQ(test, file->f_op->write(file, ubuf, 4, &pos), 4);

	/* The whole report, a chunk at a time through the user buffer. */
	pos = 0;
	do {
		n = file->f_op->read(file, ubuf, LEAK_CHUNK, &pos);
		if (n > 0 && len + n <= LEAK_REPORT_MAX &&
		    !copy_from_user(report + len, ubuf, n))
			len += n;
		else if (n > 0)
			n = -E2BIG;
	} while (n > 0);
	KUNIT_EXPECT_EQ(test, n, 0);
	report[len] = '\0';

	/* One report per object; each starts with "unreferenced object". */
	for (obj = strstr(report, "unreferenced object"); obj; obj = next) {
		next = strstr(obj + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		total++;
		if (regdata_leak_is_control(obj)) {
			control++;
		} else if (regdata_leak_is_ours(obj)) {
			kunit_info(test, "leak: %s", obj);
			ours++;
		}
	}
	if (!control && round < 3) {
		pos = 0;
		regdata_leak_wipe_stack(4);
		goto rescan;
	}
	fput(file);
	kern_unmount(mnt);
	regdata_leak_control_free();
	vfree(report);
	kunit_info(test, "%zu bytes of reports, %d objects, scan round %d",
		   len, total, round);
	kunit_info(test, "%d of %zu control objects reported", control,
		   ARRAY_SIZE(regdata_leak_control_sizes));
	KUNIT_EXPECT_GE_MSG(test, control, 1,
			    "none of the deliberately leaked control objects was reported");
	KUNIT_EXPECT_EQ(test, ours, 0);
}

static struct kunit_case drm_regdata_leak_tests[] = {
	KUNIT_CASE_SLOW(drm_test_regdata_kmemleak),
	{}
};

static struct kunit_suite drm_regdata_leak_test_suite = {
	.name = "drm_regdata_kmemleak",
	.test_cases = drm_regdata_leak_tests,
};

kunit_test_suite(drm_regdata_leak_test_suite);

MODULE_DESCRIPTION("kmemleak check after the DRM registration data tests");
MODULE_LICENSE("GPL");
