// SPDX-License-Identifier: GPL-2.0-only
/// Find DRM driver ioctl handlers (functions listed in a drm_ioctl_desc
/// table) that open-code drm_dev_enter()/drm_dev_exit(), or that access MMIO
/// without any guard. The first can use DEFINE_DRM_GUARDED_IOCTL() and
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
guarded = set()

@table@
identifier tab, fn;
expression name, flags;
@@
struct drm_ioctl_desc tab[] = { ..., DRM_IOCTL_DEF_DRV(name, fn, flags), ... };

@opencoded@
identifier table.fn;
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
fn << table.fn;
p << opencoded.p;
@@
guarded.add((p[0].file, fn))

@mmio@
identifier table.fn;
position p;
@@
fn(...)
{
<+...
\(readl@p\|writel@p\|readq@p\|writeq@p\|readw@p\|writew@p\|readb@p\|writeb@p\|ioread32@p\|iowrite32@p\|ioread16@p\|iowrite16@p\|ioread8@p\|iowrite8@p\|memcpy_fromio@p\|memcpy_toio@p\)(...)
...+>
}

@depends on context@
position opencoded.p;
@@
* drm_dev_enter@p(...)

@script:python depends on org@
fn << table.fn;
p << opencoded.p;
@@
coccilib.org.print_todo(p[0], "ioctl %s open-codes drm_dev_enter(): use DEFINE_DRM_GUARDED_IOCTL()" % fn)

@script:python depends on report@
fn << table.fn;
p << opencoded.p;
@@
coccilib.report.print_report(p[0], "ioctl %s open-codes drm_dev_enter(): use DEFINE_DRM_GUARDED_IOCTL()" % fn)

@script:python depends on org@
fn << table.fn;
p << mmio.p;
@@
if (p[0].file, fn) not in guarded:
    coccilib.org.print_todo(p[0], "ioctl %s accesses MMIO without an unbind guard" % fn)

@script:python depends on report@
fn << table.fn;
p << mmio.p;
@@
if (p[0].file, fn) not in guarded:
    coccilib.report.print_report(p[0], "ioctl %s accesses MMIO without an unbind guard" % fn)
