use adjoint::prelude::*;

#[differentiable]
fn pushed(x: f64) -> f64 {
    let mut seen = Vec::new();
    seen.push(x);
    x * x
}

fn main() {}
