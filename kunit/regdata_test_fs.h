/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening a file of a pseudo filesystem (debugfs, sysfs) from a KUnit test
 * through an in-kernel mount of its own; shared by the framework's suites
 * and the leak check.
 */
#ifndef REGDATA_TEST_FS_H
#define REGDATA_TEST_FS_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>

#include <kunit/test.h>

/*
 * Opens @path with @flags on a new mount of @fs. On success the mount is
 * left in @mnt: fput() the file, then kern_unmount() @mnt. On failure
 * nothing stays mounted.
 */
static inline struct file *regdata_test_open_fs(struct kunit *test,
						const char *fs,
						const char *path, int flags,
						struct vfsmount **mnt)
{
	struct file_system_type *type = get_fs_type(fs);
	struct file *file;

	KUNIT_ASSERT_NOT_NULL(test, type);
	*mnt = kern_mount(type);
	/* put_filesystem(), which modules cannot call. */
	module_put(type->owner);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, *mnt);
	file = file_open_root_mnt(*mnt, path, flags, 0);
	if (IS_ERR(file))
		kern_unmount(*mnt);
	return file;
}

#endif
