//! Weight initializers: He/Kaiming and Xavier/Glorot, normal and uniform, and zeros, drawn
//! from a seeded generator so that a run can be repeated exactly.
//!
//! Every value is drawn as an `f64` and rounded to the element type, so the same seed gives
//! the same weights in `f32` and `f64` (up to that rounding). Weight matrices are shaped
//! `(fan_in, fan_out)`, the layout of `x.dot(&w)` with one example per row of `x`.
//!
//! ```
//! use adjoint_runtime::init;
//! use ndarray::Array2;
//!
//! let mut rng = init::rng(42);
//! let w: Array2<f32> = init::he_normal(784, 128, &mut rng);
//! assert_eq!(w.dim(), (784, 128));
//! let again: Array2<f32> = init::he_normal(784, 128, &mut init::rng(42));
//! assert_eq!(w, again);
//! ```

use ndarray::{Array, Array2, Dimension, ShapeBuilder};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal, Uniform};

use crate::Float;

pub use rand;
pub use rand::Rng;

/// The generator [`rng`] returns: ChaCha with 8 rounds, whose output for a seed is fixed by its
/// algorithm, so seeded runs repeat across platforms and `rand` releases.
///
/// Any other [`Rng`] works with every function of this module.
///
/// ```
/// use adjoint_runtime::init::{self, SeededRng};
/// let mut rng: SeededRng = init::rng(7);
/// let w = init::xavier_uniform::<f64, _>(3, 2, &mut rng);
/// assert_eq!(w.dim(), (3, 2));
/// ```
pub type SeededRng = rand::rngs::ChaCha8Rng;

/// A generator seeded with `seed`: the same seed always gives the same numbers.
///
/// ```
/// use adjoint_runtime::init;
/// let a = init::normal::<f64, _, _, _>(5, 1.0, &mut init::rng(3));
/// let b = init::normal::<f64, _, _, _>(5, 1.0, &mut init::rng(3));
/// assert_eq!(a, b);
/// ```
pub fn rng(seed: u64) -> SeededRng {
    SeededRng::seed_from_u64(seed)
}

/// An array of the given shape drawn from the normal distribution N(0, std²).
///
/// **Panics** if `std` is negative or not finite.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array3;
/// let a: Array3<f32> = init::normal((2, 3, 4), 0.5, &mut init::rng(0));
/// assert_eq!(a.shape(), &[2, 3, 4]);
/// let zero: Array3<f32> = init::normal((2, 3, 4), 0.0, &mut init::rng(0));
/// assert!(zero.iter().all(|&x| x == 0.0));
/// ```
#[track_caller]
pub fn normal<F, Sh, D, R>(shape: Sh, std: f64, rng: &mut R) -> Array<F, D>
where
    F: Float,
    Sh: ShapeBuilder<Dim = D>,
    D: Dimension,
    R: Rng + ?Sized,
{
    assert!(
        std.is_finite() && std >= 0.0,
        "adjoint: init::normal: the standard deviation must be finite and non-negative, got {std}"
    );
    let distribution = Normal::new(0.0, std).expect("a finite non-negative deviation");
    Array::from_shape_simple_fn(shape, || F::from_f64_lossy(distribution.sample(rng)))
}

/// An array of the given shape drawn from the uniform distribution on `[−bound, bound)`.
///
/// **Panics** if `bound` is not positive and finite.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array1;
/// let a: Array1<f64> = init::uniform(1000, 0.1, &mut init::rng(0));
/// assert!(a.iter().all(|&x| (-0.1..0.1).contains(&x)));
/// ```
#[track_caller]
pub fn uniform<F, Sh, D, R>(shape: Sh, bound: f64, rng: &mut R) -> Array<F, D>
where
    F: Float,
    Sh: ShapeBuilder<Dim = D>,
    D: Dimension,
    R: Rng + ?Sized,
{
    assert!(
        bound.is_finite() && bound > 0.0,
        "adjoint: init::uniform: the bound must be finite and positive, got {bound}"
    );
    let distribution = Uniform::new(-bound, bound).expect("a finite positive bound");
    Array::from_shape_simple_fn(shape, || F::from_f64_lossy(distribution.sample(rng)))
}

/// He/Kaiming normal initialization for a layer followed by a ReLU: a `(fan_in, fan_out)`
/// matrix drawn from N(0, 2 / fan_in).
///
/// It keeps the variance of the activations constant through ReLU layers (He et al., 2015),
/// and matches PyTorch's `kaiming_normal_(w, mode="fan_in", nonlinearity="relu")`.
///
/// **Panics** if `fan_in` is zero.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array2;
/// let w: Array2<f64> = init::he_normal(2, 3, &mut init::rng(0));
/// assert_eq!(w.dim(), (2, 3));
/// ```
#[track_caller]
pub fn he_normal<F: Float, R: Rng + ?Sized>(
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
) -> Array2<F> {
    normal((fan_in, fan_out), (2.0 / fan(fan_in, "fan_in")).sqrt(), rng)
}

