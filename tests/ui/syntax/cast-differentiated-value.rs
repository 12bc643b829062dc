use adjoint::prelude::*;

#[differentiable]
fn narrow(x: f64) -> f32 {
    x as f32
}

fn main() {}
