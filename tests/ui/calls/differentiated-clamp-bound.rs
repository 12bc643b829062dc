use adjoint::prelude::*;

#[differentiable]
fn clipped(x: f64, hi: f64) -> f64 {
    x.clamp(0.0, hi)
}

fn main() {}
