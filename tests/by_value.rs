//! The runtime's functions called with their operands by value (an owned array, a view, a float)
//! as well as by reference, in plain code and in `#[differentiable]` bodies: every form written
//! by reference still compiles and infers its types (generic floats too); the by-value forms
//! have the same values, gradients against central differences (f64 and f32) and tangents
//! (`NAME_jvp`) against central differences; and a by-value call keeps `NAME_grad_into`
//! allocation-free, its workspace the same size from one call to the next.

use adjoint::Workspace;
use adjoint::check::{check_gradient, check_jvp};
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

#[path = "../runtime/tests/support/counting_allocator.rs"]
mod counting_allocator;
use counting_allocator::allocations;

#[derive(Params, Clone, Debug, PartialEq)]
struct Net<F: Float> {
    hidden: Dense<F>,
    out: Dense<F>,
}

/// Every runtime function, each operand written by reference as it always was.
#[differentiable(wrt(w, b, m))]
fn by_reference<F: Float>(
    w: &Array2<F>,
    b: &Array1<F>,
    m: &Net<F>,
    x: &Array2<F>,
    t: &Array2<F>,
    labels: &Array1<usize>,
) -> F {
    let a = x.dot(w) + b;
    let h = relu(&a);
    let s = sigmoid(&h);
    let o = dense(&m.hidden, &s);
    let so = sigmoid(&o);
    let z = dense(&m.out, &so);
    let p = softmax(&z);
    let z2 = &z + &z;
    let q = log_softmax(&z2);
    let row = h.row(0).to_owned();
    mse(&p, &t) + mean(&q) + softmax_cross_entropy(&z, labels) + mean(&row)
}

/// The same function with every operand that can be passed by value passed so: owned results
/// of expressions (the bias broadcast over the rows), views, results of other calls.
#[differentiable(wrt(w, b, m))]
fn by_value<F: Float>(
    w: &Array2<F>,
    b: &Array1<F>,
    m: &Net<F>,
    x: &Array2<F>,
    t: &Array2<F>,
    labels: &Array1<usize>,
) -> F {
    let h = relu(x.dot(w) + b);
    let s = sigmoid(h.view());
    let o = dense(&m.hidden, s.view());
    let z = dense(&m.out, sigmoid(o));
    let p = softmax(z.view());
    let q = log_softmax(&z + &z);
    mse(p, &t) + mean(q) + softmax_cross_entropy(z, labels) + mean(h.row(0))
}

/// Floats by value.
#[differentiable]
fn scalars(a: f64, b: f64) -> f64 {
    relu(a * b) + sigmoid(a - b) + leaky_relu(b - a, 0.25)
}

/// The arguments of [`by_value`] for `rows` samples, all leaves away from relu's kink.
#[allow(clippy::type_complexity)]
fn problem<F: Float>(
    rows: usize,
) -> (
    Array2<F>,
    Array1<F>,
    Net<F>,
    Array2<F>,
    Array2<F>,
    Array1<usize>,
) {
    let f = |v: f64| F::from_f64_lossy(v);
    let w = Array2::from_shape_fn(
        (3, 4),
        |(i, j)| f(0.3 * (i as f64) - 0.2 * (j as f64) + 0.1),
    );
    let b = array![f(0.15), f(-0.35), f(0.25), f(0.05)];
    let mut rng = adjoint::init::rng(5);
    let m = Net {
        hidden: Dense::new(4, 4, &mut rng),
        out: Dense::new(4, 3, &mut rng),
    };
    let x = Array2::from_shape_fn((rows, 3), |(i, j)| f(((i * 3 + j) as f64 * 0.77).sin()));
    let t = Array2::from_shape_fn((rows, 3), |(i, j)| {
        f(((i + 2 * j) as f64 * 0.31).cos() / 3.0)
    });
    let labels = Array1::from_shape_fn(rows, |i| i % 3);
    (w, b, m, x, t, labels)
}

fn by_value_matches_by_reference_and_differences<F: Float>() {
    let (w, b, m, x, t, labels) = problem::<F>(5);
    let value = by_value(&w, &b, &m, &x, &t, &labels);
    assert_eq!(value, by_reference(&w, &b, &m, &x, &t, &labels));
    let (v, grad) = by_value_grad(&w, &b, &m, &x, &t, &labels);
    let (v_ref, grad_ref) = by_reference_grad(&w, &b, &m, &x, &t, &labels);
    assert_eq!((v, v_ref), (value, value));
    assert_eq!(grad, grad_ref);
    let f = |(w, b, m): &(Array2<F>, Array1<F>, Net<F>)| by_value(w, b, m, &x, &t, &labels);
    check_gradient(f, &(w.clone(), b.clone(), m.clone()), &grad).assert_ok();
}

#[test]
fn by_value_gradients_match_differences_f64() {
    by_value_matches_by_reference_and_differences::<f64>();
}

#[test]
fn by_value_gradients_match_differences_f32() {
    by_value_matches_by_reference_and_differences::<f32>();
}

