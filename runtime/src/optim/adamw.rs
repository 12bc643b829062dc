//! AdamW: Adam with decoupled weight decay.

use super::adam::Moments;
use super::check_non_negative;
use crate::Params;

/// AdamW (Loshchilov & Hutter, 2019), as PyTorch's `torch.optim.AdamW` (without AMSGrad):
/// Adam whose weight decay shrinks the parameters directly instead of entering the gradient,
/// so that it is not rescaled by the moment estimates.
///
/// For each element, at step t = 1, 2, … with learning rate γ, betas β₁, β₂, epsilon ε and
/// weight decay λ:
///
/// ```text
/// θ ← θ − γ·λ·θ
/// m ← β₁·m + (1 − β₁)·g             (m and v start at 0)
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − γ·m̂ / (√v̂ + ε)
/// ```
///
/// The defaults are PyTorch's: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01.
///
/// ```
/// use adjoint_runtime::optim::AdamW;
///
/// // θ = 2 − 0.1·0.5·2 = 1.9, then the Adam step of a zero gradient does nothing.
/// let mut x = 2.0_f64;
/// AdamW::new(0.1).weight_decay(0.5).step(&mut x, &0.0);
/// assert!((x - 1.9).abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub struct AdamW {
    moments: Moments,
    weight_decay: f64,
}

/// # Construction
impl AdamW {
    /// AdamW at learning rate `lr`, with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and weight decay 0.01.
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// assert_eq!(AdamW::new(1e-3).lr(), 1e-3);
    /// ```
    #[track_caller]
    pub fn new(lr: f64) -> Self {
        AdamW {
            moments: Moments::new("AdamW", lr),
            weight_decay: 0.01,
        }
    }

    /// Sets the decay rates β₁ and β₂ of the first and second moment estimates.
    ///
    /// **Panics** if either is not in `[0, 1)`.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// let opt = AdamW::new(1e-3).betas(0.9, 0.95);
    /// ```
    #[track_caller]
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.moments.set_betas("AdamW", beta1, beta2);
        self
    }

    /// Sets ε, added to `√v̂` in the denominator (1e-8 by default).
    ///
    /// **Panics** if `eps` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// let opt = AdamW::new(1e-3).eps(1e-6);
    /// ```
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> Self {
        self.moments.set_eps("AdamW", eps);
        self
    }

    /// Sets the decoupled weight decay λ (0.01 by default): `θ ← θ − γ·λ·θ` at every step.
    ///
    /// **Panics** if `weight_decay` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// // No decay: the first step is γ·g/(|g| + ε), as Adam's.
    /// let mut x = 1.0_f64;
    /// AdamW::new(0.1).weight_decay(0.0).step(&mut x, &4.0);
    /// assert!((x - 0.9).abs() < 1e-8);
    /// ```
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        check_non_negative("AdamW", "weight decay", weight_decay);
        self.weight_decay = weight_decay;
        self
    }
}

/// # Stepping
impl AdamW {
    /// Updates `params` from `grads` (see [`AdamW`] for the rule); the first call creates
    /// the moment estimates.
    ///
    /// **Panics** if `grads` is not shaped like `params`, or if `params` are not shaped as on
    /// the first step.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// use ndarray::array;
    /// let mut w = array![1.0_f32, -1.0];
    /// AdamW::new(0.01).step(&mut w, &array![1.0, -1.0]);
    /// assert!(w[0] < 1.0 && w[1] > -1.0);
    /// ```
    #[track_caller]
    pub fn step<P: Params>(&mut self, params: &mut P, grads: &P) {
        self.moments
            .step("AdamW", params, grads, 0.0, self.weight_decay);
    }

    /// Forgets the moment estimates and the step count, so that the next step is a first
    /// step again (for a model whose shapes changed).
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// use ndarray::array;
    /// let mut opt = AdamW::new(0.1);
    /// opt.step(&mut array![1.0_f64], &array![1.0]);
    /// opt.reset();
    /// opt.step(&mut array![1.0_f64, 2.0], &array![1.0, 1.0]);
    /// ```
    pub fn reset(&mut self) {
        self.moments.reset();
    }
}

