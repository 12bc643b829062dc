use adjoint::prelude::*;

#[differentiable]
fn reset(x: &f64, y: f64) -> f64 {
    *x = y;
    y * y
}

fn main() {}
