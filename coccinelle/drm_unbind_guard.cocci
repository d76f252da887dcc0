// SPDX-License-Identifier: GPL-2.0-only
/// Find DRM driver ioctl handlers (functions listed in a drm_ioctl_desc
/// table, or defined with the drm_ioctl_t signature, which also finds those
/// that driver-local table macros paste together) that open-code
/// drm_dev_enter()/drm_dev_exit(), or that access MMIO without any guard. The first can use DEFINE_DRM_GUARDED_IOCTL() and
/// DRM_IOCTL_DEF_DRV_GUARDED() (see drm_guarded_ioctl.cocci); the second
/// may touch a mapping that unbind has released.
//
// Confidence: High for open-coded guards; Moderate for unguarded MMIO, which
// is found through the usual accessors only.
// Copyright: (C) 2026 The drm-regdata developers.
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
handlers = set()
guarded = set()

@table@
identifier tab, fn;
expression name, flags;
@@
struct drm_ioctl_desc tab[] = { ..., DRM_IOCTL_DEF_DRV(name, fn, flags), ... };

@script:python@
fn << table.fn;
@@
handlers.add(fn)

@sig@
identifier fn, drm, data, file;
@@
int fn(struct drm_device *drm, void *data, struct drm_file *file) { ... }

@script:python@
fn << sig.fn;
@@
handlers.add(fn)

@opencoded@
identifier fn;
expression drm, idx;
position p;
@@
fn(...)
{
<+...
drm_dev_enter@p(drm, idx)
...+>
}

@script:python@
fn << opencoded.fn;
p << opencoded.p;
@@
guarded.add((p[0].file, fn))

@mmio@
identifier fn;
position p;
@@
fn(...)
{
<+...
\(readl@p\|writel@p\|readq@p\|writeq@p\|readw@p\|writew@p\|readb@p\|writeb@p\|ioread32@p\|iowrite32@p\|ioread16@p\|iowrite16@p\|ioread8@p\|iowrite8@p\|memcpy_fromio@p\|memcpy_toio@p\)(...)
...+>
}

@depends on context@
identifier sig.fn;
position opencoded.p;
@@
fn(...)
{
<+...
* drm_dev_enter@p(...)
...+>
}

@script:python depends on org@
fn << opencoded.fn;
p << opencoded.p;
@@
if fn in handlers:
    coccilib.org.print_todo(p[0], "ioctl %s open-codes drm_dev_enter(): use DEFINE_DRM_GUARDED_IOCTL()" % fn)

@script:python depends on report@
fn << opencoded.fn;
p << opencoded.p;
@@
if fn in handlers:
    coccilib.report.print_report(p[0], "ioctl %s open-codes drm_dev_enter(): use DEFINE_DRM_GUARDED_IOCTL()" % fn)

@script:python depends on org@
fn << mmio.fn;
p << mmio.p;
@@
if fn in handlers and (p[0].file, fn) not in guarded:
    coccilib.org.print_todo(p[0], "ioctl %s accesses MMIO without an unbind guard" % fn)

@script:python depends on report@
fn << mmio.fn;
p << mmio.p;
@@
if fn in handlers and (p[0].file, fn) not in guarded:
    coccilib.report.print_report(p[0], "ioctl %s accesses MMIO without an unbind guard" % fn)
