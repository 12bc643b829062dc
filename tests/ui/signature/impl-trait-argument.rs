use adjoint::prelude::*;

#[differentiable]
fn square(x: impl Into<f64>) -> f64 {
    let x: f64 = x.into();
    x * x
}

fn main() {}
