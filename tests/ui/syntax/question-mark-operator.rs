use adjoint::ndarray::{Array1, Axis};
use adjoint::prelude::*;

#[differentiable]
fn mean(x: &Array1<f64>) -> Array1<f64> {
    let m = x.mean_axis(Axis(0))?;
    m
}

fn main() {}
