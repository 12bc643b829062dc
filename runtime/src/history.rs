//! The record of a training run: loss and accuracy after each epoch.
//!
//! A [`History`] is what [`progress`](crate::progress) shows while training and what
//! [`plot`](crate::plot) draws afterwards.
//!
//! ```
//! use adjoint_runtime::history::{Epoch, History};
//!
//! let mut history = History::new();
//! for (epoch, loss) in [0.9, 0.5, 0.3].into_iter().enumerate() {
//!     history.push(Epoch::new(epoch + 1, loss).with_test_loss(loss + 0.1));
//! }
//! assert_eq!(history.len(), 3);
//! assert_eq!(history.last().unwrap().train_loss(), 0.3);
//! assert_eq!(history.best_test_loss().map(|e| e.index()), Some(3));
//! ```

/// The measurements of one epoch: its training loss, and optionally the training accuracy,
/// the test loss and the test accuracy.
///
/// ```
/// use adjoint_runtime::history::Epoch;
/// let e = Epoch::new(4, 0.25).with_train_accuracy(0.9).with_test(0.3, 0.88);
/// assert_eq!((e.index(), e.train_loss(), e.test_accuracy()), (4, 0.25, Some(0.88)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Epoch {
    index: usize,
    train_loss: f64,
    train_accuracy: Option<f64>,
    test_loss: Option<f64>,
    test_accuracy: Option<f64>,
}

/// # Constructors
impl Epoch {
    /// Epoch number `index` (counted from 1, by convention) with its training loss.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// assert_eq!(Epoch::new(1, 2.3).test_loss(), None);
    /// ```
    pub fn new(index: usize, train_loss: f64) -> Self {
        Self {
            index,
            train_loss,
            train_accuracy: None,
            test_loss: None,
            test_accuracy: None,
        }
    }

    /// Adds the accuracy on the training set.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// assert_eq!(Epoch::new(1, 2.3).with_train_accuracy(0.5).train_accuracy(), Some(0.5));
    /// ```
    pub fn with_train_accuracy(mut self, accuracy: f64) -> Self {
        self.train_accuracy = Some(accuracy);
        self
    }

    /// Adds the loss on the test set.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// assert_eq!(Epoch::new(1, 2.3).with_test_loss(2.5).test_loss(), Some(2.5));
    /// ```
    pub fn with_test_loss(mut self, loss: f64) -> Self {
        self.test_loss = Some(loss);
        self
    }

    /// Adds the accuracy on the test set.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// assert_eq!(Epoch::new(1, 2.3).with_test_accuracy(0.4).test_accuracy(), Some(0.4));
    /// ```
    pub fn with_test_accuracy(mut self, accuracy: f64) -> Self {
        self.test_accuracy = Some(accuracy);
        self
    }

    /// Adds the loss and the accuracy on the test set.
    ///
    /// ```
    /// use adjoint_runtime::history::Epoch;
    /// let e = Epoch::new(1, 2.3).with_test(2.5, 0.4);
    /// assert_eq!((e.test_loss(), e.test_accuracy()), (Some(2.5), Some(0.4)));
    /// ```
    pub fn with_test(self, loss: f64, accuracy: f64) -> Self {
        self.with_test_loss(loss).with_test_accuracy(accuracy)
    }
}

/// # Measurements
impl Epoch {
    /// The epoch's number.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::Epoch::new(7, 0.1).index(), 7);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The loss on the training set (typically the mean of the minibatch losses).
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::Epoch::new(7, 0.1).train_loss(), 0.1);
    /// ```
    pub fn train_loss(&self) -> f64 {
        self.train_loss
    }

    /// The accuracy on the training set, if measured.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::Epoch::new(7, 0.1).train_accuracy(), None);
    /// ```
    pub fn train_accuracy(&self) -> Option<f64> {
        self.train_accuracy
    }

    /// The loss on the test set, if measured.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::Epoch::new(7, 0.1).test_loss(), None);
    /// ```
    pub fn test_loss(&self) -> Option<f64> {
        self.test_loss
    }

    /// The accuracy on the test set, if measured.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::Epoch::new(7, 0.1).test_accuracy(), None);
    /// ```
    pub fn test_accuracy(&self) -> Option<f64> {
        self.test_accuracy
    }
}

/// The epochs of a training run, in order.
///
/// ```
/// use adjoint_runtime::history::{Epoch, History};
/// let history: History = (1..=3).map(|i| Epoch::new(i, 1.0 / i as f64)).collect();
/// assert_eq!(history.epochs()[1].train_loss(), 0.5);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    epochs: Vec<Epoch>,
}

