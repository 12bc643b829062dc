//! Copies, views and parts of an operand: `to_owned`, `view`, `row`, `column`, `index_axis`,
//! `slice`. The adjoint of a part is the output's adjoint written into that part of zeros
//! shaped like the whole.

use ndarray::{
    Array, Array1, Array2, ArrayRef, ArrayView, ArrayView1, Axis, Dimension, Ix2, RemoveAxis,
    SliceArg,
};

use crate::{AsOperand, Float, Operand, Params, workspace};

/// An operand that can be copied into an owned value (`to_owned`, `clone`).
pub trait CopyOperand {
    /// The owned copy, which is also the adjoint's type.
    type Owned: Params;
    /// An owned copy.
    fn copy_owned(&self) -> Self::Owned;
    /// A copy of an adjoint of the copy (the identity's vector-Jacobian product).
    fn copy_adjoint(g: &Self::Owned) -> Self::Owned;
}

impl<F: Float> CopyOperand for F {
    type Owned = F;
    fn copy_owned(&self) -> F {
        *self
    }
    fn copy_adjoint(g: &F) -> F {
        *g
    }
}

impl<F: Float, D: Dimension> CopyOperand for ArrayRef<F, D> {
    type Owned = Array<F, D>;
    fn copy_owned(&self) -> Array<F, D> {
        workspace::copy(self)
    }
    fn copy_adjoint(g: &Array<F, D>) -> Array<F, D> {
        workspace::copy(g)
    }
}

/// The owned type of a copy of `A`.
pub type Owned<A> = <Operand<A> as CopyOperand>::Owned;

/// `a.to_owned()` / `a.clone()`: an owned copy.
pub fn to_owned<A: AsOperand + ?Sized>(a: &A) -> Owned<A>
where
    Operand<A>: CopyOperand,
{
    a.as_operand().copy_owned()
}

/// The adjoint of `a` in `y = a.to_owned()`: the identity, `g` itself.
pub fn to_owned_vjp<A: AsOperand + ?Sized>(g: &Owned<A>, _a: &A, _y: &Owned<A>) -> Owned<A>
where
    Operand<A>: CopyOperand,
    Owned<A>: Clone,
{
    <Operand<A> as CopyOperand>::copy_adjoint(g)
}

/// `a.view()`.
pub fn view<'a, F: Float, D: Dimension + 'a, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &'a A,
) -> ArrayView<'a, F, D> {
    a.as_operand().view()
}

/// The adjoint of `a` in `y = a.view()`: the identity.
pub fn view_vjp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D>,
    _a: &A,
    _y: &ArrayView<'_, F, D>,
) -> Array<F, D> {
    workspace::copy(g)
}

/// `a.row(i)`: a view of row `i`.
///
/// **Panics** if `i` is out of bounds.
#[track_caller]
pub fn row<'a, F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    a: &'a A,
    index: usize,
) -> ArrayView1<'a, F> {
    a.as_operand().row(index)
}

/// The adjoint of `a` in `y = a.row(i)`: [`index_axis_vjp`] along axis 0.
pub fn row_vjp<F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    g: &Array1<F>,
    a: &A,
    index: usize,
    y: &ArrayView1<'_, F>,
) -> Array2<F> {
    index_axis_vjp(g, a, Axis(0), index, y)
}

/// Adds `g` into row `i` of `total`: the adjoint of `a.row(i)` added into `a`'s adjoint in
/// place, so that a loop over rows costs one row per iteration, not a whole array.
#[track_caller]
pub fn row_add<F: Float>(total: &mut Array2<F>, g: &Array1<F>, index: usize) {
    index_axis_add(total, g, Axis(0), index);
}

/// `a.column(j)`: a view of column `j`.
///
/// **Panics** if `j` is out of bounds.
#[track_caller]
pub fn column<'a, F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    a: &'a A,
    index: usize,
) -> ArrayView1<'a, F> {
    a.as_operand().column(index)
}

/// The adjoint of `a` in `y = a.column(j)`: [`index_axis_vjp`] along axis 1.
pub fn column_vjp<F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    g: &Array1<F>,
    a: &A,
    index: usize,
    y: &ArrayView1<'_, F>,
) -> Array2<F> {
    index_axis_vjp(g, a, Axis(1), index, y)
}

/// Adds `g` into column `j` of `total` (see [`row_add`]).
#[track_caller]
pub fn column_add<F: Float>(total: &mut Array2<F>, g: &Array1<F>, index: usize) {
    index_axis_add(total, g, Axis(1), index);
}