/// # Learning rate
impl AdamW {
    /// The learning rate of the next step.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// assert_eq!(AdamW::new(0.1).lr(), 0.1);
    /// ```
    pub fn lr(&self) -> f64 {
        self.moments.lr
    }

    /// Sets the learning rate of the following steps (the decay `γ·λ` follows it).
    ///
    /// **Panics** if `lr` is negative or not finite.
    ///
    /// ```
    /// use adjoint_runtime::optim::AdamW;
    /// let mut opt = AdamW::new(0.1);
    /// opt.set_lr(0.05);
    /// assert_eq!(opt.lr(), 0.05);
    /// ```
    #[track_caller]
    pub fn set_lr(&mut self, lr: f64) {
        self.moments.set_lr("AdamW", lr);
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::optim::Adam;

    /// γ = 0.1, λ = 0.01, θ₀ = 1, gradients 2 then −1:
    /// step 1: θ ← 1 − 0.1·0.01·1 = 0.999; m̂ = 2, v̂ = 4 (as Adam);
    ///         θ₁ = 0.999 − 0.1·2/(2 + 1e-8)
    /// step 2: θ ← θ₁·(1 − 0.001); m̂ = 0.08/0.19, v̂ = 0.004996/0.001999 (as Adam's test);
    ///         θ₂ = θ₁·0.999 − 0.1·m̂/(√v̂ + 1e-8)
    #[test]
    fn two_steps_by_hand() {
        let mut opt = AdamW::new(0.1);
        let mut theta = 1.0_f64;
        opt.step(&mut theta, &2.0);
        let theta1 = 0.999 - 0.1 * 2.0 / (2.0 + 1e-8);
        assert!((theta - theta1).abs() < 1e-15, "{theta} vs {theta1}");
        opt.step(&mut theta, &-1.0);
        let (m_hat, v_hat): (f64, f64) = (0.08 / 0.19, 0.004996 / 0.001999);
        let theta2 = theta1 * 0.999 - 0.1 * m_hat / (v_hat.sqrt() + 1e-8);
        assert!((theta - theta2).abs() < 1e-14, "{theta} vs {theta2}");
    }

    /// Decoupled decay differs from Adam's L2: with a zero gradient, Adam's λθ is normalized
    /// into a full step of γ, while AdamW shrinks θ by only γλθ.
    #[test]
    fn decay_is_decoupled_from_the_moments() {
        let mut adam = array![2.0_f64];
        Adam::new(0.1)
            .weight_decay(0.01)
            .step(&mut adam, &array![0.0]);
        let mut adamw = array![2.0_f64];
        AdamW::new(0.1)
            .weight_decay(0.01)
            .step(&mut adamw, &array![0.0]);
        assert!((adam[0] - 1.9).abs() < 1e-6, "{}", adam[0]);
        assert!(
            (adamw[0] - (2.0 - 0.1 * 0.01 * 2.0)).abs() < 1e-15,
            "{}",
            adamw[0]
        );
    }

    #[test]
    fn without_decay_it_is_adam() {
        let (mut a, mut b) = (array![1.0_f64, -3.0], array![1.0_f64, -3.0]);
        let (mut adam, mut adamw) = (Adam::new(0.05), AdamW::new(0.05).weight_decay(0.0));
        for g in [array![1.0, 2.0], array![-0.5, 0.1], array![3.0, -2.0]] {
            adam.step(&mut a, &g);
            adamw.step(&mut b, &g);
        }
        assert_eq!(a, b);
    }

    #[test]
    #[should_panic(
        expected = "adjoint: AdamW: the weight decay must be finite and non-negative, got -1"
    )]
    fn negative_decay_panics() {
        let _ = AdamW::new(0.1).weight_decay(-1.0);
    }
}
