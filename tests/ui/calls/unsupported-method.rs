use adjoint::prelude::*;

#[differentiable]
fn cube_root(x: f64) -> f64 {
    x.cbrt()
}

fn main() {}
