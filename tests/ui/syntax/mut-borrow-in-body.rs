use adjoint::ndarray::Array1;
use adjoint::prelude::*;

fn add_one(a: &mut Array1<f64>) {
    *a += 1.0;
}

#[differentiable]
fn shifted_total(x: &Array1<f64>) -> f64 {
    let mut y = x.to_owned();
    add_one(&mut y);
    y.sum()
}

fn main() {}
