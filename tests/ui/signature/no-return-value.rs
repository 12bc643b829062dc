use adjoint::prelude::*;

#[differentiable]
fn square(x: f64) {
    x * x
}

fn main() {}
