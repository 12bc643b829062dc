//! Reductions of an array: `sum`, `sum_axis`, `mean_axis`, `var`, `std`. Each adjoint spreads the output's
//! adjoint back over the elements that were summed.
//!
//! Forward mode: `sum`, `sum_axis` and `mean_axis` are linear, so each one's tangent is the
//! reduction of the operand's tangent ([`sum_jvp`], [`sum_axis_jvp`], [`mean_axis_jvp`]), and
//! the tangent of each one's VJP along `dg` is that VJP of `dg`. The variance and the standard
//! deviation are not: [`variance_jvp`] and [`standard_deviation_jvp`] give their tangents, and
//! their pullbacks' `pullback_jvp` the tangents of their adjoints (forward over reverse).

use ndarray::{Array, ArrayRef, Axis, Dimension, RemoveAxis};

use crate::broadcast::{assert_same_shape, assert_tangent_shape};
use crate::{AsOperand, Float, workspace};

/// `a.sum()`: the sum of all elements.
pub fn sum<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(a: &A) -> F {
    a.as_operand().sum()
}

/// The adjoint of `a` in `y = a.sum()`: `∂y/∂aᵢ = 1`, so every element receives `g`.
pub fn sum_vjp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &F,
    a: &A,
    _y: &F,
) -> Array<F, D> {
    workspace::filled(a.as_operand().raw_dim(), *g)
}

/// The tangent of `y = a.sum()` along `da`: `Σ daᵢ` (the sum is linear).
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::reduce::{sum, sum_jvp};
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert_eq!(sum_jvp(&a, &sum(&a), &array![0.5, 0.25]), 0.75);
/// ```
#[track_caller]
pub fn sum_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    _y: &F,
    da: &ArrayRef<F, D>,
) -> F {
    assert_same_shape("sum_jvp: `da`", a.as_operand().shape(), da.shape());
    da.sum()
}

/// `a.sum_axis(axis)`.
#[track_caller]
pub fn sum_axis<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    axis: Axis,
) -> Array<F, D::Smaller> {
    check_axis("sum_axis", a.as_operand().ndim(), axis);
    workspace::sum_axis(a.as_operand(), axis)
}

/// The adjoint of `a` in `y = a.sum_axis(axis)`: `g` repeated along `axis`.
#[track_caller]
pub fn sum_axis_vjp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D::Smaller>,
    a: &A,
    axis: Axis,
    _y: &Array<F, D::Smaller>,
) -> Array<F, D> {
    spread_along(g, a.as_operand().raw_dim(), axis, F::one())
}

/// The tangent of `y = a.sum_axis(axis)` along `da`: `da.sum_axis(axis)` (linear).
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::reduce::{sum_axis, sum_axis_jvp};
/// use ndarray::{array, Axis};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let y = sum_axis(&a, Axis(0));
/// assert_eq!(sum_axis_jvp(&a, Axis(0), &y, &array![[1.0, 0.0], [1.0, 2.0]]), array![2.0, 2.0]);
/// ```
#[track_caller]
pub fn sum_axis_jvp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    axis: Axis,
    _y: &Array<F, D::Smaller>,
    da: &ArrayRef<F, D>,
) -> Array<F, D::Smaller> {
    assert_same_shape("sum_axis_jvp: `da`", a.as_operand().shape(), da.shape());
    sum_axis(da, axis)
}

/// `a.mean_axis(axis).unwrap()`.
///
/// **Panics** if `axis` has length zero.
#[track_caller]
pub fn mean_axis<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    axis: Axis,
) -> Array<F, D::Smaller> {
    check_axis("mean_axis", a.as_operand().ndim(), axis);
    let a = a.as_operand();
    if a.len_of(axis) == 0 {
        panic!(
            "adjoint: mean_axis({}) of an array with no elements along that axis",
            axis.index()
        )
    }
    // ndarray's `mean_axis`: the sum, then each element divided by the length.
    let n = F::from_usize(a.len_of(axis)).expect("a length is a float");
    let mut mean = workspace::sum_axis(a, axis);
    mean.mapv_inplace(|s| s / n);
    mean
}

