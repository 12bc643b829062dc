use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn mixed(x: &Array1<f64>) -> (f64, Array1<f64>, usize) {
    (x.sum(), x * 2.0, x.len())
}

fn main() {}
