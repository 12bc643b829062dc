use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[derive(Params, Clone)]
struct Layer {
    w: Array1<f64>,
}

#[differentiable]
fn zero_first(mut layer: Layer) -> f64 {
    layer.w[0] = 0.0;
    layer.w.sum()
}

fn main() {}
