use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

#[differentiable(wrt(w, labels))]
fn loss(x: &Array2<f32>, labels: &Array1<usize>, w: &Array2<f32>) -> f32 {
    softmax_cross_entropy(&x.dot(w), labels)
}

fn main() {}
