use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) -> f64 {
    let y = x * x;
    return y;
}

fn main() {}