#[test]
fn floats_by_value() {
    let (a, b) = (0.8, -0.3);
    let (value, grad) = scalars_grad(a, b);
    assert_eq!(value, scalars(a, b));
    check_gradient(|&(a, b): &(f64, f64)| scalars(a, b), &(a, b), &grad).assert_ok();
    let (value, tangent) = scalars_jvp(a, b, 0.5, -1.5);
    assert_eq!(value, scalars(a, b));
    check_jvp(
        |&(a, b): &(f64, f64)| scalars(a, b),
        &(a, b),
        &(0.5, -1.5),
        &tangent,
    )
    .assert_ok();
}

/// Forward mode through relu, sigmoid, dense and mse by value, an array output and a loss.
#[differentiable(wrt(w, b, layer))]
fn hidden(w: &Array2<f64>, b: &Array1<f64>, layer: &Dense<f64>, x: &Array2<f64>) -> Array2<f64> {
    let h = relu(x.dot(w) + b);
    dense(layer, sigmoid(h.view()))
}

#[differentiable(wrt(w, b, layer))]
fn regression(
    w: &Array2<f64>,
    b: &Array1<f64>,
    layer: &Dense<f64>,
    x: &Array2<f64>,
    t: &Array2<f64>,
) -> f64 {
    let h = relu(x.dot(w) + b);
    mse(dense(layer, x.view()) + sigmoid(h), &t)
}

#[test]
fn forward_mode_through_by_value_calls() {
    let (w, b, _, x, t, _) = problem::<f64>(4);
    let layer = Dense::<f64>::new(4, 4, &mut adjoint::init::rng(8));
    let wide = Dense::<f64>::new(3, 4, &mut adjoint::init::rng(9));
    let t = Array2::from_shape_fn((4, 4), |(i, j)| t[[i, j % 3]]);
    let dw = w.mapv(|v| 0.5 - v);
    let db = array![0.3, -0.1, 0.7, 0.2];
    let d_layer = Dense {
        w: layer.w.mapv(|v| v * 0.5 + 0.1),
        b: array![0.1, 0.2, -0.3, 0.4],
    };
    let point = (w.clone(), b.clone(), layer.clone());
    let direction = (dw.clone(), db.clone(), d_layer.clone());

    let (value, tangent) = hidden_jvp(&w, &b, &layer, &x, &dw, &db, &d_layer);
    assert_eq!(value, hidden(&w, &b, &layer, &x));
    let f = |(w, b, layer): &(Array2<f64>, Array1<f64>, Dense<f64>)| hidden(w, b, layer, &x);
    check_jvp(f, &point, &direction, &tangent).assert_ok();

    let d_wide = Dense {
        w: wide.w.mapv(|v| 0.2 - v),
        b: array![-0.2, 0.1, 0.3, 0.5],
    };
    let (value, tangent) = regression_jvp(&w, &b, &wide, &x, &t, &dw, &db, &d_wide);
    assert_eq!(value, regression(&w, &b, &wide, &x, &t));
    let f = |(w, b, wide): &(Array2<f64>, Array1<f64>, Dense<f64>)| regression(w, b, wide, &x, &t);
    let point = (w.clone(), b.clone(), wide.clone());
    check_jvp(f, &point, &(dw, db, d_wide), &tangent).assert_ok();
    // The tangent is the gradient along the direction.
    let (_, (gw, gb, gl)) = regression_grad(&w, &b, &wide, &x, &t);
    let along = (&gw * &direction.0).sum()
        + (&gb * &direction.1).sum()
        + (&gl.w * &wide.w.mapv(|v| 0.2 - v)).sum()
        + (&gl.b * &array![-0.2, 0.1, 0.3, 0.5]).sum();
    assert!(
        (along - tangent).abs() < 1e-12 * along.abs().max(1.0),
        "{along} vs {tangent}"
    );
}

/// By-value calls in a loop (the structured emitter's path): a layer's fields and the layer
/// itself, a view of the carried value, and the carried value by value at the end.
#[differentiable(wrt(layers))]
fn deep<F: Float>(layers: &Vec<Dense<F>>, x: &Array2<F>) -> F {
    let mut h = x.to_owned();
    for layer in layers {
        h = relu(h.dot(&layer.w) + &layer.b) + sigmoid(dense(layer, h.view()));
    }
    mean(h)
}

fn deep_problem<F: Float>() -> (Vec<Dense<F>>, Array2<F>) {
    let mut rng = adjoint::init::rng(12);
    let layers = (0..3).map(|_| Dense::new(3, 3, &mut rng)).collect();
    let x = Array2::from_shape_fn((5, 3), |(i, j)| {
        F::from_f64_lossy(((i * 3 + j) as f64 * 1.3).sin())
    });
    (layers, x)
}

