//! Standardization: each feature shifted to mean 0 and scaled to variance 1.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, DataMut, Ix2};

use crate::Float;

/// The mean and standard deviation of each column of a training set, to standardize it and
/// any other data the same way: `(x − mean) / std`.
///
/// Fit it on the training set only, then transform both the training and the test set, so
/// that nothing about the test set leaks into training. A constant column (standard
/// deviation 0) is only shifted.
///
/// ```
/// use adjoint_runtime::data::Standardizer;
/// use ndarray::array;
///
/// let train = array![[1.0, 10.0], [3.0, 10.0]];
/// let scaler = Standardizer::fit(&train);
/// assert_eq!(scaler.mean(), &array![2.0, 10.0]);
/// assert_eq!(scaler.std(), &array![1.0, 0.0]);
/// assert_eq!(scaler.transform(&train), array![[-1.0, 0.0], [1.0, 0.0]]);
/// assert_eq!(scaler.transform(&array![[5.0, 12.0]]), array![[3.0, 2.0]]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Standardizer<F> {
    mean: Array1<F>,
    std: Array1<F>,
    /// `std`, or 1 where `std` is 0.
    scale: Array1<F>,
}

/// # Fitting
impl<F: Float> Standardizer<F> {
    /// The mean and (population) standard deviation of each column of `x`.
    ///
    /// **Panics** if `x` has no rows.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// let scaler = Standardizer::fit(&array![[0.0_f32], [4.0]]);
    /// assert_eq!(scaler.std(), &array![2.0]);
    /// ```
    #[track_caller]
    pub fn fit<S: Data<Elem = F>>(x: &ArrayBase<S, Ix2>) -> Self {
        assert!(
            x.nrows() > 0,
            "adjoint: cannot standardize with the statistics of no rows"
        );
        let mean = x.mean_axis(Axis(0)).expect("there is a row");
        let std = x.var_axis(Axis(0), F::zero()).mapv(F::sqrt);
        let scale = std.mapv(|s| if s > F::zero() { s } else { F::one() });
        Self { mean, std, scale }
    }

    /// The mean of each column of the fitted data.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// assert_eq!(Standardizer::fit(&array![[1.0], [2.0]]).mean(), &array![1.5]);
    /// ```
    pub fn mean(&self) -> &Array1<F> {
        &self.mean
    }

    /// The standard deviation of each column of the fitted data.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// assert_eq!(Standardizer::fit(&array![[1.0], [2.0]]).std(), &array![0.5]);
    /// ```
    pub fn std(&self) -> &Array1<F> {
        &self.std
    }
}

/// # Transforming
impl<F: Float> Standardizer<F> {
    /// `x` standardized with the fitted statistics.
    ///
    /// **Panics** if `x` does not have the fitted number of columns.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// let scaler = Standardizer::fit(&array![[0.0], [2.0]]);
    /// assert_eq!(scaler.transform(&array![[4.0]]), array![[3.0]]);
    /// ```
    #[track_caller]
    pub fn transform<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Array2<F> {
        let mut out = x.to_owned();
        self.transform_inplace(&mut out);
        out
    }

    /// Standardizes `x` in place with the fitted statistics.
    ///
    /// **Panics** if `x` does not have the fitted number of columns.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// let scaler = Standardizer::fit(&array![[0.0], [2.0]]);
    /// let mut x = array![[1.0], [3.0]];
    /// scaler.transform_inplace(&mut x);
    /// assert_eq!(x, array![[0.0], [2.0]]);
    /// ```
    #[track_caller]
    pub fn transform_inplace<S: DataMut<Elem = F>>(&self, x: &mut ArrayBase<S, Ix2>) {
        self.check_columns(x.ncols());
        *x -= &self.mean;
        *x /= &self.scale;
    }

    /// Undoes [`Standardizer::transform`]: `x · std + mean`.
    ///
    /// **Panics** if `x` does not have the fitted number of columns.
    ///
    /// ```
    /// use adjoint_runtime::data::Standardizer;
    /// use ndarray::array;
    /// let x = array![[1.0, 5.0], [3.0, 5.0]];
    /// let scaler = Standardizer::fit(&x);
    /// assert_eq!(scaler.inverse_transform(&scaler.transform(&x)), x);
    /// ```
    #[track_caller]
    pub fn inverse_transform<S: Data<Elem = F>>(&self, x: &ArrayBase<S, Ix2>) -> Array2<F> {
        self.check_columns(x.ncols());
        x * &self.scale + &self.mean
    }

    #[track_caller]
    fn check_columns(&self, n: usize) {
        assert_eq!(
            n,
            self.mean.len(),
            "adjoint: a standardizer fitted on {} columns cannot transform {n} columns",
            self.mean.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_training_set_gets_mean_zero_and_variance_one() {
        let x = array![[1.0_f64, -3.0], [2.0, 0.0], [6.0, 9.0], [3.0, 2.0]];
        let z = Standardizer::fit(&x).transform(&x);
        for column in z.columns() {
            assert!(column.mean().unwrap().abs() < 1e-12);
            assert!((column.var(0.0) - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn the_test_set_uses_the_training_statistics() {
        let train = array![[0.0_f32, 1.0], [2.0, 3.0]];
        let test = array![[2.0_f32, 5.0]];
        let scaler = Standardizer::fit(&train);
        // mean (1, 2), std (1, 1)
        assert_eq!(scaler.transform(&test), array![[1.0, 3.0]]);
    }

    #[test]
    fn a_constant_column_is_only_shifted() {
        let x = array![[7.0_f64], [7.0]];
        let scaler = Standardizer::fit(&x);
        assert_eq!(scaler.transform(&array![[9.0]]), array![[2.0]]);
    }

    #[test]
    #[should_panic(expected = "fitted on 2 columns cannot transform 3 columns")]
    fn a_column_count_that_differs_panics() {
        let scaler = Standardizer::fit(&array![[1.0, 2.0]]);
        let _ = scaler.transform(&array![[1.0, 2.0, 3.0]]);
    }

    #[test]
    #[should_panic(expected = "cannot standardize with the statistics of no rows")]
    fn fitting_no_rows_panics() {
        let _ = Standardizer::<f64>::fit(&Array2::zeros((0, 2)));
    }
}
