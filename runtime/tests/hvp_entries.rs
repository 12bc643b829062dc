//! Every forward-over-reverse entry `NAME::__adjoint_hvp` of the runtime, called as generated
//! code calls it (the pullback's arguments, the forward-mode entry's tangents):
//! - its adjoints are exactly those of `NAME::__adjoint_forward` and the pullback;
//! - their tangents match central differences of those adjoints when the arguments move along
//!   the tangents and the output's adjoint `g` along `dg`, for every combination of present and
//!   absent tangents (an absent one moving by zero), in `f64` (relative error within 1e-6) and
//!   `f32`;
//! - an adjoint not asked for is `None` in both results, and one asked for is the same as when
//!   every adjoint is.

use std::fmt::Debug;

use adjoint_runtime::check::Checker;
use adjoint_runtime::layers::{Conv2d, Dense, conv, dense};
use adjoint_runtime::loss::{mean, mse, softmax_cross_entropy};
use adjoint_runtime::nn::{
    avg_pool2d, conv2d, flatten, leaky_relu, log_softmax, max_pool2d, relu, sigmoid, softmax,
};
use adjoint_runtime::ops::reduce::{standard_deviation, variance};
use adjoint_runtime::{Float, Params};
use ndarray::{Array1, Array2, Array3, Array4, array};

#[path = "support/points.rs"]
mod points;

use points::{direction_like, fill, or_zero, present};

/// The check of one call's tangents: step 1e-6 and relative error within 1e-6 in `f64`, the
/// defaults in `f32`.
fn checker<F: Float>() -> Checker {
    if size_of::<F>() == size_of::<f64>() {
        Checker::new().step(1e-6).rtol(1e-6).atol(1e-8)
    } else {
        Checker::new()
    }
}

/// **Panics** with `what` unless `adjoints` are `adjoints_at(point)` (the forward entry and its
/// pullback at the arguments and `g` that `point` holds) and `tangents` match the central
/// differences of `adjoints_at` at `point` along `direction`.
#[track_caller]
fn check<P, O>(
    what: &str,
    adjoints_at: impl Fn(&P) -> O,
    point: &P,
    direction: &P,
    (adjoints, tangents): (O, O),
) where
    P: Params + Clone,
    O: Params<Elem = P::Elem> + PartialEq + Debug,
{
    assert_eq!(
        adjoints,
        adjoints_at(point),
        "{what}: the adjoints are not the pullback's"
    );
    let report = checker::<P::Elem>().check_jvp(adjoints_at, point, direction, &tangents);
    assert!(
        report.is_ok(),
        "{what}: the tangents of the adjoints\n{report}"
    );
}

/// An adjoint that was asked for.
#[track_caller]
fn asked<T>(adjoint: Option<T>) -> T {
    adjoint.expect("an adjoint that was asked for")
}

/// The adjoint and its tangent from the results of an entry of one differentiated argument.
#[track_caller]
fn one<A>(((a,), (ta,)): ((Option<A>,), (Option<A>,))) -> (A, A) {
    (asked(a), asked(ta))
}

/// The adjoints and their tangents from the results of an entry of two differentiated
/// arguments.
#[track_caller]
#[allow(clippy::type_complexity)]
fn two<A, B>(
    ((a, b), (ta, tb)): ((Option<A>, Option<B>), (Option<A>, Option<B>)),
) -> ((A, B), (A, B)) {
    ((asked(a), asked(b)), (asked(ta), asked(tb)))
}

/// **Panics** with `what` unless `got` is `None` when not `asked` for, and `all` (the result
/// with every adjoint asked for) when it is.
#[track_caller]
fn assert_needed<T: PartialEq + Debug>(what: &str, asked: bool, got: Option<T>, all: &T) {
    if asked {
        assert_eq!(
            got.as_ref(),
            Some(all),
            "{what}: not the same as with every adjoint"
        );
    } else {
        assert!(got.is_none(), "{what}: computed though not asked for");
    }
}

/// [`assert_needed`] for the adjoint and its tangent of each of two arguments.
#[track_caller]
#[allow(clippy::type_complexity)]
fn assert_needs_two<A: PartialEq + Debug, B: PartialEq + Debug>(
    what: &str,
    needs: [bool; 2],
    ((a, b), (ta, tb)): ((Option<A>, Option<B>), (Option<A>, Option<B>)),
    ((all_a, all_b), (all_ta, all_tb)): &((A, B), (A, B)),
) {
    let what = format!("{what} with needs {needs:?}");
    assert_needed(&format!("{what}: adjoint 0"), needs[0], a, all_a);
    assert_needed(&format!("{what}: adjoint 1"), needs[1], b, all_b);
    assert_needed(&format!("{what}: tangent 0"), needs[0], ta, all_ta);
    assert_needed(&format!("{what}: tangent 1"), needs[1], tb, all_tb);
}

