use adjoint::ndarray::{Array1, Zip};
use adjoint::prelude::*;

#[differentiable]
fn total(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    Zip::from(a).and(b).map_collect(|&x| x * 2.0).sum()
}

#[differentiable]
fn pattern(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    Zip::from(a).and(b).map_collect(|&x, (y, _)| x * y).sum()
}

fn main() {}
