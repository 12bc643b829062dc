use adjoint::prelude::*;

#[differentiable(wrt(x), inline)]
fn product(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
