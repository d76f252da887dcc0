// SPDX-License-Identifier: GPL-2.0-only
/// Convert a driver's open-coded drm_dev_enter() sections to device
/// sections, for a driver that asks for unplug domains of its own
/// (DRIVER_UNPLUG_DOMAIN): in a function that enters one device on an index
/// declared on its own, int idx becomes struct drm_dev_section idx,
/// drm_dev_enter(dev, &idx) becomes drm_dev_section_enter(dev, &idx) and
/// drm_dev_exit(idx) becomes drm_dev_section_exit(&idx). Report mode lists
/// every drm_dev_enter() left: sections on an index declared with others,
/// on different devices, or left in another function, which a human
/// converts, and checks against the "Unplug Domains" list of
/// Documentation/gpu/drm-internals.rst before the driver asks for domains.
//
// Confidence: High. The conversion changes no behaviour for a driver
// without DRIVER_UNPLUG_DOMAIN (its device sections are in the domain
// drm_dev_enter() uses); it does not decide whether the driver may ask.
// Copyright: (C) 2026 The drm-regdata developers.
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers

virtual patch
virtual report

@initialize:python@
@@
entered = {}

@enter depends on patch@
identifier fn, idx;
expression dev;
position p;
@@
fn@p(...) {
 <+...
 drm_dev_enter(dev, &idx)
 ...+>
}

@script:python depends on patch@
dev << enter.dev;
idx << enter.idx;
p << enter.p;
@@
entered.setdefault((p[0].file, p[0].line, idx), set()).add(dev)

// One device per index and function, or a human converts the function.
@script:python one depends on patch@
fn << enter.fn;
idx << enter.idx;
p << enter.p;
f;
i;
@@
if len(entered[(p[0].file, p[0].line, idx)]) > 1:
    cocci.include_match(False)
else:
    coccinelle.f = fn
    coccinelle.i = idx

@depends on patch@
identifier one.f, one.i;
expression dev;
@@
f(...) {
 ...
-int i;
+struct drm_dev_section i;
 <...
(
-drm_dev_enter(dev, &i)
+drm_dev_section_enter(dev, &i)
|
-drm_dev_exit(i)
+drm_dev_section_exit(&i)
)
 ...>
}

@left depends on report@
expression dev, idx;
position p;
@@
drm_dev_enter@p(dev, idx)

@script:python depends on report@
p << left.p;
@@
coccilib.report.print_report(p[0], "drm_dev_enter() section: convert to drm_dev_section_enter() by hand")
