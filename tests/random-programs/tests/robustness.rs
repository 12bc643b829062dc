//! Numerical robustness: saturating activations and losses at logits of ±1e4, `ln` and `sqrt`
//! at 0, NaN inputs, the checker's report of non-finite values, and f32 models against their
//! f64 twins.

use adjoint::check::{Checker, check_gradient};
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

// The twins take `$F:ident`: a `$F:ty` float parameter is an open bug
// (regressions/float_type_from_a_macro_fragment.rs).
macro_rules! saturating {
    ($m:ident, $F:ident) => {
        mod $m {
            use super::*;

            #[differentiable]
            pub fn softmax_of(z: &Array2<$F>) -> Array2<$F> {
                softmax(z)
            }
            #[differentiable]
            pub fn log_softmax_of(z: &Array2<$F>) -> Array2<$F> {
                log_softmax(z)
            }
            #[differentiable]
            pub fn cross_entropy(z: &Array2<$F>, labels: &Array1<usize>) -> $F {
                softmax_cross_entropy(z, labels)
            }
            #[differentiable]
            pub fn sigmoid_of(x: $F) -> $F {
                sigmoid(&x)
            }
            #[differentiable]
            pub fn sigmoid_sum(z: &Array2<$F>) -> $F {
                sigmoid(z).sum()
            }

            fn logits() -> Array2<$F> {
                array![[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4]]
            }

            fn all_finite(a: &Array2<$F>) -> bool {
                a.iter().all(|v| v.is_finite())
            }

            #[test]
            fn softmax_log_softmax_and_cross_entropy_at_1e4() {
                let z = logits();
                let c = array![[1.0, -2.0, 0.5], [0.25, 1.0, -1.0], [3.0, -0.5, 2.0]];
                let (p, dz) = softmax_of_vjp(&z, &c);
                assert!(all_finite(&p) && all_finite(&dz), "{p} {dz}");
                // Each row of softmax sums to 1; a saturated row is one-hot.
                assert_eq!(p.row(0).to_vec(), vec![1.0, 0.0, 0.0]);
                let (lp, dz) = log_softmax_of_vjp(&z, &c);
                // log_softmax is finite where softmax underflows: −2e4 and −1e4, not −inf.
                assert!(all_finite(&lp) && all_finite(&dz), "{lp} {dz}");
                assert_eq!(lp[[0, 1]], -2e4);
                // Both labels of the tied row 2 get −ln 2.
                assert!((lp[[2, 0]] + (2.0 as $F).ln()).abs() < 1e-3);
                // Against the right classes the loss is ~0, against the wrong ones ~1e4 each.
                let right = array![0, 2, 0];
                let (loss, dz) = cross_entropy_grad(&z, &right);
                assert!(loss.is_finite() && all_finite(&dz), "{loss} {dz}");
                assert!(loss < 1.0, "{loss}");
                let wrong = array![1, 0, 2];
                let (loss, dz) = cross_entropy_grad(&z, &wrong);
                assert!(loss.is_finite() && all_finite(&dz), "{loss} {dz}");
                // ∂/∂z = (softmax − onehot)/rows: bounded by 1/rows whatever the logits.
                assert!(dz.iter().all(|d| d.abs() <= 1.0 / 3.0 + 1e-6), "{dz}");
                // Each wrong row costs ~2e4: the gap between its largest logit and its label's.
                assert!((loss - 2e4).abs() / loss < 1e-3, "{loss}");
            }

            #[test]
            fn sigmoid_at_1e4() {
                // σ(1e4) = 1 and σ(−1e4) = 0 without overflow; σ' = σ(1 − σ) = 0.
                assert_eq!(sigmoid_of_grad(1e4), (1.0, 0.0));
                assert_eq!(sigmoid_of_grad(-1e4), (0.0, 0.0));
                let (value, dz) = sigmoid_sum_grad(&logits());
                assert!(value.is_finite() && all_finite(&dz));
                assert_eq!(value, 4.5);
            }
        }
    };
}

saturating!(f64s, f64);
saturating!(f32s, f32);

// ---------------------------------------------------------------------------------------------
// `ln` and `sqrt` at 0, and NaN

#[differentiable]
fn ln_of(x: f64) -> f64 {
    x.ln()
}

#[differentiable]
fn sqrt_of(x: f64) -> f64 {
    x.sqrt()
}

