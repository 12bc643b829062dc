//! Train/test splits: random, or stratified so that each class keeps its proportion.

use ndarray::{ArrayBase, Data, Ix1};
use rand::Rng;
use rand::seq::SliceRandom;

use super::Rows;

/// Splits the rows of `rows` at random into a training part and a test part of
/// `round(test_fraction · n)` rows. Each part keeps the rows in their original order; the same
/// seed gives the same split.
///
/// **Panics** if `test_fraction` is not within `0..=1`, or if a pair of arrays has different
/// numbers of rows.
///
/// ```
/// use adjoint_runtime::data::train_test_split;
/// use ndarray::{Array1, Array2};
/// use rand::{SeedableRng, rngs::StdRng};
///
/// let x = Array2::from_shape_fn((10, 1), |(i, _)| i as f64);
/// let y = x.column(0).mapv(|v| v * v);
/// let ((x_train, y_train), (x_test, y_test)) =
///     train_test_split((&x, &y), 0.3, &mut StdRng::seed_from_u64(0));
/// assert_eq!((x_train.nrows(), x_test.nrows()), (7, 3));
/// assert_eq!(y_test, x_test.column(0).mapv(|v| v * v));
/// ```
#[track_caller]
pub fn train_test_split<T: Rows, R: Rng + ?Sized>(
    rows: T,
    test_fraction: f64,
    rng: &mut R,
) -> (T::Owned, T::Owned) {
    let (train, test) = split_indices(rows.n_rows(), test_fraction, rng);
    (rows.select_rows(&train), rows.select_rows(&test))
}

/// Splits the rows of `rows` at random so that each class keeps its proportion:
/// `round(test_fraction · n_k)` of the `n_k` rows of class `k` go to the test part. Each part
/// keeps the rows in their original order; the same seed gives the same split.
///
/// **Panics** if `test_fraction` is not within `0..=1`, or if `labels` does not have one label
/// per row.
///
/// ```
/// use adjoint_runtime::data::stratified_split;
/// use ndarray::{array, Array2};
/// use rand::{SeedableRng, rngs::StdRng};
///
/// let x = Array2::<f32>::zeros((8, 2));
/// let y = array![0, 0, 0, 0, 0, 0, 1, 1];
/// let ((_, y_train), (_, y_test)) = stratified_split((&x, &y), &y, 0.5, &mut StdRng::seed_from_u64(1));
/// assert_eq!(y_train.iter().filter(|&&k| k == 1).count(), 1);
/// assert_eq!(y_test.iter().filter(|&&k| k == 1).count(), 1);
/// assert_eq!(y_test.len(), 4);
/// ```
#[track_caller]
pub fn stratified_split<T, S, R>(
    rows: T,
    labels: &ArrayBase<S, Ix1>,
    test_fraction: f64,
    rng: &mut R,
) -> (T::Owned, T::Owned)
where
    T: Rows,
    S: Data<Elem = usize>,
    R: Rng + ?Sized,
{
    let n = rows.n_rows();
    assert_eq!(
        labels.len(),
        n,
        "adjoint: {} labels cannot stratify {n} rows",
        labels.len()
    );
    let (train, test) = stratified_indices(labels, test_fraction, rng);
    (rows.select_rows(&train), rows.select_rows(&test))
}

#[track_caller]
fn check_fraction(test_fraction: f64) {
    assert!(
        (0.0..=1.0).contains(&test_fraction),
        "adjoint: the test fraction must be within 0..=1, not {test_fraction}"
    );
}

/// The number of the `n` rows that go to the test part.
fn test_count(n: usize, test_fraction: f64) -> usize {
    ((n as f64 * test_fraction).round() as usize).min(n)
}

