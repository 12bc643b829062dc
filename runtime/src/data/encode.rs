//! Encoding class labels as vectors.

use ndarray::{Array2, ArrayBase, Data, Ix1};

use crate::Float;

/// One row per label, with 1 in the label's column and 0 elsewhere.
///
/// **Panics** if a label is not below `n_classes`.
///
/// ```
/// use adjoint_runtime::data::one_hot;
/// use ndarray::array;
/// let y = one_hot::<f32, _>(&array![2, 0], 3);
/// assert_eq!(y, array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// ```
#[track_caller]
pub fn one_hot<F: Float, S: Data<Elem = usize>>(
    labels: &ArrayBase<S, Ix1>,
    n_classes: usize,
) -> Array2<F> {
    let mut out = Array2::zeros((labels.len(), n_classes));
    for (i, &k) in labels.iter().enumerate() {
        assert!(
            k < n_classes,
            "adjoint: label {k} (row {i}) is not below the number of classes, {n_classes}"
        );
        out[[i, k]] = F::one();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn each_row_sums_to_one_at_its_label() {
        let labels = array![1, 1, 0, 3];
        let y: Array2<f64> = one_hot(&labels.view(), 4);
        assert_eq!(y.sum_axis(ndarray::Axis(1)), array![1.0, 1.0, 1.0, 1.0]);
        assert_eq!(y[[3, 3]], 1.0);
        assert_eq!(y[[0, 0]], 0.0);
    }

    #[test]
    #[should_panic(expected = "label 3 (row 1) is not below the number of classes, 3")]
    fn a_label_out_of_range_panics() {
        let _: Array2<f32> = one_hot(&array![0, 3], 3);
    }
}