#[differentiable]
fn ln_sqrt_array(a: &Array1<f64>) -> Array1<f64> {
    a.ln() + a.sqrt()
}

/// IEEE 754 at 0: ln 0 = −∞ with d/dx ln x = 1/x = +∞; √0 = 0 with d/dx √x = 1/(2√x) = +∞.
#[test]
fn ln_and_sqrt_at_zero_follow_ieee() {
    assert_eq!(ln_of_grad(0.0), (f64::NEG_INFINITY, f64::INFINITY));
    assert_eq!(sqrt_of_grad(0.0), (0.0, f64::INFINITY));
    // −0 is 0 to the values; the derivatives are infinite, of either sign.
    let (value, d) = ln_of_grad(-0.0);
    assert!(value == f64::NEG_INFINITY && d.is_infinite(), "{value} {d}");
    let (value, d) = sqrt_of_grad(-0.0);
    assert!(value == 0.0 && d.is_infinite(), "{value} {d}");
    // Below 0 the values are NaN and nothing panics. The rule of ln is 1/x, which does not
    // look at the value: −1 at −1. The rule of sqrt is 1/(2√x), NaN with its value.
    let (value, d) = ln_of_grad(-1.0);
    assert!(value.is_nan() && d == -1.0, "{value} {d}");
    let (value, d) = sqrt_of_grad(-1.0);
    assert!(value.is_nan() && d.is_nan(), "{value} {d}");
    // Element-wise on arrays: only the element at 0 is infinite.
    let (value, d) = ln_sqrt_array_vjp(&array![0.0, 1.0, 4.0], &array![1.0, 1.0, 1.0]);
    assert_eq!(value[0], f64::NEG_INFINITY);
    assert_eq!(d[0], f64::INFINITY);
    assert_eq!(
        value.slice(adjoint::ndarray::s![1..]).to_vec(),
        vec![0.0 + 1.0, 4.0_f64.ln() + 2.0]
    );
    assert_eq!(
        d.slice(adjoint::ndarray::s![1..]).to_vec(),
        vec![1.0 + 0.5, 0.25 + 0.25]
    );
}

#[differentiable]
fn two_paths(x: f64, y: f64) -> f64 {
    x * y + y.exp()
}

#[differentiable]
fn rows(z: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
    softmax(&z.dot(w))
}

/// A NaN input gives NaN where it flows and nowhere else, and no panic.
#[test]
fn nan_inputs_propagate_without_panics() {
    // f = x·y + eʸ: ∂f/∂x = y does not see x, ∂f/∂y = x + eʸ does.
    let (value, (dx, dy)) = two_paths_grad(f64::NAN, 0.5);
    assert!(value.is_nan());
    assert_eq!(dx, 0.5);
    assert!(dy.is_nan());
    // A NaN in the first row of z poisons the first row of softmax(z·w) and the first row of
    // the VJP for z, every element of the VJP for w, and nothing in the second rows.
    let z = array![[f64::NAN, 1.0], [0.5, -0.5]];
    let w = array![[1.0, 2.0, 0.0], [0.5, -1.0, 1.0]];
    let c = Array2::from_elem((2, 3), 1.0) + array![[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]];
    let (out, (dz, dw)) = rows_vjp(&z, &w, &c);
    assert!(out.row(0).iter().all(|v| v.is_nan()));
    assert!(out.row(1).iter().all(|v| v.is_finite()));
    assert!(dz.row(0).iter().all(|v| v.is_nan()));
    assert!(dz.row(1).iter().all(|v| v.is_finite()));
    assert!(dw.iter().all(|v| v.is_nan()));
    // relu, abs, max and min of NaN do not panic either.
    let _ = relu_abs_max_grad(f64::NAN, 1.0);
}

#[differentiable]
fn relu_abs_max(x: f64, y: f64) -> f64 {
    relu(&x) + x.abs() + x.max(y) + y.min(x)
}

// ---------------------------------------------------------------------------------------------
// The checker and non-finite values

#[test]
fn the_checker_names_a_non_finite_analytic_gradient() {
    let report = check_gradient(|x: &f64| x.ln(), &0.5, &f64::NAN);
    assert!(!report.is_ok());
    let text = report.to_string();
    assert!(text.contains("analytic gradient is NaN"), "{text}");
}