/// The training and test row indices of a random split of `0..n`, each sorted.
#[track_caller]
pub(super) fn split_indices<R: Rng + ?Sized>(
    n: usize,
    test_fraction: f64,
    rng: &mut R,
) -> (Vec<usize>, Vec<usize>) {
    check_fraction(test_fraction);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut train = order.split_off(test_count(n, test_fraction));
    let mut test = order;
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

/// The training and test row indices of a split that keeps the proportion of each class,
/// each sorted.
#[track_caller]
pub(super) fn stratified_indices<S, R>(
    labels: &ArrayBase<S, Ix1>,
    test_fraction: f64,
    rng: &mut R,
) -> (Vec<usize>, Vec<usize>)
where
    S: Data<Elem = usize>,
    R: Rng + ?Sized,
{
    check_fraction(test_fraction);
    let n_classes = labels.iter().max().map_or(0, |&k| k + 1);
    let mut by_class = vec![Vec::new(); n_classes];
    for (i, &k) in labels.iter().enumerate() {
        by_class[k].push(i);
    }
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for mut rows in by_class {
        rows.shuffle(rng);
        let rest = rows.split_off(test_count(rows.len(), test_fraction));
        test.extend(rows);
        train.extend(rest);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn a_split_partitions_the_rows() {
        let (train, test) = split_indices(20, 0.25, &mut StdRng::seed_from_u64(3));
        assert_eq!((train.len(), test.len()), (15, 5));
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort();
        assert_eq!(all, (0..20).collect::<Vec<_>>());
        assert!(train.is_sorted() && test.is_sorted());
    }

    #[test]
    fn a_split_is_determined_by_the_seed() {
        let split = |seed| split_indices(100, 0.3, &mut StdRng::seed_from_u64(seed));
        assert_eq!(split(9), split(9));
        assert_ne!(split(9), split(10));
    }

    #[test]
    fn the_test_size_rounds_to_nearest() {
        assert_eq!(
            split_indices(10, 0.26, &mut StdRng::seed_from_u64(0))
                .1
                .len(),
            3
        );
        assert_eq!(
            split_indices(10, 0.0, &mut StdRng::seed_from_u64(0))
                .1
                .len(),
            0
        );
        assert_eq!(
            split_indices(10, 1.0, &mut StdRng::seed_from_u64(0))
                .0
                .len(),
            0
        );
    }

    #[test]
    fn a_stratified_split_keeps_each_class_proportion() {
        // 30 of class 0, 60 of class 1, 10 of class 2, interleaved
        let labels = Array1::from_iter((0..100).map(|i| match i % 10 {
            0..=2 => 0,
            3..=8 => 1,
            _ => 2,
        }));
        let (train, test) = stratified_indices(&labels, 0.2, &mut StdRng::seed_from_u64(4));
        let count = |rows: &[usize], k| rows.iter().filter(|&&i| labels[i] == k).count();
        assert_eq!(
            [count(&test, 0), count(&test, 1), count(&test, 2)],
            [6, 12, 2]
        );
        assert_eq!(
            [count(&train, 0), count(&train, 1), count(&train, 2)],
            [24, 48, 8]
        );
        assert!(train.is_sorted() && test.is_sorted());
    }

    #[test]
    fn a_stratified_split_skips_absent_classes() {
        let labels = array![2, 2, 2, 2];
        let (train, test) = stratified_indices(&labels, 0.5, &mut StdRng::seed_from_u64(0));
        assert_eq!((train.len(), test.len()), (2, 2));
    }

    #[test]
    fn generic_splits_keep_features_with_their_targets() {
        let x = Array1::from_iter(0..40).mapv(f64::from);
        let y = x.mapv(|v| -v);
        let ((x_train, y_train), (x_test, y_test)) =
            train_test_split((&x, &y), 0.5, &mut StdRng::seed_from_u64(2));
        assert_eq!(y_train, -&x_train);
        assert_eq!(y_test, -&x_test);
    }

    #[test]
    #[should_panic(expected = "the test fraction must be within 0..=1, not 1.5")]
    fn a_fraction_above_one_panics() {
        let _ = split_indices(10, 1.5, &mut StdRng::seed_from_u64(0));
    }

    #[test]
    #[should_panic(expected = "3 labels cannot stratify 4 rows")]
    fn a_label_count_that_differs_from_the_rows_panics() {
        let x = array![1.0, 2.0, 3.0, 4.0];
        let _ = stratified_split(&x, &array![0, 1, 0], 0.5, &mut StdRng::seed_from_u64(0));
    }
}
