use adjoint::ndarray::Array1;
use adjoint::prelude::*;

struct Activation;

impl Activation {
    fn apply(v: f64) -> f64 {
        v.tanh()
    }
}

#[differentiable]
fn total(x: &Array1<f64>) -> f64 {
    x.mapv(Activation::apply).sum()
}

fn main() {}
