use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    let mut s = 0.0;
    for v in x.iter() {
        s += v * 2.0;
    }
    s
}

fn main() {}
