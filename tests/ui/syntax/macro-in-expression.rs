use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn weighted(x: &Array1<f64>) -> f64 {
    let w = Array1::from(vec![1.0, 2.0, 3.0]);
    (x * &w).sum()
}

fn main() {}
