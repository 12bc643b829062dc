use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: &Array1<f64>, a: f64) -> f64 {
    let weights: Array1<f64> = (0..3).map(|i| a * i as f64).collect();
    (weights * x).sum()
}

fn main() {}
