//! Every forward-mode entry `NAME::__adjoint_jvp` of the runtime, called as generated code
//! calls it: its value is `NAME(args)` exactly, and its tangent matches central differences of
//! `NAME` along the tangents, for every combination of present and absent tangents (an absent
//! one moving its argument by zero), in `f64` (relative error within 1e-7) and `f32`.
//!
//! The points are spread without ties and away from zero, so that no central difference
//! crosses the kink of a ReLU or changes a pool's argmax.

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

/// The check of one call: relative error within 1e-7 in `f64`, the defaults in `f32`.
fn checker<F: Float>() -> Checker {
    if size_of::<F>() == size_of::<f64>() {
        Checker::new().rtol(1e-7).atol(1e-9)
    } else {
        Checker::new()
    }
}

/// **Panics** with `what` unless `value` is `f(point)` and `tangent` matches the central
/// differences of `f` at `point` along `direction`.
#[track_caller]
fn check<P, O>(what: &str, f: impl Fn(&P) -> O, point: &P, direction: &P, (value, tangent): (O, O))
where
    P: Params + Clone,
    O: Params<Elem = P::Elem> + PartialEq + Debug,
{
    assert_eq!(value, f(point), "{what}: the value is not the function's");
    let report = checker::<P::Elem>().check_jvp(f, point, direction, &tangent);
    assert!(report.is_ok(), "{what}: the tangent\n{report}");
}

fn dense_entry<F: Float>() {
    let layer: Dense<F> = fill(&Dense::zeros(3, 4), 1);
    let x: Array2<F> = fill(&Array2::zeros((5, 3)), 2);
    let (d_layer, dx) = (direction_like(&layer, 3), direction_like(&x, 4));
    for mask in 0..4 {
        let (pl, px) = (present(mask, 0), present(mask, 1));
        let tangents = (pl.then_some(&d_layer), px.then_some(&dx));
        let result = dense::__adjoint_jvp(&layer, &x, tangents);
        let direction = (or_zero(pl, &d_layer), or_zero(px, &dx));
        let f = |(layer, x): &(Dense<F>, Array2<F>)| dense(layer, x);
        let what = format!("dense (d_layer, dx) present = ({pl}, {px})");
        check(&what, f, &(layer.clone(), x.clone()), &direction, result);
    }
    // As generated code passes them: the layer behind references, `x` a view.
    let (y, dy) = dense::__adjoint_jvp(&&layer, &x.view(), (Some(&d_layer), Some(&dx)));
    assert_eq!(
        (y, dy),
        dense::__adjoint_jvp(&layer, &x, (Some(&d_layer), Some(&dx)))
    );
}

#[test]
fn dense_entry_f64() {
    dense_entry::<f64>();
}

#[test]
fn dense_entry_f32() {
    dense_entry::<f32>();
}

fn conv_entries<F: Float>() {
    let (stride, padding) = ((2, 1), (1, 2));
    let x: Array4<F> = fill(&Array4::zeros((2, 2, 5, 4)), 1);
    let w: Array4<F> = fill(&Array4::zeros((3, 2, 3, 3)), 2);
    let b: Array1<F> = fill(&Array1::zeros(3), 3);
    let (dx, dw, db) = (
        direction_like(&x, 4),
        direction_like(&w, 5),
        direction_like(&b, 6),
    );
    for mask in 0..8 {
        let (px, pw, pb) = (present(mask, 0), present(mask, 1), present(mask, 2));
        let tangents = (
            px.then_some(&dx),
            pw.then_some(&dw),
            pb.then_some(&db),
            None,
            None,
        );
        let result = conv2d::__adjoint_jvp(&x, &w, &b, stride, padding, tangents);
        let direction = (or_zero(px, &dx), or_zero(pw, &dw), or_zero(pb, &db));
        let f = |(x, w, b): &(Array4<F>, Array4<F>, Array1<F>)| conv2d(x, w, b, stride, padding);
        let what = format!("conv2d (dx, dw, db) present = ({px}, {pw}, {pb})");
        let point = (x.clone(), w.clone(), b.clone());
        check(&what, f, &point, &direction, result);
    }
    let layer = Conv2d {
        w: w.clone(),
        b: b.clone(),
        stride,
        padding,
    };
    let d_layer = Conv2d {
        w: dw,
        b: db,
        ..layer.clone()
    };
    for mask in 0..4 {
        let (pl, px) = (present(mask, 0), present(mask, 1));
        let tangents = (pl.then_some(&d_layer), px.then_some(&dx));
        let result = conv::__adjoint_jvp(&&layer, &x, tangents);
        let direction = (or_zero(pl, &d_layer), or_zero(px, &dx));
        let f = |(layer, x): &(Conv2d<F>, Array4<F>)| conv(layer, x);
        let what = format!("conv (d_layer, dx) present = ({pl}, {px})");
        check(&what, f, &(layer.clone(), x.clone()), &direction, result);
    }
}

