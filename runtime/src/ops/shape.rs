//! Arrays rearranged and built from parts: `insert_axis`, `permuted_axes`,
//! `into_shape_with_order`, `to_shape`, `broadcast`, `concatenate`, `stack` and `array![..]`.
//!
//! Every one moves elements without changing them, so each adjoint moves the output's adjoint
//! back: a new axis is removed, a permutation inverted, a reshape undone in the same index
//! order, a broadcast summed over the axes it repeated along, and a concatenation or stack cut
//! into its operands' parts. Each one is linear: the tangent of the output is the same
//! rearrangement of the operands' tangents, and the tangent of a VJP along `dg` is that VJP of
//! `dg`, so none has a `vjp_jvp`.
//!
//! The rules of several operands (`concatenate`, `stack`, `from_elems`) take them as an array
//! of views (or floats) made with [`part`] (or [`elem`]), and their VJP the index of the
//! operand whose adjoint it returns.

use ndarray::{
    Array, ArrayRef, ArrayView, Axis, CowArray, Dimension, IntoDimension, Order, RemoveAxis,
    ShapeArg, Slice,
};

use crate::broadcast::{assert_same_shape, unbroadcast};
use crate::{AsOperand, Float, workspace};

/// An array that ndarray rearranges by value (`insert_axis`, `permuted_axes` and
/// `into_shape_with_order` take `self`), rearranged from a reference: an owned array gives an
/// owned copy, a view a view of the same data, so the result has the type the user's code
/// gives it.
///
/// ```
/// use adjoint_runtime::ops::shape::Rearrange;
/// use ndarray::{Axis, ArrayView2, array};
/// let a = array![1.0, 2.0];
/// let owned = a.insert_axis_of(Axis(0));
/// let view: ArrayView2<'_, f64> = a.view().insert_axis_of(Axis(0));
/// assert_eq!(owned, view);
/// assert_eq!(owned, array![[1.0, 2.0]]);
/// ```
pub trait Rearrange {
    /// The element type.
    type Elem: Float;
    /// The dimensionality of the array.
    type Dim: Dimension;
    /// `Array<F, E>` for an owned array, `ArrayView<'a, F, E>` for a view.
    type Out<E: Dimension>;
    /// A view of the array.
    fn rearranged_view(&self) -> ArrayView<'_, Self::Elem, Self::Dim>;
    /// `self.insert_axis(axis)`.
    fn insert_axis_of(&self, axis: Axis) -> Self::Out<<Self::Dim as Dimension>::Larger>;
    /// `self.permuted_axes(axes)`.
    fn permuted_axes_of(&self, axes: Self::Dim) -> Self::Out<Self::Dim>;
    /// `self.into_shape_with_order((shape, order)).unwrap()`; an owned array is copied in
    /// `order` whatever its layout.
    fn reshaped_to<E: Dimension>(&self, shape: E, order: Order) -> Self::Out<E>;
}

/// An owned array: an owned copy, rearranged.
impl<F: Float, D: Dimension> Rearrange for Array<F, D> {
    type Elem = F;
    type Dim = D;
    type Out<E: Dimension> = Array<F, E>;
    fn rearranged_view(&self) -> ArrayView<'_, F, D> {
        self.view()
    }
    fn insert_axis_of(&self, axis: Axis) -> Array<F, D::Larger> {
        workspace::copy(&self.view().insert_axis(axis))
    }
    fn permuted_axes_of(&self, axes: D) -> Array<F, D> {
        workspace::copy(&self.view().permuted_axes(axes))
    }
    fn reshaped_to<E: Dimension>(&self, shape: E, order: Order) -> Array<F, E> {
        copy_in_order(&self.view(), shape, order)
    }
}

/// A view: a view of the same data, rearranged.
impl<'a, F: Float, D: Dimension> Rearrange for ArrayView<'a, F, D> {
    type Elem = F;
    type Dim = D;
    type Out<E: Dimension> = ArrayView<'a, F, E>;
    fn rearranged_view(&self) -> ArrayView<'_, F, D> {
        self.view()
    }
    fn insert_axis_of(&self, axis: Axis) -> ArrayView<'a, F, D::Larger> {
        self.clone().insert_axis(axis)
    }
    fn permuted_axes_of(&self, axes: D) -> ArrayView<'a, F, D> {
        self.clone().permuted_axes(axes)
    }
    #[track_caller]
    fn reshaped_to<E: Dimension>(&self, shape: E, order: Order) -> ArrayView<'a, F, E> {
        let to = shape.clone();
        self.clone()
            .into_shape_with_order((shape, order))
            .unwrap_or_else(|error| {
                panic!(
                    "adjoint: into_shape_with_order: cannot reshape a view of shape {:?} into shape {:?} in {order:?} order: {error}",
                    self.shape(),
                    to.slice()
                )
            })
    }
}

impl<T: Rearrange + ?Sized> Rearrange for &T {
    type Elem = T::Elem;
    type Dim = T::Dim;
    type Out<E: Dimension> = T::Out<E>;
    fn rearranged_view(&self) -> ArrayView<'_, T::Elem, T::Dim> {
        (**self).rearranged_view()
    }
    fn insert_axis_of(&self, axis: Axis) -> Self::Out<<T::Dim as Dimension>::Larger> {
        (**self).insert_axis_of(axis)
    }
    fn permuted_axes_of(&self, axes: T::Dim) -> Self::Out<T::Dim> {
        (**self).permuted_axes_of(axes)
    }
    fn reshaped_to<E: Dimension>(&self, shape: E, order: Order) -> Self::Out<E> {
        (**self).reshaped_to(shape, order)
    }
}

