//! Minibatches: consecutive slices of rows, or rows in a seeded random order.

use std::ops::Range;

use ndarray::{Array, ArrayBase, ArrayView, Axis, Data, RemoveAxis, Slice};
use rand::Rng;
use rand::seq::SliceRandom;

/// Arrays whose rows (their first axis) can be sliced and gathered together: a reference to an
/// array of any dimension, or a pair of them with the same number of rows (features with their
/// labels or targets).
///
/// ```
/// use adjoint_runtime::data::Rows;
/// use ndarray::array;
///
/// let x = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let y = array![10.0, 20.0, 30.0];
/// assert_eq!((&x, &y).n_rows(), 3);
/// let (xs, ys) = (&x, &y).select_rows(&[2, 0]);
/// assert_eq!(xs, array![[5.0, 6.0], [1.0, 2.0]]);
/// assert_eq!(ys, array![30.0, 10.0]);
/// ```
pub trait Rows: Copy {
    /// A view of some consecutive rows.
    type View;
    /// A copy of some rows.
    type Owned;

    /// The number of rows.
    ///
    /// **Panics** if the arrays of a pair have different numbers of rows.
    fn n_rows(self) -> usize;

    /// A view of the rows in `range`.
    ///
    /// **Panics** if the range is out of bounds.
    fn slice_rows(self, range: Range<usize>) -> Self::View;

    /// A copy of the rows at `indices`, in that order.
    ///
    /// **Panics** if an index is out of bounds.
    fn select_rows(self, indices: &[usize]) -> Self::Owned;
}

impl<'a, A, S, D> Rows for &'a ArrayBase<S, D>
where
    A: Clone + 'a,
    S: Data<Elem = A>,
    D: RemoveAxis,
{
    type View = ArrayView<'a, A, D>;
    type Owned = Array<A, D>;

    #[track_caller]
    fn n_rows(self) -> usize {
        assert!(
            self.ndim() > 0,
            "adjoint: a 0-dimensional array has no rows"
        );
        self.len_of(Axis(0))
    }

    #[track_caller]
    fn slice_rows(self, range: Range<usize>) -> Self::View {
        self.slice_axis(Axis(0), Slice::from(range))
    }

    #[track_caller]
    fn select_rows(self, indices: &[usize]) -> Self::Owned {
        self.select(Axis(0), indices)
    }
}

impl<X: Rows, Y: Rows> Rows for (X, Y) {
    type View = (X::View, Y::View);
    type Owned = (X::Owned, Y::Owned);

    #[track_caller]
    fn n_rows(self) -> usize {
        let (n, m) = (self.0.n_rows(), self.1.n_rows());
        assert_eq!(
            n, m,
            "adjoint: cannot pair the rows of arrays of {n} and {m} rows"
        );
        n
    }

    #[track_caller]
    fn slice_rows(self, range: Range<usize>) -> Self::View {
        (self.0.slice_rows(range.clone()), self.1.slice_rows(range))
    }

    #[track_caller]
    fn select_rows(self, indices: &[usize]) -> Self::Owned {
        (self.0.select_rows(indices), self.1.select_rows(indices))
    }
}

/// Minibatches of `batch_size` consecutive rows of `rows`, as views; the last batch holds the
/// remaining rows unless [`Batches::drop_last`] drops it. [`Batches::shuffle`] turns them into
/// batches of rows in a random order, as copies.
///
/// **Panics** if `batch_size` is zero, or if a pair of arrays has different numbers of rows.
///
/// ```
/// use adjoint_runtime::data::batches;
/// use ndarray::{array, Array1};
///
/// let x = array![[0.0], [1.0], [2.0], [3.0], [4.0]];
/// let y = array![0, 1, 0, 1, 0];
/// let labels: Vec<Array1<usize>> = batches((&x, &y), 2).map(|(_, y)| y.to_owned()).collect();
/// assert_eq!(labels, [array![0, 1], array![0, 1], array![0]]);
/// ```
#[track_caller]
pub fn batches<T: Rows>(rows: T, batch_size: usize) -> Batches<T> {
    assert!(batch_size > 0, "adjoint: the batch size must be positive");
    Batches {
        n_rows: rows.n_rows(),
        rows,
        batch_size,
        drop_last: false,
        next: 0,
    }
}

/// An iterator over minibatches of consecutive rows, as views; made by [`batches`].
///
/// ```
/// use adjoint_runtime::data::batches;
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0]];
/// let mut it = batches(&x, 2);
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next().unwrap(), array![[0.0], [1.0]]);
/// ```
#[derive(Clone, Debug)]
pub struct Batches<T> {
    rows: T,
    n_rows: usize,
    batch_size: usize,
    drop_last: bool,
    next: usize,
}