#[test]
fn conv_entries_f64() {
    conv_entries::<f64>();
}

#[test]
fn conv_entries_f32() {
    conv_entries::<f32>();
}

fn pool_and_flatten_entries<F: Float>() {
    let (kernel, stride) = ((2, 3), (1, 2));
    let x: Array4<F> = fill(&Array4::zeros((1, 2, 4, 5)), 1);
    let dx = direction_like(&x, 2);
    for p in [true, false] {
        let direction = or_zero(p, &dx);
        let result = max_pool2d::__adjoint_jvp(&x, kernel, stride, (p.then_some(&dx), None, None));
        let f = |x: &Array4<F>| max_pool2d(x, kernel, stride);
        check(&format!("max_pool2d dx {p}"), f, &x, &direction, result);
        let result = avg_pool2d::__adjoint_jvp(&x, kernel, stride, (p.then_some(&dx), None, None));
        let f = |x: &Array4<F>| avg_pool2d(x, kernel, stride);
        check(&format!("avg_pool2d dx {p}"), f, &x, &direction, result);
        let result = flatten::__adjoint_jvp(&x, (p.then_some(&dx),));
        check(
            &format!("flatten dx {p}"),
            |x| flatten(x),
            &x,
            &direction,
            result,
        );
        let x3: Array3<F> = fill(&Array3::zeros((2, 3, 2)), 3);
        let dx3 = direction_like(&x3, 4);
        let result = flatten::__adjoint_jvp(&x3.view(), (p.then_some(&dx3),));
        let f = |x: &Array3<F>| flatten(x);
        check(
            &format!("flatten of 3 axes dx {p}"),
            f,
            &x3,
            &or_zero(p, &dx3),
            result,
        );
    }
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
    for mask in 0..4 {
        let (pa, pd) = (present(mask, 0), present(mask, 1));
        let tangents = (pa.then_some(&da), pd.then_some(&dddof));
        let direction = (or_zero(pa, &da), or_zero(pd, &dddof));
        let point = (a.clone(), ddof);
        let along = format!("(da, dddof) present = ({pa}, {pd})");
        let result = variance::__adjoint_jvp(&a, ddof, tangents);
        let f = |(a, ddof): &(Array2<F>, F)| variance(a, *ddof);
        check(&format!("variance {along}"), f, &point, &direction, result);
        let result = standard_deviation::__adjoint_jvp(&a.view(), ddof, tangents);
        let f = |(a, ddof): &(Array2<F>, F)| standard_deviation(a, *ddof);
        check(&format!("std {along}"), f, &point, &direction, result);
    }
    // Nothing moves: a zero tangent, even where the deviation's derivative is not finite.
    let constant = Array1::<F>::ones(3);
    let (y, dy) = standard_deviation::__adjoint_jvp(&constant, F::zero(), (None, None));
    assert_eq!((y, dy), (F::zero(), F::zero()));
}

#[test]
fn reduction_entries_f64() {
    reduction_entries::<f64>();
}

#[test]
fn reduction_entries_f32() {
    reduction_entries::<f32>();
}