/// The elements of `a` in `order` (row-major: the last index fastest), written in the same
/// order into a new array of `shape` taken from the workspace.
fn copy_in_order<F: Float, D: Dimension, E: Dimension>(
    a: &ArrayRef<F, D>,
    shape: E,
    order: Order,
) -> Array<F, E> {
    let mut out = workspace::zeros(shape);
    match order {
        // Column-major order is the row-major order of the axes reversed.
        Order::ColumnMajor => out
            .view_mut()
            .reversed_axes()
            .iter_mut()
            .zip(a.view().reversed_axes().iter())
            .for_each(|(o, &x)| *o = x),
        _ => out.iter_mut().zip(a.iter()).for_each(|(o, &x)| *o = x),
    }
    out
}

/// **Panics** unless `to` has as many elements as `from`.
#[track_caller]
fn check_same_size(what: &str, from: &[usize], to: &[usize]) {
    assert!(
        from.iter().product::<usize>() == to.iter().product::<usize>(),
        "adjoint: {what}: cannot reshape an array of shape {from:?} ({} elements) into shape {to:?} ({} elements)",
        from.iter().product::<usize>(),
        to.iter().product::<usize>()
    );
}

// ----- insert_axis ----------------------------------------------------------------------------

/// **Panics** unless `axis` can be inserted among `ndim` axes.
#[track_caller]
fn check_new_axis(what: &str, ndim: usize, axis: Axis) {
    assert!(
        axis.index() <= ndim,
        "adjoint: {what}: cannot insert Axis({}) into an array with {ndim} axes",
        axis.index()
    );
}

/// `a.insert_axis(axis)`: a new axis of length 1 at `axis`.
///
/// **Panics** if `axis` is greater than the number of axes of `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::insert_axis;
/// use ndarray::{Axis, array};
/// assert_eq!(insert_axis(&array![1.0, 2.0], Axis(1)), array![[1.0], [2.0]]);
/// ```
#[track_caller]
pub fn insert_axis<A: Rearrange + ?Sized>(
    a: &A,
    axis: Axis,
) -> A::Out<<A::Dim as Dimension>::Larger> {
    check_new_axis("insert_axis", a.rearranged_view().ndim(), axis);
    a.insert_axis_of(axis)
}

/// The adjoint of `a` in `y = a.insert_axis(axis)`: `g` without the new axis.
///
/// **Panics** if `g` is not shaped like `y`.
#[track_caller]
pub fn insert_axis_vjp<F: Float, A: Rearrange<Elem = F> + ?Sized, Y: ?Sized>(
    g: &Array<F, <A::Dim as Dimension>::Larger>,
    a: &A,
    axis: Axis,
    _y: &Y,
) -> Array<F, A::Dim> {
    let a = a.rearranged_view();
    let expected = a.view().insert_axis(axis);
    assert_same_shape("insert_axis_vjp: `g`", expected.shape(), g.shape());
    workspace::copy(
        &g.view()
            .into_shape_with_order(a.raw_dim())
            .unwrap_or_else(|_| {
                // A non-standard `g`: its part at index 0 along the new axis is the whole of it.
                g.view()
                    .into_dyn()
                    .index_axis_move(axis, 0)
                    .into_dimensionality()
                    .expect("the same number of axes as `a`")
            }),
    )
}

/// The tangent of `y = a.insert_axis(axis)` along `da`: `da.insert_axis(axis)`.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::{insert_axis, insert_axis_jvp};
/// use ndarray::{Axis, array};
/// let a = array![1.0, 2.0];
/// let y = insert_axis(&a, Axis(0));
/// assert_eq!(insert_axis_jvp(&a, Axis(0), &y, &array![3.0, 4.0]), array![[3.0, 4.0]]);
/// ```
#[track_caller]
pub fn insert_axis_jvp<F: Float, A: Rearrange<Elem = F> + ?Sized, Y: ?Sized>(
    a: &A,
    axis: Axis,
    _y: &Y,
    da: &ArrayRef<F, A::Dim>,
) -> Array<F, <A::Dim as Dimension>::Larger> {
    assert_same_shape(
        "insert_axis_jvp: `da`",
        a.rearranged_view().shape(),
        da.shape(),
    );
    workspace::copy(&da.view().insert_axis(axis))
}

// ----- permuted_axes --------------------------------------------------------------------------

/// `axes` as a dimension, **panicking** unless it is a permutation of the `ndim` axes.
#[track_caller]
fn permutation<D: Dimension, T: IntoDimension<Dim = D>>(what: &str, ndim: usize, axes: T) -> D {
    let axes = axes.into_dimension();
    // Each axis below `ndim`, none twice (quadratic, but allocation-free, on a handful of axes).
    let axes_slice = axes.slice();
    let valid = axes.ndim() == ndim
        && axes_slice
            .iter()
            .enumerate()
            .all(|(i, &k)| k < ndim && !axes_slice[..i].contains(&k));
    assert!(
        valid,
        "adjoint: {what}: `axes` {:?} is not a permutation of the {ndim} axes of the array",
        axes.slice()
    );
    axes
}

/// `a.permuted_axes(axes)`: axis `k` of the output is axis `axes[k]` of `a`.
///
/// **Panics** if `axes` is not a permutation of the axes of `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::permuted_axes;
/// use ndarray::Array3;
/// let a = Array3::<f64>::zeros((1, 2, 3));
/// assert_eq!(permuted_axes(&a, [2, 0, 1]).shape(), &[3, 1, 2]);
/// ```
#[track_caller]
pub fn permuted_axes<A: Rearrange + ?Sized, T: IntoDimension<Dim = A::Dim>>(
    a: &A,
    axes: T,
) -> A::Out<A::Dim> {
    let axes = permutation("permuted_axes", a.rearranged_view().ndim(), axes);
    a.permuted_axes_of(axes)
}

