// SPDX-License-Identifier: GPL-2.0-only
/// Name the device when leaving a drm_dev_enter() section: each
/// drm_dev_exit(idx) becomes drm_dev_exit(dev, idx), where dev is the
/// expression handed to drm_dev_enter(dev, &idx) in the same function.
/// A function that enters different devices on the same index is left as it
/// is, and report mode lists every drm_dev_exit() still without its device
/// (those, and sections left in another function): converted by hand.
//
// Confidence: High. The device expression is copied from the
// drm_dev_enter() call; the conversion is correct where it still names
// the same device at the drm_dev_exit(), which the commit's review checks.
// Copyright: (C) 2026 The drm-regdata developers.
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers

virtual patch
virtual report

@initialize:python@
@@
entered = {}

@enter depends on patch@
iterator name drm_exec_until_all_locked;
identifier fn;
expression dev, idx;
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
dev << enter.dev;
idx << enter.idx;
p << enter.p;
f;
d;
i;
@@
if len(entered[(p[0].file, p[0].line, idx)]) > 1:
    cocci.include_match(False)
else:
    coccinelle.f = fn
    coccinelle.d = cocci.make_expr(dev)
    coccinelle.i = cocci.make_expr(idx)

@depends on patch@
identifier one.f;
expression one.d, one.i;
@@
f(...) {
 <...
-drm_dev_exit(i)
+drm_dev_exit(d, i)
 ...>
}

@unnamed depends on report@
expression idx;
position p;
@@
drm_dev_exit@p(idx)

@script:python depends on report@
p << unnamed.p;
@@
coccilib.report.print_report(p[0], "drm_dev_exit() does not name the device the section was entered on")
