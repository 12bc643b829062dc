use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    let mut y = x.to_owned();
    let r = &mut y;
    x.sum()
}

fn main() {}
