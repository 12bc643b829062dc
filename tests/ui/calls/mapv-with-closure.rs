use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn squares(x: &Array1<f64>) -> Array1<f64> {
    x.mapv(|v| v * v)
}

fn main() {}
