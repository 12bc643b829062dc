use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn constant(x: &Array1<f64>, a: f64) -> f64 {
    (x.mapv(|v| a) * x).sum()
}

#[differentiable]
fn ignored(x: &Array1<f64>, a: f64) -> f64 {
    (x.mapv(|_| a) * x).sum()
}

fn main() {}
