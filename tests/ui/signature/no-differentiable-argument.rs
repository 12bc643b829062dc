use adjoint::prelude::*;

#[differentiable]
fn half(n: usize) -> f64 {
    n as f64 / 2.0
}

fn main() {}
