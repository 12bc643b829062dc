//! A `let mut` float reassigned an untyped literal and then given a method call does not
//! compile since dacd975: E0689, can't call method `tan` on ambiguous numeric type `{float}`
//! (the expansion substitutes the literal for the variable, which had the type `f64`). Found
//! by the random programs (seed 11, programs 51 and 217).
use adjoint::prelude::*;

#[differentiable]
fn f(x: f64) -> f64 {
    let mut v = x;
    v = 0.5;
    v.tan() * x
}

fn main() {
    assert_eq!(f_grad(2.0), (0.5_f64.tan() * 2.0, 0.5_f64.tan()));
}
