use adjoint::prelude::*;

#[differentiable]
fn apply(x: f64) -> f64 {
    (|v: f64| v * v)(x)
}

fn main() {}
