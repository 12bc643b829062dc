use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Scale {
    s: Array1<f64>,
}

#[differentiable(wrt(x))]
fn scaled(x: &Array1<f64>, scale: &Scale) -> f64 {
    (x * &scale.s).sum()
}

// `scale` is differentiated here, but `scaled` has no derivative with respect to it.
#[differentiable]
fn caller(x: &Array1<f64>, scale: &Scale) -> f64 {
    scaled(x, scale) + x.sum()
}

fn main() {}
