// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: guarded ioctls through drm_ioctl().
 *
 * An ioctl declared through the framework runs wholly inside a guard,
 * handed the registration data and never the parent device, with the
 * permission flags of DRM_IOCTL_DEF_DRV(); results copied to user pointers
 * are copied outside the guard.
 */

#include "regdata_test.h"

/*
 * The test verifies that a guarded ioctl issued through drm_ioctl() on a
 * render node reaches the handler with the registration data and copies the
 * result back to user memory.
 */
static void drm_test_regdata_ioctl_dispatch(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	KUNIT_EXPECT_EQ(test, regdata_test_ioctl(test, file,
						 DRM_IOCTL_REGDATA_TEST_PING,
						 &arg, t->user), 0);
	KUNIT_EXPECT_EQ(test, arg.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, arg.calls, 1);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

/*
 * The test verifies that once unplug has begun the trampoline returns
 * -ENODEV without calling the handler when reached past drm_ioctl()'s own
 * unplugged check, as a racing ioctl is.
 */
static void drm_test_regdata_ioctl_after_unplug(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, file), 0);
	KUNIT_EXPECT_EQ(test, arg.magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	arg.magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, file), -ENODEV);
	KUNIT_EXPECT_EQ(test, arg.magic, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(file);
}

/*
 * The test verifies DEFINE_DRM_GUARDED_IOCTL_COPY(): the result reaches the
 * user buffer, at most the length the handler asked for, with its padding
 * zeroed (no kernel stack in it), and a buffer the kernel cannot write
 * gives -EFAULT.
 */
static void drm_test_regdata_ioctl_copy_result(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_query q = {};
	struct regdata_test_out out;
	u8 raw[sizeof(out) + 8];
	void __user *buf = t->user + 2048;
	unsigned long ro;
	struct file *file;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	memset(raw, 0xff, sizeof(raw));
	KUNIT_ASSERT_EQ(test, copy_to_user(buf, raw, sizeof(raw)), 0);
	q.pointer = (unsigned long)buf;
	q.size = sizeof(out);
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl_sized(file,
						       DRM_IOCTL_REGDATA_TEST_QUERY,
						       &q, sizeof(q), t->user), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(raw, buf, sizeof(raw)), 0);
	memcpy(&out, raw, sizeof(out));
	KUNIT_EXPECT_EQ(test, out.magic, TEST_MAGIC);
	KUNIT_EXPECT_EQ(test, out.small, 0x5a);
	KUNIT_EXPECT_EQ(test, out.big, 0x0123456789abcdefULL);
	/* The padding between small and big, and nothing past the end. */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(raw + offsetofend(typeof(out), small),
					    0, offsetof(typeof(out), big) -
					    offsetofend(typeof(out), small)));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(raw + sizeof(out), 0xff, 8));

	ro = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, ro, 0);
	q.pointer = ro;
	KUNIT_EXPECT_EQ(test, regdata_test_ioctl_sized(file,
						       DRM_IOCTL_REGDATA_TEST_QUERY,
						       &q, sizeof(q), t->user),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 2);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

/*
 * A file whose mapping faults slowly: the fault handler says it has been
 * reached, then waits to be let go and fails the access.
 */
struct regdata_test_slow {
	struct regdata_test *t;
	struct completion in_fault;
	struct completion let_go;
	int fault_done_seq;
};

static vm_fault_t regdata_test_slow_fault(struct vm_fault *vmf)
{
	struct regdata_test_slow *slow = vmf->vma->vm_file->private_data;

	complete(&slow->in_fault);
	wait_for_completion_timeout(&slow->let_go, TEST_TIMEOUT);
	slow->fault_done_seq = regdata_test_next(slow->t);
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct regdata_test_slow_vm_ops = {
	.fault = regdata_test_slow_fault,
};

static int regdata_test_slow_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &regdata_test_slow_vm_ops;
	return 0;
}

static const struct file_operations regdata_test_slow_fops = {
	.owner	= THIS_MODULE,
	.mmap	= regdata_test_slow_mmap,
};

