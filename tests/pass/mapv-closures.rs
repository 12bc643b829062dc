#![deny(warnings)]

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[differentiable]
fn squares(x: &Array1<f64>) -> Array1<f64> {
    x.mapv(|v| v * v)
}

#[differentiable]
fn softplus<F: Float>(x: &Array2<F>, beta: F) -> F {
    x.mapv(|v| (F::one() + (beta * v).exp()).ln() / beta).sum() + x.mapv(F::tanh).sum()
}

fn main() {
    let _ = squares_vjp;
    let _ = softplus_grad::<f32>;
}
