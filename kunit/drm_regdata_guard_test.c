// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DRM registration data: unbind guards.
 *
 * A guard fails with -ENODEV once the teardown has begun; it may sleep,
 * nest and be entered in interrupt context; the cleanup.h forms leave it
 * on every path; guarded interrupt handlers, and the quiesce callback that
 * keeps a device's interrupt line from being disabled during the barrier.
 */

#include "regdata_test.h"

/* Sleep in a guard, nest another; true in @same if both see the same data. */
static int regdata_test_nested(struct drm_device *drm, bool *same)
{
	struct drm_unbind_guard outer, inner;
	int ret;

	ret = drm_unbind_guard_enter(&outer, drm);
	if (ret)
		return ret;
	msleep(20);
	ret = drm_unbind_guard_enter(&inner, drm);
	if (ret) {
		drm_unbind_guard_exit(&outer);
		return ret;
	}
	might_sleep();
	*same = inner.reg && inner.reg == outer.reg;
	drm_unbind_guard_exit(&inner);
	/* Leaving the inner guard leaves the outer one's data alone. */
	*same = *same && !inner.reg && outer.reg;
	drm_unbind_guard_exit(&outer);
	return 0;
}

/*
 * The test verifies that a guard may sleep and nest, that the nested guard
 * sees the same data, and that entering on a device without registration
 * data fails with -ENODEV.
 */
static void drm_test_regdata_guard_sleep_nest(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct drm_device *bare;
	bool same = false;
	u32 magic;

	bare = regdata_test_new_drm(test, &regdata_test_driver, NULL);
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(bare, &magic), -ENODEV);

	regdata_test_register(test);
	KUNIT_EXPECT_EQ(test, regdata_test_nested(t->drm, &same), 0);
	KUNIT_EXPECT_TRUE(test, same);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
}

static int regdata_test_scoped_early_return(struct drm_device *drm, u32 *magic)
{
	CLASS(drm_unbind_guard, guard)(drm);

	if (!guard.reg)
		return -ENODEV;
	*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
				       reg)->magic;
	/* Early return while inside: the class leaves the guard. */
	return -EAGAIN;
}

static int regdata_test_scoped_class(struct drm_device *drm, u32 *magic)
{
	scoped_class(drm_unbind_guard, guard, drm) {
		if (!guard.reg)
			return -ENODEV;
		*magic = drm_unbind_guard_data(&guard, struct regdata_test_data,
					       reg)->magic;
	}
	return 0;
}

/*
 * The test verifies the cleanup.h forms: CLASS() and scoped_class() leave
 * the guard on every way out of the scope (unregister afterwards neither
 * warns nor blocks), and report a failed entry once unplug has begun.
 */
static void drm_test_regdata_guard_scoped(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	u32 magic = 0;

	regdata_test_register(test);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_early_return(t->drm, &magic),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);
	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_class(t->drm, &magic), 0);
	KUNIT_EXPECT_EQ(test, magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);

	magic = 0;
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_early_return(t->drm, &magic),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, regdata_test_scoped_class(t->drm, &magic), -ENODEV);
	KUNIT_EXPECT_EQ(test, magic, 0);
}

struct regdata_test_irq {
	struct drm_device *drm;
	struct timer_list timer;
	struct completion done;
	bool hardirq;
	bool softirq;
	int ret;
	u32 magic;
};

static void regdata_test_irq_guard(void *arg)
{
	struct regdata_test_irq *irq = arg;

	irq->hardirq = in_hardirq();
	irq->softirq = in_serving_softirq();
	irq->ret = regdata_test_guard_magic(irq->drm, &irq->magic);
	complete(&irq->done);
}

static void regdata_test_timer_fn(struct timer_list *timer)
{
	regdata_test_irq_guard(container_of(timer, struct regdata_test_irq,
					    timer));
}

/*
 * The test verifies that guards work in interrupt context, as vblank, fence
 * and timer callbacks need: entered from a hard-interrupt hrtimer and from a
 * softirq timer they see the data, and unregistering afterwards, which tells
 * lockdep it waits for every guard, gives no lockdep report (lockdep is
 * still running at the end).
 */
