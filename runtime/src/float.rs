//! The element types adjoint differentiates: `f32` and `f64`.

use nano_gemm::Plan;

use crate::Workspace;

/// The supertrait that seals [`Float`]: public, so that `Float` can name it, in a module no
/// other crate can reach, so that no other crate can implement it. Its items are visible
/// through a `Float` bound all the same, hence their long names.
pub(crate) mod sealed {
    /// What the runtime's kernels and checkpoints need of an element type, for `f32` and
    /// `f64` only.
    pub trait Sealed: Sized {
        /// The safetensors dtype of this type.
        const SAFETENSORS_DTYPE: &'static str;
        /// nano-gemm's plan for an m×k by k×n product of this element type; `col_major`
        /// when `C` and `A` have unit row stride.
        fn small_gemm_plan(m: usize, n: usize, k: usize, col_major: bool) -> super::Plan<Self>;
        /// Appends the little-endian bytes of `self` to `out`, bit for bit (a NaN's payload
        /// included, which a round trip through `f64` would change).
        fn extend_safetensors_bytes(self, out: &mut Vec<u8>);
        /// The value of these little-endian bytes, bit for bit.
        ///
        /// **Panics** unless `bytes` has the type's size.
        fn from_safetensors_bytes(bytes: &[u8]) -> Self;
        /// Writes `kernel` of every element of `x` into `out`.
        ///
        /// **Panics** if the slices differ in length.
        fn apply_kernel(
            kernel: crate::ops::vectorized::Kernel,
            x: &[Self],
            out: &mut [std::mem::MaybeUninit<Self>],
        );
    }

    impl Sealed for f32 {
        const SAFETENSORS_DTYPE: &'static str = "F32";
        fn small_gemm_plan(m: usize, n: usize, k: usize, col_major: bool) -> super::Plan<f32> {
            super::Plan::new_f32_impl(m, n, k, col_major)
        }
        fn extend_safetensors_bytes(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn from_safetensors_bytes(bytes: &[u8]) -> f32 {
            f32::from_le_bytes(bytes.try_into().expect("4 bytes"))
        }
        #[track_caller]
        fn apply_kernel(
            kernel: crate::ops::vectorized::Kernel,
            x: &[f32],
            out: &mut [std::mem::MaybeUninit<f32>],
        ) {
            crate::ops::vectorized::run_f32(kernel, x, out);
        }
    }

    impl Sealed for f64 {
        const SAFETENSORS_DTYPE: &'static str = "F64";
        fn small_gemm_plan(m: usize, n: usize, k: usize, col_major: bool) -> super::Plan<f64> {
            super::Plan::new_f64_impl(m, n, k, col_major)
        }
        fn extend_safetensors_bytes(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn from_safetensors_bytes(bytes: &[u8]) -> f64 {
            f64::from_le_bytes(bytes.try_into().expect("8 bytes"))
        }
        #[track_caller]
        fn apply_kernel(
            kernel: crate::ops::vectorized::Kernel,
            x: &[f64],
            out: &mut [std::mem::MaybeUninit<f64>],
        ) {
            crate::ops::vectorized::run_f64(kernel, x, out);
        }
    }
}

/// A floating-point element type that adjoint can differentiate: `f32` or `f64`.
///
/// It gathers everything the runtime needs from an element (ndarray's [`NdFloat`](ndarray::NdFloat)
/// arithmetic and conversion from `f64`), so generic user code can bound on one trait.
///
/// The trait is sealed: `f32` and `f64` are its only implementations, and no other crate can
/// add one. The matrix-product kernels rely on it (see the crate's section on `unsafe` code).
///
/// ```
/// use adjoint_runtime::Float;
/// fn half<F: Float>(x: F) -> F { x * F::from_f64_lossy(0.5) }
/// assert_eq!(half(3.0_f32), 1.5);
/// ```
pub trait Float:
    sealed::Sealed
    + ndarray::NdFloat
    + num_traits::FromPrimitive
    + Default
    + crate::AsOperand<Target = Self>
    + crate::IntoOperand
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
