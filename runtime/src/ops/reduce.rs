//! Reductions of an array: `sum`, `sum_axis`, `mean_axis`, `var`, `std`. Each adjoint spreads the output's
//! adjoint back over the elements that were summed.

use ndarray::{Array, ArrayRef, Axis, Dimension, RemoveAxis};

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
}
