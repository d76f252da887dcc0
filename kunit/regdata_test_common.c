// SPDX-License-Identifier: GPL-2.0
/*
 * What the KUnit suites of DRM registration data share: the test DRM
 * driver and its ioctls, devices and data, threads, the replaced unplug
 * barrier, and the suites' init and exit.
 */

#include "regdata_test.h"

static int regdata_test_ping(struct drm_device *drm,
			     struct regdata_test_data *rd, void *data,
			     struct drm_file *file)
{
	struct regdata_test_arg *arg = data;

	arg->magic = rd->magic;
	arg->calls = atomic_inc_return(&rd->t->calls);
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL(regdata_test_ping, struct regdata_test_data, reg);

static int regdata_test_hold(struct drm_device *drm,
			     struct regdata_test_data *rd, void *data,
			     struct drm_file *file)
{
	struct regdata_test *t = rd->t;
	struct regdata_test_arg *arg = data;

	atomic_inc(&t->calls);
	complete(&t->entered);
	if (!wait_for_completion_timeout(&t->leave, TEST_TIMEOUT))
		return -ETIMEDOUT;
	/* The data must still be alive: KASAN watches this read. */
	arg->magic = READ_ONCE(rd->magic);
	t->held_magic = arg->magic;
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL(regdata_test_hold, struct regdata_test_data, reg);

int regdata_test_query(struct drm_device *drm,
		       struct regdata_test_data *rd, void *data,
		       struct drm_file *file,
		       struct regdata_test_out *out,
		       struct drm_guarded_copy *copy)
{
	struct regdata_test_query *args = data;

	atomic_inc(&rd->t->calls);
	out->magic = rd->magic;
	out->small = 0x5a;
	out->big = 0x0123456789abcdefULL;
	copy->to = u64_to_user_ptr(args->pointer);
	copy->len = args->size;
	return 0;
}

DEFINE_DRM_GUARDED_IOCTL_COPY(regdata_test_query, struct regdata_test_data,
			      reg, struct regdata_test_out);

/* The unguarded twin, a plain drm_ioctl_t, for the permission tests. */
static int regdata_test_plain(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct regdata_test_arg *arg = data;

	arg->magic = TEST_MAGIC;
	return 0;
}

static const struct drm_ioctl_desc regdata_test_ioctls[] = {
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_PING, regdata_test_ping,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_HOLD, regdata_test_hold,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_RENDER, regdata_test_ping,
				  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_RENDER, regdata_test_plain,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_NONE, regdata_test_ping, 0),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_NONE, regdata_test_plain, 0),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_AUTH, regdata_test_ping,
				  DRM_AUTH),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_AUTH, regdata_test_plain, DRM_AUTH),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_ROOT, regdata_test_ping,
				  DRM_ROOT_ONLY),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_ROOT, regdata_test_plain,
			  DRM_ROOT_ONLY),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_G_MASTER, regdata_test_ping,
				  DRM_MASTER),
	DRM_IOCTL_DEF_DRV(REGDATA_TEST_P_MASTER, regdata_test_plain,
			  DRM_MASTER),
	DRM_IOCTL_DEF_DRV_GUARDED(REGDATA_TEST_QUERY, regdata_test_query,
				  DRM_RENDER_ALLOW),
};

static const struct file_operations regdata_test_fops = {
	.owner		= THIS_MODULE,
	.open		= drm_open,
	.release	= drm_release,
	.unlocked_ioctl	= drm_ioctl,
	.compat_ioctl	= drm_compat_ioctl,
	.llseek		= noop_llseek,
	.fop_flags	= FOP_UNSIGNED_OFFSET,
};

const struct drm_driver regdata_test_driver = {
	.driver_features	= DRIVER_RENDER | DRIVER_UNPLUG_DOMAIN,
	.ioctls			= regdata_test_ioctls,
	.num_ioctls		= ARRAY_SIZE(regdata_test_ioctls),
	.fops			= &regdata_test_fops,
	.name			= "regdata-test",
	.desc			= "DRM registration data test driver",
	.major			= 1,
};

