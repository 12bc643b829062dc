use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn product(x: &Array1<f64>) -> f64 {
    x.product()
}

fn main() {}
