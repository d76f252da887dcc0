/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DRM registration data: driver state tied to the binding of the parent bus
 * device, reachable from userspace entry points only inside an unbind guard.
 */

#ifndef _DRM_REGDATA_H_
#define _DRM_REGDATA_H_

#include <linux/build_bug.h>
#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_ioctl.h>

struct device;
struct drm_file;
struct drm_registration;

/**
 * struct drm_registration_funcs - callbacks of registration data
 *
 * Both are optional. When a registration is torn down, the framework calls
 * @quiesce before it waits for the unbind guards, @release after, then it
 * frees the memory. When registering fails, or the data is freed before it
 * was handed over, only @release: the driver's probe undoes what it started.
 */
struct drm_registration_funcs {
	/**
	 * @quiesce:
	 *
	 * Stops what the device does on its own, interrupt generation above
	 * all, while the data and what it maps are still alive. Called once
	 * per registered device, when no new guard can be entered on it any
	 * more but guards entered before may still run, so it must be safe
	 * against them (the driver's own locking), and before the unplug
	 * barrier waits for them. Unless the driver unplugged the device
	 * itself, drm_dev_enter() still succeeds.
	 * A device that keeps an interrupt line asserted while its guarded
	 * handler answers IRQ_NONE (which it does from the start of the
	 * unplug) gets the line disabled by the IRQ core once the barrier
	 * lasts long enough, for every device sharing it: turning the device's
	 * interrupts off here is what prevents that. Process context; may
	 * sleep.
	 */
	void (*quiesce)(struct drm_registration *reg);

	/**
	 * @release:
	 *
	 * Undoes what the driver stored in its registration data (drops
	 * references, unmaps what the data maps); the framework frees the
	 * memory afterwards. Called exactly once for every allocation made
	 * with drm_registration_alloc(), also when the data is released before
	 * it was ever registered, so it must cope with members the driver has
	 * not set yet. When it runs, no unbind guard can reach the data any
	 * more.
	 */
	void (*release)(struct drm_registration *reg);
};

struct drm_registration_slot;

/**
 * struct drm_registration - registration data ownership
 *
 * Embedded in the driver's registration data, which is allocated with
 * drm_registration_alloc(). The framework owns the allocation: before it is
 * handed over with drm_registration_register() or
 * devm_drm_registration_register() the driver may release it with
 * drm_registration_free(); from the hand-over on, the framework releases it,
 * after unplugging the &drm_device, when the registration is torn down or
 * when registering fails.
 */
struct drm_registration {
	/** @funcs: the driver's callbacks, or NULL */
	const struct drm_registration_funcs *funcs;
	/** @offset: offset of this structure in the allocation */
	size_t offset;
	/** @drm: the DRM device the data is registered with, or NULL */
	struct drm_device *drm;
	/**
	 * @slot: the teardown state of @drm, set before the data is
	 * published; guards reach their lockdep map through it
	 */
	struct drm_registration_slot *slot;
};

/*
 * The published registration data of @drm, inside a section on it (see
 * drm_unbind_guard_enter()), or NULL. &drm_device.registration is stored
 * with smp_store_release() before drm_dev_register(), and cleared before
 * the teardown waits for the sections on @drm; a section that loaded the
 * pointer is waited for before the data is freed.
 */
static inline struct drm_registration *
drm_registration_published(struct drm_device *drm)
{
	return READ_ONCE(drm->registration);
}

void *__drm_registration_alloc(size_t size, size_t offset,
			       const struct drm_registration_funcs *funcs);

/**
 * drm_registration_alloc - allocate registration data
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 * @funcs: the driver's &struct drm_registration_funcs, or NULL
 *
 * Allocates zeroed registration data of @type and initialises its embedded
 * &struct drm_registration. Free it with drm_registration_free() until it is
 * handed over to drm_registration_register(); never kfree() it.
 *
 * Returns:
 * A pointer to the new @type, or an ERR_PTR() on failure.
 */
#define drm_registration_alloc(type, member, funcs)			\
	((type *)__drm_registration_alloc(sizeof(type),			\
					  offsetof(type, member),	\
					  funcs))

void drm_registration_free(struct drm_registration *reg);

int __must_check drm_registration_register(struct drm_registration *reg,
					   struct drm_device *drm,
					   unsigned long flags);
int __must_check devm_drm_registration_register(struct device *parent,
						struct drm_registration *reg,
						struct drm_device *drm,
						unsigned long flags);
void drm_registration_unregister(struct drm_device *drm);
void drm_registration_unplug(struct drm_device *drm);
void drm_registration_unplug_async(struct drm_device *drm);

struct drm_registration *__drm_registration_lookup(struct drm_device *drm);

