//! Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

use ndarray::Zip;

use super::state::LeafBuffers;
use super::{check_non_negative, check_unit, zip_leaves};
use crate::bands::zip_in_bands;
use crate::{Float, Params};

/// Stochastic gradient descent, as PyTorch's `torch.optim.SGD` (with no dampening).
///
/// For each element, with learning rate γ, momentum μ and weight decay λ:
///
/// ```text
/// g ← g + λ·θ                       (if λ ≠ 0)
/// b ← μ·b + g                       (if μ ≠ 0; b starts at 0, so b₁ = g₁)
/// g ← g + μ·b  with Nesterov,  g ← b  without
/// θ ← θ − γ·g
/// ```
///
/// `Sgd::new(lr)` alone is plain gradient descent, `θ ← θ − γ·g`.
///
/// ```
/// use adjoint_runtime::optim::Sgd;
/// use ndarray::array;
///
/// let mut w = array![1.0_f32, -2.0];
/// let mut opt = Sgd::new(0.1).momentum(0.9).nesterov(true).weight_decay(1e-4);
/// opt.step(&mut w, &array![0.5, 0.5]);
/// assert!(w[0] < 1.0 && w[1] < -2.0);
/// ```
#[derive(Clone, Debug)]
pub struct Sgd {
    lr: f64,
    momentum: f64,
    nesterov: bool,
    weight_decay: f64,
    /// The momentum buffer `b` of every leaf, when μ ≠ 0.
    state: LeafBuffers,
}

/// # Construction
impl Sgd {
    /// Plain gradient descent at learning rate `lr`: `θ ← θ − lr·g`.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// let mut x = 3.0_f64;
    /// Sgd::new(0.25).step(&mut x, &2.0);
    /// assert_eq!(x, 2.5);
    /// ```
    #[track_caller]
    pub fn new(lr: f64) -> Self {
        check_non_negative("Sgd", "learning rate", lr);
        Sgd {
            lr,
            momentum: 0.0,
            nesterov: false,
            weight_decay: 0.0,
            state: LeafBuffers::default(),
        }
    }

    /// Sets the momentum μ (0 by default: no momentum).
    ///
    /// **Panics** if `momentum` is not in `[0, 1)`.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// // b₁ = g = 1, θ₁ = 0 − 1·1 = −1; b₂ = 0.5·1 + 1 = 1.5, θ₂ = −1 − 1.5 = −2.5
    /// let mut opt = Sgd::new(1.0).momentum(0.5);
    /// let mut x = 0.0_f64;
    /// opt.step(&mut x, &1.0);
    /// opt.step(&mut x, &1.0);
    /// assert_eq!(x, -2.5);
    /// ```
    #[track_caller]
    pub fn momentum(mut self, momentum: f64) -> Self {
        check_unit("Sgd", "the momentum", momentum);
        self.momentum = momentum;
        self
    }

    /// Uses Nesterov momentum: the step is `g + μ·b` instead of `b`. It needs a momentum.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// // b₁ = 1, step g + μ·b = 1 + 0.5 = 1.5
    /// let mut x = 0.0_f64;
    /// Sgd::new(1.0).momentum(0.5).nesterov(true).step(&mut x, &1.0);
    /// assert_eq!(x, -1.5);
    /// ```
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        self.nesterov = nesterov;
        self
    }

    /// Sets the weight decay λ, an L2 penalty added to the gradient: `g ← g + λ·θ`.
    ///
    /// **Panics** if `weight_decay` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// // g = 0 + 0.5·2 = 1, θ = 2 − 0.1·1 = 1.9
    /// let mut x = 2.0_f64;
    /// Sgd::new(0.1).weight_decay(0.5).step(&mut x, &0.0);
    /// assert!((x - 1.9).abs() < 1e-15);
    /// ```
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        check_non_negative("Sgd", "weight decay", weight_decay);
        self.weight_decay = weight_decay;
        self
    }
}

/// # Stepping
impl Sgd {
    /// Updates `params` from `grads` (see [`Sgd`] for the rule).
    ///
    /// **Panics** if `grads` is not shaped like `params`, if `params` are not shaped as on the
    /// first step (with momentum), or if Nesterov is set without momentum.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// use ndarray::array;
    /// let mut p = (array![1.0_f64, 2.0], 3.0_f64);
    /// Sgd::new(0.5).step(&mut p, &(array![2.0, 2.0], -2.0));
    /// assert_eq!(p, (array![0.0, 1.0], 4.0));
    /// ```
    #[track_caller]
    pub fn step<P: Params>(&mut self, params: &mut P, grads: &P) {
        assert!(
            !self.nesterov || self.momentum > 0.0,
            "adjoint: Sgd: Nesterov momentum needs a momentum above zero (`.momentum(0.9)`)"
        );
        let (lr, mu, nesterov, wd) = (self.lr, self.momentum, self.nesterov, self.weight_decay);
        if mu == 0.0 {
            // Plain SGD in the element type, as a hand-written `w.scaled_add(-lr, &dw)`.
            let (decay, lr, wd) = (
                wd != 0.0,
                P::Elem::from_f64_lossy(lr),
                P::Elem::from_f64_lossy(wd),
            );
            // Large leaves in bands of rows, on the threads of large products.
            zip_leaves(params, grads, &mut |param, grad| {
                zip_in_bands(param, grad, &|mut param, grad| {
                    if !decay {
                        param.scaled_add(-lr, &grad);
                    } else {
                        Zip::from(&mut param)
                            .and(&grad)
                            .for_each(|p, &g| *p -= lr * (g + wd * *p));
                    }
                });
            });
            return;
        }
        self.state
            .for_each_leaf("Sgd", 1, params, grads, |param, grad, buffers| {
                Zip::from(param)
                    .and(&grad)
                    .and(&mut buffers[0])
                    .for_each(|p, &g, b| {
                        let theta = p.to_f64_exact();
                        let g = g.to_f64_exact() + wd * theta;
                        *b = mu * *b + g;
                        let step = if nesterov { g + mu * *b } else { *b };
                        *p = P::Elem::from_f64_lossy(theta - lr * step);
                    });
            });
    }

