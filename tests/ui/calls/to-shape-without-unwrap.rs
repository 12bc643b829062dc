use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn reshaped(x: &Array1<f64>) -> f64 {
    let m = x.to_shape((2, 2));
    m.unwrap().sum()
}

fn main() {}