static void drm_test_regdata_guard_in_irq(struct kunit *test)
{
	struct regdata_test *t = test->priv;
	struct regdata_test_irq irq = { .drm = t->drm, .ret = -EINVAL };
	bool lockdep = IS_ENABLED(CONFIG_PROVE_LOCKING) && debug_locks;

	regdata_test_register(test);

	init_completion(&irq.done);
	KUNIT_EXPECT_TRUE(test, regdata_test_in_hardirq(test, regdata_test_irq_guard,
							&irq));
	KUNIT_EXPECT_TRUE(test, irq.hardirq);
	KUNIT_EXPECT_EQ(test, irq.ret, 0);
	KUNIT_EXPECT_EQ(test, irq.magic, TEST_MAGIC);

	irq.ret = -EINVAL;
	irq.magic = 0;
	reinit_completion(&irq.done);
	timer_setup_on_stack(&irq.timer, regdata_test_timer_fn, 0);
	mod_timer(&irq.timer, jiffies + 1);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&irq.done,
							    TEST_TIMEOUT));
	del_timer_sync(&irq.timer);
	destroy_timer_on_stack(&irq.timer);
	KUNIT_EXPECT_TRUE(test, irq.softirq);
	KUNIT_EXPECT_EQ(test, irq.ret, 0);
	KUNIT_EXPECT_EQ(test, irq.magic, TEST_MAGIC);

	/* A guard in process context too, then the writer side. */
	KUNIT_EXPECT_EQ(test, regdata_test_guard_magic(t->drm, &irq.magic), 0);
	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	if (lockdep)
		KUNIT_EXPECT_TRUE_MSG(test, debug_locks,
				      "lockdep reported a problem and turned itself off");
	else
		kunit_info(test, "lockdep is not running: its part not checked");
}

static irqreturn_t regdata_test_irq_handler(int irq, struct drm_device *drm,
					    struct regdata_test_data *rd)
{
	struct regdata_test *t = rd->t;

	t->irq_hardirq = in_hardirq();
	t->irq_magic = rd->magic;
	t->irq_calls++;
	return irq == TEST_IRQ ? IRQ_HANDLED : IRQ_NONE;
}

DEFINE_DRM_GUARDED_IRQ(regdata_test_irq_handler, struct regdata_test_data,
		       reg);

struct regdata_test_irq_call {
	struct drm_device *drm;
	irqreturn_t ret;
};

static void regdata_test_irq_call_fn(void *arg)
{
	struct regdata_test_irq_call *c = arg;

	c->ret = DRM_GUARDED_IRQ(regdata_test_irq_handler)(TEST_IRQ, c->drm);
}

/* Call the guarded handler in hard-interrupt context, as the IRQ core does. */
static irqreturn_t regdata_test_irq_call(struct kunit *test,
					 struct drm_device *drm)
{
	struct regdata_test_irq_call c = { .drm = drm, .ret = -1 };

	regdata_test_in_hardirq(test, regdata_test_irq_call_fn, &c);
	return c.ret;
}

/*
 * The test verifies DEFINE_DRM_GUARDED_IRQ(): in hard-interrupt context
 * the handler gets the registration data and its answer is passed on; once
 * the device is unregistered (an IRQ requested with devm before the
 * hand-over outlives the data), the trampoline answers IRQ_NONE without
 * calling the handler.
 */
static void drm_test_regdata_guarded_irq(struct kunit *test)
{
	struct regdata_test *t = test->priv;

	regdata_test_register(test);

	KUNIT_EXPECT_EQ(test, regdata_test_irq_call(test, t->drm), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, t->irq_calls, 1);
	KUNIT_EXPECT_TRUE(test, t->irq_hardirq);
	KUNIT_EXPECT_EQ(test, t->irq_magic, TEST_MAGIC);

	drm_registration_unregister(t->drm);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->released), 1);
	KUNIT_EXPECT_EQ(test, regdata_test_irq_call(test, t->drm), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, t->irq_calls, 1);
}

/*
 * A device with a level-triggered interrupt line, emulated: the line is
 * asserted while an event is pending and the device's interrupt enable is
 * set, and stays so until the driver's handler acknowledges the event.
 */
struct regdata_test_irq_hw {
	atomic_t pending;
	atomic_t enabled;
	/* events acknowledged */
	atomic_t acked;
};

static bool regdata_test_irq_asserted(struct regdata_test_irq_hw *hw)
{
	return atomic_read(&hw->pending) && atomic_read(&hw->enabled);
}

/*
 * Registration data of the driver of that device, which "maps" it; what the
 * test's guard holders read comes first.
 */
struct regdata_test_irq_data {
	struct regdata_test_data base;
	struct regdata_test_irq_hw *hw;
};

static irqreturn_t regdata_test_level_irq(int irq, struct drm_device *drm,
					  struct regdata_test_irq_data *d)
{
	if (!regdata_test_irq_asserted(d->hw))
		return IRQ_NONE;
	atomic_set(&d->hw->pending, 0);
	atomic_inc(&d->hw->acked);
	return IRQ_HANDLED;
}

DEFINE_DRM_GUARDED_IRQ(regdata_test_level_irq, struct regdata_test_irq_data,
		       base.reg);