/// [`assert_needed`] for the adjoint and its tangent of one argument.
#[track_caller]
fn assert_needs_one<A: PartialEq + Debug>(
    what: &str,
    asked: bool,
    ((a,), (ta,)): ((Option<A>,), (Option<A>,)),
    (all_a, all_ta): &(A, A),
) {
    assert_needed(&format!("{what}: the adjoint"), asked, a, all_a);
    assert_needed(&format!("{what}: its tangent"), asked, ta, all_ta);
}

const NEEDS_OF_TWO: [[bool; 2]; 3] = [[true, false], [false, true], [false, false]];

fn dense_entry<F: Float>() {
    // A batch of 5: the bias is broadcast over the rows.
    let layer: Dense<F> = fill(&Dense::zeros(3, 4), 1);
    let x: Array2<F> = fill(&Array2::zeros((5, 3)), 2);
    let g: Array2<F> = fill(&Array2::zeros((5, 4)), 3);
    let (d_layer, dx, dg) = (
        direction_like(&layer, 4),
        direction_like(&x, 5),
        direction_like(&g, 6),
    );
    let adjoints_at = |(layer, x, g): &(Dense<F>, Array2<F>, Array2<F>)| {
        let (y, pullback) = dense::__adjoint_forward(layer, x);
        let (d_layer, dx) = pullback.pullback((&layer, &x), &y, g, [true, true]);
        (asked(d_layer), asked(dx))
    };
    let point = (layer.clone(), x.clone(), g.clone());
    for mask in 0..8 {
        let (pl, px, pg) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let tangents = (pl.then_some(&d_layer), px.then_some(&dx));
        // As generated code passes them: the layer behind references, `x` a view.
        let args = (&&layer, &x.view());
        let result = dense::__adjoint_hvp(args, tangents, &g, pg.then_some(&dg), [true, true]);
        let direction = (or_zero(pl, &d_layer), or_zero(px, &dx), or_zero(pg, &dg));
        let what = format!("dense (d_layer, dx, dg) present = ({pl}, {px}, {pg})");
        check(&what, adjoints_at, &point, &direction, two(result));
    }
    let hvp = |needs| {
        dense::__adjoint_hvp(
            (&layer, &x),
            (Some(&d_layer), Some(&dx)),
            &g,
            Some(&dg),
            needs,
        )
    };
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("dense", needs, hvp(needs), &all);
    }
}

#[test]
fn dense_entry_f64() {
    dense_entry::<f64>();
}

#[test]
fn dense_entry_f32() {
    dense_entry::<f32>();
}

fn conv2d_entry<F: Float>() {
    let (stride, padding) = ((2, 1), (1, 2));
    let x: Array4<F> = fill(&Array4::zeros((2, 2, 5, 4)), 1);
    let w: Array4<F> = fill(&Array4::zeros((3, 2, 3, 3)), 2);
    let b: Array1<F> = fill(&Array1::zeros(3), 3);
    let g: Array4<F> = fill(&conv2d(&x, &w, &b, stride, padding), 4);
    let (dx, dw, db, dg) = (
        direction_like(&x, 5),
        direction_like(&w, 6),
        direction_like(&b, 7),
        direction_like(&g, 8),
    );
    type Point<F> = (Array4<F>, Array4<F>, Array1<F>, Array4<F>);
    let adjoints_at = |(x, w, b, g): &Point<F>| {
        let (y, pullback) = conv2d::__adjoint_forward(x, w, b, stride, padding);
        let args = (&x, &w, &b, &stride, &padding);
        let (dx, dw, db) = pullback.pullback(args, &y, g, [true, true, true, false, false]);
        (asked(dx), asked(dw), asked(db))
    };
    let point = (x.clone(), w.clone(), b.clone(), g.clone());
    let hvp = |mask: u32, needs| {
        let tangents = (
            present(mask, 0).then_some(&dx),
            present(mask, 1).then_some(&dw),
            present(mask, 2).then_some(&db),
            None,
            None,
        );
        let args = (&&x, &&w, &&b, &stride, &padding);
        conv2d::__adjoint_hvp(args, tangents, &g, present(mask, 3).then_some(&dg), needs)
    };
    for mask in 0..16 {
        let p = |i| present(mask, i);
        let ((ax, aw, ab), (tx, tw, tb)) = hvp(mask, [true, true, true, false, false]);
        let result = (
            (asked(ax), asked(aw), asked(ab)),
            (asked(tx), asked(tw), asked(tb)),
        );
        let direction = (
            or_zero(p(0), &dx),
            or_zero(p(1), &dw),
            or_zero(p(2), &db),
            or_zero(p(3), &dg),
        );
        let what = format!(
            "conv2d (dx, dw, db, dg) present = ({}, {}, {}, {})",
            p(0),
            p(1),
            p(2),
            p(3)
        );
        check(&what, adjoints_at, &point, &direction, result);
    }
    let ((ax, aw, ab), (tx, tw, tb)) = hvp(15, [true, true, true, false, false]);
    let all = (asked(ax), asked(aw), asked(ab));
    let all_tangents = (asked(tx), asked(tw), asked(tb));
    for needs in [
        [true, false, true],
        [false, true, false],
        [false, false, false],
    ] {
        let what = format!("conv2d with needs {needs:?}");
        let ((ax, aw, ab), (tx, tw, tb)) = hvp(15, [needs[0], needs[1], needs[2], false, false]);
        assert_needed(&format!("{what}: x's adjoint"), needs[0], ax, &all.0);
        assert_needed(&format!("{what}: w's adjoint"), needs[1], aw, &all.1);
        assert_needed(&format!("{what}: b's adjoint"), needs[2], ab, &all.2);
        assert_needed(
            &format!("{what}: x's tangent"),
            needs[0],
            tx,
            &all_tangents.0,
        );
        assert_needed(
            &format!("{what}: w's tangent"),
            needs[1],
            tw,
            &all_tangents.1,
        );
        assert_needed(
            &format!("{what}: b's tangent"),
            needs[2],
            tb,
            &all_tangents.2,
        );
    }
}

