use adjoint::prelude::*;

#[differentiable(fuse = 1)]
fn square(x: f64) -> f64 {
    x * x
}

fn main() {}