/* Turn the device's interrupt generation off, as a driver's quiesce does. */
static void regdata_test_irq_quiesce(struct drm_registration *reg)
{
	struct regdata_test_irq_data *d =
		container_of(reg, struct regdata_test_irq_data, base.reg);

	atomic_set(&d->hw->enabled, 0);
}

static const struct drm_registration_funcs regdata_test_irq_quiesce_funcs = {
	.quiesce = regdata_test_irq_quiesce,
};

static const struct drm_registration_funcs regdata_test_irq_no_quiesce_funcs = {
};

/*
 * More polls of the line than the IRQ core counts before it judges it:
 * note_interrupt() disables a line when 99,900 of 100,000 interrupts went
 * unhandled.
 */
#define TEST_IRQ_POLLS		110000

/*
 * The interrupt controller: while the guard holder keeps the unplug
 * waiting, poll the line TEST_IRQ_POLLS times and deliver an interrupt
 * whenever it is asserted and not disabled; then let the holder leave.
 */
struct regdata_test_irq_ctl {
	struct regdata_test_irq_hw *hw;
	unsigned int irq;
	struct completion *start;
	struct completion *leave;
	int delivered;
};

static int regdata_test_irq_ctl_fn(void *arg)
{
	struct regdata_test_irq_ctl *c = arg;
	int i;

	wait_for_completion(c->start);
	for (i = 0; i < TEST_IRQ_POLLS; i++) {
		if (!regdata_test_irq_asserted(c->hw) ||
		    irqd_irq_disabled(irq_get_irq_data(c->irq)))
			continue;
		generic_handle_irq_safe(c->irq);
		c->delivered++;
		if (!(c->delivered % 1024))
			cond_resched();
	}
	complete(c->leave);
	return 0;
}

static void regdata_test_irq_free_desc(void *irq)
{
	irq_free_desc((unsigned long)irq);
}

static void regdata_test_free_irq(void *drm)
{
	struct drm_device *d = drm;

	free_irq(to_tdev(d)->t->level_irq, d);
}

static const char * const regdata_test_quiesce_params[] = {
	"quiesce", "no-quiesce",
};

KUNIT_ARRAY_PARAM(regdata_test_quiesce, regdata_test_quiesce_params,
		  regdata_test_str_desc);

/*
 * The test verifies that the quiesce callback runs before the unplug
 * barrier, while the data is alive, so that a device can stop asserting its
 * interrupt line before the guarded handler starts to answer IRQ_NONE: a
 * level-triggered interrupt whose event is pending when the device is
 * unregistered, with a guard held while more interrupts arrive than the IRQ
 * core's spurious-interrupt threshold, leaves the line enabled when the
 * driver's quiesce turns the device's interrupts off. Without a quiesce
 * callback (the second case, the control) the line stays asserted, every
 * interrupt goes unhandled, and the IRQ core disables the line ("nobody
 * cared"), as it would for every device sharing it. Needs interrupt
 * descriptors of its own (CONFIG_SPARSE_IRQ): runs on x86_64.
 */
static void drm_test_regdata_quiesce_irq(struct kunit *test)
{
	const char * const *param = test->param_value;
	bool quiesce = !strcmp(*param, "quiesce");
	struct regdata_test *t = test->priv;
	struct regdata_test_irq_hw hw = {};
	struct regdata_test_irq_ctl c = { .hw = &hw };
	struct regdata_test_kthread *holder, *ctl;
	struct regdata_test_holder h = {};
	struct regdata_test_irq_data *d;
	struct completion leave;
	int irq, ret;

	if (!IS_ENABLED(CONFIG_SPARSE_IRQ))
		kunit_skip(test, "needs CONFIG_SPARSE_IRQ for an interrupt of its own");

	irq = irq_alloc_desc(NUMA_NO_NODE);
	KUNIT_ASSERT_GE(test, irq, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, regdata_test_irq_free_desc,
							(void *)(unsigned long)irq), 0);
	irq_set_chip_and_handler(irq, &dummy_irq_chip, handle_level_irq);
	irq_modify_status(irq, IRQ_NOREQUEST | IRQ_NOPROBE | IRQ_NOAUTOEN, 0);

	d = drm_registration_alloc(struct regdata_test_irq_data, base.reg,
				   quiesce ? &regdata_test_irq_quiesce_funcs :
					     &regdata_test_irq_no_quiesce_funcs);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d);
	d->base.magic = TEST_MAGIC;
	d->base.t = t;
	d->hw = &hw;
	ret = drm_registration_register(&d->base.reg, t->drm, 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	t->level_irq = irq;
	ret = request_irq(irq, DRM_GUARDED_IRQ(regdata_test_level_irq),
			  IRQF_SHARED, "regdata-test", t->drm);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, regdata_test_free_irq,
							t->drm), 0);

	/* The device works: an event is handled and acknowledged. */
	atomic_set(&hw.enabled, 1);
	atomic_set(&hw.pending, 1);
	generic_handle_irq_safe(irq);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.acked), 1);
	KUNIT_EXPECT_FALSE(test, regdata_test_irq_asserted(&hw));

	/* An event nobody will acknowledge, and a slow guard. */
	atomic_set(&hw.pending, 1);
	init_completion(&leave);
	holder = regdata_test_start_holder(test, &h, t->drm, &leave);
	c.irq = irq;
	c.start = &t->barrier_entered;
	c.leave = &leave;
	ctl = regdata_test_thread(test, regdata_test_irq_ctl_fn, &c, "irq-ctl");
	if (!quiesce)
		kunit_info(test, "regdata expects: nobody cared\n");

	/* The barrier stub lets the controller go once the unplug waits. */
	regdata_test_stub_barrier(test);
	drm_registration_unregister(t->drm);
	regdata_test_join(ctl);
	regdata_test_join(holder);

	KUNIT_EXPECT_EQ(test, h.ret, 0);
	KUNIT_EXPECT_EQ(test, h.magic, TEST_MAGIC);
	if (quiesce) {
		KUNIT_EXPECT_FALSE(test, regdata_test_irq_asserted(&hw));
		KUNIT_EXPECT_EQ(test, c.delivered, 0);
		KUNIT_EXPECT_FALSE_MSG(test, irqd_irq_disabled(irq_get_irq_data(irq)),
				       "the IRQ core disabled the line after %d interrupts",
				       c.delivered);
	} else {
		KUNIT_EXPECT_TRUE(test, regdata_test_irq_asserted(&hw));
		KUNIT_EXPECT_TRUE_MSG(test, irqd_irq_disabled(irq_get_irq_data(irq)),
				      "the line survived %d unhandled interrupts",
				      c.delivered);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.acked), 1);
}