#[test]
fn conv2d_entry_f64() {
    conv2d_entry::<f64>();
}

#[test]
fn conv2d_entry_f32() {
    conv2d_entry::<f32>();
}

fn conv_entry<F: Float>() {
    let layer = Conv2d {
        w: fill(&Array4::<F>::zeros((3, 2, 3, 3)), 1),
        b: fill(&Array1::zeros(3), 2),
        stride: (2, 1),
        padding: (1, 2),
    };
    let x: Array4<F> = fill(&Array4::zeros((2, 2, 5, 4)), 3);
    let g: Array4<F> = fill(&conv(&layer, &x), 4);
    let (d_layer, dx, dg) = (
        direction_like(&layer, 5),
        direction_like(&x, 6),
        direction_like(&g, 7),
    );
    let adjoints_at = |(layer, x, g): &(Conv2d<F>, Array4<F>, Array4<F>)| {
        let (y, pullback) = conv::__adjoint_forward(layer, x);
        let (d_layer, dx) = pullback.pullback((&layer, &x), &y, g, [true, true]);
        (asked(d_layer), asked(dx))
    };
    let point = (layer.clone(), x.clone(), g.clone());
    for mask in 0..8 {
        let (pl, px, pg) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let tangents = (pl.then_some(&d_layer), px.then_some(&dx));
        let args = (&&layer, &x.view());
        let result = conv::__adjoint_hvp(args, tangents, &g, pg.then_some(&dg), [true, true]);
        let direction = (or_zero(pl, &d_layer), or_zero(px, &dx), or_zero(pg, &dg));
        let what = format!("conv (d_layer, dx, dg) present = ({pl}, {px}, {pg})");
        check(&what, adjoints_at, &point, &direction, two(result));
    }
    // The layer's adjoint and its tangent keep its configuration.
    let ((a_layer, _), (t_layer, _)) = two(conv::__adjoint_hvp(
        (&layer, &x),
        (Some(&d_layer), None),
        &g,
        None,
        [true, true],
    ));
    assert_eq!((a_layer.stride, a_layer.padding), ((2, 1), (1, 2)));
    assert_eq!((t_layer.stride, t_layer.padding), ((2, 1), (1, 2)));
    let hvp = |needs| {
        conv::__adjoint_hvp(
            (&layer, &x),
            (Some(&d_layer), Some(&dx)),
            &g,
            Some(&dg),
            needs,
        )
    };
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("conv", needs, hvp(needs), &all);
    }
}

#[test]
fn conv_entry_f64() {
    conv_entry::<f64>();
}

#[test]
fn conv_entry_f32() {
    conv_entry::<f32>();
}