struct regdata_test_query_thread {
	struct regdata_test *t;
	struct file *file;
	unsigned long pointer;
	long ret;
};

static int regdata_test_query_fn(void *arg)
{
	struct regdata_test_query_thread *q = arg;
	struct regdata_test_query args = {
		.pointer = q->pointer,
		.size = sizeof(struct regdata_test_out),
	};

	kthread_use_mm(q->t->mm);
	q->ret = regdata_test_ioctl_sized(q->file, DRM_IOCTL_REGDATA_TEST_QUERY,
					  &args, sizeof(args),
					  q->t->user + 3072);
	kthread_unuse_mm(q->t->mm);
	return 0;
}

/*
 * The test verifies that DEFINE_DRM_GUARDED_IOCTL_COPY() copies outside the
 * guard: while the copy is stuck in a page fault, unregistering completes
 * (recorded before the fault is let go), and the ioctl then fails with
 * -EFAULT.
 */
static void drm_test_regdata_ioctl_copy_outside_guard(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_slow slow = { .t = t };
	struct regdata_test_query_thread q = { .t = t };
	struct regdata_test_kthread *task;
	struct file *slow_file;
	int unreg_seq;

	init_completion(&slow.in_fault);
	init_completion(&slow.let_go);
	slow_file = anon_inode_getfile("regdata-test-slow",
				       &regdata_test_slow_fops, &slow, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, slow_file);
	q.pointer = kunit_vm_mmap(test, slow_file, 0, PAGE_SIZE,
				  PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	KUNIT_ASSERT_NE(test, q.pointer, 0);

	regdata_test_register(test);
	q.file = regdata_test_open(test, t->drm->render);
	task = regdata_test_thread(test, regdata_test_query_fn, &q, "query");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&slow.in_fault,
							    TEST_TIMEOUT));

	drm_registration_unregister(t->drm);
	unreg_seq = regdata_test_next(t);
	complete(&slow.let_go);
	regdata_test_join(task);

	KUNIT_EXPECT_GT(test, slow.fault_done_seq, unreg_seq);
	KUNIT_EXPECT_EQ(test, q.ret, -EFAULT);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(q.file);
	fput(slow_file);
}

struct regdata_test_perm {
	const char *name;
	unsigned int guarded;
	unsigned int plain;
	bool render;
	bool admin;
	long expected;
};

static const struct regdata_test_perm regdata_test_perms[] = {
	{ "render-allow/render", DRM_IOCTL_REGDATA_TEST_G_RENDER,
	  DRM_IOCTL_REGDATA_TEST_P_RENDER, true, true, 0 },
	{ "render-allow/primary", DRM_IOCTL_REGDATA_TEST_G_RENDER,
	  DRM_IOCTL_REGDATA_TEST_P_RENDER, false, true, 0 },
	{ "none/render", DRM_IOCTL_REGDATA_TEST_G_NONE,
	  DRM_IOCTL_REGDATA_TEST_P_NONE, true, true, -EACCES },
	{ "none/primary", DRM_IOCTL_REGDATA_TEST_G_NONE,
	  DRM_IOCTL_REGDATA_TEST_P_NONE, false, false, 0 },
	{ "auth/primary-unauthenticated", DRM_IOCTL_REGDATA_TEST_G_AUTH,
	  DRM_IOCTL_REGDATA_TEST_P_AUTH, false, false, -EACCES },
	{ "auth/primary-admin", DRM_IOCTL_REGDATA_TEST_G_AUTH,
	  DRM_IOCTL_REGDATA_TEST_P_AUTH, false, true, 0 },
	{ "root-only/admin", DRM_IOCTL_REGDATA_TEST_G_ROOT,
	  DRM_IOCTL_REGDATA_TEST_P_ROOT, false, true, 0 },
	{ "root-only/user", DRM_IOCTL_REGDATA_TEST_G_ROOT,
	  DRM_IOCTL_REGDATA_TEST_P_ROOT, false, false, -EACCES },
	{ "master/not-master", DRM_IOCTL_REGDATA_TEST_G_MASTER,
	  DRM_IOCTL_REGDATA_TEST_P_MASTER, false, true, -EACCES },
};