/**
 * drm_registration_data - registration data of a device, inside a guard
 * @drm: DRM device
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 *
 * For code that runs inside an unbind guard on @drm but was not handed the
 * guard, such as a helper called from a guarded ioctl. Inside a guard it
 * returns the data the guard holds, also once the unplug has begun, when a
 * new guard on @drm fails. Outside a guard it is a use after free waiting
 * to happen: under lockdep it warns.
 *
 * Returns:
 * The registration data (never NULL inside a guard on @drm), or NULL if
 * @drm has none.
 */
#define drm_registration_data(drm, type, member)			\
	({								\
		struct drm_registration *__reg =			\
			__drm_registration_lookup(drm);			\
		__reg ? container_of(__reg, type, member) : NULL;	\
	})

/*
 * Unbind guards. Their inline side follows: the guard itself, entering and
 * leaving it, its class for the scoped forms, and the guarded ioctl and IRQ
 * trampolines, which every guarded call inlines. The out-of-line side (its
 * lockdep map, the data lookup for helpers) is unbind_guard.c.
 */

/**
 * struct drm_unbind_guard - an unbind critical section
 *
 * Lives on the stack of the code that enters it, so that threads sharing a
 * &drm_device or an open file never share guard state. Entering writes
 * every member that leaving reads, so the framework's trampolines declare
 * theirs __uninitialized: a kernel built to zero its stack variables
 * (CONFIG_INIT_STACK_ALL_ZERO) then spends nothing on it. Entered with
 * drm_unbind_guard_enter(), left with drm_unbind_guard_exit(); the scoped
 * forms are CLASS(drm_unbind_guard, guard)(drm) and scoped_class().
 */
struct drm_unbind_guard {
	/** @reg: the registration data while entered, NULL otherwise */
	struct drm_registration *reg;
	/** @section: the drm_dev_section_enter() section the guard holds */
	struct drm_dev_section section;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/** @lockdep_slot: the slot whose lockdep map this guard holds, or NULL */
	struct drm_registration_slot *lockdep_slot;
#endif
};

#ifdef CONFIG_DEBUG_LOCK_ALLOC
bool drm_unbind_guard_lockdep_acquire(struct drm_registration_slot *slot);
void drm_unbind_guard_lockdep_release(struct drm_registration_slot *slot);

/*
 * The slot is reached through the data the guard has just loaded:
 * drm_registration_register() stores &drm_registration.slot before it
 * publishes the data with smp_store_release(), and the guard loaded the data
 * with READ_ONCE(), so this load is address-dependent on that one and sees
 * the store (the message-passing pattern of tools/memory-model's
 * MP+onceassign+derefonce).
 */
static inline void drm_unbind_guard_lockdep_enter(struct drm_unbind_guard *guard)
{
	struct drm_registration_slot *slot = guard->reg->slot;

	guard->lockdep_slot = drm_unbind_guard_lockdep_acquire(slot) ? slot : NULL;
}

static inline void drm_unbind_guard_lockdep_exit(struct drm_unbind_guard *guard)
{
	if (guard->lockdep_slot)
		drm_unbind_guard_lockdep_release(guard->lockdep_slot);
}
#else
static inline void drm_unbind_guard_lockdep_enter(struct drm_unbind_guard *guard) { }
static inline void drm_unbind_guard_lockdep_exit(struct drm_unbind_guard *guard) { }
#endif

/*
 * Enter the critical section and take the published data. The data pointer
 * is only read once the section is entered: a guard that sees the device
 * not unplugged sees the data that was published before drm_dev_register(),
 * and teardown clears the pointer before it waits for the sections, which
 * waits for every guard that may have read it.
 */
static inline bool __drm_unbind_guard_enter(struct drm_unbind_guard *guard,
					    struct drm_device *drm)
{
	struct drm_registration *reg;

	if (drm_dev_section_enter(drm, &guard->section)) {
		reg = drm_registration_published(drm);
		if (likely(reg)) {
			guard->reg = reg;
			drm_unbind_guard_lockdep_enter(guard);
			return true;
		}
		drm_dev_section_exit(&guard->section);
	}
	guard->reg = NULL;
	return false;
}

/**
 * drm_unbind_guard_enter - enter an unbind guard
 * @guard: guard on the caller's stack
 * @drm: DRM device
 *
 * Enters a drm_dev_section_enter() section on @drm and takes its
 * registration data, which stays valid until drm_unbind_guard_exit(). The
 * section may sleep, may be entered from any context drm_dev_enter() may
 * (also hard and soft interrupt context), and may nest; nested guards are
 * left in the reverse order. Every successful call must be balanced by
 * drm_unbind_guard_exit() on the same @guard, in the same task. sparse
 * follows the two branches when the result is checked the usual way:
 * ``ret = drm_unbind_guard_enter(&guard, drm); if (ret) return ret;``.
 *
 * A guard is a drm_dev_section_enter() section: unplugging the device waits
 * for it, and, unless the driver gave its devices unplug domains of their
 * own (%DRIVER_UNPLUG_DOMAIN), so does unplugging any other device. A guard
 * should be held no longer than the hardware access needs: no waiting on
 * userspace memory inside it.
 *
 * Returns:
 * 0 on success, -ENODEV if @drm has no registration data or its unplug has
 * begun.
 */
