use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn reshaped(x: &Array1<f64>, n: f64) -> f64 {
    x.to_owned().into_shape_with_order(n).unwrap().sum()
}

fn main() {}
