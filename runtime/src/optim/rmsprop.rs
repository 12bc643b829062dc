//! RMSProp: gradient steps divided by a running root mean square of the gradient.

use ndarray::Zip;

use super::state::LeafBuffers;
use super::{check_non_negative, check_unit};
use crate::{Float, Params};

/// RMSProp (Hinton, 2012), as PyTorch's `torch.optim.RMSprop`.
///
/// For each element, with learning rate γ, smoothing constant α, epsilon ε, weight decay λ
/// and momentum μ:
///
/// ```text
/// g ← g + λ·θ                       (if λ ≠ 0)
/// v ← α·v + (1 − α)·g²              (v, ḡ and b start at 0)
/// ṽ = v − ḡ²  with ḡ ← α·ḡ + (1 − α)·g   if centered,   ṽ = v otherwise
/// b ← μ·b + g / (√ṽ + ε);  θ ← θ − γ·b       if μ ≠ 0
/// θ ← θ − γ·g / (√ṽ + ε)                     otherwise
/// ```
///
/// The defaults are PyTorch's: α = 0.99, ε = 1e-8, λ = 0, μ = 0, not centered.
///
/// ```
/// use adjoint_runtime::optim::RmsProp;
///
/// // v = 0.01·g², so the first step is γ·g/(0.1·|g| + ε) ≈ 10γ against the gradient's sign.
/// let mut x = 1.0_f64;
/// RmsProp::new(0.01).step(&mut x, &3.0);
/// assert!((x - 0.9).abs() < 1e-8);
/// ```
#[derive(Clone, Debug)]
pub struct RmsProp {
    lr: f64,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
    centered: bool,
    /// `v`, then `ḡ` if centered, then `b` if μ ≠ 0, for every leaf.
    state: LeafBuffers,
}

/// # Construction
impl RmsProp {
    /// RMSProp at learning rate `lr`, with α = 0.99, ε = 1e-8, no weight decay, no momentum,
    /// not centered.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// assert_eq!(RmsProp::new(0.01).lr(), 0.01);
    /// ```
    #[track_caller]
    pub fn new(lr: f64) -> Self {
        check_non_negative("RmsProp", "learning rate", lr);
        RmsProp {
            lr,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            state: LeafBuffers::default(),
        }
    }

    /// Sets the smoothing constant α of the running mean of `g²` (0.99 by default).
    ///
    /// **Panics** if `alpha` is not in `[0, 1)`.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// // v = 0.75·g², first step γ·g/(√0.75·|g|)
    /// let mut x = 0.0_f64;
    /// RmsProp::new(1.0).alpha(0.25).eps(0.0).step(&mut x, &2.0);
    /// assert!((x + 1.0 / 0.75_f64.sqrt()).abs() < 1e-15);
    /// ```
    #[track_caller]
    pub fn alpha(mut self, alpha: f64) -> Self {
        check_unit("RmsProp", "alpha", alpha);
        self.alpha = alpha;
        self
    }

    /// Sets ε, added to `√ṽ` in the denominator (1e-8 by default).
    ///
    /// **Panics** if `eps` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// let opt = RmsProp::new(0.01).eps(1e-6);
    /// ```
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> Self {
        check_non_negative("RmsProp", "epsilon", eps);
        self.eps = eps;
        self
    }

    /// Sets the weight decay λ, an L2 penalty added to the gradient: `g ← g + λ·θ`.
    ///
    /// **Panics** if `weight_decay` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// let opt = RmsProp::new(0.01).weight_decay(1e-4);
    /// ```
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        check_non_negative("RmsProp", "weight decay", weight_decay);
        self.weight_decay = weight_decay;
        self
    }

    /// Sets the momentum μ of the normalized steps (0 by default).
    ///
    /// **Panics** if `momentum` is not in `[0, 1)`.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// let opt = RmsProp::new(0.01).momentum(0.9);
    /// ```
    #[track_caller]
    pub fn momentum(mut self, momentum: f64) -> Self {
        check_unit("RmsProp", "the momentum", momentum);
        self.momentum = momentum;
        self
    }

    /// Normalizes by an estimate of the gradient's variance, `v − ḡ²`, instead of its raw
    /// second moment `v`.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// let opt = RmsProp::new(0.01).centered(true);
    /// ```
    pub fn centered(mut self, centered: bool) -> Self {
        self.centered = centered;
        self
    }
}