/// The adjoint of `a` in `y = a.mean_axis(axis)`: `g / n` repeated along `axis`, `n` its length.
#[track_caller]
pub fn mean_axis_vjp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D::Smaller>,
    a: &A,
    axis: Axis,
    _y: &Array<F, D::Smaller>,
) -> Array<F, D> {
    let a = a.as_operand();
    let n = F::from_usize(a.len_of(axis)).expect("a length is a float");
    spread_along(g, a.raw_dim(), axis, n.recip())
}

/// The tangent of `y = a.mean_axis(axis)` along `da`: `da.mean_axis(axis)` (linear).
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::reduce::{mean_axis, mean_axis_jvp};
/// use ndarray::{array, Axis};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let y = mean_axis(&a, Axis(1));
/// assert_eq!(mean_axis_jvp(&a, Axis(1), &y, &array![[1.0, 0.0], [1.0, 2.0]]), array![0.5, 1.5]);
/// ```
#[track_caller]
pub fn mean_axis_jvp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    axis: Axis,
    _y: &Array<F, D::Smaller>,
    da: &ArrayRef<F, D>,
) -> Array<F, D::Smaller> {
    assert_same_shape("mean_axis_jvp: `da`", a.as_operand().shape(), da.shape());
    mean_axis(da, axis)
}

#[track_caller]
fn check_axis(what: &str, ndim: usize, axis: Axis) {
    assert!(
        axis.index() < ndim,
        "adjoint: {what}(Axis({})) of an array with {ndim} axes",
        axis.index()
    );
}

/// `scale · g` with `axis` re-inserted and repeated to `shape`.
fn spread_along<F: Float, D: RemoveAxis>(
    g: &Array<F, D::Smaller>,
    shape: D,
    axis: Axis,
    scale: F,
) -> Array<F, D> {
    let expanded = g.view().insert_axis(axis);
    let expanded = expanded
        .into_dimensionality::<D>()
        .expect("inserting an axis restores the dimensionality");
    let mut out = workspace::zeros(shape);
    out.zip_mut_with(&expanded, |o, &g| *o = g * scale);
    out
}

/// `a.var(ddof)`: the variance of all elements, `Σ(aᵢ − μ)² / (n − ddof)`, as ndarray computes
/// it. The adjoint of `aᵢ` is `2(aᵢ − μ)·g / (n − ddof)` (the mean's own dependence on `aᵢ`
/// cancels, since the deviations sum to zero).
///
/// **Panics** unless `0 ≤ ddof < n`, as ndarray's `var` does.
///
/// ```
/// use adjoint_runtime::ops::reduce::variance;
/// use ndarray::array;
/// assert_eq!(variance(&array![1.0, 2.0, 3.0, 6.0], 1.0), 14.0 / 3.0);
/// ```
#[track_caller]
pub fn variance<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    ddof: F,
) -> F {
    let a = a.as_operand();
    let n = F::from_usize(a.len()).expect("a length is a float");
    assert!(
        ddof >= F::zero() && ddof < n,
        "adjoint: var: `ddof` is {ddof:?}, but it must be at least 0 and below the number of \
         elements, {}",
        a.len()
    );
    a.var(ddof)
}

/// `a.std(ddof)`: the standard deviation of all elements, the square root of
/// [`variance`]. The adjoint of `aᵢ` is `(aᵢ − μ)·g / ((n − ddof)·σ)`, which is not finite
/// when every element is the same (σ = 0), as the derivative of `√` at 0 is not.
///
/// **Panics** as [`variance`] does.
///
/// ```
/// use adjoint_runtime::ops::reduce::standard_deviation;
/// use ndarray::array;
/// assert_eq!(standard_deviation(&array![1.0, 3.0], 0.0), 1.0);
/// ```
#[track_caller]
pub fn standard_deviation<
    F: Float,
    D: Dimension,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &A,
    ddof: F,
) -> F {
    variance(a, ddof).sqrt()
}

