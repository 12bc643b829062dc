//! Reducing an adjoint back to the shape of the operand it belongs to.
//!
//! When an operand was broadcast in the forward pass (`Array2 + &Array1` adds a bias to every
//! row), its adjoint is the sum of the output's adjoint over the broadcast axes.

use ndarray::{Array, Axis, Dimension};

use crate::Float;

/// Sums `g` over the axes along which an operand of shape `target` was broadcast to `g`'s shape.
///
/// ```
/// use adjoint_runtime::broadcast::unbroadcast;
/// use ndarray::{array, Ix1};
/// let g = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(unbroadcast(g, Ix1(2)), array![4.0, 6.0]);
/// ```
///
/// **Panics** if `target` cannot be broadcast to `g`'s shape.
#[track_caller]
pub fn unbroadcast<F: Float, E: Dimension, D: Dimension>(g: Array<F, E>, target: D) -> Array<F, D> {
    if g.shape() == target.slice() {
        return g
            .into_dimensionality::<D>()
            .expect("same shape, same dimensionality");
    }
    let mut g = g.into_dyn();
    assert!(
        g.ndim() >= target.ndim(),
        "adjoint: cannot reduce an adjoint of shape {:?} to shape {:?}",
        g.shape(),
        target.slice()
    );
    while g.ndim() > target.ndim() {
        g = g.sum_axis(Axis(0));
    }
    for (k, &len) in target.slice().iter().enumerate() {
        if len == 1 && g.shape()[k] != 1 {
            g = g.sum_axis(Axis(k)).insert_axis(Axis(k));
        }
    }
    assert_eq!(
        g.shape(),
        target.slice(),
        "adjoint: an adjoint of shape {:?} does not reduce to shape {:?}",
        g.shape(),
        target.slice()
    );
    g.into_dimensionality::<D>()
        .expect("same shape, same dimensionality")
}

/// **Panics** with a message naming `what` if two shapes differ.
#[track_caller]
pub fn assert_same_shape(what: &str, expected: &[usize], found: &[usize]) {
    assert!(
        expected == found,
        "adjoint: {what}: expected shape {expected:?}, found {found:?}"
    );
}

/// [`unbroadcast`] of a borrowed adjoint, multiplied by `scale`: what the adjoint of an operand
/// of `+` or `-` is. The full-size adjoint is never copied when the operand was broadcast.
///
/// ```
/// use adjoint_runtime::broadcast::reduce_scaled;
/// use ndarray::{array, Ix1};
/// let g = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(reduce_scaled(g.view(), Ix1(2), -1.0), array![-4.0, -6.0]);
/// ```
///
/// **Panics** if `target` cannot be broadcast to `g`'s shape.
#[track_caller]
pub fn reduce_scaled<F: Float, E: Dimension, D: Dimension>(
    g: ndarray::ArrayView<'_, F, E>,
    target: D,
    scale: F,
) -> Array<F, D> {
    let mut reduced = if g.shape() == target.slice() {
        g.to_owned()
            .into_dimensionality::<D>()
            .expect("same shape, same dimensionality")
    } else {
        // The first reduction reads the view and allocates only the smaller result.
        let g = g.into_dyn();
        let first = if g.ndim() > target.ndim() {
            g.sum_axis(Axis(0))
        } else {
            match (0..g.ndim()).find(|&k| target.slice()[k] == 1 && g.shape()[k] != 1) {
                Some(k) => g.sum_axis(Axis(k)).insert_axis(Axis(k)),
                None => g.to_owned(),
            }
        };
        unbroadcast(first, target)
    };
    if scale != F::one() {
        reduced.mapv_inplace(|v| v * scale);
    }
    reduced
}
