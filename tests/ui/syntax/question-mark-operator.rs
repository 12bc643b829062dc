use adjoint::prelude::*;
use adjoint::ndarray::{Array1, Axis};

#[differentiable]
fn mean(x: &Array1<f64>) -> Array1<f64> {
    let m = x.mean_axis(Axis(0))?;
    m
}

fn main() {}
