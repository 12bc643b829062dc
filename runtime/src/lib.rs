//! The runtime of [adjoint](https://docs.rs/adjoint): the primitive operations that
//! `#[differentiable]` code compiles to, each with its derivative rule, the activations and
//! losses, the [`Params`] trait, and the numeric gradient checker.
//!
//! Users depend on the `adjoint` facade crate, which re-exports everything here.

pub mod broadcast;
pub mod check;
pub mod checkpoint;
pub mod data;
mod float;
pub mod history;
pub mod init;
pub mod layers;
pub mod loss;
pub mod metrics;
pub mod nn;
mod operand;
pub mod ops;
pub mod optim;
#[cfg(feature = "parallel")]
pub mod parallel;
mod params;
#[cfg(feature = "plot")]
pub mod plot;
#[doc(hidden)]
pub mod private;
#[cfg(feature = "progress")]
pub mod progress;
pub mod workspace;

pub use float::Float;
pub use loss::{mean, mse, softmax_cross_entropy};
pub use ndarray;
pub use nn::{leaky_relu, log_softmax, relu, sigmoid, softmax};
pub use operand::{AsOperand, Operand};
pub use optim::{Adam, AdamW, Optimizer, RmsProp, Sgd};
pub use params::{Differentiable, LeafZip, Params, ShapeMismatch, Tangent, ZipVisitor, join_path};
pub use workspace::Workspace;