int regdata_test_guard_magic(struct drm_device *drm, u32 *magic)
{
	struct drm_unbind_guard guard;
	int ret;

	ret = drm_unbind_guard_enter(&guard, drm);
	if (ret)
		return ret;
	*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
				       reg)->magic;
	drm_unbind_guard_exit(&guard);
	return 0;
}

/*
 * drm_dev_register() calls .load once the minors are visible to userspace
 * and fails if it fails: this shows what a first ioctl would see, lets a
 * test act while registering is under way, and makes registering fail for
 * real.
 */
static int regdata_test_load(struct drm_device *drm, unsigned long flags)
{
	struct regdata_test *t = to_tdev(drm)->t;

	t->load_guard_ret = regdata_test_guard_magic(drm, &t->load_magic);
	if (t->load_fn)
		return t->load_fn(t);
	return t->load_ret;
}

static void regdata_test_unload(struct drm_device *drm)
{
	to_tdev(drm)->t->unloads++;
}

const struct drm_driver regdata_test_load_driver = {
	.driver_features	= DRIVER_RENDER,
	.load			= regdata_test_load,
	.unload			= regdata_test_unload,
	.ioctls			= regdata_test_ioctls,
	.num_ioctls		= ARRAY_SIZE(regdata_test_ioctls),
	.fops			= &regdata_test_fops,
	.name			= "regdata-test-load",
	.desc			= "DRM registration data test driver with load",
	.major			= 1,
};

static void regdata_test_release(struct drm_registration *reg)
{
	struct regdata_test_data *rd =
		container_of(reg, struct regdata_test_data, reg);
	struct regdata_test *t = rd->t;

	/* Data the driver never filled in: released before hand-over. */
	if (!t)
		return;

	if (reg->drm) {
		t->released_unplugged = drm_dev_is_unplugged(reg->drm);
		t->released_registered = reg->drm->registered;
	}
	KUNIT_EXPECT_EQ(t->test, rd->magic, TEST_MAGIC);
	t->release_seq = regdata_test_next(t);
	atomic_inc(&t->released);
	complete_all(&t->release_done);
}

static const struct drm_registration_funcs regdata_test_funcs = {
	.release = regdata_test_release,
};

struct drm_device *regdata_test_new_drm(struct kunit *test,
					const struct drm_driver *driver,
					struct device **parentp)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_device *tdev;
	struct device *parent;
	char name[32];

	snprintf(name, sizeof(name), "regdata-test-%u", t->ndevs++);
	parent = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, parent);

	tdev = devm_drm_dev_alloc(parent, driver, struct regdata_test_device,
				  drm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tdev);
	tdev->t = t;

	if (parentp)
		*parentp = parent;
	return &tdev->drm;
}

struct regdata_test_data *regdata_test_new_data(struct kunit *test)
{
	struct regdata_test_data *rd;

	rd = drm_registration_alloc(struct regdata_test_data, reg,
				    &regdata_test_funcs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rd);
	rd->magic = TEST_MAGIC;
	rd->t = test->priv;
	return rd;
}

