use adjoint::prelude::*;

#[differentiable]
fn relu_scalar(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 * x }
}

fn main() {}
