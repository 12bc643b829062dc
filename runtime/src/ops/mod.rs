//! The primitive operations that `#[differentiable]` maps Rust syntax to (operators and
//! methods), each with its forward function and its vector-Jacobian products side by side.
//!
//! Every derivative rule of the library is written once, here or in [`crate::nn`] and
//! [`crate::loss`]; the macro only names them.

pub mod binary;
pub mod cast;
pub mod conv;
pub mod linalg;
pub mod pool;
pub mod reduce;
pub mod select;
mod small_gemm;
pub mod unary;