/* Register fresh data on @drm, the plain (non-devres) way. */
void regdata_test_register_on(struct kunit *test, struct drm_device *drm)
{
	int ret;

	ret = drm_registration_register(&regdata_test_new_data(test)->reg,
					drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

void regdata_test_register(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	regdata_test_register_on(test, t->drm);
}

struct file *regdata_test_open(struct kunit *test,
			       struct drm_minor *minor)
{
	struct file *file;

	file = mock_drm_getfile(minor, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	return file;
}

/* An ioctl through drm_ioctl(), with the argument in user memory. */
long regdata_test_ioctl_sized(struct file *file, unsigned int cmd,
			      void *arg, size_t size, void __user *user)
{
	long ret;

	if (copy_to_user(user, arg, size))
		return -EFAULT;
	ret = drm_ioctl(file, cmd, (unsigned long)user);
	if (copy_from_user(arg, user, size))
		return -EFAULT;
	return ret;
}

long regdata_test_ioctl(struct kunit *test, struct file *file,
			unsigned int cmd, struct regdata_test_arg *arg,
			void __user *user)
{
	return regdata_test_ioctl_sized(file, cmd, arg, sizeof(*arg), user);
}

/*
 * Call a table entry's function directly, as drm_ioctl() does once its own
 * unplugged check has passed: a racing ioctl reaches the trampoline after
 * unplug has begun, and only the guard stands between it and the handler.
 */
int regdata_test_past_drm_ioctl(struct drm_device *drm, unsigned int nr,
				void *arg, struct file *file)
{
	return regdata_test_ioctls[nr].func(drm, arg, file->private_data);
}

int regdata_test_misuse(void)
{
	return atomic_read(&drm_regdata_misuse_count);
}

/* The description of a string parameter: the string. */
void regdata_test_str_desc(const char * const *p, char *desc)
{
	strscpy(desc, *p, KUNIT_PARAM_DESC_SIZE);
}

static int regdata_test_kthread_fn(void *arg)
{
	struct regdata_test_kthread *k = arg;

	complete(&k->started);
	k->ret = k->fn(k->arg);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

struct regdata_test_kthread *
__regdata_test_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct regdata_test_kthread *k;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->fn = fn;
	k->arg = arg;
	init_completion(&k->started);
	k->task = kthread_create(regdata_test_kthread_fn, k, "%s", name);
	if (IS_ERR(k->task)) {
		int ret = PTR_ERR(k->task);

		kfree(k);
		return ERR_PTR(ret);
	}
	get_task_struct(k->task);
	wake_up_process(k->task);
	return k;
}

struct regdata_test_kthread *
regdata_test_thread(struct kunit *test, int (*fn)(void *), void *arg,
		    const char *name)
{
	struct regdata_test_kthread *k = __regdata_test_thread(fn, arg, name);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, k);
	return k;
}

/* Collect the thread once its function has started; the function's result. */
int regdata_test_join(struct regdata_test_kthread *k)
{
	int ret;

	wait_for_completion(&k->started);
	kthread_stop(k->task);
	put_task_struct(k->task);
	ret = k->ret;
	kfree(k);
	return ret;
}

/*
 * The unplug barrier, replaced for the test thread: note that it was
 * reached (and whether inside a guard), let the test's other threads go on,
 * then run the real one.
 */
static void regdata_test_dev_unplug_stub(struct drm_device *drm)
{
	struct regdata_test *t = to_tdev(drm)->t;
	struct regdata_test_device *tdev = to_tdev(drm);

	kunit_deactivate_static_stub(t->test, drm_registration_dev_unplug);
	complete(&t->barrier_entered);
	drm_registration_dev_unplug(&tdev->drm);
}

void regdata_test_stub_barrier(struct kunit *test)
{
	kunit_activate_static_stub(test, drm_registration_dev_unplug,
				   regdata_test_dev_unplug_stub);
}

/* Is lockdep on and still running? Tests that rely on it check. */
void regdata_test_need_lockdep(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	if (!debug_locks)
		kunit_skip(test, "lockdep has turned itself off after an earlier report");
}

int regdata_test_unplugger_fn(void *arg)
{
	struct regdata_test_unplugger *u = arg;

	drm_registration_unplug(u->drm);
	u->done_seq = regdata_test_next(u->t);
	if (u->done)
		complete(u->done);
	return 0;
}

/* Hold a guard until told to leave; the data must stay alive meanwhile. */
static int regdata_test_hold_guard(struct regdata_test_holder *h)
{
	struct drm_unbind_guard guard;
	struct regdata_test_data *rd;
	int ret;

	ret = drm_unbind_guard_enter(&guard, h->drm);
	if (ret)
		return ret;
	complete(&h->entered);
	if (!wait_for_completion_timeout(h->leave, TEST_TIMEOUT))
		ret = -ETIMEDOUT;
	if (h->linger_ms)
		msleep(h->linger_ms);
	/* Unplug has begun: still the live data, not yet released. */
	rd = drm_unbind_guard_data(&guard, struct regdata_test_data, reg);
	h->held = rd;
	/* What a helper inside the guard finds: the same. */
	h->looked_up = drm_registration_data(h->drm, struct regdata_test_data,
					     reg);
	h->magic = READ_ONCE(rd->magic);
	h->released_at_exit = atomic_read(&h->t->released);
	h->exit_seq = regdata_test_next(h->t);
	drm_unbind_guard_exit(&guard);
	return ret;
}

static int regdata_test_holder_fn(void *arg)
{
	struct regdata_test_holder *h = arg;

	h->ret = regdata_test_hold_guard(h);
	/* On success it completed entered itself. */
	if (h->ret == -ENODEV)
		complete(&h->entered);
	return 0;
}

/* Start a thread that holds a guard on @drm until @leave completes. */
struct regdata_test_kthread *
regdata_test_start_holder(struct kunit *test, struct regdata_test_holder *h,
			  struct drm_device *drm, struct completion *leave)
{
	struct regdata_test_kthread *task;

	h->t = test->priv;
	h->drm = drm;
	h->leave = leave;
	init_completion(&h->entered);
	task = regdata_test_thread(test, regdata_test_holder_fn, h, "holder");
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&h->entered,
							    TEST_TIMEOUT));
	KUNIT_ASSERT_EQ(test, h->ret, 0);
	return task;
}

