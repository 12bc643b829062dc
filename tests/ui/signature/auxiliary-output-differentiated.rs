use adjoint::prelude::*;

#[differentiable]
fn two_losses(x: f64, y: f64) -> (f64, f64) {
    (x * y, x + y)
}

fn main() {}