/// The tangent of `y = a.var(ddof)` along `da` and `dddof` (forward mode; `None` is zero):
/// `2Σ(aᵢ − μ)·daᵢ / (n − ddof) + y·dddof / (n − ddof)`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::reduce::{variance, variance_jvp};
/// use ndarray::array;
/// let a = array![1.0, 3.0];
/// let y = variance(&a, 0.0); // 1
/// // moving the second element up by 1 moves the variance by 2·1·1/2 = 1
/// assert_eq!(variance_jvp(&a, 0.0, &y, Some(&array![0.0, 1.0]), None), 1.0);
/// ```
#[track_caller]
pub fn variance_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    ddof: F,
    y: &F,
    da: Option<&ArrayRef<F, D>>,
    dddof: Option<&F>,
) -> F {
    let a = a.as_operand();
    if let Some(da) = da {
        assert_same_shape("variance_jvp: `da`", a.shape(), da.shape());
    }
    let c = F::from_usize(a.len()).expect("a length is a float") - ddof;
    let from_a = da.map_or(F::zero(), |da| {
        let mean = mean_of(a);
        let two = F::one() + F::one();
        ndarray::Zip::from(a)
            .and(da)
            .fold(F::zero(), |acc, &x, &d| acc + two * (x - mean) * d)
    });
    (from_a + dddof.map_or(F::zero(), |&t| *y * t)) / c
}

/// The tangent of `y = a.std(ddof)` along `da` and `dddof`: the variance's tangent over `2y`
/// ([`variance_jvp`]), not finite when every element is the same.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::reduce::{standard_deviation, standard_deviation_jvp};
/// use ndarray::array;
/// let a = array![1.0, 3.0];
/// let y = standard_deviation(&a, 0.0); // 1
/// assert_eq!(standard_deviation_jvp(&a, 0.0, &y, Some(&array![0.0, 1.0]), None), 0.5);
/// ```
#[track_caller]
pub fn standard_deviation_jvp<
    F: Float,
    D: Dimension,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &A,
    ddof: F,
    y: &F,
    da: Option<&ArrayRef<F, D>>,
    dddof: Option<&F>,
) -> F {
    let da = da.inspect(|da| {
        assert_same_shape(
            "standard_deviation_jvp: `da`",
            a.as_operand().shape(),
            da.shape(),
        );
    });
    variance_jvp(a, ddof, &(*y * *y), da, dddof) / (*y + *y)
}

/// The mean of every element, as the variance's deviations are taken from.
fn mean_of<F: Float, D: Dimension>(a: &ArrayRef<F, D>) -> F {
    a.sum() / F::from_usize(a.len()).expect("a length is a float")
}

