//! `x as f32` and `x as f64` on a differentiated float: the value converted, and its adjoint
//! converted back. The conversion is linear, so its derivative is the conversion itself: an
//! `f64` adjoint flowing into an `f32` value is rounded to `f32`, as the value was. In forward
//! mode the tangent is converted as the value is ([`cast_jvp`]), and the tangent of
//! [`cast_vjp`] along `dg` is `cast_vjp(dg)`.

use std::marker::PhantomData;

use crate::Float;

/// `x as G`, for `F` and `G` each `f32` or `f64`: widening is exact, narrowing rounds to the
/// nearest `f32` (and overflows to infinity), as `as` does.
///
/// ```
/// use std::marker::PhantomData;
/// use adjoint_runtime::ops::cast::cast;
///
/// assert_eq!(cast(&0.1_f32, PhantomData::<f64>), f64::from(0.1_f32));
/// assert_eq!(cast(&0.1_f64, PhantomData::<f32>), 0.1_f32);
/// ```
#[inline]
pub fn cast<F: Float, G: Float>(x: &F, _to: PhantomData<G>) -> G {
    G::from_f64_lossy(x.to_f64_exact())
}

/// The adjoint of `x` in `y = x as G`: the adjoint `g` of `y` converted back to `F`.
#[inline]
pub fn cast_vjp<F: Float, G: Float>(g: &G, _x: &F, _to: PhantomData<G>, _y: &G) -> F {
    F::from_f64_lossy(g.to_f64_exact())
}

/// The tangent of `y = x as G` along `dx`: `dx as G`, rounded as the value is.
///
/// ```
/// use std::marker::PhantomData;
/// use adjoint_runtime::ops::cast::{cast, cast_jvp};
///
/// let y = cast(&1.5_f64, PhantomData::<f32>);
/// assert_eq!(cast_jvp(&1.5_f64, PhantomData::<f32>, &y, &0.1), 0.1_f32);
/// ```
#[inline]
pub fn cast_jvp<F: Float, G: Float>(_x: &F, to: PhantomData<G>, _y: &G, dx: &F) -> G {
    cast(dx, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_are_as() {
        for x in [0.1_f64, -3.7, 1e39, f64::MIN_POSITIVE, 0.0] {
            assert_eq!(cast(&x, PhantomData::<f32>).to_bits(), (x as f32).to_bits());
            assert_eq!(cast(&x, PhantomData::<f64>), x);
            assert_eq!(cast(&(x as f32), PhantomData::<f64>), f64::from(x as f32));
        }
    }

    /// The tangent against central differences of the cast, both ways.
    #[test]
    fn the_tangent_matches_differences() {
        let h = 1e-3;
        for (x, dx) in [(0.7_f64, 1.3_f64), (-2.5, -0.4), (12.0, 2.0)] {
            let to32 = |x: f64| f64::from(cast(&x, PhantomData::<f32>));
            let numeric = (to32(x + h * dx) - to32(x - h * dx)) / (2.0 * h);
            let exact = f64::from(cast_jvp(&x, PhantomData::<f32>, &0.0, &dx));
            assert!((exact - numeric).abs() < 1e-3, "{x}: {exact} vs {numeric}");
            let (x, dx, h) = (x as f32, dx as f32, 1e-2_f32);
            let to64 = |x: f32| cast(&x, PhantomData::<f64>);
            let numeric = (to64(x + h * dx) - to64(x - h * dx)) / f64::from(2.0 * h);
            let exact = cast_jvp(&x, PhantomData::<f64>, &0.0, &dx);
            assert!((exact - numeric).abs() < 1e-3, "{x}: {exact} vs {numeric}");
        }
    }

    /// d(x as G)/dx = 1: the adjoint comes back unchanged, but for `f32` rounding.
    #[test]
    fn the_adjoint_is_converted_back() {
        assert_eq!(
            cast_vjp(&2.5_f64, &1.0_f32, PhantomData::<f64>, &1.0),
            2.5_f32
        );
        assert_eq!(
            cast_vjp(&0.1_f32, &1.0_f64, PhantomData::<f32>, &1.0),
            f64::from(0.1_f32)
        );
    }
}
