// SPDX-License-Identifier: GPL-2.0
/*
 * The test harness's check of virtio-gpu's kick across remove(), built into
 * virtio-gpu.ko in the tested tree only (series/harness/virtio.diff).
 *
 * virtio_gpu_queue_ctrl_sgs() waits for room in a full control ring inside
 * its drm_dev_enter() section, after kicking the commands queued so far;
 * remove() waits for that section in drm_dev_unplug(). A kick refused once
 * the unplug has begun (v2 of the series kicked inside a drm_dev_enter()
 * section of its own) leaves the commands in the ring unkicked, the waiter
 * without room, and remove() waiting forever.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sched/task.h>
#include <linux/virtio.h>

#include <kunit/test.h>

#include <drm/drm_drv.h>

#include "virtgpu_drv.h"

static bool regdata_kick_test;
module_param(regdata_kick_test, bool, 0444);
MODULE_PARM_DESC(regdata_kick_test, "run the kick-across-remove test (unbinds the first virtio-gpu)");

#define KICK_TEST_TIMEOUT	(5 * HZ)

struct kick_test {
	struct virtio_device *vdev;
	struct virtio_gpu_device *vgdev;
	struct drm_device *drm;
	struct completion entered;
	struct completion removed;
	/* ring entries a command takes */
	unsigned int need;
	/* commands queued without a kick */
	int queued;
	bool full_before_kick;
	bool pending_before_kick;
	bool unplugged_seen;
	bool drained;
};

static int kick_test_find(struct device *dev, void *data)
{
	struct virtio_device **vdev = data;

	if (!dev->driver || strcmp(dev->driver->name, "virtio_gpu"))
		return 0;
	*vdev = dev_to_virtio(dev);
	return 1;
}

/*
 * Like an ioctl: inside a section on the device, kick once the unplug has
 * begun, then wait for room in the ring.
 */
static int kick_test_waiter(void *arg)
{
	struct kick_test *t = arg;
	struct virtqueue *vq = t->vgdev->ctrlq.vq;
	unsigned long end = jiffies + KICK_TEST_TIMEOUT;
	int idx;

	if (!drm_dev_enter(t->drm, &idx)) {
		complete(&t->entered);
		return -ENODEV;
	}
	complete(&t->entered);
	while (!READ_ONCE(t->drm->unplugged) && time_before(jiffies, end))
		usleep_range(200, 400);
	t->unplugged_seen = READ_ONCE(t->drm->unplugged);
	/*
	 * Nothing else kicked them meanwhile: only virtio_gpu_notify() takes
	 * the count of commands waiting for a kick down, under this lock.
	 */
	spin_lock(&t->vgdev->ctrlq.qlock);
	t->full_before_kick = vq->num_free < t->need;
	t->pending_before_kick =
		atomic_read(&t->vgdev->pending_commands) >= t->queued;
	spin_unlock(&t->vgdev->ctrlq.qlock);
	virtio_gpu_notify(t->vgdev);
	t->drained = wait_event_timeout(t->vgdev->ctrlq.ack_queue,
					vq->num_free >= t->need,
					KICK_TEST_TIMEOUT);
	drm_dev_exit(idx);
	return 0;
}

static int kick_test_remover(void *arg)
{
	struct kick_test *t = arg;

	device_release_driver(&t->vdev->dev);
	complete(&t->removed);
	return 0;
}

/*
 * The test verifies that a kick after drm_dev_unplug() has begun, from
 * inside a section that remove() waits for, still reaches the device: it
 * fills the control ring with commands it does not kick, holds a section
 * while remove() unplugs, kicks, and must see room in the ring again.
 */
static void virtgpu_test_kick_across_remove(struct kunit *test)
{
	struct task_struct *waiter, *remover;
	struct pci_dev *pdev = NULL;
	struct virtio_device *vdev = NULL;
	struct kick_test *t;

	if (!regdata_kick_test)
		kunit_skip(test, "not asked for (virtio_gpu.regdata_kick_test=1)");
	while (!vdev && (pdev = pci_get_device(PCI_VENDOR_ID_REDHAT_QUMRANET,
					       PCI_ANY_ID, pdev)))
		device_for_each_child(&pdev->dev, &vdev, kick_test_find);
	pci_dev_put(pdev);
	if (!vdev)
		kunit_skip(test, "no bound virtio-gpu device");

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->vdev = vdev;
	t->drm = vdev->priv;
	t->vgdev = t->drm->dev_private;
	init_completion(&t->entered);
	init_completion(&t->removed);
	/* A command and its reply: one indirect entry, or two. */
	t->need = t->vgdev->has_indirect ? 1 : 2;
	drm_dev_get(t->drm);

	/*
	 * Commands the host completes harmlessly, queued and not kicked: as
	 * many as fit, one more would kick while queueing.
	 */
	while (t->vgdev->ctrlq.vq->num_free >= t->need &&
	       !virtio_gpu_cmd_get_display_info(t->vgdev))
		t->queued++;
	KUNIT_EXPECT_LT(test, t->vgdev->ctrlq.vq->num_free, t->need);

	waiter = kthread_run(kick_test_waiter, t, "virtgpu-kick");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, waiter);
	wait_for_completion(&t->entered);
	remover = kthread_run(kick_test_remover, t, "virtgpu-remove");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, remover);
	if (!wait_for_completion_timeout(&t->removed, 3 * KICK_TEST_TIMEOUT)) {
		/* remove() hangs: the device, its state and t stay. */
		KUNIT_FAIL(test, "remove() hangs");
		return;
	}

	kunit_info(test, "%d commands queued without a kick", t->queued);
	KUNIT_EXPECT_TRUE(test, t->unplugged_seen);
	KUNIT_EXPECT_TRUE_MSG(test, t->full_before_kick && t->pending_before_kick,
			      "something else kicked the ring: inconclusive");
	KUNIT_EXPECT_TRUE_MSG(test, t->drained,
			      "the kick after the unplug began did not reach the device");
	drm_dev_put(t->drm);
	kfree(t);
}

static struct kunit_case virtgpu_kick_tests[] = {
	KUNIT_CASE(virtgpu_test_kick_across_remove),
	{}
};

static struct kunit_suite virtgpu_kick_test_suite = {
	.name = "virtgpu_regdata_kick",
	.test_cases = virtgpu_kick_tests,
};

kunit_test_suite(virtgpu_kick_test_suite);