/// `a.index_axis(axis, i)`: a view of the subarray at `i` along `axis`, that axis removed.
///
/// **Panics** if `axis` or `i` is out of bounds.
#[track_caller]
pub fn index_axis<
    'a,
    F: Float,
    D: RemoveAxis + 'a,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &'a A,
    axis: Axis,
    index: usize,
) -> ArrayView<'a, F, D::Smaller> {
    a.as_operand().index_axis(axis, index)
}

/// The adjoint of `a` in `y = a.index_axis(axis, i)`: `g` written at `i` along `axis` into
/// zeros shaped like `a`.
pub fn index_axis_vjp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    g: &Array<F, D::Smaller>,
    a: &A,
    axis: Axis,
    index: usize,
    _y: &ArrayView<'_, F, D::Smaller>,
) -> Array<F, D> {
    let mut out = workspace::zeros(a.as_operand().raw_dim());
    index_axis_add(&mut out, g, axis, index);
    out
}

/// Adds `g` at `i` along `axis` of `total` (see [`row_add`]).
#[track_caller]
pub fn index_axis_add<F: Float, D: RemoveAxis>(
    total: &mut Array<F, D>,
    g: &Array<F, D::Smaller>,
    axis: Axis,
    index: usize,
) {
    let mut part = total.index_axis_mut(axis, index);
    part += g;
}

/// `a.slice(info)`, `info` usually written `s![..]`: a view of ranges, steps and single
/// indices of `a`.
///
/// **Panics** if an index is out of bounds or a step is zero.
#[track_caller]
pub fn slice<
    'a,
    F: Float,
    D: Dimension + 'a,
    I: SliceArg<D>,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &'a A,
    info: I,
) -> ArrayView<'a, F, I::OutDim> {
    a.as_operand().slice(info)
}

/// The adjoint of `a` in `y = a.slice(info)`: each element of `y` is one element of `a`, each
/// taken once, so `g` is written into the same slice of zeros shaped like `a`.
pub fn slice_vjp<
    F: Float,
    D: Dimension,
    I: SliceArg<D>,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    g: &Array<F, I::OutDim>,
    a: &A,
    info: I,
    _y: &ArrayView<'_, F, I::OutDim>,
) -> Array<F, D> {
    let mut out = workspace::zeros(a.as_operand().raw_dim());
    slice_add(&mut out, g, info);
    out
}

/// Adds `g` into the slice `info` of `total` (see [`row_add`]).
#[track_caller]
pub fn slice_add<F: Float, D: Dimension, I: SliceArg<D>>(
    total: &mut Array<F, D>,
    g: &Array<F, I::OutDim>,
    info: I,
) {
    let mut part = total.slice_mut(info);
    part += g;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, s};

    /// A row and a column are read from `a` and their adjoints land in the same place.
    #[test]
    fn row_and_column_adjoints() {
        let a = array![[1.0_f64, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let y = row(&a, 1);
        assert_eq!(y, array![4.0, 5.0, 6.0]);
        let g = array![7.0, 8.0, 9.0];
        assert_eq!(
            row_vjp(&g, &a, 1, &y),
            array![[0.0, 0.0, 0.0], [7.0, 8.0, 9.0]]
        );
        let v = a.view();
        let y = column(&v, 2);
        assert_eq!(y, array![3.0, 6.0]);
        assert_eq!(
            column_vjp(&array![1.0, -1.0], &v, 2, &y),
            array![[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]
        );
    }

    /// `index_axis(Axis(1), 0)` of a 2×2×2 array: `g` goes to `[.., 0, ..]`.
    #[test]
    fn index_axis_adjoint() {
        let a = ndarray::Array3::<f32>::from_shape_fn((2, 2, 2), |(i, j, k)| {
            (4 * i + 2 * j + k) as f32
        });
        let y = index_axis(&a, Axis(1), 0);
        assert_eq!(y, array![[0.0, 1.0], [4.0, 5.0]]);
        let dy = index_axis_vjp(&array![[1.0, 2.0], [3.0, 4.0]], &a, Axis(1), 0, &y);
        assert_eq!(
            dy,
            array![[[1.0, 2.0], [0.0, 0.0]], [[3.0, 4.0], [0.0, 0.0]]]
        );
    }

    /// A negative step reverses: the adjoint of element `k` of `y` goes back to the element of
    /// `a` it came from.
    #[test]
    fn slice_adjoint_with_steps() {
        let a = array![[0.0_f64, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]];
        let info = s![1, ..;-2];
        let y = slice(&a, info);
        assert_eq!(y, array![7.0, 5.0]);
        assert_eq!(
            slice_vjp(&array![10.0, 20.0], &a, info, &y),
            array![[0.0, 0.0, 0.0, 0.0], [0.0, 20.0, 0.0, 10.0]]
        );
    }
}