/// # Recording
impl History {
    /// An empty history.
    ///
    /// ```
    /// assert!(adjoint_runtime::history::History::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an epoch.
    ///
    /// ```
    /// use adjoint_runtime::history::{Epoch, History};
    /// let mut history = History::new();
    /// history.push(Epoch::new(1, 0.7));
    /// assert_eq!(history.len(), 1);
    /// ```
    pub fn push(&mut self, epoch: Epoch) {
        self.epochs.push(epoch);
    }
}

/// # Reading
impl History {
    /// The epochs, in the order they were pushed.
    ///
    /// ```
    /// use adjoint_runtime::history::{Epoch, History};
    /// let history: History = [Epoch::new(1, 0.7)].into_iter().collect();
    /// assert_eq!(history.epochs(), [Epoch::new(1, 0.7)]);
    /// ```
    pub fn epochs(&self) -> &[Epoch] {
        &self.epochs
    }

    /// The number of epochs.
    ///
    /// ```
    /// assert_eq!(adjoint_runtime::history::History::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.epochs.len()
    }

    /// Whether no epoch was recorded.
    ///
    /// ```
    /// assert!(adjoint_runtime::history::History::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.epochs.is_empty()
    }

    /// The last epoch, if any.
    ///
    /// ```
    /// use adjoint_runtime::history::{Epoch, History};
    /// let history: History = (1..=2).map(|i| Epoch::new(i, 0.0)).collect();
    /// assert_eq!(history.last().map(|e| e.index()), Some(2));
    /// ```
    pub fn last(&self) -> Option<&Epoch> {
        self.epochs.last()
    }

    /// The first epoch with the lowest test loss, if any test loss was recorded.
    ///
    /// ```
    /// use adjoint_runtime::history::{Epoch, History};
    /// let history: History =
    ///     [0.5, 0.2, 0.3].iter().enumerate().map(|(i, &l)| Epoch::new(i + 1, l).with_test_loss(l)).collect();
    /// assert_eq!(history.best_test_loss().map(|e| e.index()), Some(2));
    /// ```
    pub fn best_test_loss(&self) -> Option<&Epoch> {
        self.best_by(|e| e.test_loss.map(|l| -l))
    }

    /// The first epoch with the highest test accuracy, if any test accuracy was recorded.
    ///
    /// ```
    /// use adjoint_runtime::history::{Epoch, History};
    /// let history: History =
    ///     [0.5, 0.9, 0.9].iter().enumerate().map(|(i, &a)| Epoch::new(i + 1, 0.0).with_test_accuracy(a)).collect();
    /// assert_eq!(history.best_test_accuracy().map(|e| e.index()), Some(2));
    /// ```
    pub fn best_test_accuracy(&self) -> Option<&Epoch> {
        self.best_by(|e| e.test_accuracy)
    }

    /// The first epoch with the largest `score`, skipping epochs without one and NaN scores.
    fn best_by(&self, score: impl Fn(&Epoch) -> Option<f64>) -> Option<&Epoch> {
        let mut best: Option<(&Epoch, f64)> = None;
        for epoch in &self.epochs {
            match (score(epoch), best) {
                (Some(s), None) if !s.is_nan() => best = Some((epoch, s)),
                (Some(s), Some((_, b))) if s > b => best = Some((epoch, s)),
                _ => {}
            }
        }
        best.map(|(epoch, _)| epoch)
    }
}

impl FromIterator<Epoch> for History {
    fn from_iter<I: IntoIterator<Item = Epoch>>(epochs: I) -> Self {
        Self {
            epochs: epochs.into_iter().collect(),
        }
    }
}

impl Extend<Epoch> for History {
    fn extend<I: IntoIterator<Item = Epoch>>(&mut self, epochs: I) {
        self.epochs.extend(epochs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_epoch_skips_missing_and_nan_values() {
        let history: History = [
            Epoch::new(1, 1.0),
            Epoch::new(2, 1.0).with_test(f64::NAN, f64::NAN),
            Epoch::new(3, 1.0).with_test(0.4, 0.7),
            Epoch::new(4, 1.0).with_test(0.3, 0.6),
        ]
        .into_iter()
        .collect();
        assert_eq!(history.best_test_loss().unwrap().index(), 4);
        assert_eq!(history.best_test_accuracy().unwrap().index(), 3);
        assert_eq!(History::new().best_test_loss(), None);
    }
}
