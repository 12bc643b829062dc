//! # adjoint
//!
//! Reverse-mode automatic differentiation of Rust functions at compile time.
//!
//! Put `#[differentiable]` on an ordinary function of floats and ndarray arrays and the macro
//! writes, at compile time, straight-line Rust that computes its gradient: no tape, no graph,
//! no allocation beyond the arrays themselves, on stable Rust.
//!
//! ```
//! use adjoint::prelude::*;
//!
//! #[differentiable]
//! fn rosenbrock(x: f64, y: f64) -> f64 {
//!     (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
//! }
//!
//! let (value, (dx, dy)) = rosenbrock_grad(1.0, 1.0);
//! assert_eq!((value, dx, dy), (0.0, 0.0, 0.0));
//! ```
//!
//! For each `#[differentiable] fn NAME(ARGS) -> R` the macro adds:
//! - `NAME_grad(ARGS) -> (R, G)` when `R` is a float: the value and the gradient of the
//!   differentiated arguments (all float and array arguments, or those listed in `wrt(...)`);
//! - `NAME_vjp(ARGS, cotangent: &R) -> (R, G)`: the value and the vector-Jacobian product.
//!
//! The rustdoc of each generated function shows its generated source: `cargo doc --open` is the
//! derivative viewer. [`check`] compares any gradient with central finite differences.

pub use adjoint_macros::{Params, differentiable};
pub use adjoint_runtime::{
    AsOperand, Differentiable, Float, Params, Tangent, broadcast, check, leaky_relu, log_softmax,
    loss, mean, mse, ndarray, nn, ops, relu, sigmoid, softmax, softmax_cross_entropy,
};

/// Everything a model file needs: `use adjoint::prelude::*;`.
pub mod prelude {
    pub use adjoint_macros::{Params, differentiable};
    pub use adjoint_runtime::{
        Float, Params, leaky_relu, log_softmax, mean, mse, relu, sigmoid, softmax,
        softmax_cross_entropy,
    };
}

#[doc(hidden)]
pub use adjoint_runtime::private as __private;
