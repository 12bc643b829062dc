use adjoint::ndarray::Array1;
use adjoint::prelude::*;

#[differentiable]
fn loss(p: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let correct = p.iter().zip(y).filter(|(p, y)| (**p > 0.5) == (**y > 0.5)).count();
    (p - y).mapv(|d| d * d).sum() / correct as f64
}

fn main() {}
