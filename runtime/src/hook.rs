//! Observing a backward pass as it runs: which parts of the gradient are final.
//!
//! A generated `NAME_grad_into_with` tells a [`GradientHook`] each time a part of the gradient
//! (a parameter's field, or a whole parameter) has received its last contribution, and calls
//! it between the backward pass's steps. Data-parallel training uses this to start reducing a
//! layer's gradient across processes while the layers before it are still being
//! differentiated.

use crate::Params;

/// Told by a generated `NAME_grad_into_with` when parts of the gradient are final.
///
/// Both methods do nothing by default; `()` is the hook that observes nothing, which
/// `NAME_grad_into` passes.
///
/// The parts come in the order the backward pass finishes them: for a network written as a
/// sequence of layers, the last layer first. The same function, arguments' shapes and hook give
/// the same sequence of calls on every run and every process. A part whose writes the
/// macro cannot place (inside a loop or a branch, or a whole parameter added at the end) is
/// reported once the backward pass is over, so every differentiated argument's gradient is
/// covered exactly once, by itself or by disjoint parts of it.
///
/// A hook that counts the elements reported final; a generated `loss_grad_into_with(&m, &x,
/// &mut grads, &mut workspace, &mut hook)` calls it as the backward pass runs, here it is
/// called by hand:
///
/// ```
/// use adjoint_runtime::{GradientHook, Params};
/// use ndarray::array;
///
/// struct Count(usize);
///
/// impl GradientHook for Count {
///     fn part_final<P: Params>(&mut self, part: &P) {
///         part.visit("", &mut |_, leaf| self.0 += leaf.len());
///     }
/// }
///
/// let grads = (array![1.0_f64, 2.0], 0.5_f64);
/// let mut hook = Count(0);
/// hook.part_final(&grads.0);
/// hook.part_final(&grads.1);
/// assert_eq!(hook.0, 3);
/// /// ```
pub trait GradientHook {
    /// `part`, a part of the gradient being computed, will receive nothing more in this
    /// backward pass.
    fn part_final<P: Params>(&mut self, part: &P) {
        let _ = part;
    }

    /// Called between the backward pass's steps: a chance to make progress on work started in
    /// [`part_final`](Self::part_final), such as a non-blocking reduction.
    fn progress(&mut self) {}
}

/// The hook that observes nothing.
impl GradientHook for () {}

impl<H: GradientHook> GradientHook for &mut H {
    fn part_final<P: Params>(&mut self, part: &P) {
        (**self).part_final(part);
    }

    fn progress(&mut self) {
        (**self).progress();
    }
}
