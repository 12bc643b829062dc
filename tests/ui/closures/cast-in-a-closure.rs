use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: &Array1<f64>) -> f32 {
    x.mapv(|v| v as f32).sum()
}

fn main() {}