/// He/Kaiming uniform initialization: a `(fan_in, fan_out)` matrix drawn from U(−b, b) with
/// `b = √(6 / fan_in)`, the uniform distribution of variance 2 / fan_in.
///
/// It matches PyTorch's `kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")`.
///
/// **Panics** if `fan_in` is zero.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array2;
/// let w: Array2<f32> = init::he_uniform(6, 4, &mut init::rng(0));
/// assert!(w.iter().all(|&x| x.abs() <= 1.0));
/// ```
#[track_caller]
pub fn he_uniform<F: Float, R: Rng + ?Sized>(
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
) -> Array2<F> {
    uniform((fan_in, fan_out), (6.0 / fan(fan_in, "fan_in")).sqrt(), rng)
}

/// Xavier/Glorot normal initialization for a layer followed by tanh, sigmoid or nothing: a
/// `(fan_in, fan_out)` matrix drawn from N(0, 2 / (fan_in + fan_out)).
///
/// It matches PyTorch's `xavier_normal_(w)` (gain 1).
///
/// **Panics** if `fan_in + fan_out` is zero.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array2;
/// let w: Array2<f64> = init::xavier_normal(3, 5, &mut init::rng(0));
/// assert_eq!(w.dim(), (3, 5));
/// ```
#[track_caller]
pub fn xavier_normal<F: Float, R: Rng + ?Sized>(
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
) -> Array2<F> {
    let fans = fan(fan_in + fan_out, "fan_in + fan_out");
    normal((fan_in, fan_out), (2.0 / fans).sqrt(), rng)
}

/// Xavier/Glorot uniform initialization: a `(fan_in, fan_out)` matrix drawn from U(−b, b) with
/// `b = √(6 / (fan_in + fan_out))`.
///
/// It matches PyTorch's `xavier_uniform_(w)` (gain 1).
///
/// **Panics** if `fan_in + fan_out` is zero.
///
/// ```
/// use adjoint_runtime::init;
/// use ndarray::Array2;
/// let w: Array2<f64> = init::xavier_uniform(2, 4, &mut init::rng(0));
/// assert!(w.iter().all(|&x| x.abs() <= 1.0));
/// ```
#[track_caller]
pub fn xavier_uniform<F: Float, R: Rng + ?Sized>(
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
) -> Array2<F> {
    let fans = fan(fan_in + fan_out, "fan_in + fan_out");
    uniform((fan_in, fan_out), (6.0 / fans).sqrt(), rng)
}

/// A fan as a float divisor.
#[track_caller]
fn fan(n: usize, name: &str) -> f64 {
    assert!(n > 0, "adjoint: init: {name} is zero");
    n as f64
}

/// A choice of initializer for a `(fan_in, fan_out)` weight matrix, for constructors that take
/// one (such as `Dense::with_init`).
///
/// ```
/// use adjoint_runtime::init::{self, Init};
/// use ndarray::Array2;
/// let w: Array2<f64> = Init::XavierUniform.sample(3, 2, &mut init::rng(1));
/// assert_eq!(w, init::xavier_uniform::<f64, _>(3, 2, &mut init::rng(1)));
/// assert_eq!(Init::Zeros.sample::<f32, _>(2, 2, &mut init::rng(1)), Array2::zeros((2, 2)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Init {
    /// Every weight zero (draws nothing from the generator).
    Zeros,
    /// [`he_normal`]: N(0, 2 / fan_in).
    HeNormal,
    /// [`he_uniform`]: U(±√(6 / fan_in)).
    HeUniform,
    /// [`xavier_normal`]: N(0, 2 / (fan_in + fan_out)).
    XavierNormal,
    /// [`xavier_uniform`]: U(±√(6 / (fan_in + fan_out))).
    XavierUniform,
}

