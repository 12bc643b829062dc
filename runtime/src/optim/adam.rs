//! Adam, and the moment estimates it shares with AdamW.

use ndarray::Zip;

use super::state::LeafBuffers;
use super::{check_non_negative, check_unit};
use crate::{Float, Params};

/// Adam (Kingma & Ba, 2015), as PyTorch's `torch.optim.Adam` (without AMSGrad).
///
/// For each element, at step t = 1, 2, … with learning rate γ, betas β₁, β₂, epsilon ε and
/// weight decay λ (an L2 penalty, added to the gradient; see [`AdamW`](super::AdamW) for the
/// decoupled kind):
///
/// ```text
/// g ← g + λ·θ                       (if λ ≠ 0)
/// m ← β₁·m + (1 − β₁)·g             (m and v start at 0)
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − γ·m̂ / (√v̂ + ε)
/// ```
///
/// The defaults are PyTorch's: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.
///
/// ```
/// use adjoint_runtime::optim::Adam;
/// use ndarray::array;
///
/// // The first step moves every element by γ against the sign of its gradient:
/// // m̂ = g, v̂ = g², so γ·m̂ / (√v̂ + ε) = γ·g / (|g| + ε).
/// let mut w = array![1.0_f64, 1.0];
/// Adam::new(0.1).step(&mut w, &array![3.0, -0.5]);
/// assert!((w[0] - 0.9).abs() < 1e-8 && (w[1] - 1.1).abs() < 1e-8);
/// ```
#[derive(Clone, Debug)]
pub struct Adam {
    moments: Moments,
    weight_decay: f64,
}

/// # Construction
impl Adam {
    /// Adam at learning rate `lr`, with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// let opt = Adam::new(1e-3);
    /// assert_eq!(opt.lr(), 1e-3);
    /// ```
    #[track_caller]
    pub fn new(lr: f64) -> Self {
        Adam {
            moments: Moments::new("Adam", lr),
            weight_decay: 0.0,
        }
    }

    /// Sets the decay rates β₁ and β₂ of the first and second moment estimates.
    ///
    /// **Panics** if either is not in `[0, 1)`.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// let opt = Adam::new(1e-3).betas(0.8, 0.99);
    /// ```
    #[track_caller]
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.moments.set_betas("Adam", beta1, beta2);
        self
    }

    /// Sets ε, added to `√v̂` in the denominator (1e-8 by default).
    ///
    /// **Panics** if `eps` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// let opt = Adam::new(1e-3).eps(1e-6);
    /// ```
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> Self {
        self.moments.set_eps("Adam", eps);
        self
    }

    /// Sets the weight decay λ, an L2 penalty added to the gradient before the moments
    /// (`g ← g + λ·θ`); [`AdamW`](super::AdamW) decouples it instead.
    ///
    /// **Panics** if `weight_decay` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// // g = 0 + 0.5·2 = 1: the first step moves θ by γ = 0.1 against it
    /// let mut x = 2.0_f64;
    /// Adam::new(0.1).weight_decay(0.5).step(&mut x, &0.0);
    /// assert!((x - 1.9).abs() < 1e-7);
    /// ```
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        check_non_negative("Adam", "weight decay", weight_decay);
        self.weight_decay = weight_decay;
        self
    }
}

/// # Stepping
impl Adam {
    /// Updates `params` from `grads` (see [`Adam`] for the rule); the first call creates the
    /// moment estimates.
    ///
    /// **Panics** if `grads` is not shaped like `params`, or if `params` are not shaped as on
    /// the first step.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// use ndarray::array;
    /// let mut p = (array![[1.0_f32, 2.0]], 0.5_f32);
    /// let mut opt = Adam::new(0.01);
    /// opt.step(&mut p, &(array![[1.0, -1.0]], 2.0));
    /// assert!(p.0[[0, 0]] < 1.0 && p.0[[0, 1]] > 2.0 && p.1 < 0.5);
    /// ```
    #[track_caller]
    pub fn step<P: Params>(&mut self, params: &mut P, grads: &P) {
        self.moments
            .step("Adam", params, grads, self.weight_decay, 0.0);
    }

    /// Forgets the moment estimates and the step count, so that the next step is a first
    /// step again (for a model whose shapes changed).
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// let mut opt = Adam::new(0.1);
    /// opt.step(&mut 1.0_f64, &1.0);
    /// opt.reset();
    /// let mut x = 1.0_f64;
    /// opt.step(&mut x, &1.0);
    /// assert!((x - 0.9).abs() < 1e-7);
    /// ```
    pub fn reset(&mut self) {
        self.moments.reset();
    }
}

