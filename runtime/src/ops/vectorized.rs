//! Element-wise functions computed over a whole slice at once by vectorized kernels: SLEEF's
//! `exp`, `ln`, `tanh`, … as the `elem-simd-math` crate ports them, with the widest SIMD level
//! the CPU has chosen at run time.
//!
//! A loop of the standard library's calls is not vectorized: `exp` takes about 3 ns per
//! element here, `tanh` 9; the kernels are 4–5× faster (`cargo bench --bench kernels`), within
//! 1 ULP of the exact result (2.5 ULP for the sigmoid, 3 for the softplus). They give the same bits on every SIMD level (fused multiply-adds are rounded
//! once everywhere), and every element of a slice goes through the same vector code, so a
//! value does not depend on where it sits in its array.
//!
//! adjoint's own `sigmoid` and `softplus` map arrays through their kernels, in its plain form and in every
//! derivative entry alike. The rules of the standard library's functions (`x.exp()`, `x.ln()`,
//! … in a differentiable function) do so only when wrapped in
//! [`Vectorized`](super::unary::Vectorized): by default the generated code reproduces
//! ndarray's value, which calls the standard library's functions, to the bit. A float on its
//! own always goes through the standard library. The inverse hyperbolic functions have no
//! kernel here: the `f32` ones overflow for arguments above about 1e19.

use std::mem::MaybeUninit;

use crate::Float;

/// An element-wise function with a vectorized kernel.
///
/// A [`UnaryRule`](super::unary::UnaryRule) names its kernel in
/// [`kernel`](super::unary::UnaryRule::kernel); arrays are mapped through it when the rule is
/// [`vectorized`](super::unary::UnaryRule::vectorized).
///
/// ```
/// use adjoint_runtime::ops::vectorized::Kernel;
///
/// let x = [0.0, 1.0, -2.0];
/// let mut y = [0.0; 3];
/// Kernel::Exp.apply(&x, &mut y);
/// assert!((y[1] - 1.0_f64.exp()).abs() <= f64::EPSILON * y[1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kernel {
    /// `eˣ`.
    Exp,
    /// `eˣ − 1`.
    ExpM1,
    /// `ln x`.
    Ln,
    /// `ln(1 + x)`.
    Ln1p,
    /// `√x`.
    Sqrt,
    /// `sin x`.
    Sin,
    /// `cos x`.
    Cos,
    /// `tan x`.
    Tan,
    /// `asin x`.
    Asin,
    /// `acos x`.
    Acos,
    /// `atan x`.
    Atan,
    /// `sinh x`.
    Sinh,
    /// `cosh x`.
    Cosh,
    /// `tanh x`.
    Tanh,
    /// The logistic function `1/(1 + e⁻ˣ)`, without overflow.
    Sigmoid,
    /// `ln(1 + eˣ)`, without overflow.
    Softplus,
}

/// The number of elements a kernel applied in place copies aside at a time.
const CHUNK: usize = 256;

impl Kernel {
    /// Writes the function of every element of `x` into `out`.
    ///
    /// **Panics** if the slices differ in length.
    #[track_caller]
    pub fn apply<F: Float>(self, x: &[F], out: &mut [F]) {
        assert_eq!(
            x.len(),
            out.len(),
            "adjoint: vectorized kernel: the input has {} elements and the output {}",
            x.len(),
            out.len()
        );
        // SAFETY: `MaybeUninit<F>` has `F`'s size, alignment and validity for initialized
        // values; the re-typed slice goes only to `apply_kernel`, whose kernels write an
        // initialized value into every element (`MaybeUninit::write`) and read none, so `out`
        // stays initialized.
        let out = unsafe { &mut *(std::ptr::from_mut::<[F]>(out) as *mut [MaybeUninit<F>]) };
        F::apply_kernel(self, x, out);
    }

