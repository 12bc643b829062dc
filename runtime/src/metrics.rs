//! Classification metrics: accuracy, the confusion matrix, and per-class precision and recall.
//!
//! Every function takes the true labels first and the predicted labels second, as
//! scikit-learn does.
//!
//! ```
//! use adjoint_runtime::metrics::{ConfusionMatrix, accuracy, argmax_rows};
//! use ndarray::array;
//!
//! let scores = array![[2.0, 0.1, 0.3], [0.2, 0.1, 0.9], [0.1, 3.0, 0.2], [0.7, 0.1, 0.2]];
//! let predicted = argmax_rows(&scores);
//! let labels = array![0, 2, 1, 1];
//! assert_eq!(accuracy(&labels, &predicted), 0.75);
//!
//! let matrix = ConfusionMatrix::new(&labels, &predicted, 3);
//! assert_eq!(matrix.recall().to_vec(), [1.0, 0.5, 1.0]);
//! ```

use std::fmt;

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};

use crate::Float;

/// The fraction of predictions equal to the true label.
///
/// **Panics** if the arrays have different lengths or are empty.
///
/// ```
/// use adjoint_runtime::metrics::accuracy;
/// use ndarray::array;
/// assert_eq!(accuracy(&array![0, 1, 2, 2], &array![0, 1, 1, 2]), 0.75);
/// ```
#[track_caller]
pub fn accuracy<S, T>(labels: &ArrayBase<S, Ix1>, predicted: &ArrayBase<T, Ix1>) -> f64
where
    S: Data<Elem = usize>,
    T: Data<Elem = usize>,
{
    check_lengths(labels.len(), predicted.len());
    let correct = labels.iter().zip(predicted).filter(|(a, b)| a == b).count();
    correct as f64 / labels.len() as f64
}

/// The column of the largest score in each row: the predicted class of each sample, from
/// logits or probabilities. A tie goes to the first column; NaN scores are never chosen.
///
/// **Panics** if `scores` has no columns.
///
/// ```
/// use adjoint_runtime::metrics::argmax_rows;
/// use ndarray::array;
/// assert_eq!(argmax_rows(&array![[0.1_f32, 0.7, 0.2], [5.0, -1.0, 5.0]]), array![1, 0]);
/// ```
#[track_caller]
pub fn argmax_rows<F: Float, S: Data<Elem = F>>(scores: &ArrayBase<S, Ix2>) -> Array1<usize> {
    assert!(
        scores.ncols() > 0,
        "adjoint: cannot choose a class among no columns"
    );
    scores.map_axis(Axis(1), |row| {
        let mut best = 0;
        for (j, &s) in row.iter().enumerate() {
            if s > row[best] || row[best].is_nan() {
                best = j;
            }
        }
        best
    })
}

#[track_caller]
fn check_lengths(n: usize, m: usize) {
    assert_eq!(
        n, m,
        "adjoint: {n} true labels cannot be compared with {m} predictions"
    );
    assert!(n > 0, "adjoint: there are no predictions to score");
}

/// How often each true class was predicted as each class: `counts()[[t, p]]` samples of
/// class `t` were predicted as `p`. Its `Display` is an aligned table with the recall of each
/// class, the precision of each prediction, and the accuracy.
///
/// ```
/// use adjoint_runtime::metrics::ConfusionMatrix;
/// use ndarray::array;
///
/// let labels = array![0, 0, 1, 1, 1, 2];
/// let predicted = array![0, 1, 1, 1, 2, 2];
/// let m = ConfusionMatrix::new(&labels, &predicted, 3).with_class_names(["cat", "dog", "owl"]);
/// assert_eq!(m.counts(), array![[1, 1, 0], [0, 2, 1], [0, 0, 1]]);
/// assert_eq!(m.to_string(), "\
/// true \\ predicted    cat    dog    owl  recall
/// cat                   1      1      0   0.500
/// dog                   0      2      1   0.667
/// owl                   0      0      1   1.000
/// precision         1.000  0.667  0.500
/// accuracy 0.667 (4 of 6)
/// ");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix {
    counts: Array2<usize>,
    class_names: Vec<String>,
}