/// # Learning rate
impl Adam {
    /// The learning rate of the next step.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// assert_eq!(Adam::new(0.1).lr(), 0.1);
    /// ```
    pub fn lr(&self) -> f64 {
        self.moments.lr
    }

    /// Sets the learning rate of the following steps.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::Adam;
    /// let mut opt = Adam::new(0.1);
    /// opt.set_lr(0.05);
    /// assert_eq!(opt.lr(), 0.05);
    /// ```
    #[track_caller]
    pub fn set_lr(&mut self, lr: f64) {
        self.moments.set_lr("Adam", lr);
    }
}

/// The bias-corrected moment estimates of Adam and AdamW, and their hyperparameters.
#[derive(Clone, Debug)]
pub(super) struct Moments {
    pub(super) lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    /// The steps taken: t of the last step.
    steps: u64,
    /// `m` and `v` of every leaf.
    state: LeafBuffers,
}

impl Moments {
    #[track_caller]
    pub(super) fn new(optimizer: &str, lr: f64) -> Self {
        check_non_negative(optimizer, "learning rate", lr);
        Moments {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            steps: 0,
            state: LeafBuffers::default(),
        }
    }

    #[track_caller]
    pub(super) fn set_lr(&mut self, optimizer: &str, lr: f64) {
        check_non_negative(optimizer, "learning rate", lr);
        self.lr = lr;
    }

    #[track_caller]
    pub(super) fn set_betas(&mut self, optimizer: &str, beta1: f64, beta2: f64) {
        check_unit(optimizer, "beta1", beta1);
        check_unit(optimizer, "beta2", beta2);
        (self.beta1, self.beta2) = (beta1, beta2);
    }

    #[track_caller]
    pub(super) fn set_eps(&mut self, optimizer: &str, eps: f64) {
        check_non_negative(optimizer, "epsilon", eps);
        self.eps = eps;
    }

    pub(super) fn reset(&mut self) {
        self.steps = 0;
        self.state.reset();
    }