    /// Forgets the momentum buffers, so that the next step is a first step again (for a
    /// model whose shapes changed).
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// use ndarray::array;
    /// let mut opt = Sgd::new(0.1).momentum(0.9);
    /// opt.step(&mut array![1.0_f64], &array![1.0]);
    /// opt.reset();
    /// opt.step(&mut array![1.0_f64, 2.0], &array![1.0, 1.0]);
    /// ```
    pub fn reset(&mut self) {
        self.state.reset();
    }
}

/// # Learning rate
impl Sgd {
    /// The learning rate of the next step.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// assert_eq!(Sgd::new(0.1).lr(), 0.1);
    /// ```
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// Sets the learning rate of the following steps.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Sgd;
    /// let mut opt = Sgd::new(0.1);
    /// opt.set_lr(0.05);
    /// assert_eq!(opt.lr(), 0.05);
    /// ```
    #[track_caller]
    pub fn set_lr(&mut self, lr: f64) {
        check_non_negative("Sgd", "learning rate", lr);
        self.lr = lr;
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// γ = 0.1, μ = 0.9, λ = 0.01, θ₀ = 1, gradients 1 then 2 (f64):
    /// step 1: g = 1 + 0.01·1 = 1.01; b = 1.01; θ₁ = 1 − 0.1·1.01 = 0.899
    /// step 2: g = 2 + 0.01·0.899 = 2.00899; b = 0.9·1.01 + 2.00899 = 2.91799;
    ///         θ₂ = 0.899 − 0.1·2.91799 = 0.607201
    #[test]
    fn momentum_with_weight_decay_by_hand() {
        let mut opt = Sgd::new(0.1).momentum(0.9).weight_decay(0.01);
        let mut theta = 1.0_f64;
        opt.step(&mut theta, &1.0);
        assert!((theta - 0.899).abs() < 1e-15, "{theta}");
        opt.step(&mut theta, &2.0);
        assert!((theta - 0.607201).abs() < 1e-15, "{theta}");
    }

    /// γ = 0.1, μ = 0.9, Nesterov, θ₀ = 1, gradients 1 then 2:
    /// step 1: b = 1; step g + μb = 1 + 0.9 = 1.9; θ₁ = 1 − 0.19 = 0.81
    /// step 2: b = 0.9·1 + 2 = 2.9; step 2 + 0.9·2.9 = 4.61; θ₂ = 0.81 − 0.461 = 0.349
    #[test]
    fn nesterov_by_hand() {
        let mut opt = Sgd::new(0.1).momentum(0.9).nesterov(true);
        let mut theta = array![1.0_f64];
        opt.step(&mut theta, &array![1.0]);
        assert!((theta[0] - 0.81).abs() < 1e-15);
        opt.step(&mut theta, &array![2.0]);
        assert!((theta[0] - 0.349).abs() < 1e-15);
    }

    /// Every leaf of a tuple of an f32 array and a float steps: θ − 0.5·g.
    #[test]
    fn plain_sgd_on_every_leaf_in_f32() {
        let mut p = (array![[1.0_f32, 2.0], [3.0, 4.0]], 1.0_f32);
        let g = (array![[2.0, 2.0], [-2.0, 0.0]], 4.0);
        Sgd::new(0.5).step(&mut p, &g);
        assert_eq!(p, (array![[0.0, 1.0], [4.0, 4.0]], -1.0));
    }

    /// Each leaf keeps its own momentum: b for the second leaf is built from its gradients only.
    #[test]
    fn momentum_is_per_leaf() {
        let mut opt = Sgd::new(1.0).momentum(0.5);
        let mut p = (0.0_f64, 0.0_f64);
        opt.step(&mut p, &(1.0, 10.0));
        opt.step(&mut p, &(1.0, 10.0));
        // b: 1 then 1.5 → −2.5; 10 then 15 → −25
        assert_eq!(p, (-2.5, -25.0));
    }

    #[test]
    #[should_panic(expected = "Nesterov momentum needs a momentum above zero")]
    fn nesterov_without_momentum_panics() {
        Sgd::new(0.1).nesterov(true).step(&mut 1.0_f64, &1.0);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: Sgd: the parameter has shape [2], but the parameter had shape [1] when"
    )]
    fn shape_change_with_momentum_panics() {
        let mut opt = Sgd::new(0.1).momentum(0.9);
        opt.step(&mut array![1.0_f64], &array![1.0]);
        opt.step(&mut array![1.0_f64, 2.0], &array![1.0, 1.0]);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: Sgd: the learning rate must be finite and non-negative, got -0.1"
    )]
    fn negative_learning_rate_panics() {
        let _ = Sgd::new(-0.1);
    }
}