#[test]
fn the_checker_names_a_non_finite_numeric_derivative() {
    // ln at 0: ln(−h) is NaN, so the central difference is NaN.
    let (_, analytic) = ln_of_grad(0.0);
    let report = check_gradient(|x: &f64| ln_of(*x), &0.0, &analytic);
    assert!(!report.is_ok());
    let text = report.to_string();
    assert!(text.contains("analytic gradient is inf"), "{text}");
    let report = check_gradient(|x: &f64| ln_of(*x), &0.0, &1.0);
    let text = report.to_string();
    assert!(
        text.contains("numeric derivative is NaN: f is not finite near the point"),
        "{text}"
    );
}

#[test]
#[should_panic(expected = "cannot check a gradient at a non-finite point: `x`")]
fn the_checker_refuses_a_non_finite_point() {
    Checker::new()
        .names(["x"])
        .check_gradient(|x: &f64| x * 2.0, &f64::NAN, &2.0);
}

// ---------------------------------------------------------------------------------------------
// f32 models against their f64 twins

macro_rules! mlp {
    ($m:ident, $F:ident) => {
        mod $m {
            use super::*;

            #[derive(Params, Clone, Debug)]
            pub struct Mlp {
                pub w1: Array2<$F>,
                pub b1: Array1<$F>,
                pub w2: Array2<$F>,
                pub b2: Array1<$F>,
            }

            #[differentiable(wrt(m))]
            pub fn loss(m: &Mlp, x: &Array2<$F>, labels: &Array1<usize>) -> $F {
                let h = (x.dot(&m.w1) + &m.b1).tanh();
                let logits = h.dot(&m.w2) + &m.b2;
                softmax_cross_entropy(&logits, labels) + 0.01 * (&m.w1 * &m.w1).sum()
            }
        }
    };
}

mlp!(mlp32, f32);
mlp!(mlp64, f64);

fn deterministic(shape: (usize, usize), seed: u64) -> Array2<f64> {
    Array2::from_shape_fn(shape, |(i, j)| {
        let k = (i * 31 + j * 17) as u64 + seed * 101;
        ((k.wrapping_mul(2_654_435_761) % 2000) as f64 / 1000.0 - 1.0) * 0.8
    })
}

/// The tolerance stated for f32 against f64: the loss to a relative 1e-5, each gradient
/// element to 1e-4 of the largest element of its parameter (f32 rounding, ε ≈ 1.2e-7, grown
/// through a few hundred operations).
#[test]
fn f32_models_agree_with_their_f64_twins() {
    let (x, labels) = (deterministic((8, 5), 1), array![0, 2, 1, 1, 0, 2, 2, 1]);
    let m64 = mlp64::Mlp {
        w1: deterministic((5, 6), 2),
        b1: deterministic((1, 6), 3).row(0).to_owned(),
        w2: deterministic((6, 3), 4),
        b2: deterministic((1, 3), 5).row(0).to_owned(),
    };
    let narrow = |a: &Array2<f64>| a.mapv(|v| v as f32);
    let narrow1 = |a: &Array1<f64>| a.mapv(|v| v as f32);
    let m32 = mlp32::Mlp {
        w1: narrow(&m64.w1),
        b1: narrow1(&m64.b1),
        w2: narrow(&m64.w2),
        b2: narrow1(&m64.b2),
    };
    let (l64, g64) = mlp64::loss_grad(&m64, &x, &labels);
    let (l32, g32) = mlp32::loss_grad(&m32, &narrow(&x), &labels);
    assert!(
        (f64::from(l32) - l64).abs() <= 1e-5 * l64.abs(),
        "{l32} vs {l64}"
    );
    let agree = |name: &str, a: Vec<f32>, b: Vec<f64>| {
        let scale = b.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        for (i, (a, b)) in a.iter().zip(&b).enumerate() {
            assert!(
                (f64::from(*a) - b).abs() <= 1e-4 * scale,
                "{name}[{i}]: f32 {a} vs f64 {b}"
            );
        }
    };
    agree(
        "w1",
        g32.w1.iter().copied().collect(),
        g64.w1.iter().copied().collect(),
    );
    agree("b1", g32.b1.to_vec(), g64.b1.to_vec());
    agree(
        "w2",
        g32.w2.iter().copied().collect(),
        g64.w2.iter().copied().collect(),
    );
    agree("b2", g32.b2.to_vec(), g64.b2.to_vec());
}
