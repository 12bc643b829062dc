//! A model whose layers come from another crate, imported with `use`, renames, module paths
//! and re-exports.

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;
use downstream_layers::affine as linear;
use downstream_layers::{Affine, affine};

/// Two affine layers with a squashing activation in between.
#[derive(Params, Clone, Debug)]
pub struct TwoLayer {
    pub first: Affine,
    pub second: Affine,
}

/// Cross-entropy of the model's logits.
#[differentiable(wrt(model))]
pub fn loss(model: &TwoLayer, x: &Array2<f64>, labels: &Array1<usize>) -> f64 {
    let h = downstream_layers::squash(&affine(&model.first, x), 1.5);
    let h = downstream_layers::activations::scaled_tanh(&h, 0.5) + &h;
    softmax_cross_entropy(&linear(&model.second, &h), labels)
}