/// # Drawing
impl Init {
    /// A `(fan_in, fan_out)` matrix drawn with this initializer.
    ///
    /// **Panics** as the initializer's function does.
    ///
    /// ```
    /// use adjoint_runtime::init::{self, Init};
    /// use ndarray::Array2;
    /// let w: Array2<f32> = Init::HeNormal.sample(4, 3, &mut init::rng(5));
    /// assert_eq!(w.dim(), (4, 3));
    /// ```
    #[track_caller]
    pub fn sample<F: Float, R: Rng + ?Sized>(
        self,
        fan_in: usize,
        fan_out: usize,
        rng: &mut R,
    ) -> Array2<F> {
        match self {
            Init::Zeros => Array2::zeros((fan_in, fan_out)),
            Init::HeNormal => he_normal(fan_in, fan_out, rng),
            Init::HeUniform => he_uniform(fan_in, fan_out, rng),
            Init::XavierNormal => xavier_normal(fan_in, fan_out, rng),
            Init::XavierUniform => xavier_uniform(fan_in, fan_out, rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mean and the (population) variance of the elements, in f64.
    fn moments<F: Float>(a: &Array2<F>) -> (f64, f64) {
        let n = a.len() as f64;
        let mean = a.iter().map(|x| x.to_f64_exact()).sum::<f64>() / n;
        let var = a
            .iter()
            .map(|x| (x.to_f64_exact() - mean).powi(2))
            .sum::<f64>()
            / n;
        (mean, var)
    }

    /// Over 500 000 draws the sample variance is within 0.5% of the true one with overwhelming
    /// probability (its relative standard error is √(2/n) ≈ 0.2% for a normal), and the mean
    /// within 0.01σ of zero (standard error σ/√n ≈ 0.0014σ).
    fn assert_moments(a: &Array2<f64>, variance: f64) {
        let (mean, var) = moments(a);
        assert!(
            mean.abs() < 0.01 * variance.sqrt(),
            "mean {mean}, variance {variance}"
        );
        assert!(
            (var / variance - 1.0).abs() < 0.01,
            "variance {var}, expected {variance}"
        );
    }

    #[test]
    fn he_normal_has_variance_two_over_fan_in() {
        let w = he_normal(1000, 500, &mut rng(1));
        assert_moments(&w, 2.0 / 1000.0);
    }

    /// U(−b, b) has variance b²/3 = (6 / fan_in) / 3 = 2 / fan_in.
    #[test]
    fn he_uniform_has_variance_two_over_fan_in() {
        let w = he_uniform(500, 1000, &mut rng(2));
        assert_moments(&w, 2.0 / 500.0);
        let bound = (6.0_f64 / 500.0).sqrt();
        assert!(w.iter().all(|x| x.abs() <= bound));
    }

    #[test]
    fn xavier_normal_has_variance_two_over_both_fans() {
        let w = xavier_normal(300, 1700, &mut rng(3));
        assert_moments(&w, 2.0 / 2000.0);
    }

    /// (6 / (fan_in + fan_out)) / 3 = 2 / (fan_in + fan_out).
    #[test]
    fn xavier_uniform_has_variance_two_over_both_fans() {
        let w = xavier_uniform(1000, 500, &mut rng(4));
        assert_moments(&w, 2.0 / 1500.0);
        let bound = (6.0_f64 / 1500.0).sqrt();
        assert!(w.iter().all(|x| x.abs() <= bound));
    }

    #[test]
    fn f32_draws_have_the_same_statistics() {
        let w: Array2<f32> = he_normal(1000, 500, &mut rng(5));
        let (mean, var) = moments(&w);
        assert!(mean.abs() < 0.01 * (2.0_f64 / 1000.0).sqrt());
        assert!((var / (2.0 / 1000.0) - 1.0).abs() < 0.01);
    }

    #[test]
    fn same_seed_same_weights_other_seed_other_weights() {
        for init in [
            Init::HeNormal,
            Init::HeUniform,
            Init::XavierNormal,
            Init::XavierUniform,
        ] {
            let a: Array2<f64> = init.sample(20, 10, &mut rng(9));
            let b: Array2<f64> = init.sample(20, 10, &mut rng(9));
            let c: Array2<f64> = init.sample(20, 10, &mut rng(10));
            assert_eq!(a, b, "{init:?}");
            assert_ne!(a, c, "{init:?}");
        }
    }

    /// The same draws in f32 and f64, rounded.
    #[test]
    fn f32_weights_are_the_f64_weights_rounded() {
        let wide: Array2<f64> = xavier_normal(8, 8, &mut rng(11));
        let narrow: Array2<f32> = xavier_normal(8, 8, &mut rng(11));
        assert_eq!(wide.mapv(|x| x as f32), narrow);
    }

    /// Successive draws from one generator differ: each layer gets its own weights.
    #[test]
    fn one_generator_gives_fresh_weights_each_call() {
        let mut r = rng(12);
        let a: Array2<f64> = he_normal(4, 4, &mut r);
        let b: Array2<f64> = he_normal(4, 4, &mut r);
        assert_ne!(a, b);
    }

    #[test]
    fn works_with_any_rng_behind_a_trait_object() {
        let mut r = rng(13);
        let dynamic: &mut dyn rand::Rng = &mut r;
        let w: Array2<f64> = he_normal(3, 3, dynamic);
        assert_eq!(w, he_normal::<f64, _>(3, 3, &mut rng(13)));
    }

    #[test]
    #[should_panic(expected = "adjoint: init: fan_in is zero")]
    fn zero_fan_in_panics() {
        let _: Array2<f64> = he_normal(0, 3, &mut rng(0));
    }

    #[test]
    #[should_panic(expected = "the standard deviation must be finite and non-negative, got -1")]
    fn negative_deviation_panics() {
        let _: Array2<f64> = normal((2, 2), -1.0, &mut rng(0));
    }
}
