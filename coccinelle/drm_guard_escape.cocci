// SPDX-License-Identifier: GPL-2.0-only
/// Find registration data, or a pointer taken from it (a mapping, a member
/// pointer), used after the unbind guard it was taken under has been left:
/// after drm_unbind_guard_exit(), or after the block of
/// scoped_class(drm_unbind_guard, ...). Once the guard is left, unbind may
/// have released the data and unmapped what it maps; C cannot stop the
/// pointer from escaping the guard, this rule finds it.
//
// Confidence: Moderate: pointers are followed through one assignment
// inside the guard; values copied out (scalars) are fine and not reported.
// Copyright: (C) 2026 The drm-regdata developers.
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

// A pointer taken from the registration data of guard g.
@taken@
identifier g;
type T;
T *x;
position p0;
@@
x@p0 = <+... drm_unbind_guard_data(&g, ...) ...+>;

// A pointer taken from such a pointer while the guard is held.
@derived@
identifier taken.g;
type taken.T, T2;
T *taken.x;
T2 *y;
expression E;
position taken.p0;
@@
x@p0 = <+... drm_unbind_guard_data(&g, ...) ...+>;
... when != drm_unbind_guard_exit(&g)
    when != x = E
y = <+... x ...+>;

@escape@
identifier taken.g;
type T;
T *z = {taken.x, derived.y};
expression E;
position p;
@@
drm_unbind_guard_exit(&g);
... when != z = E
(
z = E
|
z@p
)

// The same with the scoped form: the guard ends with the block.
@scoped_taken@
iterator name scoped_class;
symbol drm_unbind_guard;
identifier g;
expression drm;
type T;
T *x;
position p0;
@@
scoped_class(drm_unbind_guard, g, drm) {
<...
x@p0 = <+... drm_unbind_guard_data(&g, ...) ...+>;
...>
}

@scoped_escape@
iterator name scoped_class;
symbol drm_unbind_guard;
identifier scoped_taken.g;
expression scoped_taken.drm, E;
type T;
T *scoped_taken.x;
position p;
@@
scoped_class(drm_unbind_guard, g, drm) { ... }
... when != x = E
(
x = E
|
x@p
)

@depends on context@
type T;
T *z = {taken.x, derived.y, scoped_taken.x};
position p = {escape.p, scoped_escape.p};
@@
* z@p

@script:python depends on org@
p << escape.p;
z << escape.z;
@@
coccilib.org.print_todo(p[0], "%s, taken from registration data, used after drm_unbind_guard_exit()" % z)

@script:python depends on report@
p << escape.p;
z << escape.z;
@@
coccilib.report.print_report(p[0], "%s, taken from registration data, used after drm_unbind_guard_exit()" % z)

@script:python depends on org@
p << scoped_escape.p;
x << scoped_taken.x;
@@
coccilib.org.print_todo(p[0], "%s, taken from registration data, used after the scope of its guard" % x)

@script:python depends on report@
p << scoped_escape.p;
x << scoped_taken.x;
@@
coccilib.report.print_report(p[0], "%s, taken from registration data, used after the scope of its guard" % x)
