//! A `let mut` that is reassigned a constant method call and then updated does not compile:
//! E0384, cannot assign twice to immutable variable. Found by the random programs.
use adjoint::prelude::*;

#[differentiable]
fn f(x: f64, n: usize) -> f64 {
    let mut v = x;
    v = (n as f64).tan();
    v /= 0.5;
    x * v
}

fn main() {
    let (value, dx) = f_grad(2.0, 1);
    assert_eq!(value, 2.0 * 1.0_f64.tan() / 0.5);
    assert_eq!(dx, 1.0_f64.tan() / 0.5);
}