/// # Constructors
impl ConfusionMatrix {
    /// Counts the pairs of true and predicted labels of `n_classes` classes, named by their
    /// numbers.
    ///
    /// **Panics** if the arrays have different lengths, or a label is not below `n_classes`.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// let m = ConfusionMatrix::new(&array![1, 1], &array![1, 0], 2);
    /// assert_eq!(m.counts(), array![[0, 0], [1, 1]]);
    /// ```
    #[track_caller]
    pub fn new<S, T>(
        labels: &ArrayBase<S, Ix1>,
        predicted: &ArrayBase<T, Ix1>,
        n_classes: usize,
    ) -> Self
    where
        S: Data<Elem = usize>,
        T: Data<Elem = usize>,
    {
        assert_eq!(
            labels.len(),
            predicted.len(),
            "adjoint: {} true labels cannot be compared with {} predictions",
            labels.len(),
            predicted.len()
        );
        let mut counts = Array2::zeros((n_classes, n_classes));
        for (&t, &p) in labels.iter().zip(predicted) {
            assert!(
                t < n_classes && p < n_classes,
                "adjoint: the label pair ({t}, {p}) is not below the number of classes, {n_classes}"
            );
            counts[[t, p]] += 1;
        }
        Self {
            counts,
            class_names: (0..n_classes).map(|k| k.to_string()).collect(),
        }
    }

    /// Names the classes in the table: `names[k]` names class `k`.
    ///
    /// **Panics** if there is not one name per class.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// let m = ConfusionMatrix::new(&array![0], &array![0], 2).with_class_names(["no", "yes"]);
    /// assert!(m.to_string().contains("yes"));
    /// ```
    #[track_caller]
    pub fn with_class_names<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        names: I,
    ) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        assert_eq!(
            names.len(),
            self.n_classes(),
            "adjoint: {} class names given for {} classes",
            names.len(),
            self.n_classes()
        );
        self.class_names = names;
        self
    }
}

/// # Counts and scores
impl ConfusionMatrix {
    /// The counts: rows are true classes, columns predicted classes.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// let m = ConfusionMatrix::new(&array![0, 1], &array![1, 1], 2);
    /// assert_eq!(m.counts()[[0, 1]], 1);
    /// ```
    pub fn counts(&self) -> &Array2<usize> {
        &self.counts
    }

    /// The number of classes.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// assert_eq!(ConfusionMatrix::new(&array![0], &array![0], 4).n_classes(), 4);
    /// ```
    pub fn n_classes(&self) -> usize {
        self.counts.nrows()
    }

    /// The number of samples counted.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// assert_eq!(ConfusionMatrix::new(&array![0, 1, 1], &array![0, 0, 1], 2).total(), 3);
    /// ```
    pub fn total(&self) -> usize {
        self.counts.sum()
    }

    /// The number of correct predictions (the diagonal).
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// assert_eq!(ConfusionMatrix::new(&array![0, 1, 1], &array![0, 0, 1], 2).correct(), 2);
    /// ```
    pub fn correct(&self) -> usize {
        self.counts.diag().sum()
    }

