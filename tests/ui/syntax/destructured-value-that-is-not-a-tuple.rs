use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn first(x: &Array1<f64>) -> f64 {
    let (a, _) = x * 2.0;
    a.sum()
}

fn main() {}
