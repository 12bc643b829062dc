//! Writing into part of an array: `a[index] = v`, `a[index] += v` and
//! `a.slice_mut(info).assign(&v)`, each an operation that gives the updated array.
//!
//! Every one is linear in the array and the written value together. The adjoint of the array
//! is the output's adjoint with the overwritten part zeroed (nothing of the old value survives
//! there) or, for `+=`, the output's adjoint itself; the adjoint of the written value is that
//! part of the output's adjoint, summed over the axes along which an assigned array was
//! broadcast. The tangent of the output is the same update applied to the tangents.
//!
//! The adjoints read neither the array nor the output, only the position and the shapes the
//! output's adjoint carries; they take them by any type, so that a caller that kept neither
//! passes `&()`, and a loop that fills an array element by element keeps no copy of it.

use std::borrow::Borrow;
use std::fmt::Debug;

use ndarray::{Array, ArrayRef, Dimension, NdIndex, SliceArg};

use crate::broadcast::{assert_same_shape, unbroadcast};
use crate::{AsOperand, Float, workspace};

/// `a` with the element at `index` replaced by `v`: `a[index] = v`.
///
/// **Panics** if `index` is out of bounds, naming it and `a`'s shape.
///
/// ```
/// use adjoint_runtime::ops::update::set_element;
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(set_element(&a, &9.0, [0, 1]), array![[1.0, 9.0], [3.0, 4.0]]);
/// ```
#[track_caller]
pub fn set_element<F, D, I, A, V>(a: &A, v: &V, index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: Borrow<F> + ?Sized,
{
    set_element_in_place(workspace::copy(a.as_operand()), v, index)
}

/// [`set_element`] on an array the caller gives up: written in place, no copy.
#[track_caller]
pub fn set_element_in_place<F, D, I, V>(mut a: Array<F, D>, v: &V, index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    V: Borrow<F> + ?Sized,
{
    *element_mut(&mut a, index, "a[index] = v") = *v.borrow();
    a
}

/// The adjoint of `a` in `y = set_element(a, v, index)`: `g` with the element at `index` zeroed.
#[track_caller]
pub fn set_element_vjp_array<F, D, I, A, V, Y>(
    g: &Array<F, D>,
    _a: &A,
    _v: &V,
    index: I,
    _y: &Y,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: ?Sized,
    V: ?Sized,
    Y: ?Sized,
{
    set_element_vjp_array_owned(workspace::copy(g), index)
}

/// [`set_element_vjp_array`] in the memory of `g`, which the caller gives up.
#[track_caller]
pub fn set_element_vjp_array_owned<F, D, I>(mut g: Array<F, D>, index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
{
    *element_mut(&mut g, index, "a[index] = v") = F::zero();
    g
}

/// [`add_to_element_vjp_array`] in the memory of `g`, which the caller gives up: `g` itself.
pub fn add_to_element_vjp_array_owned<F, D, I>(g: Array<F, D>, _index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
{
    g
}

/// [`assign_slice_vjp_array`] in the memory of `g`, which the caller gives up.
#[track_caller]
pub fn assign_slice_vjp_array_owned<F, D, I>(mut g: Array<F, D>, info: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: SliceArg<D>,
{
    g.slice_mut(info).fill(F::zero());
    g
}

/// The adjoint of `v` in `y = set_element(a, v, index)`, and in `y = add_to_element(a, v,
/// index)`: `g[index]`.
#[track_caller]
pub fn set_element_vjp_value<F, D, I, A, V, Y>(
    g: &Array<F, D>,
    _a: &A,
    _v: &V,
    index: I,
    _y: &Y,
) -> F
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: ?Sized,
    V: ?Sized,
    Y: ?Sized,
{
    element(g, index, "a[index] = v")
}

/// The tangent of `y = set_element(a, v, index)`: `da` with `dv` at `index`; `None` is zero.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::update::{set_element, set_element_jvp};
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// let y = set_element(&a, &9.0, 1);
/// let dy = set_element_jvp(&a, &9.0, 1, &y, Some(&array![0.5, 0.5]), Some(&3.0));
/// assert_eq!(dy, array![0.5, 3.0]);
/// ```
#[track_caller]
pub fn set_element_jvp<F, D, I, A, V>(
    a: &A,
    _v: &V,
    index: I,
    _y: &Array<F, D>,
    da: Option<&Array<F, D>>,
    dv: Option<&F>,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: Borrow<F> + ?Sized,
{
    let da = tangent_of_array(a.as_operand(), da, "set_element_jvp");
    set_element_in_place(da, &dv.copied().unwrap_or_else(F::zero), index)
}

/// `a` with `v` added to the element at `index`: `a[index] += v` (and `-=`, with `-v`).
///
/// **Panics** if `index` is out of bounds, naming it and `a`'s shape.
///
/// ```
/// use adjoint_runtime::ops::update::add_to_element;
/// use ndarray::array;
/// assert_eq!(add_to_element(&array![1.0, 2.0], &0.5, 0), array![1.5, 2.0]);
/// ```
#[track_caller]
pub fn add_to_element<F, D, I, A, V>(a: &A, v: &V, index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: Borrow<F> + ?Sized,
{
    add_to_element_in_place(workspace::copy(a.as_operand()), v, index)
}

/// [`add_to_element`] on an array the caller gives up: written in place, no copy.
#[track_caller]
pub fn add_to_element_in_place<F, D, I, V>(mut a: Array<F, D>, v: &V, index: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    V: Borrow<F> + ?Sized,
{
    *element_mut(&mut a, index, "a[index] += v") += *v.borrow();
    a
}

/// The adjoint of `a` in `y = add_to_element(a, v, index)`: `g` itself.
pub fn add_to_element_vjp_array<F, D, I, A, V, Y>(
    g: &Array<F, D>,
    _a: &A,
    _v: &V,
    _index: I,
    _y: &Y,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    A: ?Sized,
    V: ?Sized,
    Y: ?Sized,
{
    workspace::copy(g)
}

/// The tangent of `y = add_to_element(a, v, index)`: `da` with `dv` added at `index`.
///
/// **Panics** if `da` is not shaped like `a`.
#[track_caller]
pub fn add_to_element_jvp<F, D, I, A, V>(
    a: &A,
    _v: &V,
    index: I,
    _y: &Array<F, D>,
    da: Option<&Array<F, D>>,
    dv: Option<&F>,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: NdIndex<D> + Copy + Debug,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: Borrow<F> + ?Sized,
{
    let da = tangent_of_array(a.as_operand(), da, "add_to_element_jvp");
    match dv {
        Some(dv) => add_to_element_in_place(da, dv, index),
        None => da,
    }
}

/// `a` with the slice `info` replaced by `v`, broadcast to the slice's shape:
/// `a.slice_mut(info).assign(&v)`.
///
/// **Panics** if an index of `info` is out of bounds, or if `v` cannot be broadcast to the
/// slice's shape, naming both shapes.
///
/// ```
/// use adjoint_runtime::ops::update::assign_slice;
/// use ndarray::{array, s};
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(assign_slice(&a, &array![7.0, 8.0], s![1, ..]), array![[1.0, 2.0], [7.0, 8.0]]);
/// ```
#[track_caller]
pub fn assign_slice<F, D, E, I, A, V>(a: &A, v: &V, info: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    E: Dimension,
    I: SliceArg<D>,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: AsOperand<Target = ArrayRef<F, E>> + ?Sized,
{
    assign_slice_in_place(workspace::copy(a.as_operand()), v, info)
}

/// [`assign_slice`] on an array the caller gives up: written in place, no copy.
#[track_caller]
pub fn assign_slice_in_place<F, D, E, I, V>(mut a: Array<F, D>, v: &V, info: I) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    E: Dimension,
    I: SliceArg<D>,
    V: AsOperand<Target = ArrayRef<F, E>> + ?Sized,
{
    let mut part = a.slice_mut(info);
    let v = v.as_operand();
    let Some(v) = v.broadcast(part.raw_dim()) else {
        panic!(
            "adjoint: `.slice_mut(..).assign(&v)`: `v` has shape {:?}, which does not broadcast to the slice's shape {:?}",
            v.shape(),
            part.shape()
        );
    };
    part.assign(&v);
    a
}

/// The adjoint of `a` in `y = assign_slice(a, v, info)`: `g` with the slice zeroed.
#[track_caller]
pub fn assign_slice_vjp_array<F, D, I, A, V, Y>(
    g: &Array<F, D>,
    _a: &A,
    _v: &V,
    info: I,
    _y: &Y,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    I: SliceArg<D>,
    A: ?Sized,
    V: ?Sized,
    Y: ?Sized,
{
    assign_slice_vjp_array_owned(workspace::copy(g), info)
}

/// The adjoint of `v` in `y = assign_slice(a, v, info)`: the slice of `g`, summed over the axes
/// along which `v` was broadcast.
#[track_caller]
pub fn assign_slice_vjp_value<F, D, E, I, A, V, Y>(
    g: &Array<F, D>,
    _a: &A,
    v: &V,
    info: I,
    _y: &Y,
) -> Array<F, E>
where
    F: Float,
    D: Dimension,
    E: Dimension,
    I: SliceArg<D>,
    A: ?Sized,
    V: AsOperand<Target = ArrayRef<F, E>> + ?Sized,
    Y: ?Sized,
{
    let part = workspace::copy(&g.slice(info));
    unbroadcast(part, v.as_operand().raw_dim())
}

/// The tangent of `y = assign_slice(a, v, info)`: `da` with `dv` assigned to the slice;
/// `None` is zero.
///
/// **Panics** if `da` is not shaped like `a` or `dv` like `v`.
///
/// ```
/// use adjoint_runtime::ops::update::{assign_slice, assign_slice_jvp};
/// use ndarray::{array, s};
/// let (a, v) = (array![1.0, 2.0, 3.0], array![5.0]);
/// let y = assign_slice(&a, &v, s![1..]);
/// let dy = assign_slice_jvp(&a, &v, s![1..], &y, None, Some(&array![2.0]));
/// assert_eq!(dy, array![0.0, 2.0, 2.0]);
/// ```
#[track_caller]
pub fn assign_slice_jvp<F, D, E, I, A, V>(
    a: &A,
    v: &V,
    info: I,
    _y: &Array<F, D>,
    da: Option<&Array<F, D>>,
    dv: Option<&Array<F, E>>,
) -> Array<F, D>
where
    F: Float,
    D: Dimension,
    E: Dimension,
    I: SliceArg<D>,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    V: AsOperand<Target = ArrayRef<F, E>> + ?Sized,
{
    let da = tangent_of_array(a.as_operand(), da, "assign_slice_jvp");
    match dv {
        Some(dv) => {
            assert_same_shape("assign_slice_jvp: `dv`", v.as_operand().shape(), dv.shape());
            assign_slice_in_place(da, dv, info)
        }
        None => assign_slice_vjp_array_owned(da, info),
    }
}

/// A copy of the array's tangent, or zeros shaped like `a`.
#[track_caller]
fn tangent_of_array<F: Float, D: Dimension>(
    a: &ArrayRef<F, D>,
    da: Option<&Array<F, D>>,
    rule: &str,
) -> Array<F, D> {
    match da {
        Some(da) => {
            assert_same_shape(&format!("{rule}: `da`"), a.shape(), da.shape());
            workspace::copy(da)
        }
        None => workspace::zeros(a.raw_dim()),
    }
}

/// The element at `index`, or a panic naming the index and the shape.
#[track_caller]
fn element<F: Float, D: Dimension, I: NdIndex<D> + Copy + Debug>(
    a: &ArrayRef<F, D>,
    index: I,
    what: &str,
) -> F {
    match a.get(index) {
        Some(value) => *value,
        None => out_of_bounds(index, a.shape(), what),
    }
}

/// The element at `index`, mutably, or a panic naming the index and the shape.
#[track_caller]
fn element_mut<'a, F: Float, D: Dimension, I: NdIndex<D> + Copy + Debug>(
    a: &'a mut Array<F, D>,
    index: I,
    what: &str,
) -> &'a mut F {
    if a.get(index).is_none() {
        out_of_bounds(index, a.shape(), what);
    }
    a.get_mut(index).expect("checked just above")
}

#[track_caller]
fn out_of_bounds(index: impl Debug, shape: &[usize], what: &str) -> ! {
    panic!("adjoint: `{what}`: index {index:?} is out of bounds for an array of shape {shape:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, array, s};

    fn assert_close(a: f64, b: f64, tolerance: f64) {
        assert!((a - b).abs() <= tolerance * (1.0 + a.abs()), "{a} vs {b}");
    }

    /// Each adjoint is the transpose of the linear map (a, v) ↦ y: ⟨g, y(a, v)⟩ = ⟨vjp_a, a⟩ +
    /// ⟨vjp_v, v⟩ for any g, since the update is linear in the pair.
    #[test]
    fn adjoints_are_the_transposes_of_the_updates() {
        let a = array![[1.0_f64, -2.0, 0.5], [3.0, 0.25, -1.5]];
        let g = array![[0.3_f64, 1.1, -0.7], [2.0, -0.4, 0.9]];
        let dot = |x: &Array2<f64>, y: &Array2<f64>| (x * y).sum();

        let v = 4.0;
        let y = set_element(&a, &v, [1, 2]);
        let lhs = dot(&g, &y);
        let rhs = dot(&set_element_vjp_array(&g, &a, &v, [1, 2], &y), &a)
            + set_element_vjp_value(&g, &a, &v, [1, 2], &y) * v;
        assert_close(lhs, rhs, 1e-12);

        let y = add_to_element(&a, &v, (0, 1));
        let lhs = dot(&g, &y);
        let rhs = dot(&add_to_element_vjp_array(&g, &a, &v, (0, 1), &y), &a)
            + set_element_vjp_value(&g, &a, &v, (0, 1), &y) * v;
        assert_close(lhs, rhs, 1e-12);

        let row = array![7.0_f64, -8.0, 0.5];
        let y = assign_slice(&a, &row, s![0, ..]);
        let lhs = dot(&g, &y);
        let rhs = dot(&assign_slice_vjp_array(&g, &a, &row, s![0, ..], &y), &a)
            + (assign_slice_vjp_value(&g, &a, &row, s![0, ..], &y) * &row).sum();
        assert_close(lhs, rhs, 1e-12);

        // A broadcast value: one float per row written into a column block.
        let column: Array1<f64> = array![1.5];
        let y = assign_slice(&a, &column, s![.., 1..]);
        let lhs = dot(&g, &y);
        let dv = assign_slice_vjp_value(&g, &a, &column, s![.., 1..], &y);
        assert_eq!(dv.shape(), [1]);
        let rhs = dot(
            &assign_slice_vjp_array(&g, &a, &column, s![.., 1..], &y),
            &a,
        ) + (dv * &column).sum();
        assert_close(lhs, rhs, 1e-12);
    }

    /// The tangent is the update applied to the tangents, in f32 too.
    #[test]
    fn tangents_are_the_updates_of_the_tangents() {
        let a = array![1.0_f32, 2.0, 3.0];
        let da = array![0.5_f32, -0.5, 1.0];
        let y = set_element(&a, &9.0, 2);
        assert_eq!(
            set_element_jvp(&a, &9.0, 2, &y, Some(&da), None),
            array![0.5, -0.5, 0.0]
        );
        let y = add_to_element(&a, &9.0, 2);
        assert_eq!(
            add_to_element_jvp(&a, &9.0, 2, &y, None, Some(&2.0)),
            array![0.0, 0.0, 2.0]
        );
        let v = array![4.0_f32, 5.0];
        let y = assign_slice(&a, &v, s![..2]);
        assert_eq!(
            assign_slice_jvp(&a, &v, s![..2], &y, Some(&da), Some(&array![1.0, 1.0])),
            array![1.0, 1.0, 1.0]
        );
    }

    #[test]
    #[should_panic(expected = "index [2, 0] is out of bounds for an array of shape [2, 3]")]
    fn an_index_out_of_bounds_is_named() {
        let _ = set_element(&Array2::<f64>::zeros((2, 3)), &1.0, [2, 0]);
    }

    #[test]
    #[should_panic(
        expected = "`v` has shape [2], which does not broadcast to the slice's shape [3]"
    )]
    fn a_value_that_does_not_fit_the_slice_is_named() {
        let _ = assign_slice(&Array1::<f64>::zeros(3), &array![1.0, 2.0], s![..]);
    }
}