    /// The fraction of correct predictions; 0 when nothing was counted.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// assert_eq!(ConfusionMatrix::new(&array![0, 1, 1, 1], &array![0, 0, 1, 1], 2).accuracy(), 0.75);
    /// ```
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct(), self.total())
    }

    /// For each class `k`, the fraction of the samples predicted as `k` that are of class `k`;
    /// 0 for a class never predicted.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// // two predicted 0, one of them right; none predicted 1
    /// let m = ConfusionMatrix::new(&array![0, 1], &array![0, 0], 2);
    /// assert_eq!(m.precision(), array![0.5, 0.0]);
    /// ```
    pub fn precision(&self) -> Array1<f64> {
        let predicted = self.counts.sum_axis(Axis(0));
        Array1::from_shape_fn(self.n_classes(), |k| {
            ratio(self.counts[[k, k]], predicted[k])
        })
    }

    /// For each class `k`, the fraction of the samples of class `k` predicted as `k`; 0 for a
    /// class with no samples.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// let m = ConfusionMatrix::new(&array![0, 0, 1], &array![0, 1, 1], 3);
    /// assert_eq!(m.recall(), array![0.5, 1.0, 0.0]);
    /// ```
    pub fn recall(&self) -> Array1<f64> {
        let actual = self.counts.sum_axis(Axis(1));
        Array1::from_shape_fn(self.n_classes(), |k| ratio(self.counts[[k, k]], actual[k]))
    }

    /// For each class, the harmonic mean of its precision and recall; 0 when both are 0.
    ///
    /// ```
    /// use adjoint_runtime::metrics::ConfusionMatrix;
    /// use ndarray::array;
    /// // class 0: precision 1/2, recall 1
    /// let m = ConfusionMatrix::new(&array![0, 1], &array![0, 0], 2);
    /// assert_eq!(m.f1()[0], 2.0 / 3.0);
    /// ```
    pub fn f1(&self) -> Array1<f64> {
        let (p, r) = (self.precision(), self.recall());
        ndarray::Zip::from(&p).and(&r).map_collect(|&p, &r| {
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        })
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for ConfusionMatrix {
    /// An aligned table: true classes down, predicted classes across, recall on the right,
    /// precision below, then the accuracy.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CORNER: &str = "true \\ predicted";
        let (precision, recall) = (self.precision(), self.recall());
        let name_width = self
            .class_names
            .iter()
            .map(|n| n.chars().count())
            .chain([CORNER.len(), "precision".len()])
            .max()
            .unwrap_or(0);
        let count_width = self
            .counts
            .iter()
            .map(|c| c.to_string().len())
            .max()
            .unwrap_or(1);
        let widths: Vec<usize> = self
            .class_names
            .iter()
            .map(|n| n.chars().count().max(count_width).max("0.000".len()))
            .collect();

        write!(f, "{CORNER:<name_width$}")?;
        for (name, w) in self.class_names.iter().zip(&widths) {
            write!(f, "  {name:>w$}")?;
        }
        writeln!(f, "  recall")?;
        for (t, name) in self.class_names.iter().enumerate() {
            write!(f, "{name:<name_width$}")?;
            for (count, w) in self.counts.row(t).iter().zip(&widths) {
                write!(f, "  {count:>w$}")?;
            }
            writeln!(f, "  {:>6.3}", recall[t])?;
        }
        write!(f, "{:<name_width$}", "precision")?;
        for (p, w) in precision.iter().zip(&widths) {
            write!(f, "  {p:>w$.3}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "accuracy {:.3} ({} of {})",
            self.accuracy(),
            self.correct(),
            self.total()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn accuracy_counts_equal_pairs() {
        assert_eq!(accuracy(&array![1, 2, 3], &array![1, 2, 3]), 1.0);
        assert_eq!(
            accuracy(&array![1, 2, 3, 4], &array![0, 2, 0, 4].view()),
            0.5
        );
    }

    #[test]
    #[should_panic(expected = "3 true labels cannot be compared with 2 predictions")]
    fn accuracy_of_different_lengths_panics() {
        let _ = accuracy(&array![1, 2, 3], &array![1, 2]);
    }

    #[test]
    #[should_panic(expected = "there are no predictions to score")]
    fn accuracy_of_nothing_panics() {
        let _ = accuracy(&Array1::<usize>::zeros(0), &Array1::zeros(0));
    }

    #[test]
    fn argmax_takes_the_first_of_ties_and_skips_nan() {
        let scores = array![[1.0, 1.0, 0.0], [f64::NAN, 0.0, 2.0], [-1.0, -3.0, -2.0]];
        assert_eq!(argmax_rows(&scores), array![0, 2, 0]);
    }

    #[test]
    fn precision_and_recall_match_hand_counts() {
        // true:  0 0 0 1 1 2 2 2 2
        // pred:  0 0 1 1 2 2 2 2 0
        let labels = array![0, 0, 0, 1, 1, 2, 2, 2, 2];
        let predicted = array![0, 0, 1, 1, 2, 2, 2, 2, 0];
        let m = ConfusionMatrix::new(&labels, &predicted, 3);
        assert_eq!(m.counts(), array![[2, 1, 0], [0, 1, 1], [1, 0, 3]]);
        // precision: column k's diagonal over column k's sum
        assert_eq!(m.precision(), array![2.0 / 3.0, 1.0 / 2.0, 3.0 / 4.0]);
        // recall: row k's diagonal over row k's sum
        assert_eq!(m.recall(), array![2.0 / 3.0, 1.0 / 2.0, 3.0 / 4.0]);
        assert_eq!(m.accuracy(), 6.0 / 9.0);
        assert_eq!(m.accuracy(), accuracy(&labels, &predicted));
    }

    #[test]
    fn the_table_is_aligned_for_wide_counts_and_long_names() {
        let labels = Array1::from_iter((0..1200).map(|i| usize::from(i % 3 == 0)));
        let predicted = Array1::zeros(1200);
        let m = ConfusionMatrix::new(&labels, &predicted, 2)
            .with_class_names(["negative example", "y"]);
        let table = m.to_string();
        assert_eq!(
            table,
            "\
true \\ predicted  negative example      y  recall
negative example               800      0   1.000
y                              400      0   0.000
precision                    0.667  0.000
accuracy 0.667 (800 of 1200)
"
        );
    }

    #[test]
    #[should_panic(expected = "the label pair (0, 3) is not below the number of classes, 3")]
    fn a_label_out_of_range_panics() {
        let _ = ConfusionMatrix::new(&array![0], &array![3], 3);
    }
}
