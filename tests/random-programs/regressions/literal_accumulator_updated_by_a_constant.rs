//! A `let mut` whose value does not depend on a differentiated input, updated by a constant,
//! does not compile: `let mut v = 3.0; v += 2.0;` gives E0067 (invalid left-hand side of
//! assignment) and E0308; `let mut v = K.sin(); v *= 0.5;` gives E0384 (cannot assign twice to
//! immutable variable). With a differentiated right side it works (`compound_from_literal` in
//! tests/primitives.rs). Found by the random programs.
use adjoint::prelude::*;

const K: f64 = 1.5;

#[differentiable]
fn literal(x: f64) -> f64 {
    let mut v = 3.0;
    v += 2.0;
    v * x
}

#[differentiable]
fn constant(x: f64) -> f64 {
    let mut v = K.sin();
    v *= 0.5;
    v * x
}

fn main() {
    assert_eq!(literal_grad(2.0), (10.0, 5.0));
    let v = 1.5_f64.sin() * 0.5;
    assert_eq!(constant_grad(2.0), (v * 2.0, v));
}
