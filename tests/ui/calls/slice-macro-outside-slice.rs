use adjoint::ndarray::Array2;
use adjoint::prelude::*;

#[differentiable]
fn corner(a: &Array2<f64>) -> f64 {
    let info = adjoint::ndarray::s![..2, ..2];
    a.slice(info).sum()
}

fn main() {}