/// The adjoint of `a` in `y = a.permuted_axes(axes)`: `g` permuted back by the inverse
/// permutation (axis `axes[k]` of the adjoint is axis `k` of `g`).
///
/// **Panics** if `axes` is not a permutation or `g` is not shaped like `y`.
#[track_caller]
pub fn permuted_axes_vjp<
    F: Float,
    A: Rearrange<Elem = F> + ?Sized,
    T: IntoDimension<Dim = A::Dim>,
    Y: ?Sized,
>(
    g: &Array<F, A::Dim>,
    a: &A,
    axes: T,
    _y: &Y,
) -> Array<F, A::Dim> {
    let a = a.rearranged_view();
    let axes = permutation("permuted_axes_vjp", a.ndim(), axes);
    let expected = a.view().permuted_axes(axes.clone());
    assert_same_shape("permuted_axes_vjp: `g`", expected.shape(), g.shape());
    let mut inverse = axes.clone();
    for (k, &axis) in axes.slice().iter().enumerate() {
        inverse[axis] = k;
    }
    workspace::copy(&g.view().permuted_axes(inverse))
}

/// The tangent of `y = a.permuted_axes(axes)` along `da`: `da.permuted_axes(axes)`.
///
/// **Panics** if `axes` is not a permutation or `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::{permuted_axes, permuted_axes_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0]];
/// let y = permuted_axes(&a, [1, 0]);
/// assert_eq!(permuted_axes_jvp(&a, [1, 0], &y, &array![[3.0, 4.0]]), array![[3.0], [4.0]]);
/// ```
#[track_caller]
pub fn permuted_axes_jvp<
    F: Float,
    A: Rearrange<Elem = F> + ?Sized,
    T: IntoDimension<Dim = A::Dim>,
    Y: ?Sized,
>(
    a: &A,
    axes: T,
    _y: &Y,
    da: &ArrayRef<F, A::Dim>,
) -> Array<F, A::Dim> {
    let a = a.rearranged_view();
    let axes = permutation("permuted_axes_jvp", a.ndim(), axes);
    assert_same_shape("permuted_axes_jvp: `da`", a.shape(), da.shape());
    workspace::copy(&da.view().permuted_axes(axes))
}

// ----- into_shape_with_order and to_shape -----------------------------------------------------

/// A shape argument as its dimension and its index order (row-major unless given).
fn shape_and_order<E: ShapeArg>(shape: E) -> (E::Dim, Order) {
    let (shape, order) = shape.into_shape_and_order();
    (shape, order.unwrap_or(Order::RowMajor))
}

/// `a.into_shape_with_order(shape).unwrap()`: the elements of `a` in `shape`, read and written
/// in the index order `shape` gives (`(dim, Order::ColumnMajor)`; row-major by default). An
/// owned array gives an owned array, a view a view (see [`Rearrange`]).
///
/// **Panics** if `shape` does not have as many elements as `a`, or if `a` is a view whose
/// layout does not allow the order (as ndarray's `unwrap` would).
///
/// ```
/// use adjoint_runtime::ops::shape::into_shape_with_order;
/// use ndarray::{Order, array};
/// let a = array![1.0, 2.0, 3.0, 4.0];
/// assert_eq!(into_shape_with_order(&a, (2, 2)), array![[1.0, 2.0], [3.0, 4.0]]);
/// assert_eq!(into_shape_with_order(&a, ((2, 2), Order::ColumnMajor)), array![[1.0, 3.0], [2.0, 4.0]]);
/// ```
#[track_caller]
pub fn into_shape_with_order<A: Rearrange + ?Sized, E: ShapeArg>(
    a: &A,
    shape: E,
) -> A::Out<E::Dim> {
    let (shape, order) = shape_and_order(shape);
    check_same_size(
        "into_shape_with_order",
        a.rearranged_view().shape(),
        shape.slice(),
    );
    a.reshaped_to(shape, order)
}

/// The adjoint of `a` in `y = a.into_shape_with_order(shape)`: `g` read in the same index
/// order back into `a`'s shape.
///
/// **Panics** if `g` does not have `shape`.
#[track_caller]
pub fn into_shape_with_order_vjp<
    F: Float,
    A: Rearrange<Elem = F> + ?Sized,
    E: ShapeArg,
    Y: ?Sized,
>(
    g: &Array<F, E::Dim>,
    a: &A,
    shape: E,
    _y: &Y,
) -> Array<F, A::Dim> {
    reshape_back(
        "into_shape_with_order_vjp",
        "into_shape_with_order_vjp: `g`",
        g,
        &a.rearranged_view(),
        shape,
    )
}

/// The tangent of `y = a.into_shape_with_order(shape)` along `da`: `da` reshaped the same way.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::{into_shape_with_order, into_shape_with_order_jvp};
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let y = into_shape_with_order(&a, 4);
/// let dy = into_shape_with_order_jvp(&a, 4, &y, &array![[0.0, 1.0], [2.0, 3.0]]);
/// assert_eq!(dy, array![0.0, 1.0, 2.0, 3.0]);
/// ```
#[track_caller]
pub fn into_shape_with_order_jvp<
    F: Float,
    A: Rearrange<Elem = F> + ?Sized,
    E: ShapeArg,
    Y: ?Sized,
>(
    a: &A,
    shape: E,
    _y: &Y,
    da: &ArrayRef<F, A::Dim>,
) -> Array<F, E::Dim> {
    reshape_forth(
        "into_shape_with_order_jvp",
        "into_shape_with_order_jvp: `da`",
        &a.rearranged_view(),
        shape,
        da,
    )
}

