use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) -> f64 {
    x.powi()
}

fn main() {}
