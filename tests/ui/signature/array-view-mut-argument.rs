use adjoint::ndarray::ArrayViewMut1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: ArrayViewMut1<f64>) -> f64 {
    x.sum()
}

fn main() {}
