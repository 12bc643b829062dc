use adjoint::prelude::*;

#[differentiable]
fn maybe_scaled(x: f64, scale: Option<f64>) -> f64 {
    if let Some(k) = scale { x * k } else { x }
}

fn main() {}