    /// Replaces every element of `x` by its function.
    pub fn apply_in_place<F: Float>(self, x: &mut [F]) {
        let mut copy = [F::zero(); CHUNK];
        for chunk in x.chunks_mut(CHUNK) {
            let copy = &mut copy[..chunk.len()];
            copy.copy_from_slice(chunk);
            self.apply(copy, chunk);
        }
    }

    /// The function of every element of `x`, appended to `out`: written straight into its
    /// spare capacity, reserved first.
    pub(crate) fn extend<F: Float>(self, x: &[F], out: &mut Vec<F>) {
        out.reserve(x.len());
        let start = out.len();
        let spare = &mut out.spare_capacity_mut()[..x.len()];
        F::apply_kernel(self, x, spare);
        // SAFETY: `apply_kernel` wrote every element of `spare` (it panics otherwise), which
        // holds the `x.len()` elements after the first `start`, within the capacity reserved
        // above.
        unsafe { out.set_len(start + x.len()) };
    }
}

/// `run_f32` and `run_f64`: run a kernel over `x` into `out`, which have the same length.
///
/// **Panics** if the slices differ in length.
macro_rules! runners {
    ($($name:ident: $ty:ident),*) => {$(
        #[track_caller]
        pub(crate) fn $name(kernel: Kernel, x: &[$ty], out: &mut [MaybeUninit<$ty>]) {
            use elem_simd_math::$ty as k;
            let written = match kernel {
                Kernel::Exp => k::exp(x, out),
                Kernel::ExpM1 => k::expm1(x, out),
                Kernel::Ln => k::log(x, out),
                Kernel::Ln1p => k::log1p(x, out),
                Kernel::Sqrt => k::sqrt(x, out),
                Kernel::Sin => k::sin(x, out),
                Kernel::Cos => k::cos(x, out),
                Kernel::Tan => k::tan(x, out),
                Kernel::Asin => k::asin(x, out),
                Kernel::Acos => k::acos(x, out),
                Kernel::Atan => k::atan(x, out),
                Kernel::Sinh => k::sinh(x, out),
                Kernel::Cosh => k::cosh(x, out),
                Kernel::Tanh => k::tanh(x, out),
                Kernel::Sigmoid => k::sigmoid(x, out),
                Kernel::Softplus => k::softplus(x, out),
            };
            if let Err(error) = written {
                panic!("adjoint: vectorized kernel {kernel:?}: {error}");
            }
        }
    )*};
}

