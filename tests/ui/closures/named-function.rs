use adjoint::ndarray::Array1;
use adjoint::prelude::*;

fn plain(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    x.mapv(plain).sum()
}

fn main() {}