fn pool_and_flatten_entries<F: Float>() {
    let (kernel, stride) = ((2, 3), (1, 2));
    let x: Array4<F> = fill(&Array4::zeros((1, 2, 4, 5)), 1);
    let g: Array4<F> = fill(&max_pool2d(&x, kernel, stride), 2);
    let (dx, dg) = (direction_like(&x, 3), direction_like(&g, 4));
    let point = (x.clone(), g.clone());
    let max_at = |(x, g): &(Array4<F>, Array4<F>)| {
        let (y, pullback) = max_pool2d::__adjoint_forward(x, kernel, stride);
        asked(
            pullback
                .pullback((&x, &kernel, &stride), &y, g, [true, false, false])
                .0,
        )
    };
    let avg_at = |(x, g): &(Array4<F>, Array4<F>)| {
        let (y, pullback) = avg_pool2d::__adjoint_forward(x, kernel, stride);
        asked(
            pullback
                .pullback((&x, &kernel, &stride), &y, g, [true, false, false])
                .0,
        )
    };
    let flat = flatten(&x);
    let g_flat: Array2<F> = fill(&flat, 5);
    let dg_flat = direction_like(&g_flat, 6);
    let flatten_at = |(x, g): &(Array4<F>, Array2<F>)| {
        let (y, pullback) = flatten::__adjoint_forward(x);
        asked(pullback.pullback((&x,), &y, g, [true]).0)
    };
    let x3: Array3<F> = fill(&Array3::zeros((2, 3, 2)), 7);
    let g3: Array2<F> = fill(&flatten(&x3), 8);
    let (dx3, dg3) = (direction_like(&x3, 9), direction_like(&g3, 10));
    let flatten3_at = |(x, g): &(Array3<F>, Array2<F>)| {
        let (y, pullback) = flatten::__adjoint_forward(x);
        asked(pullback.pullback((&x,), &y, g, [true]).0)
    };
    for mask in 0..4 {
        let (px, pg) = (present(mask, 0), present(mask, 1));
        let along = format!("(dx, dg) present = ({px}, {pg})");
        let direction = (or_zero(px, &dx), or_zero(pg, &dg));
        let (tx, tg) = (px.then_some(&dx), pg.then_some(&dg));
        let args = (&&x, &kernel, &stride);
        let result = max_pool2d::__adjoint_hvp(args, (tx, None, None), &g, tg, [true; 3]);
        check(
            &format!("max_pool2d {along}"),
            max_at,
            &point,
            &direction,
            one(result),
        );
        let result = avg_pool2d::__adjoint_hvp(args, (tx, None, None), &g, tg, [true; 3]);
        check(
            &format!("avg_pool2d {along}"),
            avg_at,
            &point,
            &direction,
            one(result),
        );
        let direction = (or_zero(px, &dx), or_zero(pg, &dg_flat));
        let result =
            flatten::__adjoint_hvp((&x.view(),), (tx,), &g_flat, pg.then_some(&dg_flat), [true]);
        let point = (x.clone(), g_flat.clone());
        check(
            &format!("flatten {along}"),
            flatten_at,
            &point,
            &direction,
            one(result),
        );
        let direction = (or_zero(px, &dx3), or_zero(pg, &dg3));
        let tangents = (px.then_some(&dx3),);
        let result = flatten::__adjoint_hvp((&&x3,), tangents, &g3, pg.then_some(&dg3), [true]);
        let point = (x3.clone(), g3.clone());
        check(
            &format!("flatten of 3 axes {along}"),
            flatten3_at,
            &point,
            &direction,
            one(result),
        );
    }
    let args = (&x, &kernel, &stride);
    let tangents = (Some(&dx), None, None);
    let all = one(max_pool2d::__adjoint_hvp(
        args,
        tangents,
        &g,
        Some(&dg),
        [true; 3],
    ));
    let none = max_pool2d::__adjoint_hvp(args, tangents, &g, Some(&dg), [false; 3]);
    assert_needs_one("max_pool2d", false, none, &all);
    let all = one(avg_pool2d::__adjoint_hvp(
        args,
        tangents,
        &g,
        Some(&dg),
        [true; 3],
    ));
    let none = avg_pool2d::__adjoint_hvp(args, tangents, &g, Some(&dg), [false; 3]);
    assert_needs_one("avg_pool2d", false, none, &all);
    let all = one(flatten::__adjoint_hvp(
        (&x,),
        (Some(&dx),),
        &g_flat,
        Some(&dg_flat),
        [true],
    ));
    let none = flatten::__adjoint_hvp((&x,), (Some(&dx),), &g_flat, Some(&dg_flat), [false]);
    assert_needs_one("flatten", false, none, &all);
}

#[test]
fn pool_and_flatten_entries_f64() {
    pool_and_flatten_entries::<f64>();
}

#[test]
fn pool_and_flatten_entries_f32() {
    pool_and_flatten_entries::<f32>();
}