fn activation_entries<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let da = direction_like(&a, 2);
    let (alpha, dalpha) = (F::from_f64_lossy(0.1), F::from_f64_lossy(-0.5));
    let (s, ds) = (F::from_f64_lossy(-0.7), F::from_f64_lossy(1.5));
    for p in [true, false] {
        let direction = or_zero(p, &da);
        let result = relu::__adjoint_jvp(&a, (p.then_some(&da),));
        let f = |a: &Array2<F>| relu(a);
        check(&format!("relu da {p}"), f, &a, &direction, result);
        let result = relu::__adjoint_jvp(a.clone(), (p.then_some(&da),));
        check(&format!("relu by value, da {p}"), f, &a, &direction, result);
        let result = sigmoid::__adjoint_jvp(&a.view(), (p.then_some(&da),));
        let f = |a: &Array2<F>| sigmoid(a);
        check(&format!("sigmoid da {p}"), f, &a, &direction, result);
        let result = sigmoid::__adjoint_jvp(a.view(), (p.then_some(&da),));
        check(
            &format!("sigmoid of a view, da {p}"),
            f,
            &a,
            &direction,
            result,
        );
        let result = softmax::__adjoint_jvp(&a, (p.then_some(&da),));
        let f = |a: &Array2<F>| softmax(a);
        check(&format!("softmax da {p}"), f, &a, &direction, result);
        let result = log_softmax::__adjoint_jvp(&a, (p.then_some(&da),));
        let f = |a: &Array2<F>| log_softmax(a);
        check(&format!("log_softmax da {p}"), f, &a, &direction, result);
        // On a float.
        let (direction, what) = (or_zero(p, &ds), format!("of a float, da {p}"));
        let result = relu::__adjoint_jvp(&s, (p.then_some(&ds),));
        check(
            &format!("relu {what}"),
            |s: &F| relu(s),
            &s,
            &direction,
            result,
        );
        let result = sigmoid::__adjoint_jvp(s, (p.then_some(&ds),));
        check(
            &format!("sigmoid {what}"),
            |s: &F| sigmoid(s),
            &s,
            &direction,
            result,
        );
    }
    let a3: Array3<F> = fill(&Array3::zeros((2, 2, 3)), 3);
    let da3 = direction_like(&a3, 4);
    let result = softmax::__adjoint_jvp(&a3, (Some(&da3),));
    check("softmax of 3 axes", |a| softmax(a), &a3, &da3, result);
    for mask in 0..4 {
        let (pa, pl) = (present(mask, 0), present(mask, 1));
        let along = format!("(da, dalpha) present = ({pa}, {pl})");
        let tangents = (pa.then_some(&da), pl.then_some(&dalpha));
        let result = leaky_relu::__adjoint_jvp(&a, alpha, tangents);
        let f = |(a, alpha): &(Array2<F>, F)| leaky_relu(a, *alpha);
        let direction = (or_zero(pa, &da), or_zero(pl, &dalpha));
        check(
            &format!("leaky_relu {along}"),
            f,
            &(a.clone(), alpha),
            &direction,
            result,
        );
        let tangents = (pa.then_some(&ds), pl.then_some(&dalpha));
        let result = leaky_relu::__adjoint_jvp(&s, alpha, tangents);
        let f = |(s, alpha): &(F, F)| leaky_relu(s, *alpha);
        let direction = (or_zero(pa, &ds), or_zero(pl, &dalpha));
        let what = format!("leaky_relu of a float {along}");
        check(&what, f, &(s, alpha), &direction, result);
    }
}

#[test]
fn activation_entries_f64() {
    activation_entries::<f64>();
}

#[test]
fn activation_entries_f32() {
    activation_entries::<f32>();
}

fn loss_entries<F: Float>() {
    let a: Array2<F> = fill(&Array2::zeros((3, 4)), 1);
    let t: Array2<F> = fill(&a, 2);
    let (da, dt) = (direction_like(&a, 3), direction_like(&a, 4));
    for p in [true, false] {
        let result = mean::__adjoint_jvp(&a, (p.then_some(&da),));
        check(
            &format!("mean da {p}"),
            |a| mean(a),
            &a,
            &or_zero(p, &da),
            result,
        );
        let labels = array![2, 0, 3];
        let result = softmax_cross_entropy::__adjoint_jvp(&a, &labels, (p.then_some(&da), None));
        let f = |a: &Array2<F>| softmax_cross_entropy(a, &labels);
        let what = format!("softmax_cross_entropy dlogits {p}");
        check(&what, f, &a, &or_zero(p, &da), result);
    }
    for mask in 0..4 {
        let (pp, pt) = (present(mask, 0), present(mask, 1));
        let tangents = (pp.then_some(&da), pt.then_some(&dt));
        let result = mse::__adjoint_jvp(&a, &t.view(), tangents);
        let f = |(p, t): &(Array2<F>, Array2<F>)| mse(p, t);
        let direction = (or_zero(pp, &da), or_zero(pt, &dt));
        let what = format!("mse (dpred, dtarget) present = ({pp}, {pt})");
        check(&what, f, &(a.clone(), t.clone()), &direction, result);
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

// A misshapen tangent panics, in every build, naming the rule and the argument.

#[test]
#[should_panic(
    expected = "adjoint: dense_jvp: the tangent of `x` has shape [2, 3] but `x` has shape [1, 3]"
)]
fn a_misshapen_input_tangent_of_dense_panics() {
    let layer = Dense::<f64>::zeros(3, 2);
    let _ = dense::__adjoint_jvp(
        &layer,
        &Array2::zeros((1, 3)),
        (None, Some(&Array2::zeros((2, 3)))),
    );
}

