//! Layers defined in one crate and used by a model in another, the way a model zoo is built.

use adjoint::ndarray::{Array1, Array2};
use adjoint::prelude::*;

/// A fully connected layer.
#[derive(Params, Clone, Debug)]
pub struct Affine {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
}

/// `x·w + b`.
#[differentiable]
pub fn affine(layer: &Affine, x: &Array2<f64>) -> Array2<f64> {
    x.dot(&layer.w) + &layer.b
}

/// Activations, reached through a module path and a re-export.
pub mod activations {
    use adjoint::ndarray::Array2;
    use adjoint::prelude::*;

    /// `tanh`, scaled: `a · tanh(x)`.
    #[differentiable(wrt(x))]
    pub fn scaled_tanh(x: &Array2<f64>, a: f64) -> Array2<f64> {
        x.tanh() * a
    }
}

pub use activations::scaled_tanh as squash;