/* Poll, without sleeping for a fixed time, until unplug has begun. */
bool regdata_test_wait_unplugged(struct drm_device *drm)
{
	unsigned long end = jiffies + TEST_TIMEOUT;

	while (!drm_dev_is_unplugged(drm)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(500, 1000);
	}
	return true;
}

static enum hrtimer_restart regdata_test_hardirq_fn(struct hrtimer *hrtimer)
{
	struct regdata_test_hardirq *h =
		container_of(hrtimer, struct regdata_test_hardirq, hrtimer);

	h->hardirq = in_hardirq();
	h->fn(h->arg);
	complete(&h->done);
	return HRTIMER_NORESTART;
}

/* Call @fn(@arg) in hard-interrupt context; whether it ran there. */
bool regdata_test_in_hardirq(struct kunit *test, void (*fn)(void *arg),
			     void *arg)
{
	struct regdata_test_hardirq h = { .fn = fn, .arg = arg };

	init_completion(&h.done);
	hrtimer_init_on_stack(&h.hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	h.hrtimer.function = regdata_test_hardirq_fn;
	hrtimer_start(&h.hrtimer, ns_to_ktime(1000), HRTIMER_MODE_REL_HARD);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&h.done,
							    TEST_TIMEOUT));
	hrtimer_cancel(&h.hrtimer);
	destroy_hrtimer_on_stack(&h.hrtimer);
	return h.hardirq;
}

int regdata_test_init(struct kunit *test)
{
	struct regdata_test *t;
	unsigned long user;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->test = test;
	init_completion(&t->entered);
	init_completion(&t->leave);
	init_completion(&t->barrier_entered);
	init_completion(&t->release_done);

	user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, user, 0, "no user memory");
	t->user = (void __user *)user;
	t->mm = current->mm;

	t->drm = regdata_test_new_drm(test, &regdata_test_driver, &t->parent);
	t->misuse_base = regdata_test_misuse();
	return 0;
}

void regdata_test_exit(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	/* Every test states the misuse reports it provokes, others none. */
	KUNIT_EXPECT_EQ(test, regdata_test_misuse() - t->misuse_base,
			t->misuse_expected);
}

MODULE_DESCRIPTION("KUnit tests for DRM registration data");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
