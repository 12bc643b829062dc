use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn step(x: &Array1<f64>, a: f64) -> f64 {
    x.mapv(|v| a * (v >= 0.0) as u8 as f64).sum()
}

fn main() {}