/// # Stepping
impl RmsProp {
    /// Updates `params` from `grads` (see [`RmsProp`] for the rule); the first call creates
    /// the running averages.
    ///
    /// **Panics** if `grads` is not shaped like `params`, or if `params` are not shaped as on
    /// the first step.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// use ndarray::array;
    /// let mut w = array![1.0_f32, -1.0];
    /// RmsProp::new(0.01).step(&mut w, &array![1.0, -1.0]);
    /// assert!(w[0] < 1.0 && w[1] > -1.0);
    /// ```
    #[track_caller]
    pub fn step<P: Params>(&mut self, params: &mut P, grads: &P) {
        let rule = Rule {
            lr: self.lr,
            alpha: self.alpha,
            eps: self.eps,
            weight_decay: self.weight_decay,
            momentum: self.momentum,
        };
        let (centered, with_momentum) = (self.centered, self.momentum != 0.0);
        let count = 1 + usize::from(centered) + usize::from(with_momentum);
        self.state
            .for_each_leaf("RmsProp", count, params, grads, |param, grad, buffers| {
                let zip = Zip::from(param).and(&grad);
                match (buffers, centered) {
                    ([v], _) => zip
                        .and(v)
                        .for_each(|p, &g, v| rule.apply(p, g, v, None, None)),
                    ([v, mean], true) => zip
                        .and(v)
                        .and(mean)
                        .for_each(|p, &g, v, mean| rule.apply(p, g, v, Some(mean), None)),
                    ([v, b], false) => zip
                        .and(v)
                        .and(b)
                        .for_each(|p, &g, v, b| rule.apply(p, g, v, None, Some(b))),
                    ([v, mean, b], _) => zip
                        .and(v)
                        .and(mean)
                        .and(b)
                        .for_each(|p, &g, v, mean, b| rule.apply(p, g, v, Some(mean), Some(b))),
                    _ => unreachable!("RmsProp keeps one to three buffers per leaf"),
                }
            });
    }

    /// Forgets the running averages, so that the next step is a first step again (for a
    /// model whose shapes changed).
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// use ndarray::array;
    /// let mut opt = RmsProp::new(0.01);
    /// opt.step(&mut array![1.0_f64], &array![1.0]);
    /// opt.reset();
    /// opt.step(&mut array![1.0_f64, 2.0], &array![1.0, 1.0]);
    /// ```
    pub fn reset(&mut self) {
        self.state.reset();
    }
}

/// # Learning rate
impl RmsProp {
    /// The learning rate of the next step.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// assert_eq!(RmsProp::new(0.01).lr(), 0.01);
    /// ```
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// Sets the learning rate of the following steps.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::RmsProp;
    /// let mut opt = RmsProp::new(0.01);
    /// opt.set_lr(0.001);
    /// assert_eq!(opt.lr(), 0.001);
    /// ```
    #[track_caller]
    pub fn set_lr(&mut self, lr: f64) {
        check_non_negative("RmsProp", "learning rate", lr);
        self.lr = lr;
    }
}

/// The hyperparameters of one step.
#[derive(Clone, Copy)]
struct Rule {
    lr: f64,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
}

