//! `let mut v = 3.0; v += 2.0;` (an untyped literal updated by a constant) does not compile:
//! E0067, invalid left-hand side of assignment, and E0308. With a differentiated right side it
//! works (`compound_from_literal` in tests/primitives.rs). Found by the random programs.
use adjoint::prelude::*;

#[differentiable]
fn f(x: f64) -> f64 {
    let mut v = 3.0;
    v += 2.0;
    v * x
}

fn main() {
    assert_eq!(f_grad(2.0), (10.0, 5.0));
}
