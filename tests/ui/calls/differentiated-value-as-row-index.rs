use adjoint::ndarray::Array2;
use adjoint::prelude::*;

#[differentiable]
fn pick(a: &Array2<f64>, i: f64) -> f64 {
    a.row(i).sum()
}

fn main() {}
