//! Data for training: datasets, minibatches, splits, scaling, one-hot labels and CSV files.
//!
//! A [`Dataset`] holds a feature matrix (one row per sample) and a class label per row. Two
//! real datasets ship inside the crate and load with one call, with no download:
//! [`iris`] (150 × 4, 3 classes) and [`digits`] (1797 images of 8 × 8, 10 classes).
//!
//! Shuffling and splitting draw from any `rand::Rng`, such as the seeded
//! [`init::rng`](crate::init::rng) that also initializes the weights, so a whole run is
//! reproducible from one seed.
//!
//! ```
//! use adjoint_runtime::data::{self, Dataset, Standardizer};
//! use adjoint_runtime::init;
//!
//! let mut rng = init::rng(0);
//! let iris: Dataset<f32> = data::iris();
//! let (mut train, mut test) = iris.stratified_split(0.2, &mut rng);
//! let scaler = Standardizer::fit(&train.features);
//! scaler.transform_inplace(&mut train.features);
//! scaler.transform_inplace(&mut test.features);
//! assert_eq!((train.len(), test.len()), (120, 30));
//!
//! for (x, labels) in train.batches(32).shuffle(&mut rng) {
//!     assert_eq!(x.nrows(), labels.len());
//! }
//! ```

mod batch;
mod builtin;
mod csv;
mod encode;
mod scale;
mod split;

pub use batch::{Batches, Rows, ShuffledBatches, batches};
pub use builtin::{digits, iris};
pub use csv::{Csv, CsvError};
pub use encode::one_hot;
pub use scale::Standardizer;
pub use split::{stratified_split, train_test_split};

use ndarray::{Array1, Array2, Axis};
use rand::Rng;

use crate::Float;

/// A classification dataset: a feature matrix with one sample per row, and the class of each row.
///
/// `class_names[k]` names class `k`, so every label is below `class_names.len()`.
///
/// ```
/// use adjoint_runtime::data::Dataset;
/// use ndarray::array;
///
/// let d = Dataset::new(array![[0.0_f64, 1.0], [2.0, 3.0], [4.0, 5.0]], array![0, 2, 1]);
/// assert_eq!((d.len(), d.n_features(), d.n_classes()), (3, 2, 3));
/// assert_eq!(d.class_names, ["0", "1", "2"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset<F> {
    /// The samples, one per row.
    pub features: Array2<F>,
    /// The class of each row.
    pub labels: Array1<usize>,
    /// The name of each column of `features`.
    pub feature_names: Vec<String>,
    /// The name of each class, indexed by label.
    pub class_names: Vec<String>,
}

/// # Constructors
impl<F: Float> Dataset<F> {
    /// A dataset of these rows and labels, with classes `0..=max(labels)` named by their number
    /// and columns named `x0`, `x1`, ….
    ///
    /// **Panics** if `features` and `labels` have different numbers of rows.
    ///
    /// ```
    /// use adjoint_runtime::data::Dataset;
    /// use ndarray::array;
    /// let d = Dataset::new(array![[1.0_f32], [2.0]], array![1, 1]);
    /// assert_eq!(d.feature_names, ["x0"]);
    /// assert_eq!(d.n_classes(), 2);
    /// ```
    #[track_caller]
    pub fn new(features: Array2<F>, labels: Array1<usize>) -> Self {
        assert_eq!(
            features.nrows(),
            labels.len(),
            "adjoint: a dataset of {} rows cannot have {} labels",
            features.nrows(),
            labels.len()
        );
        let n_classes = labels.iter().max().map_or(0, |&k| k + 1);
        Self {
            feature_names: (0..features.ncols()).map(|j| format!("x{j}")).collect(),
            class_names: (0..n_classes).map(|k| k.to_string()).collect(),
            features,
            labels,
        }
    }

    /// Names the columns.
    ///
    /// **Panics** if there is not one name per column.
    ///
    /// ```
    /// use adjoint_runtime::data::Dataset;
    /// use ndarray::array;
    /// let d = Dataset::new(array![[1.0_f32, 2.0]], array![0]).with_feature_names(["a", "b"]);
    /// assert_eq!(d.feature_names, ["a", "b"]);
    /// ```
    #[track_caller]
    pub fn with_feature_names<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        names: I,
    ) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        assert_eq!(
            names.len(),
            self.n_features(),
            "adjoint: {} feature names given for {} columns",
            names.len(),
            self.n_features()
        );
        self.feature_names = names;
        self
    }

    /// Names the classes: `names[k]` names label `k`.
    ///
    /// **Panics** if a label is not below the number of names.
    ///
    /// ```
    /// use adjoint_runtime::data::Dataset;
    /// use ndarray::array;
    /// let d = Dataset::new(array![[1.0_f32]], array![0]).with_class_names(["cat", "dog"]);
    /// assert_eq!(d.n_classes(), 2);
    /// ```
    #[track_caller]
    pub fn with_class_names<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        names: I,
    ) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if let Some(&max) = self.labels.iter().max() {
            assert!(
                max < names.len(),
                "adjoint: label {max} has no name among {} class names",
                names.len()
            );
        }
        self.class_names = names;
        self
    }
}