fn deep_matches_differences<F: Float>() {
    let (layers, x) = deep_problem::<F>();
    let (value, grad) = deep_grad(&layers, &x);
    assert_eq!(value, deep(&layers, &x));
    check_gradient(|layers: &Vec<Dense<F>>| deep(layers, &x), &layers, &grad).assert_ok();
    let direction: Vec<Dense<F>> = grad
        .iter()
        .map(|g| Dense {
            w: g.w.mapv(|v| v.sin()),
            b: g.b.mapv(|v| v.cos()),
        })
        .collect();
    let (value, tangent) = deep_jvp(&layers, &x, &direction);
    assert_eq!(value, deep(&layers, &x));
    check_jvp(
        |l: &Vec<Dense<F>>| deep(l, &x),
        &layers,
        &direction,
        &tangent,
    )
    .assert_ok();
    // The workspace of `deep_grad_into` keeps its size from one call to the next.
    let mut ws = Workspace::new();
    let mut grads = layers.zeros_like();
    deep_grad_into(&layers, &x, &mut grads, &mut ws);
    let buffers = ws.buffers();
    for _ in 0..3 {
        grads.set_zero();
        deep_grad_into(&layers, &x, &mut grads, &mut ws);
        assert_eq!(grads, grad);
        assert_eq!(ws.buffers(), buffers, "the workspace changed size");
    }
}

#[test]
fn by_value_calls_in_a_loop_f64() {
    deep_matches_differences::<f64>();
}

#[test]
fn by_value_calls_in_a_loop_f32() {
    deep_matches_differences::<f32>();
}

/// Every form written today in plain code, by reference and behind several references, with a
/// generic float: each must still infer its types.
fn plain_forms<F: Float>(
    w: &Array2<F>,
    b: &Array1<F>,
    m: &Net<F>,
    x: &Array2<F>,
    t: &Array2<F>,
    labels: &Array1<usize>,
) -> F {
    let a = relu(&(x.dot(w) + b));
    let h = relu(&dense(&m.hidden, &a));
    let h2 = relu(&&h);
    let s = sigmoid(&h2);
    let v = sigmoid(&h.view());
    let o = dense(&m.out, &s);
    let p = softmax(&o);
    let q = log_softmax(&o);
    let l = leaky_relu(&o, F::from_f64_lossy(0.1));
    let scalar = relu(&F::one()) + sigmoid(&F::zero());
    mse(&p, &t) + mse(&q, t) + mean(&v) + mean(&l) + softmax_cross_entropy(&o, labels) + scalar
}

/// The same, each operand by value.
fn plain_by_value<F: Float>(
    w: &Array2<F>,
    b: &Array1<F>,
    m: &Net<F>,
    x: &Array2<F>,
    t: &Array2<F>,
    labels: &Array1<usize>,
) -> F {
    let a = relu(x.dot(w) + b);
    let h = relu(dense(&m.hidden, a.view()));
    let s = sigmoid(h.clone());
    let v = sigmoid(h.view());
    let o = dense(&m.out, s);
    let l = leaky_relu(o.view(), F::from_f64_lossy(0.1));
    let scalar = relu(F::one()) + sigmoid(F::zero());
    mse(softmax(o.view()), t.view())
        + mse(log_softmax(o.clone()), t)
        + mean(v)
        + mean(l)
        + softmax_cross_entropy(o, labels)
        + scalar
}

#[test]
fn plain_forms_by_reference_and_by_value_agree() {
    let (w, b, m, x, t, labels) = problem::<f64>(5);
    let by_reference = plain_forms(&w, &b, &m, &x, &t, &labels);
    assert_eq!(plain_by_value(&w, &b, &m, &x, &t, &labels), by_reference);
    assert!(by_reference.is_finite());
    let (w, b, m, x, t, labels) = problem::<f32>(5);
    assert_eq!(
        plain_by_value(&w, &b, &m, &x, &t, &labels),
        plain_forms(&w, &b, &m, &x, &t, &labels)
    );
}

/// A by-value call in `NAME_grad_into`: the copy of its argument comes from the workspace and
/// goes back to it, so after the first call nothing is allocated and the workspace stays the
/// same size (were the copy allocated on the heap and given back, it would grow by one buffer
/// per call).
#[test]
fn by_value_calls_keep_grad_into_allocation_free() {
    let (w, b, m, x, t, labels) = problem::<f32>(6);
    let (value, grad) = by_value_grad(&w, &b, &m, &x, &t, &labels);
    let mut ws = Workspace::new();
    let mut grads = (w.zeros_like(), b.zeros_like(), m.zeros_like());
    let first = by_value_grad_into(&w, &b, &m, &x, &t, &labels, &mut grads, &mut ws);
    assert_eq!(first, value);
    assert_eq!(grads, grad);
    let buffers = ws.buffers();
    for _ in 0..3 {
        grads.set_zero();
        let (n, v) =
            allocations(|| by_value_grad_into(&w, &b, &m, &x, &t, &labels, &mut grads, &mut ws));
        assert_eq!(v, value);
        assert_eq!(grads, grad);
        assert_eq!(n, 0, "heap allocations in a call after the first");
        assert_eq!(ws.buffers(), buffers, "the workspace changed size");
    }
}