fn reduction_entries<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let da = direction_like(&a, 2);
    let (ddof, dddof) = (F::one(), F::from_f64_lossy(0.75));
    let (g, dg) = (F::from_f64_lossy(0.7), F::from_f64_lossy(-1.3));
    let point = (a.clone(), ddof, g);
    let variance_at = |(a, ddof, g): &(Array2<F>, F, F)| {
        let (y, pullback) = variance::__adjoint_forward(a, *ddof);
        let (da, dddof) = pullback.pullback((&a, ddof), &y, g, [true, true]);
        (asked(da), asked(dddof))
    };
    let deviation_at = |(a, ddof, g): &(Array2<F>, F, F)| {
        let (y, pullback) = standard_deviation::__adjoint_forward(a, *ddof);
        let (da, dddof) = pullback.pullback((&a, ddof), &y, g, [true, true]);
        (asked(da), asked(dddof))
    };
    for mask in 0..8 {
        let (pa, pd, pg) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let tangents = (pa.then_some(&da), pd.then_some(&dddof));
        let direction = (or_zero(pa, &da), or_zero(pd, &dddof), or_zero(pg, &dg));
        let along = format!("(da, dddof, dg) present = ({pa}, {pd}, {pg})");
        let result =
            variance::__adjoint_hvp((&&a, &ddof), tangents, &g, pg.then_some(&dg), [true; 2]);
        check(
            &format!("variance {along}"),
            variance_at,
            &point,
            &direction,
            two(result),
        );
        let args = (&a.view(), &ddof);
        let result =
            standard_deviation::__adjoint_hvp(args, tangents, &g, pg.then_some(&dg), [true; 2]);
        check(
            &format!("std {along}"),
            deviation_at,
            &point,
            &direction,
            two(result),
        );
    }
    let tangents = (Some(&da), Some(&dddof));
    let hvp = |needs| variance::__adjoint_hvp((&a, &ddof), tangents, &g, Some(&dg), needs);
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("variance", needs, hvp(needs), &all);
    }
    let hvp =
        |needs| standard_deviation::__adjoint_hvp((&a, &ddof), tangents, &g, Some(&dg), needs);
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("std", needs, hvp(needs), &all);
    }
}

#[test]
fn reduction_entries_f64() {
    reduction_entries::<f64>();
}

#[test]
fn reduction_entries_f32() {
    reduction_entries::<f32>();
}

