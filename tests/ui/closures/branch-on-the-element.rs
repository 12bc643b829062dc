use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn leaky(x: &Array1<f64>) -> f64 {
    x.mapv(|v| if v > 0.0 { v } else { 0.01 * v }).sum()
}

fn main() {}
