//! Gradient clipping by global norm.

use crate::{Float, Params};

/// Scales `grads` down so that their global norm (the Euclidean norm of all leaves together)
/// is at most `max_norm`, and returns the norm before clipping, as PyTorch's
/// `clip_grad_norm_`.
///
/// With `n = √(Σ g²)` over every element of every leaf, each element is multiplied by
/// `max_norm / (n + 1e-6)` when that is below 1, and left alone otherwise. If `n` is not
/// finite, `grads` are left unchanged, so the caller can see the norm and skip the step.
///
/// **Panics** if `max_norm` is negative or NaN.
///
/// ```
/// use adjoint_runtime::optim::clip_grad_norm;
/// use ndarray::array;
///
/// // ‖(3, 4)‖ = 5 → scaled by 1/(5 + 1e-6), to a norm just under 1
/// let mut grads = (array![3.0_f64], 4.0_f64);
/// let norm = clip_grad_norm(&mut grads, 1.0);
/// assert_eq!(norm, 5.0);
/// assert!((grads.0[0] - 0.6).abs() < 1e-6 && (grads.1 - 0.8).abs() < 1e-6);
///
/// // already within the bound: unchanged
/// let mut small = array![0.3_f32, 0.4];
/// assert!((clip_grad_norm(&mut small, 1.0) - 0.5).abs() < 1e-7);
/// assert_eq!(small, array![0.3, 0.4]);
/// ```
#[track_caller]
pub fn clip_grad_norm<P: Params>(grads: &mut P, max_norm: f64) -> f64 {
    assert!(
        max_norm >= 0.0,
        "adjoint: clip_grad_norm: the maximum norm must be non-negative, got {max_norm}"
    );
    let mut squares = 0.0;
    grads.visit("", &mut |_, leaf| {
        squares += leaf.iter().map(|g| g.to_f64_exact().powi(2)).sum::<f64>();
    });
    let norm = squares.sqrt();
    let scale = max_norm / (norm + 1e-6);
    if norm.is_finite() && scale < 1.0 {
        grads.visit_mut("", &mut |_, mut leaf| {
            leaf.mapv_inplace(|g| P::Elem::from_f64_lossy(g.to_f64_exact() * scale));
        });
    }
    norm
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    /// Leaves (1, 2), 2 and [[4]]: ‖·‖ = √(1 + 4 + 4 + 16) = 5; to max 2.5 each element is
    /// scaled by 2.5/(5 + 1e-6), so the clipped norm is 2.5·5/(5 + 1e-6) ≈ 2.5 − 5e-7.
    #[test]
    fn clips_the_global_norm_of_all_leaves() {
        let mut grads = (array![1.0_f64, 2.0], 2.0_f64, array![[4.0_f64]]);
        let norm = clip_grad_norm(&mut grads, 2.5);
        assert_eq!(norm, 5.0);
        let scale = 2.5 / (5.0 + 1e-6);
        assert_eq!(grads.0, array![scale, 2.0 * scale]);
        assert_eq!(grads.1, 2.0 * scale);
        assert_eq!(grads.2, array![[4.0 * scale]]);
        let after = clip_grad_norm(&mut grads, 2.5);
        assert!((after - 2.5).abs() < 1e-6 && after < 2.5);
    }

    #[test]
    fn leaves_small_gradients_alone() {
        let mut grads = vec![array![0.1_f32, 0.2], array![0.2, 0.0]];
        let before = grads.clone();
        let norm = clip_grad_norm(&mut grads, 1.0);
        assert!((norm - 0.3).abs() < 1e-7);
        assert_eq!(grads, before);
    }

    #[test]
    fn zero_max_norm_zeroes_the_gradient() {
        let mut grads = array![1.0_f64, -1.0];
        assert_eq!(clip_grad_norm(&mut grads, 0.0), 2.0_f64.sqrt());
        assert_eq!(grads, array![0.0, 0.0]);
    }

    #[test]
    fn non_finite_norm_leaves_the_gradient_unchanged() {
        let mut grads = array![f64::INFINITY, 1.0];
        assert_eq!(clip_grad_norm(&mut grads, 1.0), f64::INFINITY);
        assert_eq!(grads, array![f64::INFINITY, 1.0]);
        let mut grads = array![f64::NAN, 1.0];
        assert!(clip_grad_norm(&mut grads, 1.0).is_nan());
    }
}
