//! `NAME_jvp`: the value and the directional derivative, checked against central differences of
//! `NAME` along the direction and against the gradient (⟨∇f, v⟩ for a float output).

use adjoint::check::check_jvp;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::nn::{Dense, dense};
use adjoint::prelude::*;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

#[differentiable]
fn scalar(x: f64, y: f64) -> f64 {
    let t = x * y + x.sin();
    (t * t).ln() + y.powi(3) / x
}

#[test]
fn scalar_tangent_matches_differences_and_gradient() {
    let (x, y, dx, dy) = (0.7, -1.3, 0.4, 2.0);
    let (value, tangent) = scalar_jvp(x, y, dx, dy);
    assert_eq!(value, scalar(x, y));
    let (_, (gx, gy)) = scalar_grad(x, y);
    assert!(close(tangent, gx * dx + gy * dy, 1e-12), "{tangent}");
    let report = check_jvp(
        |p: &(f64, f64)| scalar(p.0, p.1),
        &(x, y),
        &(dx, dy),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
}

#[differentiable]
fn broadcast(a: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    let z = a * b + 1.0;
    z.exp() / (a.t().dot(a).sum() + 2.0)
}

#[test]
fn array_tangent_with_broadcasting() {
    let a = array![[0.1, -0.2, 0.3], [0.5, 0.4, -0.6]];
    let b = array![0.3, -0.7, 1.1];
    let da = array![[1.0, 0.5, -0.5], [0.2, -0.3, 0.9]];
    let db = array![-0.4, 0.8, 0.1];
    let (value, tangent) = broadcast_jvp(&a, &b, &da, &db);
    assert_eq!(value, broadcast(&a, &b));
    let report = check_jvp(
        |p: &(Array2<f64>, Array1<f64>)| broadcast(&p.0, &p.1),
        &(a.clone(), b.clone()),
        &(da.clone(), db.clone()),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
}

#[derive(Clone, Params)]
struct Mlp {
    l1: Dense<f64>,
    l2: Dense<f64>,
    #[params(skip)]
    scale: f64,
}

impl Mlp {
    #[differentiable(wrt(self))]
    fn loss(&self, x: &Array2<f64>) -> f64 {
        let h = sigmoid(&dense(&self.l1, x));
        let y = dense(&self.l2, &h);
        mean(&(&y * &y)) * self.scale
    }
}

#[test]
fn method_of_a_model_calls_runtime_functions() {
    let mut rng = adjoint::init::rng(3);
    let m = Mlp {
        l1: Dense::new(3, 4, &mut rng),
        l2: Dense::new(4, 2, &mut rng),
        scale: 1.5,
    };
    let mut dm = Mlp {
        l1: Dense::new(3, 4, &mut rng),
        l2: Dense::new(4, 2, &mut rng),
        // A constant field carries no derivative, whatever the tangent holds there.
        scale: 100.0,
    };
    let x = array![[0.2, -0.1, 0.4], [1.0, 0.3, -0.5]];
    let (value, tangent) = m.loss_jvp(&x, &dm);
    assert_eq!(value, m.loss(&x));
    let (_, g) = m.loss_grad(&x);
    let mut dot = 0.0;
    let mut g_leaves = Vec::new();
    g.visit("", &mut |_, leaf| g_leaves.push(leaf.to_owned()));
    let mut i = 0;
    dm.visit("", &mut |_, leaf| {
        dot += (&g_leaves[i] * &leaf).sum();
        i += 1;
    });
    assert!(close(tangent, dot, 1e-12), "{tangent} vs {dot}");
    dm.scale = 1.5;
    let report = check_jvp(|p: &Mlp| p.loss(&x), &m, &dm, &tangent);
    assert!(report.is_ok(), "{report}");
}

#[differentiable]
fn looped(x: &Array1<f64>, steps: usize) -> f64 {
    let mut h = x.to_owned();
    let mut total = 0.0;
    for i in 0..steps {
        h = (&h * 0.9).tanh() + x;
        if i % 2 == 0 {
            total += h.sum();
        } else {
            total *= 0.5;
        }
    }
    total
}

#[test]
fn loops_and_branches_carry_tangents() {
    let x = array![0.3, -0.2, 0.8];
    let dx = array![1.0, 0.5, -2.0];
    let (value, tangent) = looped_jvp(&x, 5, &dx);
    assert_eq!(value, looped(&x, 5));
    let (_, g) = looped_grad(&x, 5);
    assert!(close(tangent, (&g * &dx).sum(), 1e-12));
    let report = check_jvp(|p: &Array1<f64>| looped(p, 5), &x, &dx, &tangent);
    assert!(report.is_ok(), "{report}");
}

#[differentiable(wrt(w))]
fn single(w: &Array2<f32>, x: &Array2<f32>) -> f32 {
    mse(&x.dot(w), &Array2::<f32>::zeros((2, 2)))
}

#[test]
fn f32_with_wrt() {
    let w = array![[0.1_f32, 0.2], [-0.3, 0.4]];
    let x = array![[1.0_f32, 2.0], [0.5, -1.0]];
    let dw = array![[0.5_f32, -1.0], [1.0, 0.25]];
    let (value, tangent) = single_jvp(&w, &x, &dw);
    assert_eq!(value, single(&w, &x));
    let report = check_jvp(|p: &Array2<f32>| single(p, &x), &w, &dw, &tangent);
    assert!(report.is_ok(), "{report}");
}

/// `ln(1 + eˣ)` with hand-written rules in both modes.
#[differentiable(vjp = softplus_vjp_rule, jvp = softplus_jvp_rule)]
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

fn softplus_vjp_rule(x: &f64, _out: &f64, g: &f64) -> f64 {
    g * sigmoid(x)
}

fn softplus_jvp_rule(x: &f64, dx: f64) -> (f64, f64) {
    (softplus(*x), sigmoid(x) * dx)
}

#[differentiable]
fn uses_softplus(x: f64, y: f64) -> f64 {
    softplus(x * y) + softplus(-y)
}

#[test]
fn custom_forward_rules_are_used_by_callers() {
    let (value, tangent) = uses_softplus_jvp(0.7, -1.3, 1.0, 0.5);
    assert_eq!(value, uses_softplus(0.7, -1.3));
    let report = check_jvp(
        |p: &(f64, f64)| uses_softplus(p.0, p.1),
        &(0.7, -1.3),
        &(1.0, 0.5),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
    assert_eq!(softplus_jvp(1000.0, 2.0), (1000.0, 2.0));
}

/// A rule for reverse mode only.
#[differentiable(vjp = reverse_only_rule)]
fn reverse_only(x: f64) -> f64 {
    x * x
}

fn reverse_only_rule(x: &f64, _out: &f64, g: &f64) -> f64 {
    2.0 * x * g
}

#[differentiable]
fn calls_reverse_only(x: f64) -> f64 {
    reverse_only(x) + 1.0
}

#[test]
fn forward_mode_through_a_reverse_only_rule_says_what_is_missing() {
    assert_eq!(calls_reverse_only_grad(3.0), (10.0, 6.0));
    let panic = std::panic::catch_unwind(|| calls_reverse_only_jvp(3.0, 1.0)).unwrap_err();
    let message = panic
        .downcast_ref::<&str>()
        .map(|m| m.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(
        message.contains("`reverse_only` has a hand-written `vjp` rule"),
        "{message}"
    );
    assert!(message.contains("jvp ="), "{message}");
}

/// A loop that overwrites a differentiated variable with a constant: its tangent becomes zero
/// inside the loop's body.
#[differentiable]
fn overwritten_by_a_constant(x: f64, n: usize) -> f64 {
    let mut v = x;
    for i in 0..n {
        v = (i as f64) * 0.25;
    }
    v * x
}

#[test]
fn loop_carry_overwritten_by_a_constant() {
    for (n, slope, curvature) in [(0, 4.0, 2.0), (3, 0.5, 0.0)] {
        let (value, tangent) = overwritten_by_a_constant_jvp(2.0, n, 1.0);
        assert_eq!(value, overwritten_by_a_constant(2.0, n));
        assert_eq!(tangent, slope);
        let (_, gradient, hv) = overwritten_by_a_constant_hvp(2.0, n, 1.0);
        assert_eq!((gradient, hv), (slope, curvature));
    }
}