#[test]
#[should_panic(
    expected = "adjoint: dense_jvp: the tangent of `layer.b` has shape [3] but `layer.b` has shape [2]"
)]
fn a_misshapen_layer_tangent_of_dense_panics() {
    let layer = Dense::<f64>::zeros(3, 2);
    let d_layer = Dense {
        w: Array2::zeros((3, 2)),
        b: Array1::zeros(3),
    };
    let _ = dense::__adjoint_jvp(&layer, &Array2::zeros((1, 3)), (Some(&d_layer), None));
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
    let dw = Array4::zeros((1, 1, 2, 2));
    let _ = conv2d::__adjoint_jvp(
        &x,
        &w,
        &b,
        (1, 1),
        (0, 0),
        (None, Some(&dw), None, None, None),
    );
}

#[test]
#[should_panic(
    expected = "adjoint: max_pool2d_jvp: the tangent of `x` has shape [1, 1, 2, 2] but `x` has shape [1, 1, 4, 4]"
)]
fn a_misshapen_tangent_of_max_pool2d_panics() {
    let x = Array4::<f64>::zeros((1, 1, 4, 4));
    let dx = Array4::zeros((1, 1, 2, 2));
    let _ = max_pool2d::__adjoint_jvp(&x, (2, 2), (2, 2), (Some(&dx), None, None));
}

#[test]
#[should_panic(
    expected = "adjoint: variance_jvp: the tangent of `a` has shape [2] but `a` has shape [3]"
)]
fn a_misshapen_tangent_of_variance_panics() {
    let _ = variance::__adjoint_jvp(&array![1.0, 2.0, 4.0], 0.0, (Some(&array![1.0, 1.0]), None));
}

#[test]
#[should_panic(
    expected = "adjoint: relu_jvp: the tangent of `a` has shape [3] but `a` has shape [2]"
)]
fn a_misshapen_tangent_of_relu_panics() {
    let _ = relu::__adjoint_jvp(&array![1.0, -1.0], (Some(&array![1.0, 1.0, 1.0]),));
}

#[test]
#[should_panic(
    expected = "adjoint: leaky_relu_jvp: the tangent of `a` has shape [3] but `a` has shape [2]"
)]
fn a_misshapen_tangent_of_leaky_relu_panics() {
    let _ = leaky_relu::__adjoint_jvp(
        &array![1.0, -1.0],
        0.1,
        (Some(&array![1.0, 1.0, 1.0]), None),
    );
}

#[test]
#[should_panic(
    expected = "adjoint: mse_jvp: the tangent of `target` has shape [3] but `target` has shape [2]"
)]
fn a_misshapen_tangent_of_mse_panics() {
    let p = array![1.0, 2.0];
    let _ = mse::__adjoint_jvp(&p, &p, (None, Some(&array![1.0, 2.0, 3.0])));
}

#[test]
#[should_panic(
    expected = "adjoint: softmax_cross_entropy_jvp: the tangent of `logits` has shape [1, 2] but `logits` has shape [2, 2]"
)]
fn a_misshapen_tangent_of_softmax_cross_entropy_panics() {
    let logits = Array2::<f64>::zeros((2, 2));
    let dlogits = Array2::zeros((1, 2));
    let _ = softmax_cross_entropy::__adjoint_jvp(&logits, &array![0, 1], (Some(&dlogits), None));
}