    /// One step: `coupled` is Adam's L2 weight decay (added to `g`), `decoupled` AdamW's
    /// (`θ ← θ − γλθ` before the moment update).
    #[track_caller]
    pub(super) fn step<P: Params>(
        &mut self,
        optimizer: &str,
        params: &mut P,
        grads: &P,
        coupled: f64,
        decoupled: f64,
    ) {
        let t = self.steps + 1;
        let (lr, beta1, beta2, eps) = (self.lr, self.beta1, self.beta2, self.eps);
        let correction1 = 1.0 - beta1.powf(t as f64);
        let correction2 = 1.0 - beta2.powf(t as f64);
        self.state
            .for_each_leaf(optimizer, 2, params, grads, |param, grad, buffers| {
                let [m, v] = buffers else {
                    unreachable!("Adam keeps two buffers per leaf")
                };
                Zip::from(param)
                    .and(&grad)
                    .and(m)
                    .and(v)
                    .for_each(|p, &g, m, v| {
                        let theta = p.to_f64_exact();
                        let g = g.to_f64_exact() + coupled * theta;
                        let theta = theta - lr * decoupled * theta;
                        *m = beta1 * *m + (1.0 - beta1) * g;
                        *v = beta2 * *v + (1.0 - beta2) * g * g;
                        let m_hat = *m / correction1;
                        let v_hat = *v / correction2;
                        *p = P::Elem::from_f64_lossy(theta - lr * m_hat / (v_hat.sqrt() + eps));
                    });
            });
        self.steps = t;
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// γ = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, θ₀ = 1, gradients 2 then −1 (f64):
    /// step 1: m = 0.1·2 = 0.2, v = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4;
    ///         θ₁ = 1 − 0.1·2/(2 + 1e-8) ≈ 0.9 + 5e-10 (ε shortens the step by a factor 1 − ε/2)
    /// step 2: m = 0.9·0.2 + 0.1·(−1) = 0.08, v = 0.999·0.004 + 0.001·1 = 0.004996;
    ///         m̂ = 0.08/(1 − 0.81) = 0.08/0.19, v̂ = 0.004996/(1 − 0.998001) = 0.004996/0.001999;
    ///         θ₂ = θ₁ − 0.1·m̂/(√v̂ + 1e-8)
    #[test]
    fn two_steps_by_hand() {
        let mut opt = Adam::new(0.1);
        let mut theta = 1.0_f64;
        opt.step(&mut theta, &2.0);
        let theta1 = 1.0 - 0.1 * 2.0 / (2.0 + 1e-8);
        assert!((theta - theta1).abs() < 1e-15, "{theta}");
        assert!((theta - 0.9).abs() < 1e-9);
        opt.step(&mut theta, &-1.0);
        let (m_hat, v_hat): (f64, f64) = (0.08 / 0.19, 0.004996 / 0.001999);
        let theta2 = theta1 - 0.1 * m_hat / (v_hat.sqrt() + 1e-8);
        assert!((theta - theta2).abs() < 1e-14, "{theta} vs {theta2}");
        // m̂ ≈ 0.421053, √v̂ ≈ 1.580907: θ₂ ≈ 0.9 − 0.026634 = 0.873366
        assert!((theta - 0.873366).abs() < 1e-6, "{theta}");
    }

    /// With λ = 0.1 the gradient becomes 2 + 0.1·1 = 2.1 and the first step is still
    /// γ·2.1/(2.1 + ε): θ₁ = 1 − 0.1·2.1/(2.1 + 1e-8).
    #[test]
    fn weight_decay_is_added_to_the_gradient() {
        let mut theta = array![1.0_f64];
        Adam::new(0.1)
            .weight_decay(0.1)
            .step(&mut theta, &array![2.0]);
        assert!((theta[0] - (1.0 - 0.1 * 2.1 / (2.1 + 1e-8))).abs() < 1e-15);
        // Against the gradient's sign: a negative gradient of −0.05 becomes +0.05.
        let mut theta = array![1.0_f64];
        Adam::new(0.1)
            .weight_decay(0.1)
            .step(&mut theta, &array![-0.05]);
        assert!((theta[0] - (1.0 - 0.1 * 0.05 / (0.05 + 1e-8))).abs() < 1e-15);
    }

    /// β₁ = 0.5, β₂ = 0.75, ε = 0, γ = 1, θ₀ = 0, gradients 1 then 3:
    /// step 1: m = 0.5, v = 0.25; m̂ = 1, v̂ = 1; θ₁ = −1
    /// step 2: m = 0.25 + 1.5 = 1.75, v = 0.1875 + 2.25 = 2.4375;
    ///         m̂ = 1.75/0.75 = 7/3, v̂ = 2.4375/0.4375 = 39/7; θ₂ = −1 − (7/3)/√(39/7)
    #[test]
    fn custom_betas_and_eps_by_hand() {
        let mut opt = Adam::new(1.0).betas(0.5, 0.75).eps(0.0);
        let mut theta = 0.0_f64;
        opt.step(&mut theta, &1.0);
        assert_eq!(theta, -1.0);
        opt.step(&mut theta, &3.0);
        let expected = -1.0 - (7.0 / 3.0) / (39.0_f64 / 7.0).sqrt();
        assert!((theta - expected).abs() < 1e-14, "{theta} vs {expected}");
    }

    /// f32 parameters: computed in f64, rounded once per step.
    #[test]
    fn f32_parameters_follow_the_f64_computation() {
        let mut narrow = array![1.0_f32, -2.0];
        let mut wide = array![1.0_f64, -2.0];
        let (mut a, mut b) = (Adam::new(0.01), Adam::new(0.01));
        for g in [[0.5, -1.0], [0.25, 2.0], [-1.0, 0.0]] {
            a.step(&mut narrow, &array![g[0] as f32, g[1] as f32]);
            b.step(&mut wide, &array![g[0], g[1]]);
        }
        for (n, w) in narrow.iter().zip(&wide) {
            assert!((f64::from(*n) - w).abs() < 1e-6, "{n} vs {w}");
        }
    }

    #[test]
    fn reset_restarts_the_step_count() {
        let mut opt = Adam::new(0.1);
        let mut x = 0.0_f64;
        opt.step(&mut x, &1.0);
        opt.step(&mut x, &1.0);
        opt.reset();
        let mut y = 0.0_f64;
        opt.step(&mut y, &5.0);
        assert!((y + 0.1).abs() < 1e-9, "{y}");
    }

    #[test]
    #[should_panic(
        expected = "adjoint: Adam: parameter `1` has shape [3], but parameter `1` had shape [2]"
    )]
    fn shape_change_panics() {
        let mut opt = Adam::new(0.1);
        opt.step(&mut (1.0_f64, array![1.0, 2.0]), &(1.0, array![1.0, 1.0]));
        opt.step(
            &mut (1.0_f64, array![1.0, 2.0, 3.0]),
            &(1.0, array![1.0, 1.0, 1.0]),
        );
    }

    #[test]
    #[should_panic(expected = "adjoint: Adam: beta2 must be in [0, 1), got 1")]
    fn beta_of_one_panics() {
        let _ = Adam::new(0.1).betas(0.9, 1.0);
    }
}
