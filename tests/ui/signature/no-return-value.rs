use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) {
    let y = x * x;
}

fn main() {}