/// # Options
impl<T: Rows> Batches<T> {
    /// Drops the last batch when it is smaller than the batch size.
    ///
    /// ```
    /// use adjoint_runtime::data::batches;
    /// use ndarray::Array2;
    /// let x = Array2::<f32>::zeros((10, 3));
    /// assert_eq!(batches(&x, 4).len(), 3);
    /// assert_eq!(batches(&x, 4).drop_last().len(), 2);
    /// ```
    pub fn drop_last(mut self) -> Self {
        self.drop_last = true;
        self
    }

    /// The same batches' rows in an order drawn from `rng`: each batch is a copy of
    /// `batch_size` rows, and every row appears once per pass. The same seed gives the same
    /// order; drawing again from the same generator gives the next epoch a new order.
    ///
    /// ```
    /// use adjoint_runtime::data::batches;
    /// use ndarray::Array1;
    /// use rand::{SeedableRng, rngs::StdRng};
    ///
    /// let x = Array1::from_iter(0..10);
    /// let order = |seed| -> Vec<usize> {
    ///     let mut rng = StdRng::seed_from_u64(seed);
    ///     batches(&x, 3).shuffle(&mut rng).flatten().collect()
    /// };
    /// assert_eq!(order(1), order(1));
    /// assert_ne!(order(1), order(2));
    /// let mut sorted = order(1);
    /// sorted.sort();
    /// assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    /// ```
    pub fn shuffle<R: Rng + ?Sized>(self, rng: &mut R) -> ShuffledBatches<T> {
        let mut order: Vec<usize> = (0..self.n_rows).collect();
        order.shuffle(rng);
        ShuffledBatches {
            rows: self.rows,
            order,
            batch_size: self.batch_size,
            drop_last: self.drop_last,
            next: 0,
        }
    }
}

/// The range of rows of the batch starting at `start`, or `None` once the rows are used up.
fn batch_range(
    start: usize,
    n_rows: usize,
    batch_size: usize,
    drop_last: bool,
) -> Option<Range<usize>> {
    if start >= n_rows {
        return None;
    }
    let end = n_rows.min(start + batch_size);
    (!drop_last || end - start == batch_size).then_some(start..end)
}

/// The number of batches still to come from row `start`.
fn batches_left(start: usize, n_rows: usize, batch_size: usize, drop_last: bool) -> usize {
    let rows = n_rows.saturating_sub(start);
    if drop_last {
        rows / batch_size
    } else {
        rows.div_ceil(batch_size)
    }
}

impl<T: Rows> Iterator for Batches<T> {
    type Item = T::View;

    fn next(&mut self) -> Option<T::View> {
        let range = batch_range(self.next, self.n_rows, self.batch_size, self.drop_last)?;
        self.next = range.end;
        Some(self.rows.slice_rows(range))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = batches_left(self.next, self.n_rows, self.batch_size, self.drop_last);
        (n, Some(n))
    }
}

impl<T: Rows> ExactSizeIterator for Batches<T> {}

/// An iterator over minibatches of rows in a random order, as copies; made by
/// [`Batches::shuffle`].
///
/// ```
/// use adjoint_runtime::data::batches;
/// use ndarray::Array2;
/// use rand::{SeedableRng, rngs::StdRng};
/// let x = Array2::<f64>::zeros((7, 2));
/// let shuffled = batches(&x, 3).shuffle(&mut StdRng::seed_from_u64(0));
/// assert_eq!(shuffled.order().len(), 7);
/// assert_eq!(shuffled.map(|b| b.nrows()).collect::<Vec<_>>(), [3, 3, 1]);
/// ```
#[derive(Clone, Debug)]
pub struct ShuffledBatches<T> {
    rows: T,
    order: Vec<usize>,
    batch_size: usize,
    drop_last: bool,
    next: usize,
}

/// # Order
impl<T> ShuffledBatches<T> {
    /// The row indices in the order the batches take them.
    ///
    /// ```
    /// use adjoint_runtime::data::batches;
    /// use ndarray::array;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let x = array![5, 6, 7];
    /// let shuffled = batches(&x, 2).shuffle(&mut StdRng::seed_from_u64(3));
    /// let order = shuffled.order().to_vec();
    /// let rows: Vec<i32> = shuffled.flatten().collect();
    /// assert_eq!(rows, order.iter().map(|&i| x[i]).collect::<Vec<_>>());
    /// ```
    pub fn order(&self) -> &[usize] {
        &self.order
    }
}

