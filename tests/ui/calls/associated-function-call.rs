use adjoint::prelude::*;

#[differentiable]
fn exponential(x: f64) -> f64 {
    f64::exp(x)
}

fn main() {}
