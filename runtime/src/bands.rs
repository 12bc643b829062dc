//! Element-wise passes over large arrays in bands of their first axis, side by side on the
//! threads of [`crate::threads`] (an optimizer's update, the sum of two gradients, zeroing a
//! gradient): each
//! element is computed as on one thread, so the bits do not depend on the thread count.

use ndarray::{ArrayView, ArrayViewMut, Axis, Dimension};

/// What a pass does to a band of its output beside the same band of its input.
type ZipBand<'f, A, B, D> = dyn Fn(ArrayViewMut<'_, A, D>, ArrayView<'_, B, D>) + Sync + 'f;

/// Calls `f` with `a` and `b` (shaped alike), or with bands of their rows, one per thread,
/// when they have at least
/// [`PARALLEL_MIN_ELEMENTS`](crate::threads::PARALLEL_MIN_ELEMENTS) elements.
///
/// **Panics** if the shapes differ, or if `f` panics.
#[track_caller]
pub(crate) fn zip_in_bands<A: Send, B: Sync, D: Dimension>(
    a: ArrayViewMut<'_, A, D>,
    b: ArrayView<'_, B, D>,
    f: &ZipBand<'_, A, B, D>,
) {
    assert!(
        a.shape() == b.shape(),
        "adjoint: element-wise pass over shapes {:?} and {:?}",
        a.shape(),
        b.shape()
    );
    let pieces = crate::threads::element_pieces(a.len());
    let rows = if a.ndim() == 0 { 1 } else { a.len_of(Axis(0)) };
    if pieces < 2 || rows < 2 {
        return f(a, b);
    }
    #[cfg(feature = "parallel")]
    {
        let (mut a, band) = (a, rows.div_ceil(pieces.min(rows)));
        let bands = a
            .axis_chunks_iter_mut(Axis(0), band)
            .zip(b.axis_chunks_iter(Axis(0), band));
        crate::team::for_each_item(bands, &|(a, b)| f(a, b));
    }
    #[cfg(not(feature = "parallel"))]
    f(a, b);
}

/// Calls `f` with `a`, or with bands of its rows, one per thread, as [`zip_in_bands`].
///
/// **Panics** if `f` panics.
pub(crate) fn in_bands<A: Send, D: Dimension>(
    a: ArrayViewMut<'_, A, D>,
    f: &(dyn Fn(ArrayViewMut<'_, A, D>) + Sync),
) {
    let unit = ndarray::arr0(());
    let Some(nothing) = unit.broadcast(a.raw_dim()) else {
        unreachable!("a 0-dimensional array broadcasts to any shape")
    };
    zip_in_bands(a, nothing, &|a, _| f(a));
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Zip};

    use super::zip_in_bands;
    use crate::threads::with_element_threshold;

    #[test]
    fn every_element_once_in_bands() {
        let mut a = Array2::<f64>::zeros((37, 5));
        let b = Array2::from_shape_fn((37, 5), |(i, j)| (i * 5 + j) as f64);
        for _ in 0..3 {
            with_element_threshold(0, || {
                zip_in_bands(a.view_mut(), b.view(), &|a, b| {
                    Zip::from(a).and(b).for_each(|a, &b| *a += b)
                })
            });
        }
        assert_eq!(a, &b * 3.0);
    }
}
