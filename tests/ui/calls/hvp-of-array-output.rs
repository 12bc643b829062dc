use adjoint::ndarray::{Array1, array};
use adjoint::prelude::*;

#[differentiable]
fn scaled(x: &Array1<f64>) -> Array1<f64> {
    x * 2.0
}

fn main() {
    let x = array![1.0, 2.0];
    let (y, g, hv) = scaled_hvp(&x, &x);
}
