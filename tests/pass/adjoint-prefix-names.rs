//! A variable named `d_` + another variable's name: the adjoint of one must not be mistaken
//! for the value of the other.
#![deny(warnings)]

use adjoint::prelude::*;

// x = a², d_x = eˣ, f = d_x·x = x·eˣ
// ∂f/∂a = (eˣ + x·eˣ)·2a
#[differentiable]
fn f(a: f64) -> f64 {
    let x = a * a;
    let d_x = x.exp();
    d_x * x
}

fn main() {
    let a = 0.8_f64;
    let x = a * a;
    let (value, da) = f_grad(a);
    assert!((value - x * x.exp()).abs() < 1e-12, "{value}");
    let expected = (x.exp() + x * x.exp()) * 2.0 * a;
    assert!(
        (da - expected).abs() < 1e-12,
        "got {da}, expected {expected}"
    );
}