static void regdata_test_perm_desc(const struct regdata_test_perm *p,
				   char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(regdata_test_perm, regdata_test_perms, regdata_test_perm_desc);

/*
 * The test verifies that permission flags behave as with DRM_IOCTL_DEF_DRV():
 * a guarded ioctl and a plain one with the same flags give the same answer,
 * the expected one, and the guarded handler runs only when permitted.
 */
static void drm_test_regdata_ioctl_permissions(struct kunit *test)
{
	const struct regdata_test_perm *p = test->param_value;
	struct regdata_test *t = test->priv;
	struct regdata_test_arg arg = {};
	const struct cred *old = NULL;
	struct cred *cred = NULL;
	struct file *file;
	long guarded = 0, plain = 0;

	regdata_test_register(test);

	if (!p->admin) {
		cred = prepare_creds();
		KUNIT_ASSERT_NOT_NULL(test, cred);
		cap_lower(cred->cap_effective, CAP_SYS_ADMIN);
		old = override_creds(cred);
	}

	file = mock_drm_getfile(p->render ? t->drm->render : t->drm->primary,
				O_RDWR);
	if (!IS_ERR(file)) {
		guarded = regdata_test_ioctl(test, file, p->guarded, &arg,
					     t->user);
		plain = regdata_test_ioctl(test, file, p->plain, &arg, t->user);
	}

	if (cred) {
		revert_creds(old);
		put_cred(cred);
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);

	KUNIT_EXPECT_EQ(test, guarded, p->expected);
	KUNIT_EXPECT_EQ(test, plain, p->expected);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), p->expected ? 0 : 1);

	__fput_sync(file);
	drm_registration_unregister(t->drm);
}

struct regdata_test_ioctl_thread {
	struct regdata_test *t;
	struct file *file;
	void __user *user;
	unsigned long ok;
	unsigned long enodev;
	unsigned long other;
	bool wrong_magic;
};

static int regdata_test_hammer_fn(void *arg)
{
	struct regdata_test_ioctl_thread *w = arg;
	struct regdata_test_arg a;
	unsigned long after = 0;
	long ret;

	kthread_use_mm(w->t->mm);
	while (!kthread_should_stop()) {
		/* A few more after the first -ENODEV, then idle. */
		if (after > 16) {
			schedule_timeout_interruptible(1);
			continue;
		}
		a.magic = 0;
		ret = regdata_test_ioctl(w->t->test, w->file,
					 DRM_IOCTL_REGDATA_TEST_PING, &a,
					 w->user);
		if (!ret) {
			w->ok++;
			if (a.magic != TEST_MAGIC)
				w->wrong_magic = true;
			if (after)
				w->other++;	/* success after -ENODEV */
		} else if (ret == -ENODEV) {
			w->enodev++;
			after++;
		} else {
			w->other++;
		}
		cond_resched();
	}
	kthread_unuse_mm(w->t->mm);
	return 0;
}

/*
 * The test verifies, with several threads sharing one open file and issuing
 * guarded ioctls through drm_ioctl() while the device is unregistered, that
 * every call returns 0 or -ENODEV, that no call succeeds after one returned
 * -ENODEV, and that the handler always sees live data (KASAN watches).
 */
