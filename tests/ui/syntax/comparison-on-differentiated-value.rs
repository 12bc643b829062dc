use adjoint::prelude::*;

#[differentiable]
fn step(x: f64) -> f64 {
    let positive = x > 0.0;
    x * x
}

fn main() {}
