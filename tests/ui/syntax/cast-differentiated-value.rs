use adjoint::prelude::*;

#[differentiable]
fn narrow(x: f64) -> f64 {
    let y = x as f32;
    x * x
}

fn main() {}
