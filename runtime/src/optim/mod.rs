//! Optimizers that update any [`Params`] value from its gradient, with the update rules of
//! PyTorch's `torch.optim`: [`Sgd`] (with momentum, Nesterov and weight decay), [`Adam`],
//! [`AdamW`] and [`RmsProp`]; learning-rate [schedules](schedule) and gradient clipping by
//! global norm ([`clip_grad_norm`]).
//!
//! An optimizer keeps its state (momenta, running averages) per leaf of the parameters, as
//! `f64`, created on the first step from the parameters' shapes; each update is computed in
//! `f64` and rounded to the parameters' element type, except plain [`Sgd`] (no momentum), which
//! updates in the element type like a hand-written `w.scaled_add(-lr, &dw)`. After the first
//! step, a step allocates nothing.
//!
//! ```
//! use adjoint_runtime::optim::{Adam, Sgd};
//! use ndarray::array;
//!
//! // Minimize f(w) = Σ (w − 3)², whose gradient is 2(w − 3).
//! let mut w = array![0.0_f32, 10.0];
//! let mut opt = Adam::new(0.1);
//! for _ in 0..500 {
//!     let grad = w.mapv(|w| 2.0 * (w - 3.0));
//!     opt.step(&mut w, &grad);
//! }
//! assert!(w.iter().all(|&w| (w - 3.0).abs() < 1e-2));
//!
//! // Plain SGD: p ← p − lr·g.
//! let mut p = 1.0_f64;
//! Sgd::new(0.5).step(&mut p, &4.0);
//! assert_eq!(p, -1.0);
//! ```

mod adam;
mod adamw;
mod clip;
mod rmsprop;
pub mod schedule;
mod sgd;
mod state;

pub use adam::Adam;
pub use adamw::AdamW;
pub use clip::clip_grad_norm;
pub use rmsprop::RmsProp;
pub use schedule::{Constant, Schedule, StepDecay, WarmupCosine};
pub use sgd::Sgd;

use crate::{LeafZip, Params};

/// What every optimizer does: update parameters from their gradient, at a learning rate that
/// can change between steps.
///
/// Each optimizer also has these as inherent methods, so `opt.step(..)` needs no import; the
/// trait is for code generic over the optimizer.
///
/// ```
/// use adjoint_runtime::optim::{Optimizer, Sgd, Adam};
///
/// fn descend<O: Optimizer>(opt: &mut O, x: &mut f64) {
///     for _ in 0..100 {
///         let grad = 2.0 * *x; // d(x²)/dx
///         opt.step(x, &grad);
///     }
/// }
/// let (mut a, mut b) = (1.0, 1.0);
/// descend(&mut Sgd::new(0.1), &mut a);
/// descend(&mut Adam::new(0.1), &mut b);
/// assert!(a.abs() < 1e-6 && b.abs() < 0.1);
/// ```
pub trait Optimizer {
    /// Updates `params` from `grads`, a gradient of the same shape.
    ///
    /// **Panics** if `grads` is not shaped like `params`, or if `params` are not shaped as
    /// they were on the optimizer's first step.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Optimizer, Sgd};
    /// let mut p = (2.0_f64, 4.0_f64);
    /// Optimizer::step(&mut Sgd::new(0.5), &mut p, &(2.0, 2.0));
    /// assert_eq!(p, (1.0, 3.0));
    /// ```
    fn step<P: Params>(&mut self, params: &mut P, grads: &P);

    /// The learning rate of the next step.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Optimizer, Adam};
    /// assert_eq!(Optimizer::lr(&Adam::new(1e-3)), 1e-3);
    /// ```
    fn lr(&self) -> f64;

    /// Sets the learning rate of the following steps (see [`schedule`]).
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::{Optimizer, Sgd};
    /// let mut opt = Sgd::new(0.1);
    /// Optimizer::set_lr(&mut opt, 0.01);
    /// assert_eq!(Optimizer::lr(&opt), 0.01);
    /// ```
    fn set_lr(&mut self, lr: f64);
}

/// Implements [`Optimizer`] by the type's inherent methods of the same names.
macro_rules! optimizer_by_inherent_methods {
    ($($t:ty),*) => {$(
        impl Optimizer for $t {
            #[track_caller]
            fn step<P: Params>(&mut self, params: &mut P, grads: &P) {
                <$t>::step(self, params, grads)
            }
            fn lr(&self) -> f64 {
                <$t>::lr(self)
            }
            #[track_caller]
            fn set_lr(&mut self, lr: f64) {
                <$t>::set_lr(self, lr)
            }
        }
    )*};
}
optimizer_by_inherent_methods!(Sgd, Adam, AdamW, RmsProp);

/// **Panics** unless `value` is finite and at least zero.
#[track_caller]
fn check_non_negative(optimizer: &str, name: &str, value: f64) {
    assert!(
        value.is_finite() && value >= 0.0,
        "adjoint: {optimizer}: the {name} must be finite and non-negative, got {value}"
    );
}

/// **Panics** unless `value` is in `[0, 1)`.
#[track_caller]
fn check_unit(optimizer: &str, name: &str, value: f64) {
    assert!(
        (0.0..1.0).contains(&value),
        "adjoint: {optimizer}: {name} must be in [0, 1), got {value}"
    );
}

/// Calls `update` with every leaf of `params` beside the same leaf of `grads`, building no
/// paths and allocating nothing.
///
/// **Panics** if `grads` is not shaped like `params`, naming the first leaf that differs.
#[track_caller]
fn zip_leaves<P: Params>(params: &mut P, grads: &P, update: &mut LeafZip<'_, P::Elem>) {
    if !params.try_zip_mut(grads, update) {
        // The leaves before the mismatch are updated, as `zip_mut` would have; its walk
        // panics at the same leaf, with the path.
        params.zip_mut(grads, "", &mut |_, _, _| {});
        unreachable!("adjoint: `try_zip_mut` found a mismatch that `zip_mut` did not");
    }
}
