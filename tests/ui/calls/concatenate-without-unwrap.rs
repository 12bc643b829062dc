use adjoint::ndarray::{Array1, concatenate};
use adjoint::prelude::*;

#[differentiable]
fn joined(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    let j = concatenate(Axis(0), &[a.view(), b.view()]);
    j.unwrap().sum()
}

fn main() {}
