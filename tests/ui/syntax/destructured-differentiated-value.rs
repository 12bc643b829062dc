use adjoint::prelude::*;

#[differentiable]
fn square(x: &f64) -> f64 {
    let &y = x;
    y * y
}

fn main() {}
