use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn scaled(v: f64, s: f64) -> f64 {
    v * s
}

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    x.mapv(|v| 2.0 * scaled(v, 3.0)).sum()
}

fn main() {}