/// The element-wise and lane-wise activations of one operand, on arrays of two and three axes
/// and on floats.
fn activation_entries<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let (da, g, dg) = (direction_like(&a, 2), fill(&a, 3), direction_like(&a, 4));
    let point = (a.clone(), g.clone());
    type At<F> = fn(&(Array2<F>, Array2<F>)) -> Array2<F>;
    let relu_at: At<F> = |(a, g)| {
        let (y, pullback) = relu::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    let sigmoid_at: At<F> = |(a, g)| {
        let (y, pullback) = sigmoid::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    let softmax_at: At<F> = |(a, g)| {
        let (y, pullback) = softmax::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    let log_softmax_at: At<F> = |(a, g)| {
        let (y, pullback) = log_softmax::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    for mask in 0..4 {
        let (pa, pg) = (present(mask, 0), present(mask, 1));
        let along = format!("(da, dg) present = ({pa}, {pg})");
        let direction = (or_zero(pa, &da), or_zero(pg, &dg));
        let (ta, tg) = ((pa.then_some(&da),), pg.then_some(&dg));
        let result = relu::__adjoint_hvp((&&a,), ta, &g, tg, [true]);
        check(
            &format!("relu {along}"),
            relu_at,
            &point,
            &direction,
            one(result),
        );
        let result = relu::__adjoint_hvp((&a.view(),), ta, &g, tg, [true]);
        let what = format!("relu of a view {along}");
        check(&what, relu_at, &point, &direction, one(result));
        let result = sigmoid::__adjoint_hvp((&a,), ta, &g, tg, [true]);
        let what = format!("sigmoid {along}");
        check(&what, sigmoid_at, &point, &direction, one(result));
        let result = softmax::__adjoint_hvp((&&a,), ta, &g, tg, [true]);
        let what = format!("softmax {along}");
        check(&what, softmax_at, &point, &direction, one(result));
        let result = log_softmax::__adjoint_hvp((&a.view(),), ta, &g, tg, [true]);
        let what = format!("log_softmax {along}");
        check(&what, log_softmax_at, &point, &direction, one(result));
    }
    // The lane-wise ones along the last of three axes.
    let a3: Array3<F> = fill(&Array3::zeros((2, 2, 3)), 5);
    let (da3, g3, dg3) = (direction_like(&a3, 6), fill(&a3, 7), direction_like(&a3, 8));
    let point3 = (a3.clone(), g3.clone());
    let direction3 = (da3.clone(), dg3.clone());
    let result = softmax::__adjoint_hvp((&&a3,), (Some(&da3),), &g3, Some(&dg3), [true]);
    let at = |(a, g): &(Array3<F>, Array3<F>)| {
        let (y, pullback) = softmax::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    check("softmax of 3 axes", at, &point3, &direction3, one(result));
    let result = log_softmax::__adjoint_hvp((&&a3,), (Some(&da3),), &g3, Some(&dg3), [true]);
    let at = |(a, g): &(Array3<F>, Array3<F>)| {
        let (y, pullback) = log_softmax::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    check(
        "log_softmax of 3 axes",
        at,
        &point3,
        &direction3,
        one(result),
    );
    // On a float.
    let (s, ds, gs, dgs) = (
        F::from_f64_lossy(0.6),
        F::from_f64_lossy(1.5),
        F::from_f64_lossy(-0.8),
        F::from_f64_lossy(0.9),
    );
    let relu_of_float_at = |(s, g): &(F, F)| {
        let (y, pullback) = relu::__adjoint_forward(s);
        asked(pullback.pullback((s,), &y, g, [true]).0)
    };
    let sigmoid_of_float_at = |(s, g): &(F, F)| {
        let (y, pullback) = sigmoid::__adjoint_forward(s);
        asked(pullback.pullback((s,), &y, g, [true]).0)
    };
    for mask in 0..4 {
        let (pa, pg) = (present(mask, 0), present(mask, 1));
        let along = format!("of a float, (da, dg) present = ({pa}, {pg})");
        let direction = (or_zero(pa, &ds), or_zero(pg, &dgs));
        let (ta, tg) = ((pa.then_some(&ds),), pg.then_some(&dgs));
        let result = relu::__adjoint_hvp((&&s,), ta, &gs, tg, [true]);
        let what = format!("relu {along}");
        check(&what, relu_of_float_at, &(s, gs), &direction, one(result));
        let result = sigmoid::__adjoint_hvp((&s,), ta, &gs, tg, [true]);
        let what = format!("sigmoid {along}");
        check(
            &what,
            sigmoid_of_float_at,
            &(s, gs),
            &direction,
            one(result),
        );
    }
    let tangents = (Some(&da),);
    let hvp = |asked| relu::__adjoint_hvp((&a,), tangents, &g, Some(&dg), [asked]);
    assert_needs_one("relu", false, hvp(false), &one(hvp(true)));
    let hvp = |asked| sigmoid::__adjoint_hvp((&a,), tangents, &g, Some(&dg), [asked]);
    assert_needs_one("sigmoid", false, hvp(false), &one(hvp(true)));
    let hvp = |asked| softmax::__adjoint_hvp((&a,), tangents, &g, Some(&dg), [asked]);
    assert_needs_one("softmax", false, hvp(false), &one(hvp(true)));
    let hvp = |asked| log_softmax::__adjoint_hvp((&a,), tangents, &g, Some(&dg), [asked]);
    assert_needs_one("log_softmax", false, hvp(false), &one(hvp(true)));
}

#[test]
fn activation_entries_f64() {
    activation_entries::<f64>();
}

#[test]
fn activation_entries_f32() {
    activation_entries::<f32>();
}

/// `leaky_relu` of an array, its float slope broadcast to every element, and of a float.
fn leaky_relu_entry<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let (da, g, dg) = (direction_like(&a, 2), fill(&a, 3), direction_like(&a, 4));
    let (alpha, dalpha) = (F::from_f64_lossy(0.1), F::from_f64_lossy(-0.5));
    let point = (a.clone(), alpha, g.clone());
    let at = |(a, alpha, g): &(Array2<F>, F, Array2<F>)| {
        let (y, pullback) = leaky_relu::__adjoint_forward(a, *alpha);
        let (da, dalpha) = pullback.pullback((&a, alpha), &y, g, [true, true]);
        (asked(da), asked(dalpha))
    };
    let (s, ds, gs, dgs) = (
        F::from_f64_lossy(-0.7),
        F::from_f64_lossy(1.5),
        F::from_f64_lossy(0.8),
        F::from_f64_lossy(-0.9),
    );
    let float_at = |(s, alpha, g): &(F, F, F)| {
        let (y, pullback) = leaky_relu::__adjoint_forward(s, *alpha);
        let (ds, dalpha) = pullback.pullback((s, alpha), &y, g, [true, true]);
        (asked(ds), asked(dalpha))
    };
    for mask in 0..8 {
        let (pa, pl, pg) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let along = format!("(da, dalpha, dg) present = ({pa}, {pl}, {pg})");
        let tangents = (pa.then_some(&da), pl.then_some(&dalpha));
        let result =
            leaky_relu::__adjoint_hvp((&&a, &alpha), tangents, &g, pg.then_some(&dg), [true; 2]);
        let direction = (or_zero(pa, &da), or_zero(pl, &dalpha), or_zero(pg, &dg));
        check(
            &format!("leaky_relu {along}"),
            at,
            &point,
            &direction,
            two(result),
        );
        let tangents = (pa.then_some(&ds), pl.then_some(&dalpha));
        let result =
            leaky_relu::__adjoint_hvp((&s, &alpha), tangents, &gs, pg.then_some(&dgs), [true; 2]);
        let direction = (or_zero(pa, &ds), or_zero(pl, &dalpha), or_zero(pg, &dgs));
        check(
            &format!("leaky_relu of a float {along}"),
            float_at,
            &(s, alpha, gs),
            &direction,
            two(result),
        );
    }
    let tangents = (Some(&da), Some(&dalpha));
    let hvp = |needs| leaky_relu::__adjoint_hvp((&a, &alpha), tangents, &g, Some(&dg), needs);
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("leaky_relu", needs, hvp(needs), &all);
    }
}

#[test]
fn leaky_relu_entry_f64() {
    leaky_relu_entry::<f64>();
}

#[test]
fn leaky_relu_entry_f32() {
    leaky_relu_entry::<f32>();
}

fn loss_entries<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let t: Array2<F> = fill(&a, 2);
    let (da, dt) = (direction_like(&a, 3), direction_like(&a, 4));
    let (g, dg) = (F::from_f64_lossy(0.7), F::from_f64_lossy(-1.3));
    let labels = array![2, 0, 3];
    let mean_at = |(a, g): &(Array2<F>, F)| {
        let (y, pullback) = mean::__adjoint_forward(a);
        asked(pullback.pullback((&a,), &y, g, [true]).0)
    };
    let cross_entropy_at = |(a, g): &(Array2<F>, F)| {
        let (y, pullback) = softmax_cross_entropy::__adjoint_forward(a, &labels);
        asked(pullback.pullback((&a, &&labels), &y, g, [true, false]).0)
    };
    let mse_at = |(p, t, g): &(Array2<F>, Array2<F>, F)| {
        let (y, pullback) = mse::__adjoint_forward(p, t);
        let (dp, dt) = pullback.pullback((&p, &t), &y, g, [true, true]);
        (asked(dp), asked(dt))
    };
    let point = (a.clone(), g);
    for mask in 0..4 {
        let (pa, pg) = (present(mask, 0), present(mask, 1));
        let along = format!("(da, dg) present = ({pa}, {pg})");
        let direction = (or_zero(pa, &da), or_zero(pg, &dg));
        let (ta, tg) = (pa.then_some(&da), pg.then_some(&dg));
        let result = mean::__adjoint_hvp((&&a,), (ta,), &g, tg, [true]);
        check(
            &format!("mean {along}"),
            mean_at,
            &point,
            &direction,
            one(result),
        );
        let args = (&a.view(), &&labels);
        let ((adjoint, ()), (tangent, ())) =
            softmax_cross_entropy::__adjoint_hvp(args, (ta, None), &g, tg, [true, false]);
        let what = format!("softmax_cross_entropy {along}");
        let result = (asked(adjoint), asked(tangent));
        check(&what, cross_entropy_at, &point, &direction, result);
    }
    let point = (a.clone(), t.clone(), g);
    for mask in 0..8 {
        let (pp, pt, pg) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let tangents = (pp.then_some(&da), pt.then_some(&dt));
        let result =
            mse::__adjoint_hvp((&&a, &t.view()), tangents, &g, pg.then_some(&dg), [true; 2]);
        let direction = (or_zero(pp, &da), or_zero(pt, &dt), or_zero(pg, &dg));
        let what = format!("mse (dpred, dtarget, dg) present = ({pp}, {pt}, {pg})");
        check(&what, mse_at, &point, &direction, two(result));
    }
    let hvp = |asked| mean::__adjoint_hvp((&a,), (Some(&da),), &g, Some(&dg), [asked]);
    assert_needs_one("mean", false, hvp(false), &one(hvp(true)));
    let hvp = |asked| {
        let args = (&a, &&labels);
        let ((adjoint, ()), (tangent, ())) = softmax_cross_entropy::__adjoint_hvp(
            args,
            (Some(&da), None),
            &g,
            Some(&dg),
            [asked, false],
        );
        ((adjoint,), (tangent,))
    };
    let all = one(hvp(true));
    assert_needs_one("softmax_cross_entropy", false, hvp(false), &all);
    let tangents = (Some(&da), Some(&dt));
    let hvp = |needs| mse::__adjoint_hvp((&a, &t), tangents, &g, Some(&dg), needs);
    let all = two(hvp([true, true]));
    for needs in NEEDS_OF_TWO {
        assert_needs_two("mse", needs, hvp(needs), &all);
    }
}

#[test]
fn loss_entries_f64() {
    loss_entries::<f64>();
}

#[test]
fn loss_entries_f32() {
    loss_entries::<f32>();
}

// A misshapen tangent panics, in every build, naming the rule and the argument, as the
// forward-mode entry does.

#[test]
#[should_panic(
    expected = "adjoint: dense_jvp: the tangent of `x` has shape [2, 3] but `x` has shape [1, 3]"
)]
fn a_misshapen_input_tangent_of_dense_panics() {
    let (layer, x) = (Dense::<f64>::zeros(3, 2), Array2::zeros((1, 3)));
    let dx = Array2::zeros((2, 3));
    let g = Array2::zeros((1, 2));
    let _ = dense::__adjoint_hvp((&layer, &x), (None, Some(&dx)), &g, None, [true, true]);
}