/* What the documentation states ("unbind guards"). */
#define TEST_NEST_ONE_DEVICE	40
#define TEST_NEST_DEVICES	20

/*
 * Enter guard @i of @n on @drm[i % ndrm] and, inside it, the ones after it;
 * leave them in reverse. Recursion keeps each enter/exit pair in one frame.
 */
static int regdata_test_nest(struct drm_device **drm, int ndrm, int i, int n)
{
	struct drm_unbind_guard guard;
	int ret;

	if (i == n)
		return 0;
	ret = drm_unbind_guard_enter(&guard, drm[i % ndrm]);
	if (ret)
		return ret;
	ret = regdata_test_nest(drm, ndrm, i + 1, n);
	drm_unbind_guard_exit(&guard);
	return ret;
}

/*
 * The test verifies the nesting depth the documentation states under
 * lockdep: 40 nested guards on one device, and one guard on each of 20
 * devices at once, leave lockdep running (it turns itself off for the whole
 * kernel when a task holds more than MAX_LOCK_DEPTH locks).
 */
static void drm_test_regdata_guard_nesting_depth(struct kunit *test)
{
	struct drm_device *drm[TEST_NEST_DEVICES];
	int i;

	regdata_test_need_lockdep(test);

	for (i = 0; i < TEST_NEST_DEVICES; i++) {
		drm[i] = regdata_test_new_drm(test, &regdata_test_driver, NULL);
		regdata_test_register_on(test, drm[i]);
	}

	KUNIT_EXPECT_EQ(test, regdata_test_nest(drm, 1, 0, TEST_NEST_ONE_DEVICE),
			0);
	KUNIT_EXPECT_TRUE(test, debug_locks);
	KUNIT_EXPECT_EQ(test, regdata_test_nest(drm, TEST_NEST_DEVICES, 0,
						TEST_NEST_DEVICES), 0);
	KUNIT_EXPECT_TRUE(test, debug_locks);

	for (i = 0; i < TEST_NEST_DEVICES; i++)
		drm_registration_unregister(drm[i]);
}

static struct kunit_case drm_regdata_guard_tests[] = {
	KUNIT_CASE(drm_test_regdata_guard_sleep_nest),
	KUNIT_CASE(drm_test_regdata_guard_scoped),
	KUNIT_CASE(drm_test_regdata_guard_in_irq),
	KUNIT_CASE(drm_test_regdata_guarded_irq),
	KUNIT_CASE_PARAM_ATTR(drm_test_regdata_quiesce_irq,
			      regdata_test_quiesce_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(drm_test_regdata_guard_nesting_depth),
	{}
};

static struct kunit_suite drm_regdata_guard_test_suite = {
	.name = "drm_regdata_guard",
	.init = regdata_test_init,
	.exit = regdata_test_exit,
	.test_cases = drm_regdata_guard_tests,
};

kunit_test_suite(drm_regdata_guard_test_suite);
