use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn zero_first(mut x: Array1<f64>) -> f64 {
    x[0] = 0.0;
    x.sum()
}

fn main() {}
