use adjoint::prelude::*;

#[differentiable]
fn both(x: f64) -> f64 {
    (x * 2.0, x.sin())
}

fn main() {}