#[test]
#[should_panic(
    expected = "adjoint: dense's adjoint: the tangent `dg` has shape [2, 2], but the output has shape [1, 2]"
)]
fn a_misshapen_cotangent_tangent_of_dense_panics() {
    let (layer, x) = (Dense::<f64>::zeros(3, 2), Array2::zeros((1, 3)));
    let (g, dg) = (Array2::zeros((1, 2)), Array2::zeros((2, 2)));
    let _ = dense::__adjoint_hvp((&layer, &x), (None, None), &g, Some(&dg), [true, true]);
}

#[test]
#[should_panic(
    expected = "adjoint: conv_jvp: the tangent of `layer.b` has shape [2] but `layer.b` has shape [1]"
)]
fn a_misshapen_layer_tangent_of_conv_panics() {
    let layer = Conv2d {
        w: Array4::<f64>::zeros((1, 1, 3, 3)),
        b: Array1::zeros(1),
        stride: (1, 1),
        padding: (0, 0),
    };
    let d_layer = Conv2d {
        b: Array1::zeros(2),
        ..layer.clone()
    };
    let x = Array4::zeros((1, 1, 4, 4));
    let g = Array4::zeros((1, 1, 2, 2));
    let _ = conv::__adjoint_hvp((&layer, &x), (Some(&d_layer), None), &g, None, [true, true]);
}