/// `a.to_shape(shape).unwrap()`: the elements of `a` in `shape`, in the index order `shape`
/// gives, as a view when `a`'s layout allows it and a copy otherwise (ndarray's `CowArray`).
///
/// **Panics** if `shape` does not have as many elements as `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::to_shape;
/// use ndarray::array;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(to_shape(&a, 4), array![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(to_shape(&a.t(), 4), array![1.0, 3.0, 2.0, 4.0]);
/// ```
#[track_caller]
pub fn to_shape<
    'a,
    F: Float,
    D: Dimension + 'a,
    E: ShapeArg,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &'a A,
    shape: E,
) -> CowArray<'a, F, E::Dim> {
    let a = a.as_operand();
    let (shape, order) = shape_and_order(shape);
    check_same_size("to_shape", a.shape(), shape.slice());
    match a.view().into_shape_with_order((shape.clone(), order)) {
        Ok(view) => CowArray::from(view),
        Err(_) => CowArray::from(copy_in_order(a, shape, order)),
    }
}

/// The adjoint of `a` in `y = a.to_shape(shape)`: `g` read in the same index order back into
/// `a`'s shape.
///
/// **Panics** if `g` does not have `shape`.
#[track_caller]
pub fn to_shape_vjp<
    F: Float,
    D: Dimension,
    E: ShapeArg,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    Y: ?Sized,
>(
    g: &Array<F, E::Dim>,
    a: &A,
    shape: E,
    _y: &Y,
) -> Array<F, D> {
    reshape_back(
        "to_shape_vjp",
        "to_shape_vjp: `g`",
        g,
        a.as_operand(),
        shape,
    )
}

/// The tangent of `y = a.to_shape(shape)` along `da`: `da` reshaped the same way.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::{to_shape, to_shape_jvp};
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// let y = to_shape(&a, (2, 1));
/// assert_eq!(to_shape_jvp(&a, (2, 1), &y, &array![3.0, 4.0]), array![[3.0], [4.0]]);
/// ```
#[track_caller]
pub fn to_shape_jvp<
    F: Float,
    D: Dimension,
    E: ShapeArg,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    Y: ?Sized,
>(
    a: &A,
    shape: E,
    _y: &Y,
    da: &ArrayRef<F, D>,
) -> Array<F, E::Dim> {
    reshape_forth(
        "to_shape_jvp",
        "to_shape_jvp: `da`",
        a.as_operand(),
        shape,
        da,
    )
}

/// The adjoint of a reshape of `a` into `shape`: `g` back in `a`'s shape, in the same order.
#[track_caller]
fn reshape_back<F: Float, D: Dimension, E: ShapeArg>(
    what: &str,
    what_g: &str,
    g: &ArrayRef<F, E::Dim>,
    a: &ArrayRef<F, D>,
    shape: E,
) -> Array<F, D> {
    let (shape, order) = shape_and_order(shape);
    assert_same_shape(what_g, shape.slice(), g.shape());
    check_same_size(what, a.shape(), shape.slice());
    copy_in_order(g, a.raw_dim(), order)
}

/// The tangent of a reshape of `a` into `shape`: `da` in `shape`, in the same order.
#[track_caller]
fn reshape_forth<F: Float, D: Dimension, E: ShapeArg>(
    what: &str,
    what_da: &str,
    a: &ArrayRef<F, D>,
    shape: E,
    da: &ArrayRef<F, D>,
) -> Array<F, E::Dim> {
    let (shape, order) = shape_and_order(shape);
    assert_same_shape(what_da, a.shape(), da.shape());
    check_same_size(what, a.shape(), shape.slice());
    copy_in_order(da, shape, order)
}

// ----- broadcast ------------------------------------------------------------------------------

/// `a.broadcast(shape).unwrap()`: a view of `a` repeated along new leading axes and along its
/// axes of length 1, as ndarray broadcasts.
///
/// **Panics** if `a` cannot be broadcast to `shape`.
///
/// ```
/// use adjoint_runtime::ops::shape::broadcast;
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert_eq!(broadcast(&a, (2, 2)), array![[1.0, 2.0], [1.0, 2.0]]);
/// ```
#[track_caller]
pub fn broadcast<
    'a,
    F: Float,
    D: Dimension + 'a,
    E: IntoDimension,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
>(
    a: &'a A,
    shape: E,
) -> ArrayView<'a, F, E::Dim> {
    let a = a.as_operand();
    let shape = shape.into_dimension();
    match a.broadcast(shape.clone()) {
        Some(view) => view,
        None => panic!(
            "adjoint: broadcast: cannot broadcast an array of shape {:?} to shape {:?}",
            a.shape(),
            shape.slice()
        ),
    }
}

/// The adjoint of `a` in `y = a.broadcast(shape)`: `g` summed over the axes `a` was repeated
/// along (every element of `a` appears once per repetition, so its adjoint is their sum).
///
/// **Panics** if `g` does not have `shape`.
#[track_caller]
pub fn broadcast_vjp<
    F: Float,
    D: Dimension,
    E: IntoDimension,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    Y: ?Sized,
>(
    g: &Array<F, E::Dim>,
    a: &A,
    shape: E,
    _y: &Y,
) -> Array<F, D> {
    let shape = shape.into_dimension();
    assert_same_shape("broadcast_vjp: `g`", shape.slice(), g.shape());
    unbroadcast(workspace::copy(g), a.as_operand().raw_dim())
}

/// The tangent of `y = a.broadcast(shape)` along `da`: `da` broadcast the same way, as an
/// owned array.
///
/// **Panics** if `da` is not shaped like `a`.
///
/// ```
/// use adjoint_runtime::ops::shape::{broadcast, broadcast_jvp};
/// use ndarray::array;
/// let a = array![[1.0], [2.0]];
/// let y = broadcast(&a, (2, 3));
/// assert_eq!(broadcast_jvp(&a, (2, 3), &y, &array![[1.0], [0.5]]), array![[1.0; 3], [0.5; 3]]);
/// ```
#[track_caller]
pub fn broadcast_jvp<
    F: Float,
    D: Dimension,
    E: IntoDimension,
    A: AsOperand<Target = ArrayRef<F, D>> + ?Sized,
    Y: ?Sized,