impl<T: Rows> Iterator for ShuffledBatches<T> {
    type Item = T::Owned;

    fn next(&mut self) -> Option<T::Owned> {
        let range = batch_range(self.next, self.order.len(), self.batch_size, self.drop_last)?;
        self.next = range.end;
        Some(self.rows.select_rows(&self.order[range]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = batches_left(self.next, self.order.len(), self.batch_size, self.drop_last);
        (n, Some(n))
    }
}

impl<T: Rows> ExactSizeIterator for ShuffledBatches<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, array};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn consecutive_batches_cover_every_row_once() {
        let x = Array2::from_shape_fn((10, 2), |(i, j)| (i * 2 + j) as f64);
        let y = Array1::from_iter(0..10_usize);
        let got: Vec<(usize, Vec<usize>)> = batches((&x, &y), 4)
            .map(|(x, y)| (x.nrows(), y.to_vec()))
            .collect();
        assert_eq!(
            got,
            [
                (4, vec![0, 1, 2, 3]),
                (4, vec![4, 5, 6, 7]),
                (2, vec![8, 9])
            ]
        );
    }

    #[test]
    fn drop_last_drops_only_a_short_batch() {
        let x = Array1::from_iter(0..8);
        assert_eq!(batches(&x, 4).drop_last().count(), 2);
        assert_eq!(batches(&x, 3).drop_last().count(), 2);
        assert_eq!(batches(&x, 9).drop_last().count(), 0);
        assert_eq!(batches(&x, 9).count(), 1);
    }

    #[test]
    fn size_hint_counts_the_batches_left() {
        let x = Array1::from_iter(0..10);
        let mut it = batches(&x, 3);
        assert_eq!(it.len(), 4);
        it.next();
        assert_eq!(it.len(), 3);
        let mut it = batches(&x, 3)
            .drop_last()
            .shuffle(&mut StdRng::seed_from_u64(0));
        assert_eq!(it.len(), 3);
        it.next();
        assert_eq!(it.len(), 2);
        assert_eq!(it.count(), 2);
    }

    #[test]
    fn an_empty_array_has_no_batches() {
        let x = Array2::<f32>::zeros((0, 3));
        assert_eq!(batches(&x, 4).count(), 0);
        assert_eq!(
            batches(&x, 4)
                .shuffle(&mut StdRng::seed_from_u64(0))
                .count(),
            0
        );
    }

    #[test]
    fn shuffled_batches_keep_rows_with_their_labels() {
        let x = Array2::from_shape_fn((50, 3), |(i, j)| (10 * i + j) as f32);
        let y = Array1::from_iter(0..50_usize);
        let mut rng = StdRng::seed_from_u64(42);
        let mut seen = Vec::new();
        for (xb, yb) in batches((&x, &y), 8).shuffle(&mut rng) {
            for (row, &label) in xb.rows().into_iter().zip(&yb) {
                assert_eq!(row, x.row(label));
                seen.push(label);
            }
        }
        assert_ne!(seen, (0..50).collect::<Vec<_>>(), "the order is shuffled");
        seen.sort();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn shuffling_is_determined_by_the_seed_and_changes_between_epochs() {
        let y = Array1::from_iter(0..100_usize);
        let epochs = |seed| -> Vec<Vec<usize>> {
            let mut rng = StdRng::seed_from_u64(seed);
            (0..3)
                .map(|_| {
                    batches(&y, 10)
                        .shuffle(&mut rng)
                        .flat_map(|b| b.to_vec())
                        .collect()
                })
                .collect()
        };
        let (a, b) = (epochs(5), epochs(5));
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
        assert_ne!(a[0], epochs(6)[0]);
    }

    #[test]
    fn a_three_dimensional_array_is_batched_on_its_first_axis() {
        let images = Array::from_shape_fn((5, 2, 2), |(i, _, _)| i as u8);
        let shapes: Vec<Vec<usize>> = batches(&images, 2).map(|b| b.shape().to_vec()).collect();
        assert_eq!(shapes, [vec![2, 2, 2], vec![2, 2, 2], vec![1, 2, 2]]);
    }

    #[test]
    #[should_panic(expected = "cannot pair the rows of arrays of 3 and 2 rows")]
    fn pairs_of_different_lengths_panic() {
        let _ = batches((&array![1, 2, 3], &array![1, 2]), 2);
    }

    #[test]
    #[should_panic(expected = "the batch size must be positive")]
    fn a_zero_batch_size_panics() {
        let _ = batches(&array![1, 2, 3], 0);
    }
}
