use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    x.mapv(|v| {
        println!("{v}");
        v * v
    })
    .sum()
}

fn main() {}
