use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[allow(unused_macros)]
macro_rules! weights {
    () => {
        vec![1.0, 2.0, 3.0]
    };
}

#[differentiable]
fn weighted(x: &Array1<f64>) -> f64 {
    let w = Array1::from(weights!());
    (x * &w).sum()
}

fn main() {}
