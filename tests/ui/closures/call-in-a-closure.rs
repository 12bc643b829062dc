use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn logistic(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    x.mapv(|v| 2.0 * logistic(v)).sum()
}

fn main() {}
