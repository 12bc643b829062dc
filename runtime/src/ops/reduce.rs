//! Reductions of an array: `sum`, `sum_axis`, `mean_axis`. Each adjoint spreads the output's
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
