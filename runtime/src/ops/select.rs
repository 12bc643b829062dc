//! Copies, views and parts of an operand: `to_owned`, `view`, `row`, `column`, `index_axis`,
//! `slice`. The adjoint of a part is the output's adjoint written into that part of zeros
//! shaped like the whole.
//!
//! Every one is linear: the tangent of a part is the same part of the operand's tangent
//! (`row_jvp`, `slice_jvp`, …, each an owned copy, as adjoints are), and the tangent of a VJP
//! along the output adjoint's tangent `dg` is that VJP of `dg`.

use ndarray::{
    Array, Array1, Array2, ArrayRef, ArrayView, ArrayView1, Axis, Dimension, Ix2, RemoveAxis,
    SliceArg,
};

use crate::broadcast::assert_same_shape;
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

/// The tangent of `y = a.to_owned()` along `da`: a copy of `da` (the identity).
///
/// ```
/// use adjoint_runtime::ops::select::{to_owned, to_owned_jvp};
/// let y = to_owned(&2.0_f64);
/// assert_eq!(to_owned_jvp(&2.0_f64, &y, &0.5), 0.5);
/// ```
pub fn to_owned_jvp<A: AsOperand + ?Sized>(_a: &A, _y: &Owned<A>, da: &Owned<A>) -> Owned<A>
where
    Operand<A>: CopyOperand,
{
    <Operand<A> as CopyOperand>::copy_adjoint(da)
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

/// The tangent of `y = a.view()` along `da`: a copy of `da` (the identity).
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::select::{view, view_jvp};
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert_eq!(view_jvp(&a, &view(&a), &array![3.0, 4.0]), array![3.0, 4.0]);
/// ```
#[track_caller]
pub fn view_jvp<F: Float, D: Dimension, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    _y: &ArrayView<'_, F, D>,
    da: &ArrayRef<F, D>,
) -> Array<F, D> {
    assert_same_shape("view_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(da)
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

/// The tangent of `y = a.row(i)` along `da`: row `i` of `da`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::select::{row, row_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(row_jvp(&a, 1, &row(&a, 1), &array![[0.0, 0.0], [5.0, 6.0]]), array![5.0, 6.0]);
/// ```
#[track_caller]
pub fn row_jvp<F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    a: &A,
    index: usize,
    _y: &ArrayView1<'_, F>,
    da: &ArrayRef<F, Ix2>,
) -> Array1<F> {
    assert_same_shape("row_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(&da.row(index))
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

/// The tangent of `y = a.column(j)` along `da`: column `j` of `da`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::select::{column, column_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let y = column(&a, 0);
/// assert_eq!(column_jvp(&a, 0, &y, &array![[5.0, 0.0], [6.0, 0.0]]), array![5.0, 6.0]);
/// ```
#[track_caller]
pub fn column_jvp<F: Float, A: AsOperand<Target = ArrayRef<F, Ix2>> + ?Sized>(
    a: &A,
    index: usize,
    _y: &ArrayView1<'_, F>,
    da: &ArrayRef<F, Ix2>,
) -> Array1<F> {
    assert_same_shape("column_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(&da.column(index))
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

/// The tangent of `y = a.index_axis(axis, i)` along `da`: `da.index_axis(axis, i)`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::select::{index_axis, index_axis_jvp};
/// use ndarray::{array, Axis};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let y = index_axis(&a, Axis(1), 1);
/// assert_eq!(index_axis_jvp(&a, Axis(1), 1, &y, &array![[0.0, 5.0], [0.0, 6.0]]), array![5.0, 6.0]);
/// ```
#[track_caller]
pub fn index_axis_jvp<F: Float, D: RemoveAxis, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &A,
    axis: Axis,
    index: usize,
    _y: &ArrayView<'_, F, D::Smaller>,
    da: &ArrayRef<F, D>,
) -> Array<F, D::Smaller> {
    assert_same_shape("index_axis_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(&da.index_axis(axis, index))
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

/// The tangent of `y = a.slice(info)` along `da`: `da.slice(info)`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::select::{slice, slice_jvp};
/// use ndarray::{array, s};
/// let a = array![1.0, 2.0, 3.0];
/// let y = slice(&a, s![1..]);
/// assert_eq!(slice_jvp(&a, s![1..], &y, &array![4.0, 5.0, 6.0]), array![5.0, 6.0]);
/// ```
#[track_caller]
pub fn slice_jvp<
    F: Float,
    D: Dimension,
    I: SliceArg<D>,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &A,
    info: I,
    _y: &ArrayView<'_, F, I::OutDim>,
    da: &ArrayRef<F, D>,
) -> Array<F, I::OutDim> {
    assert_same_shape("slice_jvp: `da`", a.as_operand().shape(), da.shape());
    workspace::copy(&da.slice(info))
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

    /// Every part's tangent against central differences of the part, in f64 and f32.
    fn part_tangents_match_differences<F: Float>() {
        use crate::check::check_jvp;
        use crate::ops::test_support::{assert_passes, pattern};
        let a = pattern::<F, _>((3, 4), -0.5, 1);
        let da = pattern::<F, _>((3, 4), -0.5, 2);
        let owned = |v: ArrayView<'_, F, _>| v.to_owned();
        let exact = row_jvp(&a, 2, &row(&a, 2), &da);
        assert_passes(
            "row_jvp",
            check_jvp(|a: &Array2<F>| owned(row(a, 2)), &a, &da, &exact),
        );
        let exact = column_jvp(&a, 1, &column(&a, 1), &da);
        let f = |a: &Array2<F>| owned(column(a, 1));
        assert_passes("column_jvp", check_jvp(f, &a, &da, &exact));
        let exact = index_axis_jvp(&a, Axis(1), 3, &index_axis(&a, Axis(1), 3), &da);
        let f = |a: &Array2<F>| owned(index_axis(a, Axis(1), 3));
        assert_passes("index_axis_jvp", check_jvp(f, &a, &da, &exact));
        let info = s![..;2, 1..3];
        let exact = slice_jvp(&a, info, &slice(&a, info), &da);
        let f = |a: &Array2<F>| slice(a, info).to_owned();
        assert_passes("slice_jvp", check_jvp(f, &a, &da, &exact));
        let exact = view_jvp(&a, &view(&a), &da);
        let f = |a: &Array2<F>| view(a).to_owned();
        assert_passes("view_jvp", check_jvp(f, &a, &da, &exact));
        let exact = to_owned_jvp(&a, &to_owned(&a), &da);
        let f = |a: &Array2<F>| to_owned(a);
        assert_passes("to_owned_jvp", check_jvp(f, &a, &da, &exact));
    }

    #[test]
    fn part_tangents_match_differences_f64() {
        part_tangents_match_differences::<f64>();
    }

    #[test]
    fn part_tangents_match_differences_f32() {
        part_tangents_match_differences::<f32>();
    }

    #[test]
    #[should_panic(expected = "adjoint: slice_jvp: `da`: expected shape [2, 4], found [4, 2]")]
    fn a_misshapen_tangent_names_the_function() {
        let a = Array2::<f64>::zeros((2, 4));
        let y = slice(&a, s![.., 1..]);
        let _ = slice_jvp(&a, s![.., 1..], &y, &Array2::zeros((4, 2)));
    }

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