#[test]
#[should_panic(
    expected = "adjoint: conv2d_jvp: the tangent of `w` has shape [1, 1, 2, 2] but `w` has shape [1, 1, 3, 3]"
)]
fn a_misshapen_kernel_tangent_of_conv2d_panics() {
    let (x, w, b) = (
        Array4::<f64>::zeros((1, 1, 4, 4)),
        Array4::zeros((1, 1, 3, 3)),
        Array1::zeros(1),
    );
    let (dw, g) = (Array4::zeros((1, 1, 2, 2)), Array4::zeros((1, 1, 2, 2)));
    let args = (&x, &w, &b, &(1, 1), &(0, 0));
    let tangents = (None, Some(&dw), None, None, None);
    let _ = conv2d::__adjoint_hvp(args, tangents, &g, None, [true; 5]);
}

#[test]
#[should_panic(
    expected = "adjoint: max_pool2d_jvp: the tangent of `x` has shape [1, 1, 2, 2] but `x` has shape [1, 1, 4, 4]"
)]
fn a_misshapen_tangent_of_max_pool2d_panics() {
    let x = Array4::<f64>::zeros((1, 1, 4, 4));
    let (dx, g) = (Array4::zeros((1, 1, 2, 2)), Array4::zeros((1, 1, 2, 2)));
    let args = (&x, &(2, 2), &(2, 2));
    let _ = max_pool2d::__adjoint_hvp(args, (Some(&dx), None, None), &g, None, [true; 3]);
}

#[test]
#[should_panic(
    expected = "adjoint: standard_deviation_jvp: the tangent of `a` has shape [2] but `a` has shape [3]"
)]
fn a_misshapen_tangent_of_standard_deviation_panics() {
    let a = array![1.0, 2.0, 4.0];
    let da = array![1.0, 1.0];
    let _ = standard_deviation::__adjoint_hvp((&a, &0.0), (Some(&da), None), &1.0, None, [true; 2]);
}

#[test]
#[should_panic(
    expected = "adjoint: relu_jvp: the tangent of `a` has shape [3] but `a` has shape [2]"
)]
fn a_misshapen_tangent_of_relu_panics() {
    let (a, g) = (array![1.0, -1.0], array![1.0, 1.0]);
    let _ = relu::__adjoint_hvp((&a,), (Some(&array![1.0, 1.0, 1.0]),), &g, None, [true]);
}

#[test]
#[should_panic(
    expected = "adjoint: mse_jvp: the tangent of `target` has shape [3] but `target` has shape [2]"
)]
fn a_misshapen_tangent_of_mse_panics() {
    let p = array![1.0, 2.0];
    let dt = array![1.0, 2.0, 3.0];
    let _ = mse::__adjoint_hvp((&p, &p), (None, Some(&dt)), &1.0, None, [true; 2]);
}

#[test]
#[should_panic(
    expected = "adjoint: softmax_cross_entropy_jvp: the tangent of `logits` has shape [1, 2] but `logits` has shape [2, 2]"
)]
fn a_misshapen_tangent_of_softmax_cross_entropy_panics() {
    let logits = Array2::<f64>::zeros((2, 2));
    let dlogits = Array2::zeros((1, 2));
    let labels = array![0, 1];
    let args = (&logits, &&labels);
    let _ =
        softmax_cross_entropy::__adjoint_hvp(args, (Some(&dlogits), None), &1.0, None, [true; 2]);
}
