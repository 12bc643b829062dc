//! Reducing an adjoint back to the shape of the operand it belongs to.
//!
//! When an operand was broadcast in the forward pass (`Array2 + &Array1` adds a bias to every
//! row), its adjoint is the sum of the output's adjoint over the broadcast axes.
//!
//! Also here: the shape checks of adjoints and tangents, which name the rule and the argument.

use ndarray::{Array, Array1, ArrayView2, Axis, Dimension, Ix2};

use crate::{Float, Params, workspace};

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
    if let Some(rows) = as_rows_of(g.view(), &target) {
        let sum = sum_rows(rows, F::one());
        workspace::recycle_array(g);
        return sum.into_dimensionality::<D>().expect("a 1-D target");
    }
    let mut g = g.into_dyn();
    assert!(
        g.ndim() >= target.ndim(),
        "adjoint: cannot reduce an adjoint of shape {:?} to shape {:?}",
        g.shape(),
        target.slice()
    );
    // Each partial sum goes back to the pool once the next is made from it.
    while g.ndim() > target.ndim() {
        let sum = workspace::sum_axis(&g, Axis(0));
        workspace::recycle_array(std::mem::replace(&mut g, sum));
    }
    for (k, &len) in target.slice().iter().enumerate() {
        if len == 1 && g.shape()[k] != 1 {
            let sum = workspace::sum_axis(&g, Axis(k)).insert_axis(Axis(k));
            workspace::recycle_array(std::mem::replace(&mut g, sum));
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

/// **Panics** unless the tangent of `argument`, an argument of the forward-mode rule
/// `function`, has the argument's shape: the check of every `NAME_jvp` that forward-mode code
/// calls. Allocates nothing unless it panics.
///
/// ```should_panic
/// use adjoint_runtime::broadcast::assert_tangent_shape;
/// // panics: "adjoint: dense_jvp: the tangent of `x` has shape [3, 2] but `x` has shape [2, 2]"
/// assert_tangent_shape("dense_jvp", "x", &[2, 2], &[3, 2]);
/// ```
#[track_caller]
pub fn assert_tangent_shape(function: &str, argument: &str, primal: &[usize], tangent: &[usize]) {
    if primal != tangent {
        misshapen_tangent(function, argument, primal, tangent);
    }
}

/// [`assert_tangent_shape`] for a float or an array of any type (any [`Params`] of one leaf, a
/// float's shape being `[]`), `like` having the argument's shape.
///
/// ```
/// use adjoint_runtime::broadcast::assert_tangent_shaped_like;
/// use ndarray::array;
/// assert_tangent_shaped_like("relu_jvp", "a", &array![1.0, 2.0], &array![0.5, 0.0]);
/// assert_tangent_shaped_like("relu_jvp", "a", &1.0, &0.5);
/// ```
///
/// **Panics** as [`assert_tangent_shape`] does.
#[track_caller]
pub fn assert_tangent_shaped_like<P: Params, T: Params>(
    function: &str,
    argument: &str,
    like: &P,
    tangent: &T,
) {
    let mut same = true;
    like.visit("", &mut |_, like| {
        tangent.visit("", &mut |_, tangent| {
            same &= like.shape() == tangent.shape()
        });
    });
    if !same {
        let mut primal = Vec::new();
        like.visit("", &mut |_, leaf| primal.extend_from_slice(leaf.shape()));
        let mut found = Vec::new();
        tangent.visit("", &mut |_, leaf| found.extend_from_slice(leaf.shape()));
        misshapen_tangent(function, argument, &primal, &found);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn misshapen_tangent(function: &str, argument: &str, primal: &[usize], tangent: &[usize]) -> ! {
    panic!(
        "adjoint: {function}: the tangent of `{argument}` has shape {tangent:?} but \
         `{argument}` has shape {primal:?}"
    )
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
    if let Some(rows) = as_rows_of(g.view(), &target) {
        return sum_rows(rows, scale)
            .into_dimensionality::<D>()
            .expect("a 1-D target");
    }
    let mut reduced = if g.shape() == target.slice() {
        workspace::copy(&g)
            .into_dimensionality::<D>()
            .expect("same shape, same dimensionality")
    } else {
        // The first reduction reads the view and allocates only the smaller result.
        let g = g.into_dyn();
        let first = if g.ndim() > target.ndim() {
            workspace::sum_axis(&g, Axis(0))
        } else {
            match (0..g.ndim()).find(|&k| target.slice()[k] == 1 && g.shape()[k] != 1) {
                Some(k) => workspace::sum_axis(&g, Axis(k)).insert_axis(Axis(k)),
                None => workspace::copy(&g),
            }
        };
        unbroadcast(first, target)
    };
    if scale != F::one() {
        reduced.mapv_inplace(|v| v * scale);
    }
    reduced
}

/// `g` as a matrix, when it is the adjoint of a vector broadcast over its rows (a bias): the
/// common case, which [`sum_rows`] reduces without going through dynamic dimensions.
fn as_rows_of<'a, F, E: Dimension, D: Dimension>(
    g: ndarray::ArrayView<'a, F, E>,
    target: &D,
) -> Option<ArrayView2<'a, F>> {
    let g = g.into_dimensionality::<Ix2>().ok()?;
    (target.ndim() == 1 && target.slice()[0] == g.ncols() && g.nrows() != 1).then_some(g)
}

/// `scale · Σ_rows g`, over slices when `g` is row-major (a tight loop the compiler
/// vectorizes), row by row otherwise.
pub(crate) fn sum_rows<F: Float>(g: ArrayView2<'_, F>, scale: F) -> Array1<F> {
    let n = g.ncols();
    let mut sum: Array1<F> = workspace::zeros(n);
    match (g.as_slice(), sum.as_slice_mut()) {
        (Some(flat), Some(out)) if n > 0 => {
            for row in flat.chunks_exact(n) {
                out.iter_mut().zip(row).for_each(|(s, &v)| *s += v);
            }
        }
        _ => {
            for row in g.rows() {
                sum += &row;
            }
        }
    }
    if scale != F::one() {
        sum.mapv_inplace(|v| v * scale);
    }
    sum
}

/// Panics unless every array of a `Zip` has the shape of the first, as `Zip::and` does: the
/// check of a `Zip::from(&a).and(&b).map_collect(..)` that a differentiable function applies to
/// the whole arrays at once, where arrays of other shapes would broadcast instead.
///
/// ```
/// use adjoint_runtime::broadcast::assert_zip_shapes;
/// assert_zip_shapes(&[&[2, 3], &[2, 3]]);
/// assert!(std::panic::catch_unwind(|| assert_zip_shapes(&[&[2, 3], &[1, 3]])).is_err());
/// ```
#[track_caller]
pub fn assert_zip_shapes(shapes: &[&[usize]]) {
    let Some((first, rest)) = shapes.split_first() else {
        return;
    };
    for (k, shape) in rest.iter().enumerate() {
        assert!(
            shape == first,
            "adjoint: `Zip`: the array of `.and(..)` number {} has shape {shape:?}, unlike the first array's {first:?}: the arrays zipped must have one shape",
            k + 1
        );
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Ix1, Ix2, array};

    use super::*;

    /// A bias adjoint: the rows summed, then scaled, for a contiguous and a transposed matrix,
    /// against the dynamic-dimension reduction.
    #[test]
    fn bias_adjoints_sum_the_rows() {
        let g = array![[1.0_f64, 2.0, 3.0], [4.0, 5.0, 6.0]];
        assert_eq!(
            reduce_scaled(g.view(), Ix1(3), -2.0),
            array![-10.0, -14.0, -18.0]
        );
        assert_eq!(unbroadcast(g.clone(), Ix1(3)), array![5.0, 7.0, 9.0]);
        let t = g.t();
        assert_eq!(reduce_scaled(t, Ix1(2), 1.0), array![6.0, 15.0]);
        let dynamic = g.view().into_dyn().sum_axis(ndarray::Axis(0));
        assert_eq!(reduce_scaled(g.view(), Ix1(3), 1.0).into_dyn(), dynamic);
    }

    /// A one-row matrix, a column and a matrix with no rows take the general path.
    #[test]
    fn other_broadcasts_still_reduce() {
        let one_row = array![[1.0_f64, 2.0]];
        assert_eq!(reduce_scaled(one_row.view(), Ix1(2), 1.0), array![1.0, 2.0]);
        let g = array![[1.0_f64, 2.0], [3.0, 4.0]];
        assert_eq!(
            reduce_scaled(g.view(), Ix2(2, 1), 1.0),
            array![[3.0], [7.0]]
        );
        let empty = Array2::<f64>::zeros((0, 2));
        assert_eq!(reduce_scaled(empty.view(), Ix1(2), 1.0), array![0.0, 0.0]);
    }
}
