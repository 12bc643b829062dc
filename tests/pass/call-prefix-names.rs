//! Variables named `pullback_` or `grads_` + another variable's name, where that variable
//! holds the result of a call to a differentiable function.
#![deny(warnings)]

use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) -> f64 {
    x * x
}

// s = x², pullback_s = 2s, f = 2x²: ∂f/∂x = 4x
#[differentiable]
fn pullback_prefix(x: f64) -> f64 {
    let s = square(x);
    let pullback_s = s * 2.0;
    pullback_s
}

// grads_s = eˣ, s = x², f = eˣ·x²: ∂f/∂x = eˣ·x² + 2x·eˣ
#[differentiable]
fn grads_prefix(x: f64) -> f64 {
    let grads_s = x.exp();
    let s = square(x);
    grads_s * s
}

#[differentiable]
fn via_pullback_prefix(p: f64) -> f64 {
    pullback_prefix(p)
}

#[differentiable]
fn via_grads_prefix(p: f64) -> f64 {
    grads_prefix(p)
}

fn main() {
    let x = 1.5_f64;
    let (value, dx) = pullback_prefix_grad(x);
    assert!((value - 2.0 * x * x).abs() < 1e-12, "{value}");
    assert!((dx - 4.0 * x).abs() < 1e-12, "{dx}");
    let (value, dx) = grads_prefix_grad(x);
    assert!((value - x.exp() * x * x).abs() < 1e-12, "{value}");
    let expected = x.exp() * x * x + 2.0 * x * x.exp();
    assert!(
        (dx - expected).abs() < 1e-12,
        "got {dx}, expected {expected}"
    );

    let (_, dx) = via_pullback_prefix_grad(x);
    assert!((dx - 4.0 * x).abs() < 1e-12, "{dx}");
    let (_, dx) = via_grads_prefix_grad(x);
    assert!(
        (dx - expected).abs() < 1e-12,
        "got {dx}, expected {expected}"
    );
}