/// `2(aᵢ − μ)·scale` for every element: the adjoint of the variance with
/// `scale = g / (n − ddof)`, and of the deviation with `scale = g / (2(n − ddof)·σ)`.
fn deviations<F: Float, D: Dimension>(a: &ArrayRef<F, D>, scale: F) -> Array<F, D> {
    let n = F::from_usize(a.len()).expect("a length is a float");
    let mean = a.sum() / n;
    let two = F::one() + F::one();
    workspace::map(a, |x| two * (x - mean) * scale)
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct variance {}

impl variance {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<
        F: Float,
        D: Dimension,
        A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    >(
        a: &A,
        ddof: F,
    ) -> (F, VariancePullback) {
        (variance(a, ddof), VariancePullback)
    }

    /// The forward-mode entry: `variance(a, ddof)` and its tangent ([`variance_jvp`]).
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        a: &A,
        ddof: F,
        (da, dddof): (Option<&Array<F, D>>, Option<&F>),
    ) -> (F, F) {
        if let Some(da) = da {
            assert_tangent_shape("variance_jvp", "a", a.as_operand().shape(), da.shape());
        }
        let y = variance(a, ddof);
        let dy = variance_jvp(a, ddof, &y, da.map(|da| &**da), dddof);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`VariancePullback::pullback_jvp`]), `variance` computed again from the arguments.
    ///
    /// **Panics** as [`variance`](fn@variance) does, or if `da` is not shaped like the array.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        args: (&A, &F),
        (da, dddof): (Option<&Array<F, D>>, Option<&F>),
        g: &F,
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (
        (Option<Array<F, D>>, Option<F>),
        (Option<Array<F, D>>, Option<F>),
    ) {
        let (a, ddof) = args;
        if let Some(da) = da {
            assert_tangent_shape("variance_jvp", "a", a.as_operand().shape(), da.shape());
        }
        let y = variance(a, *ddof);
        let tangents = (da.map(|t| &**t), dddof);
        let tangents = VariancePullback.pullback_jvp(args, &y, g, tangents, dg, needs);
        let adjoints = VariancePullback.pullback(args, &y, g, needs);
        (adjoints, tangents)
    }
}

/// The pullback of [`variance`](fn@variance).
#[doc(hidden)]
pub struct VariancePullback;

impl VariancePullback {
    /// The adjoints of the array, `2(aᵢ − μ)·g / (n − ddof)`, and of `ddof`,
    /// `g·var / (n − ddof)`.
    pub fn pullback<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        self,
        (a, ddof): (&A, &F),
        y: &F,
        g: &F,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<F>) {
        let a = a.as_operand();
        let n = F::from_usize(a.len()).expect("a length is a float");
        (
            needs[0].then(|| deviations(a, *g / (n - *ddof))),
            needs[1].then(|| *g * *y / (n - *ddof)),
        )
    }

    /// The tangents of [`pullback`](Self::pullback)'s adjoints when the array, `ddof` and `g`
    /// move along `da`, `dddof` and `dg` (forward over reverse; `None` is zero). With
    /// `c = n − ddof`, deviations `d = a − μ` and `dd = da − mean(da)`: the array's is
    /// `2(dd·g + d·dg + d·g·dddof/c)/c`, and `ddof`'s `(dg·y + g·dy)/c + g·y·dddof/c²`, `dy`
    /// being [`variance_jvp`].
    ///
    /// **Panics** if `da` is not shaped like the array.
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    #[track_caller]
    pub fn pullback_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        &self,
        (a, ddof): (&A, &F),
        y: &F,
        g: &F,
        (da, dddof): (Option<&ArrayRef<F, D>>, Option<&F>),
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<F>) {
        let a = a.as_operand();
        let c = F::from_usize(a.len()).expect("a length is a float") - *ddof;
        let dy = variance_jvp(a, *ddof, y, da, dddof);
        let (dg, dddof) = (
            dg.copied().unwrap_or(F::zero()),
            dddof.copied().unwrap_or(F::zero()),
        );
        (
            needs[0].then(|| {
                // 2/c·(d·(dg + g·dddof/c) + dd·g)
                let mut out = deviations(a, (dg + *g * dddof / c) / c);
                if let Some(da) = da {
                    let (mean, two) = (mean_of(da), F::one() + F::one());
                    out.zip_mut_with(da, |o, &t| *o += two * (t - mean) * *g / c);
                }
                out
            }),
            needs[1].then(|| (dg * *y + *g * dy) / c + *g * *y * dddof / (c * c)),
        )
    }
}

#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct standard_deviation {}

impl standard_deviation {
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_forward<
        F: Float,
        D: Dimension,
        A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    >(
        a: &A,
        ddof: F,
    ) -> (F, StandardDeviationPullback) {
        (standard_deviation(a, ddof), StandardDeviationPullback)
    }