#define drm_unbind_guard_enter(guard, drm)				\
	(__drm_unbind_guard_enter(guard, drm) ?				\
	 ({ __acquire(drm_unbind_guard); 0; }) : -ENODEV)

static inline void __drm_unbind_guard_exit(struct drm_unbind_guard *guard)
{
	drm_unbind_guard_lockdep_exit(guard);
	guard->reg = NULL;
	drm_dev_section_exit(&guard->section);
}

/**
 * drm_unbind_guard_exit - leave an unbind guard
 * @guard: guard entered with drm_unbind_guard_enter()
 *
 * After this the registration data taken with @guard must not be used.
 */
static inline void drm_unbind_guard_exit(struct drm_unbind_guard *guard)
	__releases(drm_unbind_guard)
{
	__drm_unbind_guard_exit(guard);
	__release(drm_unbind_guard);
}

/**
 * drm_unbind_guard_data - registration data held by an unbind guard
 * @guard: the guard
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 *
 * Returns:
 * The registration data while @guard is entered, NULL otherwise.
 */
#define drm_unbind_guard_data(guard, type, member)			\
	({								\
		struct drm_registration *__reg = (guard)->reg;		\
		__reg ? container_of(__reg, type, member) : NULL;	\
	})

static inline struct drm_unbind_guard
drm_unbind_guard_init(struct drm_device *drm)
{
	struct drm_unbind_guard guard __uninitialized;

	__drm_unbind_guard_enter(&guard, drm);
	return guard;
}

static inline void drm_unbind_guard_fini(struct drm_unbind_guard *guard)
{
	if (guard->reg)
		__drm_unbind_guard_exit(guard);
}

/*
 * The scoped form, as gpiolib's gpio_chip_guard: CLASS(drm_unbind_guard,
 * guard)(drm) enters, the end of the scope leaves, and guard.reg is NULL if
 * entering failed. sparse does not run cleanup functions, so the class uses
 * the unannotated halves and leaves the context alone, as the rcu guard does.
 */
DEFINE_CLASS(drm_unbind_guard, struct drm_unbind_guard,
	     drm_unbind_guard_fini(&_T), drm_unbind_guard_init(drm),
	     struct drm_device *drm)

/**
 * DEFINE_DRM_GUARDED_IOCTL - define the guarded trampoline of an ioctl
 * @func: the driver's handler
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 *
 * @func has the signature
 * ``int func(struct drm_device *drm, type *regdata, void *data,
 * struct drm_file *file)``; the kernel's -Werror=incompatible-pointer-types
 * refuses anything else. The trampoline
 * this defines is a &drm_ioctl_t that enters an unbind guard, calls @func
 * with the registration data and leaves the guard; once unplug has begun it
 * returns -ENODEV without calling @func. drm_ioctl() copies the ioctl
 * payload @data back to userspace after the trampoline has returned, outside
 * the guard. Put it into the ioctl table with DRM_IOCTL_DEF_DRV_GUARDED().
 * Used at file scope, followed by a semicolon.
 */
