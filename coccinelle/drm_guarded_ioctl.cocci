// SPDX-License-Identifier: GPL-2.0-only
/// Convert DRM ioctl handlers that open-code drm_dev_enter()/drm_dev_exit()
/// to the guarded form of drm_regdata: the handler takes the registration
/// data, DEFINE_DRM_GUARDED_IOCTL() defines its trampoline and the table
/// entry becomes DRM_IOCTL_DEF_DRV_GUARDED(). Give the registration data
/// type and the name of its struct drm_registration member:
///   spatch -D patch -D rdtype=foo_data -D member=reg ...
/// A handler is one named by a DRM_IOCTL_DEF_DRV() entry of a drm_ioctl_desc
/// table, or by an entry M(name, f, flags) of a driver macro that pastes
/// the handler's name together (pvr, panthor): then the handler is the
/// function with the drm_ioctl_t signature whose name ends in _f, and the
/// entry becomes M_GUARDED(name, f, flags), a macro the driver defines on
/// top of DRM_IOCTL_DEF_DRV_GUARDED(). The handler's answer to an unplugged
/// device (-ENODEV, or -EIO) becomes the trampoline's -ENODEV, which is what
/// drm_ioctl() answers before it calls a handler of an unplugged device.
/// The converted handler still reaches its state through the drm_device;
/// move what unbind releases into the registration data by hand.
//
// Confidence: High
// Copyright: (C) 2026 The drm-regdata developers.
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
# Table entries as (macro, function argument).
entries = set()
converted = set()

def in_table(fn):
    for (m, f) in entries:
        if m == "DRM_IOCTL_DEF_DRV":
            if fn == f:
                return True
        elif fn.endswith("_" + f):
            return True
    return False

@table depends on patch@
identifier tab, M, fn;
expression name, flags;
@@
struct drm_ioctl_desc tab[] = { ..., M(name, fn, flags), ... };

@script:python depends on table@
M << table.M;
fn << table.fn;
@@
entries.add((M, fn))

@cand depends on patch@
identifier fn, drm, data, file, idx;
constant E;
@@
 int fn(struct drm_device *drm, void *data, struct drm_file *file)
 {
 ...
 int idx;
 ...
 if (!drm_dev_enter(drm, &idx))
	return -E;
 <...
 drm_dev_exit(idx);
 ...>
 }

@script:python guarded depends on patch@
fn << cand.fn;
E << cand.E;
gfn;
@@
if E not in ("ENODEV", "EIO") or not in_table(fn):
    cocci.include_match(False)
else:
    coccinelle.gfn = fn

@conv depends on patch@
identifier guarded.gfn, drm, data, file, idx;
identifier virtual.rdtype;
constant E;
@@
 int gfn(struct drm_device *drm,
+	struct rdtype *regdata,
 	void *data, struct drm_file *file)
 {
 ...
-int idx;
 ...
-if (!drm_dev_enter(drm, &idx))
-	return -E;
 <...
-drm_dev_exit(idx);
 ...>
 }

@script:python depends on conv@
gfn << guarded.gfn;
@@
converted.add(gfn)

@depends on conv@
identifier guarded.gfn;
identifier virtual.rdtype, virtual.member;
@@
 gfn(...) { ... }
+
+DEFINE_DRM_GUARDED_IOCTL(gfn, struct rdtype, member);

@depends on conv@
identifier guarded.gfn;
expression name, flags;
@@
-DRM_IOCTL_DEF_DRV(name, gfn, flags)
+DRM_IOCTL_DEF_DRV_GUARDED(name, gfn, flags)

@mentry depends on patch@
identifier tab, M, f;
expression name, flags;
@@
struct drm_ioctl_desc tab[] = { ..., M(name, f, flags), ... };

@script:python mguarded depends on mentry@
M << mentry.M;
f << mentry.f;
MG;
@@
if M in ("DRM_IOCTL_DEF_DRV", "DRM_IOCTL_DEF_DRV_GUARDED") or \
   not any(c.endswith("_" + f) for c in converted):
    cocci.include_match(False)
else:
    coccinelle.MG = M + "_GUARDED"

@depends on mguarded@
identifier mentry.M, mentry.f, mguarded.MG;
expression name, flags;
@@
-M(name, f, flags)
+MG(name, f, flags)