    /// The forward-mode entry: `standard_deviation(a, ddof)` and its tangent
    /// ([`standard_deviation_jvp`]), zero when nothing moves (even where `σ = 0`, at which the
    /// rule divides by zero).
    #[doc(hidden)]
    #[track_caller]
    pub fn __adjoint_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        a: &A,
        ddof: F,
        (da, dddof): (Option<&Array<F, D>>, Option<&F>),
    ) -> (F, F) {
        if let Some(da) = da {
            assert_tangent_shape(
                "standard_deviation_jvp",
                "a",
                a.as_operand().shape(),
                da.shape(),
            );
        }
        let y = standard_deviation(a, ddof);
        if da.is_none() && dddof.is_none() {
            return (y, F::zero());
        }
        let dy = standard_deviation_jvp(a, ddof, &y, da.map(|da| &**da), dddof);
        (y, dy)
    }

    /// The forward-over-reverse entry: the adjoints of the arguments for the cotangent `g`,
    /// and their tangents when the arguments move along `tangents` and `g` along `dg`
    /// ([`StandardDeviationPullback::pullback_jvp`]), `standard_deviation` computed again from
    /// the arguments.
    ///
    /// **Panics** as [`standard_deviation`](fn@standard_deviation) does, or if `da` is not
    /// shaped like the array.
    #[doc(hidden)]
    #[track_caller]
    #[allow(clippy::type_complexity)]
    pub fn __adjoint_hvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        args: (&A, &F),
        (da, dddof): (Option<&Array<F, D>>, Option<&F>),
        g: &F,
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (
        (Option<Array<F, D>>, Option<F>),
        (Option<Array<F, D>>, Option<F>),
    ) {
        let (a, ddof) = args;
        if let Some(da) = da {
            assert_tangent_shape(
                "standard_deviation_jvp",
                "a",
                a.as_operand().shape(),
                da.shape(),
            );
        }
        let y = standard_deviation(a, *ddof);
        let tangents = (da.map(|t| &**t), dddof);
        let tangents = StandardDeviationPullback.pullback_jvp(args, &y, g, tangents, dg, needs);
        let adjoints = StandardDeviationPullback.pullback(args, &y, g, needs);
        (adjoints, tangents)
    }
}

/// The pullback of [`standard_deviation`](fn@standard_deviation).
#[doc(hidden)]
pub struct StandardDeviationPullback;

