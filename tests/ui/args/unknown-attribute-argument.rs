use adjoint::prelude::*;

#[differentiable(respect_to(x))]
fn product(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