impl Rule {
    /// Updates one element and its running averages (`mean` if centered, `b` with momentum).
    fn apply<F: Float>(
        self,
        p: &mut F,
        g: F,
        v: &mut f64,
        mean: Option<&mut f64>,
        b: Option<&mut f64>,
    ) {
        let theta = p.to_f64_exact();
        let g = g.to_f64_exact() + self.weight_decay * theta;
        *v = self.alpha * *v + (1.0 - self.alpha) * g * g;
        let variance = match mean {
            Some(mean) => {
                *mean = self.alpha * *mean + (1.0 - self.alpha) * g;
                *v - *mean * *mean
            }
            None => *v,
        };
        let normalized = g / (variance.sqrt() + self.eps);
        let step = match b {
            Some(b) => {
                *b = self.momentum * *b + normalized;
                *b
            }
            None => normalized,
        };
        *p = F::from_f64_lossy(theta - self.lr * step);
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// γ = 0.01, α = 0.99, ε = 1e-8, θ₀ = 1, gradients 2 then −1:
    /// step 1: v = 0.01·4 = 0.04, √v = 0.2; θ₁ = 1 − 0.01·2/(0.2 + 1e-8) ≈ 0.9
    /// step 2: v = 0.99·0.04 + 0.01·1 = 0.0496; θ₂ = θ₁ + 0.01/(√0.0496 + 1e-8) ≈ 0.944901
    #[test]
    fn two_steps_by_hand() {
        let mut opt = RmsProp::new(0.01);
        let mut theta = 1.0_f64;
        opt.step(&mut theta, &2.0);
        let theta1 = 1.0 - 0.01 * 2.0 / (0.2 + 1e-8);
        assert!((theta - theta1).abs() < 1e-15, "{theta} vs {theta1}");
        opt.step(&mut theta, &-1.0);
        let theta2 = theta1 + 0.01 / (0.0496_f64.sqrt() + 1e-8);
        assert!((theta - theta2).abs() < 1e-15, "{theta} vs {theta2}");
        assert!((theta - 0.944901).abs() < 1e-6, "{theta}");
    }

    /// Centered, α = 0.5, ε = 0, γ = 1, θ₀ = 0, gradients 2 then 4:
    /// step 1: v = 0.5·4 = 2, ḡ = 0.5·2 = 1, ṽ = 2 − 1 = 1; θ₁ = −2/1 = −2
    /// step 2: v = 1 + 8 = 9, ḡ = 0.5 + 2 = 2.5, ṽ = 9 − 6.25 = 2.75; θ₂ = −2 − 4/√2.75
    #[test]
    fn centered_by_hand() {
        let mut opt = RmsProp::new(1.0).alpha(0.5).eps(0.0).centered(true);
        let mut theta = 0.0_f64;
        opt.step(&mut theta, &2.0);
        assert_eq!(theta, -2.0);
        opt.step(&mut theta, &4.0);
        assert!(
            (theta - (-2.0 - 4.0 / 2.75_f64.sqrt())).abs() < 1e-15,
            "{theta}"
        );
    }

    /// Momentum 0.5, α = 0.5, ε = 0, γ = 1, λ = 0.5, θ₀ = 2, gradients 1 then 1:
    /// step 1: g = 1 + 0.5·2 = 2; v = 2; b = 2/√2 = √2; θ₁ = 2 − √2
    /// step 2: g = 1 + 0.5·θ₁ = 2 − √2/2; v = 1 + 0.5·g²; b = √2/2 + g/√v; θ₂ = θ₁ − b
    #[test]
    fn momentum_and_weight_decay_by_hand() {
        let mut opt = RmsProp::new(1.0)
            .alpha(0.5)
            .eps(0.0)
            .momentum(0.5)
            .weight_decay(0.5);
        let mut theta = array![2.0_f64];
        opt.step(&mut theta, &array![1.0]);
        let theta1 = 2.0 - 2.0_f64.sqrt();
        assert!((theta[0] - theta1).abs() < 1e-15);
        opt.step(&mut theta, &array![1.0]);
        let g = 2.0 - 2.0_f64.sqrt() / 2.0;
        let v = 1.0 + 0.5 * g * g;
        let b = 2.0_f64.sqrt() / 2.0 + g / v.sqrt();
        assert!((theta[0] - (theta1 - b)).abs() < 1e-15, "{}", theta[0]);
    }

    /// Centered with momentum keeps three buffers per leaf and steps every leaf.
    #[test]
    fn centered_with_momentum_steps_every_leaf() {
        let mut opt = RmsProp::new(0.1).centered(true).momentum(0.9);
        let mut p = (array![[1.0_f32, 2.0]], 3.0_f32);
        for _ in 0..3 {
            opt.step(&mut p, &(array![[1.0, -1.0]], 0.5));
        }
        assert!(p.0[[0, 0]] < 1.0 && p.0[[0, 1]] > 2.0 && p.1 < 3.0);
    }
}
