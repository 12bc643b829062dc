use adjoint::ndarray::{Array1, Array2, Axis};
use adjoint::prelude::*;

#[differentiable]
fn column_means(x: &Array2<f64>) -> Array1<f64> {
    let m = x.mean_axis(Axis(0))?;
    m
}

fn main() {}
