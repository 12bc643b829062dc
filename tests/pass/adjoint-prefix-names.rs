//! A variable named `d_` + another variable's name: the adjoint of one must not be mistaken
//! for the value of the other.
#![deny(warnings)]

use adjoint::prelude::*;

// x = a², d_x = eˣ, f = d_x·x = x·eˣ
// ∂f/∂a = (eˣ + x·eˣ)·2a
#[differentiable]
fn through_x(a: f64) -> f64 {
    let x = a * a;
    let d_x = x.exp();
    d_x * x
}

// x = a·b, d_x = eᵇ, f = eᵇ + a·b
// ∂f/∂a = b, ∂f/∂b = eᵇ + a
#[differentiable]
fn beside_x(a: f64, b: f64) -> f64 {
    let x = a * b;
    let d_x = b.exp();
    d_x + x
}

#[differentiable]
fn via_through_x(p: f64) -> f64 {
    through_x(p)
}

#[differentiable]
fn via_beside_x(p: f64, q: f64) -> f64 {
    beside_x(p, q)
}

fn main() {
    let a = 0.8_f64;
    let x = a * a;
    let (value, da) = through_x_grad(a);
    assert!((value - x * x.exp()).abs() < 1e-12, "{value}");
    let expected = (x.exp() + x * x.exp()) * 2.0 * a;
    assert!(
        (da - expected).abs() < 1e-12,
        "got {da}, expected {expected}"
    );

    let b = -0.3_f64;
    let (value, (da, db)) = beside_x_grad(a, b);
    assert!((value - (b.exp() + a * b)).abs() < 1e-12, "{value}");
    assert!((da - b).abs() < 1e-12, "got {da}, expected {b}");
    let expected = b.exp() + a;
    assert!(
        (db - expected).abs() < 1e-12,
        "got {db}, expected {expected}"
    );

    let x = a * a;
    let (_, da) = via_through_x_grad(a);
    let expected = (x.exp() + x * x.exp()) * 2.0 * a;
    assert!(
        (da - expected).abs() < 1e-12,
        "got {da}, expected {expected}"
    );
    let (_, (da, db)) = via_beside_x_grad(a, b);
    assert!((da - b).abs() < 1e-12, "got {da}, expected {b}");
    let expected = b.exp() + a;
    assert!(
        (db - expected).abs() < 1e-12,
        "got {db}, expected {expected}"
    );
}
