use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Scale {
    s: Array1<f64>,
}

#[differentiable]
fn scaled(x: &Array1<f64>) -> f64 {
    let m = Scale { s: x * 2.0 };
    m.s.sum()
}

fn main() {}
