//! Learning-rate schedules: the learning rate as a function of the step number.
//!
//! A schedule is a pure function of the step (counted from 0); the training loop sets the
//! optimizer's rate before each step, so the same schedule can be counted in steps or in
//! epochs:
//!
//! ```
//! use adjoint_runtime::optim::{Adam, Schedule, WarmupCosine};
//! use ndarray::array;
//!
//! let schedule = WarmupCosine::new(0.1, 10, 100);
//! let mut opt = Adam::new(schedule.lr_at(0));
//! let mut w = array![1.0_f64, -1.0];
//! for step in 0..100 {
//!     opt.set_lr(schedule.lr_at(step));
//!     let grad = 2.0 * &w; // d‖w‖²/dw
//!     opt.step(&mut w, &grad);
//! }
//! assert!(w.iter().all(|w| w.abs() < 0.05));
//! ```

use std::f64::consts::PI;

/// A learning rate for every step.
///
/// Implemented by [`Constant`], [`StepDecay`], [`WarmupCosine`] and by any closure
/// `Fn(usize) -> f64`.
///
/// ```
/// use adjoint_runtime::optim::Schedule;
/// let halving = |step: usize| 0.1 * 0.5_f64.powi(step as i32);
/// assert_eq!(halving.lr_at(2), 0.025);
/// ```
pub trait Schedule {
    /// The learning rate of step `step`, counted from 0.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Constant, Schedule};
    /// assert_eq!(Constant::new(0.01).lr_at(1000), 0.01);
    /// ```
    fn lr_at(&self, step: usize) -> f64;
}

impl<F: Fn(usize) -> f64> Schedule for F {
    fn lr_at(&self, step: usize) -> f64 {
        self(step)
    }
}

/// The same learning rate at every step.
///
/// ```
/// use adjoint_runtime::optim::{Constant, Schedule};
/// let schedule = Constant::new(0.1);
/// assert_eq!((schedule.lr_at(0), schedule.lr_at(99)), (0.1, 0.1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constant {
    lr: f64,
}

impl Constant {
    /// The schedule that always gives `lr`.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Constant, Schedule};
    /// assert_eq!(Constant::new(3e-4).lr_at(7), 3e-4);
    /// ```
    #[track_caller]
    pub fn new(lr: f64) -> Self {
        check_lr("Constant", "learning rate", lr);
        Constant { lr }
    }
}

impl Schedule for Constant {
    fn lr_at(&self, _step: usize) -> f64 {
        self.lr
    }
}

/// Step decay, as PyTorch's `StepLR`: the rate is multiplied by `gamma` every `step_size`
/// steps, `lr·gamma^⌊step / step_size⌋`.
///
/// ```
/// use adjoint_runtime::optim::{Schedule, StepDecay};
/// let schedule = StepDecay::new(1.0, 10, 0.5);
/// assert_eq!(schedule.lr_at(9), 1.0);
/// assert_eq!(schedule.lr_at(10), 0.5);
/// assert_eq!(schedule.lr_at(25), 0.25);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDecay {
    lr: f64,
    step_size: usize,
    gamma: f64,
}

impl StepDecay {
    /// Starts at `lr` and multiplies it by `gamma` every `step_size` steps.
    ///
    /// **Panics** if `lr` or `gamma` is negative or not finite, or if `step_size` is zero.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Schedule, StepDecay};
    /// assert_eq!(StepDecay::new(0.1, 30, 0.1).lr_at(60), 0.1 * 0.1 * 0.1);
    /// ```
    #[track_caller]
    pub fn new(lr: f64, step_size: usize, gamma: f64) -> Self {
        check_lr("StepDecay", "learning rate", lr);
        check_lr("StepDecay", "gamma", gamma);
        assert!(step_size > 0, "adjoint: StepDecay: the step size is zero");
        StepDecay {
            lr,
            step_size,
            gamma,
        }
    }
}

impl Schedule for StepDecay {
    fn lr_at(&self, step: usize) -> f64 {
        let decays = (step / self.step_size).min(i32::MAX as usize) as i32;
        self.lr * self.gamma.powi(decays)
    }
}

/// Linear warm-up to a peak rate, then a cosine decay to a minimum rate (0 by default), the
/// schedule of most transformer training runs.
///
/// With `w` warm-up steps and `n` steps in all:
///
/// ```text
/// lr(s) = peak · (s + 1) / w                                    for s < w
/// lr(s) = min + (peak − min) · (1 + cos(π·(s − w)/(n − w))) / 2  for w ≤ s < n
/// lr(s) = min                                                   for s ≥ n
/// ```
///
/// The first step already moves (`peak / w`), the last warm-up step and step `w` both use
/// the peak, and the rate reaches `min` at step `n`.
///
/// ```
/// use adjoint_runtime::optim::{Schedule, WarmupCosine};
/// let schedule = WarmupCosine::new(1.0, 4, 12);
/// assert_eq!(schedule.lr_at(0), 0.25);
/// assert_eq!(schedule.lr_at(3), 1.0);
/// assert_eq!(schedule.lr_at(4), 1.0);
/// assert!((schedule.lr_at(8) - 0.5).abs() < 1e-15);
/// assert_eq!(schedule.lr_at(12), 0.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WarmupCosine {
    peak: f64,
    min: f64,
    warmup_steps: usize,
    total_steps: usize,
}

