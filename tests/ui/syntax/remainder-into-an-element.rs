use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn wrapped(x: &Array1<f64>, a: f64) -> f64 {
    let mut y = x.to_owned();
    y[0] %= a;
    y.sum()
}

fn main() {}