>(
    a: &A,
    shape: E,
    _y: &Y,
    da: &ArrayRef<F, D>,
) -> Array<F, E::Dim> {
    assert_same_shape("broadcast_jvp: `da`", a.as_operand().shape(), da.shape());
    let shape = shape.into_dimension();
    workspace::copy(&broadcast(da, shape))
}

// ----- several operands: concatenate, stack, array! -------------------------------------------

/// A view of an array operand, one element of the array of parts that [`concatenate`] and
/// [`stack`] take.
///
/// ```
/// use adjoint_runtime::ops::shape::part;
/// use ndarray::array;
/// let a = array![1.0, 2.0];
/// assert_eq!(part(&&a), a.view());
/// ```
pub fn part<'a, F: Float, D: Dimension + 'a, A: AsOperand<Target = ArrayRef<F, D>> + ?Sized>(
    a: &'a A,
) -> ArrayView<'a, F, D> {
    a.as_operand().view()
}

/// A float operand, one element of the array that [`from_elems`] takes. An untyped float
/// literal (`array![x, 0.0]`) takes the type of the other elements.
///
/// ```
/// use adjoint_runtime::ops::shape::{elem, from_elems};
/// let x = 2.5_f32;
/// assert_eq!(elem(&&x), 2.5);
/// assert_eq!(from_elems(2, [elem(&0.5), elem(&x)])[0], 0.5_f32);
/// ```
pub fn elem<F: Float, A: AsElem<F> + ?Sized>(a: &A) -> F {
    a.as_elem()
}

/// A float behind any number of references, read as an element of type `F` (see [`elem`]).
pub trait AsElem<F> {
    /// The float.
    fn as_elem(&self) -> F;
}

macro_rules! float_elem {
    ($($f:ty),*) => {$(
        impl AsElem<$f> for $f {
            fn as_elem(&self) -> $f {
                *self
            }
        }
    )*};
}
float_elem!(f32, f64);

impl<F, T: AsElem<F> + ?Sized> AsElem<F> for &T {
    fn as_elem(&self) -> F {
        (**self).as_elem()
    }
}

