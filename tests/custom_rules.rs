//! User-defined primitives: a hand-written vector-Jacobian product used by every caller.

use adjoint::check::check_gradient;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

/// `ln(1 + eˣ)`, computed without overflow; its derivative is the logistic function.
#[differentiable(vjp = softplus_rule)]
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

fn softplus_rule(x: &f64, _out: &f64, g: &f64) -> f64 {
    g * sigmoid(x)
}

#[differentiable]
fn uses_softplus(x: f64, y: f64) -> f64 {
    softplus(x * y) + softplus(-y)
}

#[test]
fn a_custom_rule_is_used_by_callers() {
    let (v, (dx, dy)) = uses_softplus_grad(0.7, -1.3);
    assert_eq!(v, uses_softplus(0.7, -1.3));
    check_gradient(
        |(x, y): &(f64, f64)| uses_softplus(*x, *y),
        &(0.7, -1.3),
        &(dx, dy),
    )
    .assert_ok();
    // Far in the tail the custom rule stays finite where the naive formula would overflow.
    let (v, d) = softplus_grad(1000.0);
    assert_eq!((v, d), (1000.0, 1.0));
}

/// The identity with its gradient clipped to [-1, 1]: deliberately not the true derivative,
/// to prove that callers use the rule and not the body.
#[differentiable(vjp = clip_rule)]
fn clip_gradient(x: &Array1<f64>) -> Array1<f64> {
    x.to_owned()
}

fn clip_rule(_x: &Array1<f64>, _out: &Array1<f64>, g: &Array1<f64>) -> Array1<f64> {
    g.mapv(|v| v.clamp(-1.0, 1.0))
}

#[differentiable]
fn scaled_sum(x: &Array1<f64>) -> f64 {
    (clip_gradient(x) * 10.0).sum()
}

#[test]
fn a_deliberately_different_rule_is_the_one_used() {
    let x = array![1.0, -2.0, 3.0];
    let (value, dx) = scaled_sum_grad(&x);
    assert_eq!(value, 20.0);
    // The true derivative is 10 everywhere; the clipped rule gives 1.
    assert_eq!(dx, array![1.0, 1.0, 1.0]);
}

/// A rule for several arguments returns a tuple; a non-differentiated argument gets none.
#[differentiable(vjp = weighted_rule)]
fn weighted(x: &Array2<f64>, w: &Array1<f64>, scale: usize) -> f64 {
    x.dot(w).sum() * scale as f64
}

fn weighted_rule(
    x: &Array2<f64>,
    w: &Array1<f64>,
    scale: &usize,
    _out: &f64,
    g: &f64,
) -> (Array2<f64>, Array1<f64>) {
    let s = *g * *scale as f64;
    let dx = Array2::from_shape_fn(x.raw_dim(), |(_, j)| w[j] * s);
    let dw = x.sum_axis(adjoint::ndarray::Axis(0)) * s;
    (dx, dw)
}

#[differentiable(wrt(w))]
fn calls_weighted(x: &Array2<f64>, w: &Array1<f64>) -> f64 {
    weighted(x, w, 3).powi(2)
}

#[test]
fn rules_for_several_arguments() {
    let x = array![[1.0, 2.0], [0.5, -1.0]];
    let w = array![0.3, -0.2];
    let (v, (dx, dw)) = weighted_grad(&x, &w, 2);
    assert_eq!(v, weighted(&x, &w, 2));
    check_gradient(
        |(x, w): &(Array2<f64>, Array1<f64>)| weighted(x, w, 2),
        &(x.clone(), w.clone()),
        &(dx, dw),
    )
    .assert_ok();
    let (_, dw) = calls_weighted_grad(&x, &w);
    check_gradient(|w: &Array1<f64>| calls_weighted(&x, w), &w, &dw).assert_ok();
}

/// A generic rule, named as a type is written (`rule<f64>`) or with a turbofish: the expansion
/// calls it with a turbofish either way (the first expanded to tokens that were not Rust).
#[differentiable(vjp = cube_rule<f64>)]
fn cube(x: f64) -> f64 {
    x * x * x
}

#[differentiable(vjp = rules::cube_rule::<f64>)]
fn cube_again(x: f64) -> f64 {
    x * x * x
}

fn cube_rule<F: adjoint::Float>(x: &F, _out: &F, g: &F) -> F {
    F::from_f64_lossy(3.0) * *x * *x * *g
}

mod rules {
    pub(crate) use super::cube_rule;
}

#[test]
fn a_generic_rule_with_or_without_turbofish() {
    assert_eq!(cube_grad(2.0), (8.0, 12.0));
    assert_eq!(cube_again_grad(2.0), (8.0, 12.0));
}

/// `softplus` with hand-written rules in both modes: forward mode goes through it.
#[differentiable(vjp = softplus_rule, jvp = softplus_forward_rule)]
fn softplus_both(x: f64) -> f64 {
    softplus(x)
}

fn softplus_forward_rule(x: &f64, dx: f64) -> (f64, f64) {
    (softplus(*x), sigmoid(x) * dx)
}

#[differentiable]
fn uses_softplus_both(x: f64, y: f64) -> f64 {
    softplus_both(x * y) + y * y
}

/// A Hessian-vector product would need the derivative of the hand-written `vjp` rule itself:
/// the generated code says so, naming the rule (forward mode, with its own rule, gets there).
#[test]
#[should_panic(
    expected = "a Hessian-vector product reached `softplus_both`, whose derivative is the hand-written rule `softplus_rule`"
)]
fn a_hessian_vector_product_through_a_hand_written_rule_names_the_rule() {
    let (value, slope) = uses_softplus_both_jvp(0.7, -1.3, 1.0, 0.0);
    assert_eq!(value, uses_softplus_both(0.7, -1.3));
    assert!((slope - uses_softplus_both_grad(0.7, -1.3).1.0).abs() < 1e-12);
    let _ = uses_softplus_both_hvp(0.7, -1.3, 1.0, 0.0);
}
