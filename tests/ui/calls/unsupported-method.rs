use adjoint::prelude::*;

#[differentiable]
fn hyperbolic(x: f64) -> f64 {
    x.sinh()
}

fn main() {}