impl WarmupCosine {
    /// Warms up linearly to `peak` over `warmup_steps`, then decays to 0 by `total_steps`.
    ///
    /// **Panics** if `peak` is negative or not finite, or if `warmup_steps` is not less than
    /// `total_steps`.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Schedule, WarmupCosine};
    /// // No warm-up: a plain cosine from the peak.
    /// let schedule = WarmupCosine::new(0.1, 0, 100);
    /// assert_eq!(schedule.lr_at(0), 0.1);
    /// ```
    #[track_caller]
    pub fn new(peak: f64, warmup_steps: usize, total_steps: usize) -> Self {
        check_lr("WarmupCosine", "peak learning rate", peak);
        assert!(
            warmup_steps < total_steps,
            "adjoint: WarmupCosine: {warmup_steps} warm-up steps leave no room for the decay \
             in {total_steps} steps"
        );
        WarmupCosine {
            peak,
            min: 0.0,
            warmup_steps,
            total_steps,
        }
    }

    /// Sets the rate the decay ends at (0 by default).
    ///
    /// **Panics** if `min` is negative, not finite, or above the peak.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Schedule, WarmupCosine};
    /// let schedule = WarmupCosine::new(1.0, 0, 10).min_lr(0.1);
    /// assert_eq!(schedule.lr_at(10), 0.1);
    /// assert_eq!(schedule.lr_at(1000), 0.1);
    /// ```
    #[track_caller]
    pub fn min_lr(mut self, min: f64) -> Self {
        check_lr("WarmupCosine", "minimum learning rate", min);
        assert!(
            min <= self.peak,
            "adjoint: WarmupCosine: the minimum learning rate {min} is above the peak {}",
            self.peak
        );
        self.min = min;
        self
    }
}

impl Schedule for WarmupCosine {
    fn lr_at(&self, step: usize) -> f64 {
        let (w, n) = (self.warmup_steps, self.total_steps);
        if step < w {
            self.peak * (step + 1) as f64 / w as f64
        } else if step < n {
            let progress = (step - w) as f64 / (n - w) as f64;
            self.min + (self.peak - self.min) * (1.0 + (PI * progress).cos()) / 2.0
        } else {
            self.min
        }
    }
}

/// **Panics** unless `value` is finite and at least zero.
#[track_caller]
fn check_lr(schedule: &str, name: &str, value: f64) {
    assert!(
        value.is_finite() && value >= 0.0,
        "adjoint: {schedule}: the {name} must be finite and non-negative, got {value}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_decay_values() {
        // 0.1·0.5^⌊s/3⌋: 0.1 for s = 0..2, 0.05 for 3..5, 0.025 for 6..8
        let schedule = StepDecay::new(0.1, 3, 0.5);
        let lrs: Vec<f64> = (0..9).map(|s| schedule.lr_at(s)).collect();
        assert_eq!(lrs, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
        assert_eq!(schedule.lr_at(usize::MAX), 0.0);
    }

    /// peak 0.2, 4 warm-up steps of 10, min 0.02:
    /// warm-up 0.2·(s + 1)/4 = 0.05, 0.1, 0.15, 0.2;
    /// then 0.02 + 0.18·(1 + cos(π(s − 4)/6))/2 for s = 4..9: cos(0) = 1 → 0.2,
    /// cos(π/6) = √3/2 → 0.02 + 0.09·(1 + √3/2), cos(π/2) = 0 → 0.11 (s = 7),
    /// cos(5π/6) = −√3/2 → 0.02 + 0.09·(1 − √3/2) (s = 9); s ≥ 10 → 0.02.
    #[test]
    fn warmup_cosine_values() {
        let schedule = WarmupCosine::new(0.2, 4, 10).min_lr(0.02);
        let close = |s: usize, expected: f64| {
            let lr = schedule.lr_at(s);
            assert!(
                (lr - expected).abs() < 1e-15,
                "step {s}: {lr} vs {expected}"
            );
        };
        for (s, expected) in [(0, 0.05), (1, 0.1), (2, 0.15), (3, 0.2), (4, 0.2)] {
            close(s, expected);
        }
        let half_root3 = 3.0_f64.sqrt() / 2.0;
        close(5, 0.02 + 0.09 * (1.0 + half_root3));
        close(7, 0.11);
        close(9, 0.02 + 0.09 * (1.0 - half_root3));
        close(10, 0.02);
        close(1_000_000, 0.02);
    }

    #[test]
    fn warmup_cosine_rises_then_falls() {
        let schedule = WarmupCosine::new(1.0, 50, 500);
        let lrs: Vec<f64> = (0..500).map(|s| schedule.lr_at(s)).collect();
        assert!(lrs[..50].windows(2).all(|w| w[0] < w[1]));
        assert!(lrs[50..].windows(2).all(|w| w[0] >= w[1]));
        assert!(lrs[499] > 0.0 && lrs[499] < 1e-4);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: WarmupCosine: 10 warm-up steps leave no room for the decay in 10 steps"
    )]
    fn warmup_as_long_as_training_panics() {
        let _ = WarmupCosine::new(0.1, 10, 10);
    }

    #[test]
    #[should_panic(expected = "adjoint: StepDecay: the step size is zero")]
    fn zero_step_size_panics() {
        let _ = StepDecay::new(0.1, 0, 0.5);
    }
}