/// # Size
impl<F> Dataset<F> {
    /// The number of samples (rows).
    ///
    /// ```
    /// let iris = adjoint_runtime::data::iris::<f64>();
    /// assert_eq!(iris.len(), 150);
    /// ```
    pub fn len(&self) -> usize {
        self.features.nrows()
    }

    /// Whether the dataset has no samples.
    ///
    /// ```
    /// assert!(!adjoint_runtime::data::iris::<f64>().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of features (columns).
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::data::digits::<f32>().n_features(), 64);
    /// ```
    pub fn n_features(&self) -> usize {
        self.features.ncols()
    }

    /// The number of classes.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::data::digits::<f32>().n_classes(), 10);
    /// ```
    pub fn n_classes(&self) -> usize {
        self.class_names.len()
    }

    /// The number of samples of each class, indexed by label.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::data::iris::<f32>().class_counts(), [50, 50, 50]);
    /// ```
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes()];
        for &k in &self.labels {
            counts[k] += 1;
        }
        counts
    }
}

/// # Selecting, splitting and batching
impl<F: Float> Dataset<F> {
    /// The samples at `indices`, in that order, with the same names.
    ///
    /// **Panics** if an index is out of bounds.
    ///
    /// ```
    /// let iris = adjoint_runtime::data::iris::<f64>();
    /// let two = iris.select(&[0, 149]);
    /// assert_eq!(two.labels.to_vec(), [0, 2]);
    /// assert_eq!(two.n_classes(), 3);
    /// ```
    #[track_caller]
    pub fn select(&self, indices: &[usize]) -> Self {
        Self {
            features: self.features.select(Axis(0), indices),
            labels: self.labels.select(Axis(0), indices),
            feature_names: self.feature_names.clone(),
            class_names: self.class_names.clone(),
        }
    }

    /// A random split into a training set and a test set of `round(test_fraction · len)`
    /// samples; see [`train_test_split`]. Each part keeps the rows in their original order.
    ///
    /// **Panics** if `test_fraction` is not within `0..=1`.
    ///
    /// ```
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let digits = adjoint_runtime::data::digits::<f32>();
    /// let (train, test) = digits.split(0.25, &mut StdRng::seed_from_u64(7));
    /// assert_eq!((train.len(), test.len()), (1348, 449));
    /// ```
    #[track_caller]
    pub fn split<R: Rng + ?Sized>(&self, test_fraction: f64, rng: &mut R) -> (Self, Self) {
        let (train, test) = split::split_indices(self.len(), test_fraction, rng);
        (self.select(&train), self.select(&test))
    }

    /// A random split that keeps the proportion of each class: `round(test_fraction · n_k)`
    /// samples of each class `k` go to the test set; see [`stratified_split`].
    ///
    /// **Panics** if `test_fraction` is not within `0..=1`.
    ///
    /// ```
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let iris = adjoint_runtime::data::iris::<f32>();
    /// let (train, test) = iris.stratified_split(0.2, &mut StdRng::seed_from_u64(7));
    /// assert_eq!(train.class_counts(), [40, 40, 40]);
    /// assert_eq!(test.class_counts(), [10, 10, 10]);
    /// ```
    #[track_caller]
    pub fn stratified_split<R: Rng + ?Sized>(
        &self,
        test_fraction: f64,
        rng: &mut R,
    ) -> (Self, Self) {
        let (train, test) = split::stratified_indices(&self.labels, test_fraction, rng);
        (self.select(&train), self.select(&test))
    }

    /// Minibatches of `batch_size` rows of the features with their labels; see [`batches`].
    ///
    /// **Panics** if `batch_size` is zero.
    ///
    /// ```
    /// let iris = adjoint_runtime::data::iris::<f32>();
    /// let sizes: Vec<usize> = iris.batches(64).map(|(x, _)| x.nrows()).collect();
    /// assert_eq!(sizes, [64, 64, 22]);
    /// ```
    #[track_caller]
    pub fn batches(&self, batch_size: usize) -> Batches<(&Array2<F>, &Array1<usize>)> {
        batches((&self.features, &self.labels), batch_size)
    }
}
