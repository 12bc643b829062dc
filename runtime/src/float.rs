//! The element types adjoint differentiates: `f32` and `f64`.

use crate::Workspace;

/// A floating-point element type that adjoint can differentiate: `f32` or `f64`.
///
/// It gathers everything the runtime needs from an element (ndarray's [`NdFloat`](ndarray::NdFloat)
/// arithmetic and conversion from `f64`), so generic user code can bound on one trait.
///
/// ```
/// use adjoint_runtime::Float;
/// fn half<F: Float>(x: F) -> F { x * F::from_f64_lossy(0.5) }
/// assert_eq!(half(3.0_f32), 1.5);
/// ```
pub trait Float:
    ndarray::NdFloat
    + num_traits::FromPrimitive
    + Default
    + crate::AsOperand<Target = Self>
    + crate::Differentiable<Tangent = Self>
{
    /// Converts an `f64` into this type, rounding to nearest for `f32`.
    fn from_f64_lossy(x: f64) -> Self;
    /// Widens this value to `f64` (exact for both `f32` and `f64`).
    fn to_f64_exact(self) -> f64;
    /// The workspace's free buffers of this element type: how the buffer pool finds the list
    /// of `F` without `Any`.
    #[doc(hidden)]
    fn free_list(workspace: &mut Workspace) -> &mut Vec<Vec<Self>>;
}

impl Float for f32 {
    fn from_f64_lossy(x: f64) -> Self {
        x as f32
    }
    fn to_f64_exact(self) -> f64 {
        f64::from(self)
    }
    fn free_list(workspace: &mut Workspace) -> &mut Vec<Vec<f32>> {
        workspace.f32s()
    }
}

impl Float for f64 {
    fn from_f64_lossy(x: f64) -> Self {
        x
    }
    fn to_f64_exact(self) -> f64 {
        self
    }
    fn free_list(workspace: &mut Workspace) -> &mut Vec<Vec<f64>> {
        workspace.f64s()
    }
}