impl StandardDeviationPullback {
    /// The adjoints of the array, `(aᵢ − μ)·g / ((n − ddof)·σ)`, and of `ddof`,
    /// `g·σ / (2(n − ddof))`.
    pub fn pullback<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        self,
        (a, ddof): (&A, &F),
        y: &F,
        g: &F,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<F>) {
        let a = a.as_operand();
        let n = F::from_usize(a.len()).expect("a length is a float");
        let two = F::one() + F::one();
        (
            needs[0].then(|| deviations(a, *g / ((n - *ddof) * *y * two))),
            needs[1].then(|| *g * *y / (two * (n - *ddof))),
        )
    }

    /// The tangents of [`pullback`](Self::pullback)'s adjoints when the array, `ddof` and `g`
    /// move along `da`, `dddof` and `dg` (forward over reverse; `None` is zero). With
    /// `c = n − ddof`, `d = a − μ`, `dd = da − mean(da)` and `dσ` the tangent of `σ`
    /// ([`standard_deviation_jvp`]): the array's is
    /// `(dd·g + d·dg)/(cσ) + d·g·(dddof/(c²σ) − dσ/(cσ²))`, and `ddof`'s
    /// `(dg·σ + g·dσ)/(2c) + g·σ·dddof/(2c²)`.
    ///
    /// **Panics** if `da` is not shaped like the array.
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    #[track_caller]
    pub fn pullback_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
        &self,
        (a, ddof): (&A, &F),
        y: &F,
        g: &F,
        (da, dddof): (Option<&ArrayRef<F, D>>, Option<&F>),
        dg: Option<&F>,
        needs: [bool; 2],
    ) -> (Option<Array<F, D>>, Option<F>) {
        let a = a.as_operand();
        let c = F::from_usize(a.len()).expect("a length is a float") - *ddof;
        let (sigma, two) = (*y, F::one() + F::one());
        let d_sigma = standard_deviation_jvp(a, *ddof, y, da, dddof);
        let (dg, dddof) = (
            dg.copied().unwrap_or(F::zero()),
            dddof.copied().unwrap_or(F::zero()),
        );
        (
            needs[0].then(|| {
                // d·(dg/(cσ) + g·(dddof/(c²σ) − dσ/(cσ²))) + dd·g/(cσ), deviations doubling d
                let scale = dg / (c * sigma)
                    + *g * (dddof / (c * c * sigma) - d_sigma / (c * sigma * sigma));
                let mut out = deviations(a, scale / two);
                if let Some(da) = da {
                    let mean = mean_of(da);
                    out.zip_mut_with(da, |o, &t| *o += (t - mean) * *g / (c * sigma));
                }
                out
            }),
            needs[1].then(|| {
                (dg * sigma + *g * d_sigma) / (two * c) + *g * sigma * dddof / (two * c * c)
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Params;
    use crate::check::check_jvp;
    use crate::ops::test_support::{TWO, assert_passes, number, or_zero, pattern};
    use ndarray::{Array1, Array2, array};

    /// The linear reductions' tangents against central differences of the reductions.
    fn linear_tangents_match_differences<F: Float>() {
        let a = pattern::<F, _>((3, 4), -0.5, 1);
        let da = pattern::<F, _>((3, 4), -0.5, 2);
        let exact = sum_jvp(&a, &sum(&a), &da);
        assert_passes(
            "sum_jvp",
            check_jvp(|a: &Array2<F>| sum(a), &a, &da, &exact),
        );
        for axis in [Axis(0), Axis(1)] {
            let exact = sum_axis_jvp(&a, axis, &sum_axis(&a, axis), &da);
            let f = |a: &Array2<F>| sum_axis(a, axis);
            assert_passes(
                &format!("sum_axis_jvp {axis:?}"),
                check_jvp(f, &a, &da, &exact),
            );
            let exact = mean_axis_jvp(&a, axis, &mean_axis(&a, axis), &da);
            let f = |a: &Array2<F>| mean_axis(a, axis);
            assert_passes(
                &format!("mean_axis_jvp {axis:?}"),
                check_jvp(f, &a, &da, &exact),
            );
        }
    }

    #[test]
    fn linear_tangents_match_differences_f64() {
        linear_tangents_match_differences::<f64>();
    }

    #[test]
    fn linear_tangents_match_differences_f32() {
        linear_tangents_match_differences::<f32>();
    }

    /// The variance's and the deviation's tangents, and the tangents of their pullbacks,
    /// against central differences, for every combination of present tangents.
    fn spread_tangents_match_differences<F: Float, D: Dimension>(a: Array<F, D>)
    where
        Array<F, D>: Params<Elem = F> + Clone,
    {
        let a = crate::ops::test_support::like(&a, -0.5, 1);
        let da = crate::ops::test_support::like(&a, -0.5, 2);
        let (ddof, dddof) = (number::<F>(0.3, 1), number::<F>(-0.5, 2));
        let (g, dg) = (number::<F>(-0.5, 3), number::<F>(-0.5, 4));
        for (pa, pd) in TWO {
            let direction = (or_zero(pa, &da), or_zero(pd, &dddof));
            let (ta, td) = (pa.then_some(&*da), pd.then_some(&dddof));
            let along = format!(
                "shape {:?} along (da, dddof) present = ({pa}, {pd})",
                a.shape()
            );
            let point = (a.clone(), ddof);
            let y = variance(&a, ddof);
            let exact = variance_jvp(&a, ddof, &y, ta, td);
            let report = check_jvp(
                |(a, ddof): &(Array<F, D>, F)| variance(a, *ddof),
                &point,
                &direction,
                &exact,
            );
            assert_passes(&format!("variance_jvp on {along}"), report);
            let s = standard_deviation(&a, ddof);
            let exact = standard_deviation_jvp(&a, ddof, &s, ta, td);
            let report = check_jvp(
                |(a, ddof): &(Array<F, D>, F)| standard_deviation(a, *ddof),
                &point,
                &direction,
                &exact,
            );
            assert_passes(&format!("standard_deviation_jvp on {along}"), report);
            for pg in [true, false] {
                let point = (a.clone(), ddof, g);
                let direction = (direction.0.clone(), direction.1, or_zero(pg, &dg));
                let tg = pg.then_some(&dg);
                let both = [true, true];
                let (ea, ed) =
                    VariancePullback.pullback_jvp((&a, &ddof), &y, &g, (ta, td), tg, both);
                let report = check_jvp(
                    |(a, ddof, g): &(Array<F, D>, F, F)| {
                        let y = variance(a, *ddof);
                        let (da, dd) = VariancePullback.pullback((a, ddof), &y, g, both);
                        (da.unwrap(), dd.unwrap())
                    },
                    &point,
                    &direction,
                    &(ea.unwrap(), ed.unwrap()),
                );
                assert_passes(
                    &format!("VariancePullback::pullback_jvp on {along}, dg {pg}"),
                    report,
                );
                let pullback = StandardDeviationPullback;
                let (ea, ed) = pullback.pullback_jvp((&a, &ddof), &s, &g, (ta, td), tg, both);
                let report = check_jvp(
                    |(a, ddof, g): &(Array<F, D>, F, F)| {
                        let y = standard_deviation(a, *ddof);
                        let (da, dd) = StandardDeviationPullback.pullback((a, ddof), &y, g, both);
                        (da.unwrap(), dd.unwrap())
                    },
                    &point,
                    &direction,
                    &(ea.unwrap(), ed.unwrap()),
                );
                assert_passes(
                    &format!("StandardDeviationPullback::pullback_jvp on {along}, dg {pg}"),
                    report,
                );
            }
        }
    }

    #[test]
    fn spread_tangents_match_differences_f64() {
        spread_tangents_match_differences(Array1::<f64>::zeros(5));
        spread_tangents_match_differences(Array2::<f64>::zeros((2, 3)));
    }

    #[test]
    fn spread_tangents_match_differences_f32() {
        spread_tangents_match_differences(Array1::<f32>::zeros(5));
        spread_tangents_match_differences(Array2::<f32>::zeros((2, 3)));
    }

    /// Only the adjoints asked for are computed, as in the pullback.
    #[test]
    fn a_pullback_tangent_computes_what_is_needed() {
        let a = array![1.0_f64, 2.0, 4.0];
        let y = variance(&a, 1.0);
        let t = VariancePullback.pullback_jvp(
            (&a, &1.0),
            &y,
            &1.0,
            (None, Some(&1.0)),
            None,
            [false, true],
        );
        assert!(t.0.is_none());
        // y = Σd²/c moves too: d(g·y/c)/dddof = g·(y/c)/c + g·y/c² = 2g·y/c² = 7/6 with
        // c = 2, y = 7/3
        assert!((t.1.unwrap() - 7.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    #[should_panic(expected = "adjoint: variance_jvp: `da`: expected shape [3], found [2]")]
    fn a_misshapen_tangent_names_the_function() {
        let a = array![1.0_f64, 2.0, 4.0];
        let _ = variance_jvp(&a, 0.0, &1.0, Some(&array![1.0, 2.0]), None);
    }
}