static void drm_test_regdata_ioctl_threads_share_file(struct kunit *test)
{
	struct regdata_test_ioctl_thread w[TEST_THREADS] = {};
	struct regdata_test_kthread *task[TEST_THREADS];
	struct regdata_test *t = test->priv;
	unsigned long end;
	struct file *file;
	int i;

	regdata_test_register(test);
	file = regdata_test_open(test, t->drm->render);

	for (i = 0; i < TEST_THREADS; i++) {
		w[i].t = t;
		w[i].file = file;
		w[i].user = t->user + i * 64;
		task[i] = regdata_test_thread(test, regdata_test_hammer_fn,
					      &w[i], "hammer");
	}

	/* Unregister while they are all busy. */
	end = jiffies + TEST_TIMEOUT;
	for (i = 0; i < TEST_THREADS; i++)
		while (READ_ONCE(w[i].ok) < 50 && time_before(jiffies, end))
			usleep_range(1000, 2000);
	drm_registration_unregister(t->drm);

	end = jiffies + TEST_TIMEOUT;
	for (i = 0; i < TEST_THREADS; i++)
		while (READ_ONCE(w[i].enodev) < 16 && time_before(jiffies, end))
			usleep_range(1000, 2000);
	for (i = 0; i < TEST_THREADS; i++)
		regdata_test_join(task[i]);

	for (i = 0; i < TEST_THREADS; i++) {
		KUNIT_EXPECT_GE(test, w[i].ok, 50);
		KUNIT_EXPECT_GE(test, w[i].enodev, 16);
		KUNIT_EXPECT_EQ(test, w[i].other, 0);
		KUNIT_EXPECT_FALSE(test, w[i].wrong_magic);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	__fput_sync(file);
}

struct regdata_test_hold_thread {
	struct regdata_test *t;
	struct file *file;
	long ret;
	int done_seq;
};

static int regdata_test_hold_fn(void *arg)
{
	struct regdata_test_hold_thread *h = arg;
	struct regdata_test_arg a = {};

	kthread_use_mm(h->t->mm);
	h->ret = regdata_test_ioctl(h->t->test, h->file,
				    DRM_IOCTL_REGDATA_TEST_HOLD, &a,
				    h->t->user + 512);
	h->done_seq = regdata_test_next(h->t);
	kthread_unuse_mm(h->t->mm);
	return 0;
}

/* The HOLD handler leaves once the barrier is reached. */
static void regdata_test_stub_barrier_leave(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;

	kunit_deactivate_static_stub(t->test, drm_registration_dev_unplug);
	complete(&t->leave);
	drm_registration_dev_unplug(drm);
}

/*
 * The test verifies that an ioctl handler runs wholly inside the guard:
 * while one sleeps in its handler, unregister reaches the barrier and waits
 * there, the handler returns (and sees live data) before the release
 * callback runs, and an ioctl that got past drm_ioctl()'s unplugged check
 * after unregistering is refused by the guard.
 */
static void drm_test_regdata_ioctl_holds_unregister(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_hold_thread h = { .t = t };
	struct regdata_test_arg arg = {};
	struct regdata_test_kthread *holder;

	regdata_test_register(test);
	h.file = regdata_test_open(test, t->drm->render);

	holder = regdata_test_thread(test, regdata_test_hold_fn, &h, "hold");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&t->entered,
							    TEST_TIMEOUT));
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_stub_barrier_leave);
	drm_registration_unregister(t->drm);
	regdata_test_join(holder);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, t->held_magic, TEST_MAGIC);
	KUNIT_EXPECT_GT(test, t->release_seq, h.done_seq);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	KUNIT_EXPECT_EQ(test, regdata_test_past_drm_ioctl(t->drm,
							  DRM_REGDATA_TEST_PING,
							  &arg, h.file), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 1);
	__fput_sync(h.file);
}

static struct kunit_case drm_regdata_ioctl_tests[] = {
	KUNIT_CASE(drm_test_regdata_ioctl_dispatch),
	KUNIT_CASE(drm_test_regdata_ioctl_after_unplug),
	KUNIT_CASE(drm_test_regdata_ioctl_copy_result),
	KUNIT_CASE(drm_test_regdata_ioctl_copy_outside_guard),
	KUNIT_CASE_PARAM(drm_test_regdata_ioctl_permissions,
			 regdata_test_perm_gen_params),
	KUNIT_CASE(drm_test_regdata_ioctl_threads_share_file),
	KUNIT_CASE(drm_test_regdata_ioctl_holds_unregister),
	{}
};

static struct kunit_suite drm_regdata_ioctl_test_suite = {
	.name = "drm_regdata_ioctl",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_ioctl_tests,
};

kunit_test_suite(drm_regdata_ioctl_test_suite);
