use adjoint::prelude::*;

#[differentiable]
fn listed(x: f64) -> f64 {
    let values = vec![1.0, x];
    values[0] * x
}

fn main() {}