runners!(run_f32: f32, run_f64: f64);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::unary::{self, UnaryRule};

    /// The distance in units in the last place between two floats of the same sign.
    fn ulps(a: f64, b: f64) -> f64 {
        ((a - b) / (a.abs().max(b.abs()) * f64::EPSILON).max(f64::MIN_POSITIVE)).abs()
    }

    /// Every kernel.
    const KERNELS: [Kernel; 16] = [
        Kernel::Exp,
        Kernel::ExpM1,
        Kernel::Ln,
        Kernel::Ln1p,
        Kernel::Sqrt,
        Kernel::Sin,
        Kernel::Cos,
        Kernel::Tan,
        Kernel::Asin,
        Kernel::Acos,
        Kernel::Atan,
        Kernel::Sinh,
        Kernel::Cosh,
        Kernel::Tanh,
        Kernel::Sigmoid,
        Kernel::Softplus,
    ];

    /// The value of the rule of `kernel` at `x`, as a float on its own gets it.
    fn scalar<F: Float>(kernel: Kernel, x: F) -> F {
        match kernel {
            Kernel::Exp => unary::Exp.value(x),
            Kernel::ExpM1 => unary::ExpM1.value(x),
            Kernel::Ln => unary::Ln.value(x),
            Kernel::Ln1p => unary::Ln1p.value(x),
            Kernel::Sqrt => unary::Sqrt.value(x),
            Kernel::Sin => unary::Sin.value(x),
            Kernel::Cos => unary::Cos.value(x),
            Kernel::Tan => unary::Tan.value(x),
            Kernel::Asin => unary::Asin.value(x),
            Kernel::Acos => unary::Acos.value(x),
            Kernel::Atan => unary::Atan.value(x),
            Kernel::Sinh => unary::Sinh.value(x),
            Kernel::Cosh => unary::Cosh.value(x),
            Kernel::Tanh => unary::Tanh.value(x),
            Kernel::Sigmoid => unary::Sigmoid.value(x),
            Kernel::Softplus => unary::Softplus.value(x),
        }
    }

    /// Every kernel agrees with the rule's scalar value within its error bound, at points
    /// spread over the rule's domain (negative, tiny, subnormal, large, and the special
    /// values), in f32 and f64; NaNs and infinities where the scalar function has them.
    fn agree_with_scalar<F: Float>(epsilon: f64) {
        let mut points: Vec<f64> = (-400..=400).map(|i| f64::from(i) * 0.0371).collect();
        points.extend((-60..=60).map(|i| 1.7_f64.powi(i)));
        points.extend((-60..=60).map(|i| -(1.7_f64.powi(i))));
        points.extend([
            0.0, -0.0, 1.0, -1.0, 1e-300, 5e-324, 80.0, -80.0, 700.0, -700.0,
        ]);
        points.extend([f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e30, -1e30]);
        let x: Vec<F> = points.iter().map(|&p| F::from_f64_lossy(p)).collect();
        for kernel in KERNELS {
            let mut y = vec![F::zero(); x.len()];
            kernel.apply(&x, &mut y);
            for (&x, &y) in x.iter().zip(&y) {
                let (want, got) = (scalar(kernel, x).to_f64_exact(), y.to_f64_exact());
                let bound = match kernel {
                    Kernel::Sigmoid | Kernel::Softplus => 3.5,
                    _ => 2.0,
                };
                let agree = (want.is_nan() && got.is_nan())
                    || want == got
                    || (want.is_finite() && ulps(want, got) * f64::EPSILON <= bound * epsilon)
                    || (want.abs() < 1e-290 && got.abs() < 1e-290);
                assert!(agree, "{kernel:?}({x:?}): kernel {got:e}, scalar {want:e}");
            }
        }
    }

    #[test]
    fn kernels_agree_with_the_scalar_functions_f64() {
        agree_with_scalar::<f64>(f64::EPSILON);
    }

    #[test]
    fn kernels_agree_with_the_scalar_functions_f32() {
        agree_with_scalar::<f32>(f64::from(f32::EPSILON));
    }

    /// In place and out of place, over lengths around the vector width and the chunk size,
    /// every element gets the bits it gets alone.
    #[test]
    fn an_element_does_not_depend_on_its_place() {
        for len in [0, 1, 3, 7, 8, 9, 17, 255, 256, 257, 1000] {
            let x: Vec<f64> = (0..len).map(|i| (i as f64 * 0.37).sin() * 5.0).collect();
            let mut out = vec![0.0; len];
            Kernel::Tanh.apply(&x, &mut out);
            let mut in_place = x.clone();
            Kernel::Tanh.apply_in_place(&mut in_place);
            let mut extended = vec![7.0];
            Kernel::Tanh.extend(&x, &mut extended);
            for (i, &v) in x.iter().enumerate() {
                let mut alone = [0.0];
                Kernel::Tanh.apply(&[v], &mut alone);
                assert_eq!(
                    out[i].to_bits(),
                    alone[0].to_bits(),
                    "len {len}, element {i}"
                );
                assert_eq!(in_place[i].to_bits(), alone[0].to_bits());
                assert_eq!(extended[i + 1].to_bits(), alone[0].to_bits());
            }
            assert_eq!(extended[0], 7.0);
        }
    }

    #[test]
    #[should_panic(expected = "the input has 3 elements and the output 2")]
    fn slices_of_different_lengths_panic() {
        Kernel::Exp.apply(&[1.0, 2.0, 3.0], &mut [0.0, 0.0]);
    }
}