#define DEFINE_DRM_GUARDED_IOCTL(func, type, member)			\
static int __drm_guarded_##func(struct drm_device *drm, void *data,	\
				struct drm_file *file)			\
{									\
	struct drm_unbind_guard guard __uninitialized;			\
	int ret;							\
									\
	ret = drm_unbind_guard_enter(&guard, drm);			\
	if (ret)							\
		return ret;						\
	ret = func(drm, drm_unbind_guard_data(&guard, type, member),	\
		   data, file);						\
	drm_unbind_guard_exit(&guard);					\
	return ret;							\
}									\
static_assert(__same_type(&__drm_guarded_##func, drm_ioctl_t *))

/**
 * struct drm_guarded_copy - a copy to userspace after the guard
 * @to: destination in userspace; NULL copies nothing
 * @len: bytes to copy, at most the size of the handler's result
 *
 * Filled in by the handler of a DEFINE_DRM_GUARDED_IOCTL_COPY() ioctl.
 */
struct drm_guarded_copy {
	void __user *to;
	size_t len;
};

/**
 * DEFINE_DRM_GUARDED_IOCTL_COPY - a guarded ioctl that copies a result out
 * @func: the driver's handler
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 * @out_type: the result the handler fills in, at most 256 bytes
 *
 * For ioctls that return data through a user pointer in their payload
 * (a query buffer). @func has the signature
 * ``int func(struct drm_device *drm, type *regdata, void *data,
 * struct drm_file *file, out_type *out, struct drm_guarded_copy *copy)``.
 * It runs inside the guard like a DEFINE_DRM_GUARDED_IOCTL() handler, fills
 * in @out (zeroed beforehand, padding included) and says in @copy where
 * to. The trampoline leaves the guard first and only then copies, so a
 * fault on the user buffer never holds up an unplug. A failed copy returns
 * -EFAULT. Put it into the ioctl table with DRM_IOCTL_DEF_DRV_GUARDED().
 */
#define DEFINE_DRM_GUARDED_IOCTL_COPY(func, type, member, out_type)	\
static int __drm_guarded_##func(struct drm_device *drm, void *data,	\
				struct drm_file *file)			\
{									\
	struct drm_guarded_copy copy = {};				\
	struct drm_unbind_guard guard __uninitialized;			\
	out_type out;							\
	int ret;							\
									\
	memset(&out, 0, sizeof(out));					\
	ret = drm_unbind_guard_enter(&guard, drm);			\
	if (ret)							\
		return ret;						\
	ret = func(drm, drm_unbind_guard_data(&guard, type, member),	\
		   data, file, &out, &copy);				\
	drm_unbind_guard_exit(&guard);					\
	if (!ret && copy.to &&						\
	    copy_to_user(copy.to, &out, min(copy.len, sizeof(out))))	\
		ret = -EFAULT;						\
	return ret;							\
}									\
static_assert(sizeof(out_type) <= 256);					\
static_assert(__same_type(&__drm_guarded_##func, drm_ioctl_t *))

/**
 * DRM_IOCTL_DEF_DRV_GUARDED - ioctl table entry of a guarded ioctl
 * @ioctl: ioctl name, as for DRM_IOCTL_DEF_DRV()
 * @func: handler whose trampoline DEFINE_DRM_GUARDED_IOCTL() or
 *	DEFINE_DRM_GUARDED_IOCTL_COPY() defined
 * @flags: &enum drm_ioctl_flags, as for DRM_IOCTL_DEF_DRV()
 */
#define DRM_IOCTL_DEF_DRV_GUARDED(ioctl, func, flags)			\
	DRM_IOCTL_DEF_DRV(ioctl, __drm_guarded_##func, flags)

/**
 * DEFINE_DRM_GUARDED_IRQ - an interrupt handler that runs inside a guard
 * @func: the driver's handler
 * @type: the driver's registration data structure
 * @member: name of the &struct drm_registration within @type
 *
 * @func has the signature
 * ``irqreturn_t func(int irq, struct drm_device *drm, type *regdata)``.
 * The macro defines an &irq_handler_t, DRM_GUARDED_IRQ(@func), which
 * enters an unbind guard on the &drm_device it gets as @dev_id and calls
 * @func inside it. Pass it to request_irq(), devm_request_irq() or, as
 * hard-IRQ handler or thread function, to request_threaded_irq(), with
 * the &drm_device, never the registration data, as @dev_id.
 *
 * An IRQ requested with devm before devm_drm_registration_register() is
 * freed after the registration data, and may fire in between: from the
 * start of the unplug on, the trampoline answers IRQ_NONE without calling
 * @func, and the unplug waits for a @func that is running. The
 * &drm_registration_funcs.quiesce callback, which runs before that wait and
 * still has the MMIO mapping, is where the device's own interrupt
 * generation is turned off: a level-triggered or shared line left asserted
 * for as long as the slowest guard takes is disabled by the IRQ core as
 * spurious, for every device on it.
 */
#define DEFINE_DRM_GUARDED_IRQ(func, type, member)			\
static irqreturn_t __drm_guarded_irq_##func(int irq, void *dev_id)	\
{									\
	struct drm_device *drm = dev_id;				\
	struct drm_unbind_guard guard __uninitialized;			\
	irqreturn_t ret;						\
									\
	if (drm_unbind_guard_enter(&guard, drm))			\
		return IRQ_NONE;					\
	ret = func(irq, drm, drm_unbind_guard_data(&guard, type, member)); \
	drm_unbind_guard_exit(&guard);					\
	return ret;							\
}									\
static_assert(__same_type(&__drm_guarded_irq_##func, irq_handler_t))

/**
 * DRM_GUARDED_IRQ - the interrupt handler DEFINE_DRM_GUARDED_IRQ() defined
 * @func: the driver's handler
 */
#define DRM_GUARDED_IRQ(func) __drm_guarded_irq_##func

#endif /* _DRM_REGDATA_H_ */
