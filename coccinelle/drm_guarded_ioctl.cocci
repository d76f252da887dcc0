// SPDX-License-Identifier: GPL-2.0-only
/// Convert DRM ioctl handlers that open-code drm_dev_enter()/drm_dev_exit()
/// to the guarded form of drm_regdata: the handler takes the registration
/// data, DEFINE_DRM_GUARDED_IOCTL() defines its trampoline and the table
/// entry becomes DRM_IOCTL_DEF_DRV_GUARDED(). Give the registration data
/// type and the name of its struct drm_registration member:
///   spatch -D patch -D rdtype=foo_data -D member=reg ...
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

@table depends on patch@
identifier tab, fn;
expression name, flags;
@@
struct drm_ioctl_desc tab[] = { ..., DRM_IOCTL_DEF_DRV(name, fn, flags), ... };

@cand depends on patch@
identifier table.fn, drm, data, file, idx;
position p;
@@
 int fn@p(struct drm_device *drm, void *data, struct drm_file *file)
 {
 ...
 int idx;
 ...
 if (!drm_dev_enter(drm, &idx))
	return -ENODEV;
 <...
 drm_dev_exit(idx);
 ...>
 }

@script:python guarded depends on patch@
fn << table.fn;
p << cand.p;
gfn;
@@
coccinelle.gfn = fn

@conv depends on patch@
identifier guarded.gfn, drm, data, file, idx;
identifier virtual.rdtype;
@@
 int gfn(struct drm_device *drm,
+	struct rdtype *regdata,
 	void *data, struct drm_file *file)
 {
 ...
-int idx;
 ...
-if (!drm_dev_enter(drm, &idx))
-	return -ENODEV;
 <...
-drm_dev_exit(idx);
 ...>
 }

@depends on conv@
identifier guarded.gfn;
identifier virtual.rdtype, virtual.member;
@@
 gfn(...) { ... }
+DEFINE_DRM_GUARDED_IOCTL(gfn, struct rdtype, member);

@depends on conv@
identifier guarded.gfn;
expression name, flags;
@@
-DRM_IOCTL_DEF_DRV(name, gfn, flags)
+DRM_IOCTL_DEF_DRV_GUARDED(name, gfn, flags)