/// **Panics** unless every part has the shape of the first outside `axis` (every axis when
/// `axis` is `None`), and `axis` is one of their axes.
#[track_caller]
fn check_parts<F, D: Dimension>(what: &str, parts: &[ArrayView<'_, F, D>], axis: Option<Axis>) {
    assert!(!parts.is_empty(), "adjoint: {what}: no arrays to join");
    let first = parts[0].shape();
    if let Some(axis) = axis {
        assert!(
            axis.index() < first.len(),
            "adjoint: {what}: Axis({}) of arrays with {} axes",
            axis.index(),
            first.len()
        );
    }
    for (k, part) in parts.iter().enumerate().skip(1) {
        let fits = part.shape().len() == first.len()
            && part
                .shape()
                .iter()
                .zip(first)
                .enumerate()
                .all(|(i, (a, b))| a == b || axis.is_some_and(|axis| axis.index() == i));
        assert!(
            fits,
            "adjoint: {what}: array {k} has shape {:?}, which does not fit array 0 of shape {first:?}{}",
            part.shape(),
            match axis {
                Some(axis) => format!(" outside Axis({})", axis.index()),
                None => String::new(),
            }
        );
    }
}

/// `ndarray::concatenate(axis, &[a.view(), b.view(), ..]).unwrap()` and
/// `concatenate![axis, a, b, ..]`: the parts one after another along `axis`.
///
/// **Panics** if the parts differ in shape outside `axis`, or `axis` is out of bounds.
///
/// ```
/// use adjoint_runtime::ops::shape::{concatenate, part};
/// use ndarray::{Axis, array};
/// let (a, b) = (array![[1.0, 2.0]], array![[3.0, 4.0], [5.0, 6.0]]);
/// let y = concatenate(Axis(0), [part(&a), part(&b)]);
/// assert_eq!(y, array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
/// ```
#[track_caller]
pub fn concatenate<F: Float, D: RemoveAxis, const N: usize>(
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
) -> Array<F, D> {
    check_parts("concatenate", &parts, Some(axis));
    let mut shape = parts[0].raw_dim();
    shape[axis.index()] = parts.iter().map(|p| p.len_of(axis)).sum();
    let mut out = workspace::zeros(shape);
    let mut start = 0;
    for part in &parts {
        let end = start + part.len_of(axis);
        out.slice_axis_mut(axis, Slice::from(start..end))
            .assign(part);
        start = end;
    }
    out
}

/// The adjoint of part `k` in `y = concatenate(axis, parts)`: the slice of `g` along `axis`
/// where part `k` was written.
///
/// **Panics** if `g` is not shaped like `y`.
#[track_caller]
pub fn concatenate_vjp<F: Float, D: RemoveAxis, const N: usize>(
    g: &Array<F, D>,
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
    y: &ArrayRef<F, D>,
    k: usize,
) -> Array<F, D> {
    assert_same_shape("concatenate_vjp: `g`", y.shape(), g.shape());
    let start: usize = parts[..k].iter().map(|p| p.len_of(axis)).sum();
    let end = start + parts[k].len_of(axis);
    workspace::copy(&g.slice_axis(axis, Slice::from(start..end)))
}

/// The tangent of `y = concatenate(axis, parts)` along the parts' tangents (`None`: zero): the
/// tangents concatenated the same way.
///
/// **Panics** if a tangent is not shaped like its part.
///
/// ```
/// use adjoint_runtime::ops::shape::{concatenate, concatenate_jvp, part};
/// use ndarray::{Axis, array};
/// let (a, b) = (array![1.0], array![2.0, 3.0]);
/// let y = concatenate(Axis(0), [part(&a), part(&b)]);
/// let dy = concatenate_jvp(Axis(0), [part(&a), part(&b)], &y, [None, Some(&array![4.0, 5.0])]);
/// assert_eq!(dy, array![0.0, 4.0, 5.0]);
/// ```
#[track_caller]
pub fn concatenate_jvp<F: Float, D: RemoveAxis, const N: usize>(
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
    y: &ArrayRef<F, D>,
    tangents: [Option<&Array<F, D>>; N],
) -> Array<F, D> {
    let mut out = workspace::zeros(y.raw_dim());
    let mut start = 0;
    for (k, (part, tangent)) in parts.iter().zip(tangents).enumerate() {
        let end = start + part.len_of(axis);
        if let Some(tangent) = tangent {
            assert!(
                part.shape() == tangent.shape(),
                "adjoint: concatenate_jvp: the tangent of array {k}: expected shape {:?}, found {:?}",
                part.shape(),
                tangent.shape()
            );
            out.slice_axis_mut(axis, Slice::from(start..end))
                .assign(tangent);
        }
        start = end;
    }
    out
}

/// `ndarray::stack(axis, &[a.view(), b.view(), ..]).unwrap()` and `stack![axis, a, b, ..]`:
/// the parts, all of one shape, side by side along a new axis at `axis`.
///
/// **Panics** if the parts differ in shape, or `axis` is greater than their number of axes.
///
/// ```
/// use adjoint_runtime::ops::shape::{part, stack};
/// use ndarray::{Axis, array};
/// let (a, b) = (array![1.0, 2.0], array![3.0, 4.0]);
/// assert_eq!(stack(Axis(1), [part(&a), part(&b)]), array![[1.0, 3.0], [2.0, 4.0]]);
/// ```
#[track_caller]
pub fn stack<F: Float, D: Dimension, const N: usize>(
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
) -> Array<F, D::Larger>
where
    D::Larger: RemoveAxis,
{
    check_parts("stack", &parts, None);
    check_new_axis("stack", parts[0].ndim(), axis);
    let shape = parts[0].view().insert_axis(axis).raw_dim();
    let mut shape = shape;
    shape[axis.index()] = N;
    let mut out = workspace::zeros(shape);
    for (k, part) in parts.iter().enumerate() {
        out.index_axis_mut(axis, k).assign(part);
    }
    out
}

/// The adjoint of part `k` in `y = stack(axis, parts)`: `g` at index `k` along `axis`.
///
/// **Panics** if `g` is not shaped like `y`.
#[track_caller]
pub fn stack_vjp<F: Float, D: Dimension, const N: usize>(
    g: &Array<F, D::Larger>,
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
    y: &ArrayRef<F, D::Larger>,
    k: usize,
) -> Array<F, D>
where
    D::Larger: RemoveAxis,
{
    assert_same_shape("stack_vjp: `g`", y.shape(), g.shape());
    let part = g
        .index_axis(axis, k)
        .into_dimensionality::<D>()
        .expect("one axis fewer than `g`");
    debug_assert_eq!(part.shape(), parts[k].shape());
    workspace::copy(&part)
}

/// The tangent of `y = stack(axis, parts)` along the parts' tangents (`None`: zero): the
/// tangents stacked the same way.
///
/// **Panics** if a tangent is not shaped like its part.
///
/// ```
/// use adjoint_runtime::ops::shape::{part, stack, stack_jvp};
/// use ndarray::{Axis, array};
/// let (a, b) = (array![1.0], array![2.0]);
/// let y = stack(Axis(0), [part(&a), part(&b)]);
/// assert_eq!(stack_jvp(Axis(0), [part(&a), part(&b)], &y, [Some(&array![3.0]), None]), array![[3.0], [0.0]]);
/// ```
#[track_caller]
pub fn stack_jvp<F: Float, D: Dimension, const N: usize>(
    axis: Axis,
    parts: [ArrayView<'_, F, D>; N],
    y: &ArrayRef<F, D::Larger>,
    tangents: [Option<&Array<F, D>>; N],
) -> Array<F, D::Larger>
where
    D::Larger: RemoveAxis,
{
    let mut out = workspace::zeros(y.raw_dim());
    for (k, (part, tangent)) in parts.iter().zip(tangents).enumerate() {
        if let Some(tangent) = tangent {
            assert!(
                part.shape() == tangent.shape(),
                "adjoint: stack_jvp: the tangent of array {k}: expected shape {:?}, found {:?}",
                part.shape(),
                tangent.shape()
            );
            out.index_axis_mut(axis, k).assign(tangent);
        }
    }
    out
}

/// `array![a, b, ..]` (`shape` is `N`) and `array![[a, b], [c, d]]` (`shape` is `(2, 2)`) of
/// floats: an array of `shape` holding `elems` in row-major order.
///
/// **Panics** if `shape` does not have `N` elements.
///
/// ```
/// use adjoint_runtime::ops::shape::from_elems;
/// use ndarray::array;
/// assert_eq!(from_elems(3, [1.0, 2.0, 3.0]), array![1.0, 2.0, 3.0]);
/// assert_eq!(from_elems((2, 1), [1.0, 2.0]), array![[1.0], [2.0]]);
/// ```
#[track_caller]
pub fn from_elems<F: Float, E: IntoDimension, const N: usize>(
    shape: E,
    elems: [F; N],
) -> Array<F, E::Dim> {
    let shape = shape.into_dimension();
    check_same_size("array!", &[N], shape.slice());
    let mut buffer = workspace::take(N);
    buffer.extend_from_slice(&elems);
    Array::from_shape_vec(shape, buffer).expect("as many elements as the shape")
}

/// The adjoint of element `k` in `y = from_elems(shape, elems)`: element `k` of `g` in
/// row-major order.
///
/// **Panics** if `g` is not shaped like `y`.
#[track_caller]
pub fn from_elems_vjp<F: Float, E: IntoDimension, const N: usize>(
    g: &Array<F, E::Dim>,
    shape: E,
    _elems: [F; N],
    y: &ArrayRef<F, E::Dim>,
    k: usize,
) -> F {
    let _ = shape;
    assert_same_shape("array!: the adjoint `g`", y.shape(), g.shape());
    match g.as_slice() {
        Some(flat) => flat[k],
        None => *g.iter().nth(k).expect("k is an element of `g`"),
    }
}

/// The tangent of `y = from_elems(shape, elems)` along the elements' tangents (`None`: zero):
/// the array of the tangents.
///
/// ```
/// use adjoint_runtime::ops::shape::{from_elems, from_elems_jvp};
/// use ndarray::array;
/// let y = from_elems(2, [1.0, 2.0]);
/// assert_eq!(from_elems_jvp(2, [1.0, 2.0], &y, [None, Some(&0.5)]), array![0.0, 0.5]);
/// ```
pub fn from_elems_jvp<F: Float, E: IntoDimension, const N: usize>(
    shape: E,
    _elems: [F; N],
    y: &ArrayRef<F, E::Dim>,
    tangents: [Option<&F>; N],
) -> Array<F, E::Dim> {
    let _ = shape;
    let mut buffer = workspace::take(N);
    buffer.extend(tangents.iter().map(|t| t.copied().unwrap_or_else(F::zero)));
    Array::from_shape_vec(y.raw_dim(), buffer).expect("as many elements as the shape")
}

/// An `Array1` of `elems`: `array![a, b, ..]`, for the tests.
#[cfg(test)]
fn vector<F: Float, const N: usize>(elems: [F; N]) -> ndarray::Array1<F> {
    from_elems(N, elems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_jvp, check_vjp};
    use crate::ops::test_support::{assert_passes, pattern};
    use ndarray::{Array1, Array2, Array3, array};

    /// Each rule's VJP and JVP against central differences of its forward function, in f64
    /// and f32.
    fn rules_match_differences<F: Float>() {
        let a = pattern::<F, _>((2, 3), -0.5, 1);
        let da = pattern::<F, _>((2, 3), -0.5, 2);

        let f = |a: &Array2<F>| insert_axis(a, Axis(1));
        let g = pattern::<F, _>((2, 1, 3), -0.5, 3);
        let exact = insert_axis_vjp(&g, &a, Axis(1), &f(&a));
        assert_passes("insert_axis_vjp", check_vjp(f, &a, &g, &exact));
        let exact = insert_axis_jvp(&a, Axis(1), &f(&a), &da);
        assert_passes("insert_axis_jvp", check_jvp(f, &a, &da, &exact));

        let f = |a: &Array2<F>| permuted_axes(&a.view(), [1, 0]).to_owned();
        let g = pattern::<F, _>((3, 2), -0.5, 3);
        let exact = permuted_axes_vjp(&g, &a.view(), [1, 0], &());
        assert_passes("permuted_axes_vjp", check_vjp(f, &a, &g, &exact));
        let exact = permuted_axes_jvp(&a, [1, 0], &(), &da);
        assert_passes("permuted_axes_jvp", check_jvp(f, &a, &da, &exact));

        let shape = ((3, 2), Order::ColumnMajor);
        let f = |a: &Array2<F>| into_shape_with_order(a, shape);
        let exact = into_shape_with_order_vjp(&g, &a, shape, &());
        assert_passes("into_shape_with_order_vjp", check_vjp(f, &a, &g, &exact));
        let exact = into_shape_with_order_jvp(&a, shape, &(), &da);
        assert_passes("into_shape_with_order_jvp", check_jvp(f, &a, &da, &exact));

        let f = |a: &Array2<F>| to_shape(&a.t(), 6).into_owned();
        let g6 = pattern::<F, _>(6, -0.5, 3);
        let exact = to_shape_vjp(&g6, &a.t(), 6, &()).t().to_owned();
        assert_passes("to_shape_vjp", check_vjp(f, &a, &g6, &exact));
        let exact = to_shape_jvp(&a.t(), 6, &(), &da.t());
        assert_passes("to_shape_jvp", check_jvp(f, &a, &da, &exact));

        let v = pattern::<F, _>((2, 1), -0.5, 4);
        let dv = pattern::<F, _>((2, 1), -0.5, 5);
        let f = |v: &Array2<F>| broadcast(v, (3, 2, 4)).to_owned();
        let g = pattern::<F, _>((3, 2, 4), -0.5, 6);
        let exact = broadcast_vjp(&g, &v, (3, 2, 4), &());
        assert_passes("broadcast_vjp", check_vjp(f, &v, &g, &exact));
        let exact = broadcast_jvp(&v, (3, 2, 4), &(), &dv);
        assert_passes("broadcast_jvp", check_jvp(f, &v, &dv, &exact));

        let b = pattern::<F, _>((2, 2), 0.25, 7);
        let db = pattern::<F, _>((2, 2), 0.25, 8);
        let f = |p: &(Array2<F>, Array2<F>)| concatenate(Axis(1), [part(&p.0), part(&p.1)]);
        let y = f(&(a.clone(), b.clone()));
        let g = pattern::<F, _>((2, 5), -0.5, 9);
        let parts = || [part(&a), part(&b)];
        let exact = (
            concatenate_vjp(&g, Axis(1), parts(), &y, 0),
            concatenate_vjp(&g, Axis(1), parts(), &y, 1),
        );
        let at = (a.clone(), b.clone());
        assert_passes("concatenate_vjp", check_vjp(f, &at, &g, &exact));
        for (present_a, present_b) in crate::ops::test_support::TWO {
            let exact = concatenate_jvp(
                Axis(1),
                parts(),
                &y,
                [present_a.then_some(&da), present_b.then_some(&db)],
            );
            let direction = (
                crate::ops::test_support::or_zero(present_a, &da),
                crate::ops::test_support::or_zero(present_b, &db),
            );
            assert_passes("concatenate_jvp", check_jvp(f, &at, &direction, &exact));
        }

        let c = pattern::<F, _>((2, 3), 0.25, 10);
        let dc = pattern::<F, _>((2, 3), 0.25, 11);
        let f = |p: &(Array2<F>, Array2<F>)| stack(Axis(2), [part(&p.0), part(&p.1)]);
        let at = (a.clone(), c.clone());
        let y = f(&at);
        let g = pattern::<F, _>((2, 3, 2), -0.5, 12);
        let parts = || [part(&a), part(&c)];
        let exact = (
            stack_vjp(&g, Axis(2), parts(), &y, 0),
            stack_vjp(&g, Axis(2), parts(), &y, 1),
        );
        assert_passes("stack_vjp", check_vjp(f, &at, &g, &exact));
        let exact = stack_jvp(Axis(2), parts(), &y, [Some(&da), Some(&dc)]);
        assert_passes(
            "stack_jvp",
            check_jvp(f, &at, &(da.clone(), dc.clone()), &exact),
        );

        let (x, z): (F, F) = (F::from_f64_lossy(0.3), F::from_f64_lossy(-1.2));
        let f = |p: &(F, F)| from_elems((2, 2), [p.0, p.1, p.0, F::one()]);
        let y = f(&(x, z));
        let g = pattern::<F, _>((2, 2), -0.5, 13);
        let exact = (
            from_elems_vjp(&g, (2, 2), [x, z, x, F::one()], &y, 0)
                + from_elems_vjp(&g, (2, 2), [x, z, x, F::one()], &y, 2),
            from_elems_vjp(&g, (2, 2), [x, z, x, F::one()], &y, 1),
        );
        assert_passes("from_elems_vjp", check_vjp(f, &(x, z), &g, &exact));
        let (dx, dz) = (F::from_f64_lossy(0.5), F::from_f64_lossy(2.0));
        let exact = from_elems_jvp(
            (2, 2),
            [x, z, x, F::one()],
            &y,
            [Some(&dx), Some(&dz), Some(&dx), None],
        );
        assert_passes("from_elems_jvp", check_jvp(f, &(x, z), &(dx, dz), &exact));
    }

    #[test]
    fn rules_match_differences_f64() {
        rules_match_differences::<f64>();
    }

    #[test]
    fn rules_match_differences_f32() {
        rules_match_differences::<f32>();
    }

    /// Literal values: each adjoint puts every element of `g` back where its element of `y`
    /// came from.
    #[test]
    fn adjoints_move_elements_back() {
        let a = array![[1.0_f64, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let g = array![[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]];
        assert_eq!(
            permuted_axes_vjp(&g, &a, [1, 0], &()),
            array![[10.0, 30.0, 50.0], [20.0, 40.0, 60.0]]
        );
        // Row-major reshape of (2, 3) into (3, 2) and back keeps the flat order.
        assert_eq!(
            into_shape_with_order_vjp(&g, &a, (3, 2), &()),
            array![[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]]
        );
        // A broadcast (3,) → (2, 3) sums the two rows.
        let v = array![1.0_f64, 2.0, 3.0];
        assert_eq!(
            broadcast_vjp(&array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], &v, (2, 3), &()),
            array![5.0, 7.0, 9.0]
        );
        let (p, q) = (vector([1.0_f64]), vector([2.0, 3.0]));
        let y = concatenate(Axis(0), [part(&p), part(&q)]);
        let g = array![7.0, 8.0, 9.0];
        assert_eq!(
            concatenate_vjp(&g, Axis(0), [part(&p), part(&q)], &y, 1),
            array![8.0, 9.0]
        );
        let s = Array3::<f64>::zeros((2, 1, 3));
        assert_eq!(
            insert_axis(&a.view(), Axis(1)),
            a.view().insert_axis(Axis(1))
        );
        assert_eq!(
            insert_axis_vjp(&s, &a, Axis(1), &()),
            Array2::<f64>::zeros((2, 3))
        );
    }

    #[test]
    #[should_panic(
        expected = "adjoint: concatenate: array 1 has shape [2, 2], which does not fit array 0 of shape [3, 2] outside Axis(1)"
    )]
    fn misshapen_parts_name_the_operation() {
        let (a, b) = (Array2::<f64>::zeros((3, 2)), Array2::<f64>::zeros((2, 2)));
        let _ = concatenate(Axis(1), [part(&a), part(&b)]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: into_shape_with_order: cannot reshape an array of shape [2, 3] (6 elements) into shape [4] (4 elements)"
    )]
    fn a_reshape_to_another_size_names_the_operation() {
        let _ = into_shape_with_order(&Array2::<f64>::zeros((2, 3)), 4);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: broadcast: cannot broadcast an array of shape [3] to shape [2, 4]"
    )]
    fn an_impossible_broadcast_names_the_operation() {
        let _ = broadcast(&Array1::<f64>::zeros(3), (2, 4));
    }

    #[test]
    #[should_panic(
        expected = "adjoint: permuted_axes: `axes` [0, 0] is not a permutation of the 2 axes of the array"
    )]
    fn a_repeated_axis_names_the_operation() {
        let _ = permuted_axes(&Array2::<f64>::zeros((2, 3)), [0, 0]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: stack: array 1 has shape [3], which does not fit array 0 of shape [2]"
    )]
    fn stacking_different_shapes_names_the_operation() {
        let (a, b) = (Array1::<f64>::zeros(2), Array1::<f64>::zeros(3));
        let _ = stack(Axis(0), [part(&a), part(&b)]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: concatenate_jvp: the tangent of array 0: expected shape [2], found [3]"
    )]
    fn a_misshapen_tangent_names_the_operand() {
        let (a, b) = (Array1::<f64>::zeros(2), Array1::<f64>::zeros(3));
        let y = concatenate(Axis(0), [part(&a), part(&b)]);
        let _ = concatenate_jvp(Axis(0), [part(&a), part(&b)], &y, [Some(&b), None]);
    }
}
