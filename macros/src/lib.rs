//! The `#[differentiable]` attribute of adjoint.
//!
//! The attribute reads a function, lowers its body to an IR of primitive operations
//! ([`parse`]), checks it ([`validate`]), plans the reverse sweep ([`reverse`]) and writes the
//! gradient functions ([`emit`]). On any error it emits the original function, the errors and
//! stubs with the real signatures ([`fallback`]).

#![forbid(unsafe_code)]

mod adjoint;
mod args;
mod custom;
mod emit;
mod expand;
mod fallback;
mod forward;
mod ir;
mod moves;
#[cfg(test)]
mod never_panic;
mod params;
mod parse;
mod prims;
mod reverse;
#[cfg(test)]
mod snapshots;
mod types;
mod validate;

use proc_macro::TokenStream;

/// Generates reverse-mode derivatives of a function at compile time.
///
/// `#[differentiable]` or `#[differentiable(wrt(a, b))]` on `fn NAME(ARGS) -> R` keeps `NAME`
/// and adds `NAME_grad(ARGS) -> (R, G)` (when `R` is a float) and
/// `NAME_vjp(ARGS, cotangent: &R) -> (R, G)`, where `G` is the gradient of the differentiated
/// arguments. See the `adjoint` crate for the supported vocabulary.
#[proc_macro_attribute]
pub fn differentiable(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::differentiable(attr.into(), item.into()).into()
}

/// Implements `Params` (and `Differentiable`, with the struct as its own gradient type) for a
/// struct with named fields of floats, float arrays, other `Params` types and `Vec`s of them.
/// A field marked `#[params(skip)]` is a constant: copied, never differentiated or updated.
#[proc_macro_derive(Params, attributes(params))]
pub fn derive_params(input: TokenStream) -> TokenStream {
    params::derive(input.into()).into()
}
