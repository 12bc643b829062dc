//! The primitive operations that `#[differentiable]` maps Rust syntax to (operators and
//! methods), each with its forward function and its vector-Jacobian products side by side.
//!
//! Every derivative rule of the library is written once, here or in [`crate::nn`] and
//! [`crate::loss`]; the macro only names them.
//!
//! # Forward mode
//!
//! Beside each VJP is the primitive's JVP, `NAME_jvp(inputs…, y, tangents…)`, the tangent of
//! the output `y` when the inputs move along their tangents, each shaped like its input (a rule
//! of several operands takes each tangent as an `Option`, `None` being zero). Forward over
//! reverse, for Hessian-vector products, needs the tangent of each VJP when the inputs and the
//! output's adjoint `g` move: `NAME_vjp_jvp` / `NAME_vjp_lhs_jvp` take the VJP's arguments,
//! then the inputs' tangents and `dg`; a pullback's `pullback_jvp(inputs, y, g, tangents, dg,
//! needs)` takes one tangent per adjoint its `pullback` returns, in the same order.
//!
//! A linear primitive (`t`, `sum`, `row`, `slice`, a cast, …) is its own JVP, applied to the
//! tangent (`t_jvp`, `sum_jvp`, … name it), and the tangent of its VJP is that VJP applied to
//! `dg`, so it has no `vjp_jvp`.

pub mod binary;
pub mod cast;
pub mod closure;
pub mod conv;
#[doc(hidden)]
pub mod jet;
#[cfg(feature = "gemm")]
mod large_gemm;
pub mod linalg;
pub mod pool;
pub mod reduce;
pub mod select;
pub mod shape;
mod small_gemm;
pub mod unary;
pub mod update;
pub mod vectorized;

/// What the tests of forward rules share: deterministic points and a tangent check that names
/// the case.
#[cfg(test)]
pub(crate) mod test_support {
    use ndarray::{Array, Dimension, ShapeBuilder};

    use crate::check::CheckReport;
    use crate::{Float, Params};

    /// An array of `shape` filled with `offset + k/17` for integers `k` from `seed`: points
    /// spread over `[offset, offset + 1)` without ties closer than `1/17`.
    pub(crate) fn pattern<F: Float, Sh: ShapeBuilder>(
        shape: Sh,
        offset: f64,
        seed: usize,
    ) -> Array<F, Sh::Dim>
    where
        Sh::Dim: Dimension,
    {
        let mut out = Array::zeros(shape);
        for (i, v) in out.iter_mut().enumerate() {
            *v = F::from_f64_lossy(offset + ((seed * 7 + i * 5) % 17) as f64 / 17.0);
        }
        out
    }

    /// A value shaped like `p` (any [`Params`]: a float, an array, a tuple) filled as
    /// [`pattern`] fills an array.
    pub(crate) fn like<P: Params>(p: &P, offset: f64, seed: usize) -> P {
        let mut out = p.zeros_like();
        let mut i = 0;
        out.visit_mut("", &mut |_, mut leaf| {
            for v in leaf.iter_mut() {
                *v = P::Elem::from_f64_lossy(offset + ((seed * 7 + i * 5) % 17) as f64 / 17.0);
                i += 1;
            }
        });
        out
    }

    /// A float from the same grid as [`pattern`].
    pub(crate) fn number<F: Float>(offset: f64, seed: usize) -> F {
        F::from_f64_lossy(offset + ((seed * 7) % 17) as f64 / 17.0)
    }

    /// `t` if `present`, else zeros shaped like it: the direction that a `None` tangent is.
    pub(crate) fn or_zero<P: Params + Clone>(present: bool, t: &P) -> P {
        if present { t.clone() } else { t.zeros_like() }
    }

    /// Every combination of two tangents present or absent.
    pub(crate) const TWO: [(bool, bool); 4] =
        [(true, true), (true, false), (false, true), (false, false)];

    /// **Panics** with `what` and the report's table unless every element passed.
    #[track_caller]
    pub(crate) fn assert_passes(what: &str, report: CheckReport) {
        assert!(report.is_ok(), "{what}\n{report}");
    }
}
