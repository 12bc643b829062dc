//! Whole models differentiated by `#[differentiable]`, each checked three ways: `NAME_grad`
//! against central differences, `NAME_vjp` with random cotangents against `check_vjp`, and
//! `NAME(args)` against the value the generated functions return.

use adjoint::check::{Checker, check_gradient, check_vjp};
use adjoint::ndarray::{Array, Array1, Array2, ArrayView2, Axis, Dimension, array};
use adjoint::prelude::*;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// SplitMix64: a tiny deterministic generator, so every run checks the same points.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[-1, 1)`.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    fn scalar<F: Float>(&mut self) -> F {
        F::from_f64_lossy(self.uniform())
    }

    fn array1<F: Float>(&mut self, n: usize) -> Array1<F> {
        Array1::from_shape_fn(n, |_| self.scalar())
    }

    fn array2<F: Float>(&mut self, rows: usize, cols: usize) -> Array2<F> {
        Array2::from_shape_fn((rows, cols), |_| self.scalar())
    }

    /// Class labels in `0..classes`.
    fn labels(&mut self, n: usize, classes: usize) -> Array1<usize> {
        Array1::from_shape_fn(n, |_| (self.next_u64() % classes as u64) as usize)
    }

    /// Binary targets, `0` or `1`, as floats.
    fn bits<F: Float>(&mut self, n: usize) -> Array1<F> {
        Array1::from_shape_fn(n, |_| {
            F::from_f64_lossy(if self.next_u64() % 2 == 0 { 0.0 } else { 1.0 })
        })
    }
}

/// Casts an `f32` array to `f64`, for comparing a model with its `f64` twin.
fn widen<D: Dimension>(a: &Array<f32, D>) -> Array<f64, D> {
    a.mapv(f64::from)
}

/// Narrows an `f64` array to `f32`.
fn narrow<D: Dimension>(a: &Array<f64, D>) -> Array<f32, D> {
    a.mapv(|v| v as f32)
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol * expected.abs().max(1.0),
        "{actual} is not within {tol} of {expected}"
    );
}

#[track_caller]
fn assert_all_close<D: Dimension>(actual: &Array<f64, D>, expected: &Array<f64, D>, tol: f64) {
    assert_eq!(actual.shape(), expected.shape());
    for (a, e) in actual.iter().zip(expected) {
        assert_close(*a, *e, tol);
    }
}

/// Redraws `draw` until every pre-activation is at least `margin` away from the kink of `relu`,
/// so that central differences with the checker's step do not straddle it.
fn away_from_kinks<T>(mut draw: impl FnMut() -> T, pre: impl Fn(&T) -> f64, margin: f64) -> T {
    for _ in 0..1000 {
        let candidate = draw();
        if pre(&candidate) > margin {
            return candidate;
        }
    }
    panic!("no draw kept the pre-activations {margin} away from 0")
}

fn min_abs<D: Dimension>(a: &Array<f64, D>) -> f64 {
    a.iter().fold(f64::INFINITY, |m, v| m.min(v.abs()))
}

// ---------------------------------------------------------------------------------------------
// 1. Rosenbrock
// ---------------------------------------------------------------------------------------------

#[differentiable]
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

#[test]
fn rosenbrock_literal_values() {
    // f = (1 − x)² + 100(y − x²)² = 2.2² + 100·0.44² = 4.84 + 19.36
    // ∂f/∂x = −2(1 − x) − 400x(y − x²) = −4.4 − 211.2; ∂f/∂y = 200(y − x²) = −88
    let (value, (dx, dy)) = rosenbrock_grad(-1.2, 1.0);
    assert_close(value, 24.2, 1e-14);
    assert_close(dx, -215.6, 1e-14);
    assert_close(dy, -88.0, 1e-14);
    assert_eq!(rosenbrock(-1.2, 1.0), value);
    // at the minimum everything vanishes
    assert_eq!(rosenbrock_grad(1.0, 1.0), (0.0, (0.0, 0.0)));
}

#[test]
fn rosenbrock_gradient_and_vjp() {
    let mut rng = Rng::new(1);
    let f = |&(x, y): &(f64, f64)| rosenbrock(x, y);
    for _ in 0..20 {
        let (x, y) = (2.0 * rng.uniform(), 2.0 * rng.uniform());
        let (value, grad) = rosenbrock_grad(x, y);
        assert_eq!(value, rosenbrock(x, y));
        Checker::new()
            .names(["x", "y"])
            .check_gradient(f, &(x, y), &grad)
            .assert_ok();

        let cotangent = rng.uniform();
        let (value_vjp, vjp) = rosenbrock_vjp(x, y, &cotangent);
        assert_eq!(value_vjp, value);
        check_vjp(f, &(x, y), &cotangent, &vjp).assert_ok();
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Linear regression with `mse`
// ---------------------------------------------------------------------------------------------

#[differentiable(wrt(w, b))]
fn linreg64(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let pred = x.dot(w) + b;
    mse(&pred, y)
}

#[differentiable]
fn linreg64_all(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let pred = x.dot(w) + b;
    mse(&pred, y)
}

/// `wrt` lists `b` first; the gradient still follows the signature: `(dw, db)`.
#[differentiable(wrt(b, w))]
fn linreg64_reversed_wrt(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let pred = x.dot(w) + b;
    mse(&pred, y)
}

#[differentiable(wrt(w, b))]
fn linreg32(x: &Array2<f32>, y: &Array1<f32>, w: &Array1<f32>, b: f32) -> f32 {
    let pred = x.dot(w) + b;
    mse(&pred, y)
}

#[differentiable]
fn linear_predict(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    x.dot(w) + b
}

#[test]
fn linear_regression_f64() {
    let mut rng = Rng::new(2);
    let (x, y, w, b) = (
        rng.array2::<f64>(6, 3),
        rng.array1::<f64>(6),
        rng.array1::<f64>(3),
        rng.scalar::<f64>(),
    );
    let (loss, (dw, db)) = linreg64_grad(&x, &y, &w, b);
    assert_eq!(loss, linreg64(&x, &y, &w, b));
    Checker::new()
        .names(["w", "b"])
        .check_gradient(
            |(w, b): &(Array1<f64>, f64)| linreg64(&x, &y, w, *b),
            &(w.clone(), b),
            &(dw.clone(), db),
        )
        .assert_ok();

    // closed form: ∂/∂w = 2/n Xᵀr, ∂/∂b = 2/n Σr with r = Xw + b − y
    let r = x.dot(&w) + b - &y;
    assert_all_close(&dw, &(x.t().dot(&r) * (2.0 / 6.0)), 1e-12);
    assert_close(db, r.sum() * 2.0 / 6.0, 1e-12);

    let cotangent = rng.uniform();
    let (loss_vjp, (cw, cb)) = linreg64_vjp(&x, &y, &w, b, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(
        |(w, b): &(Array1<f64>, f64)| linreg64(&x, &y, w, *b),
        &(w.clone(), b),
        &cotangent,
        &(cw, cb),
    )
    .assert_ok();

    // the `wrt` subset is the matching part of the full gradient
    let (loss_all, (dx_all, dy_all, dw_all, db_all)) = linreg64_all_grad(&x, &y, &w, b);
    assert_eq!(loss_all, loss);
    assert_eq!(dw_all, dw);
    assert_eq!(db_all, db);
    let (loss_rev, (dw_rev, db_rev)): (f64, (Array1<f64>, f64)) =
        linreg64_reversed_wrt_grad(&x, &y, &w, b);
    assert_eq!((loss_rev, &dw_rev, db_rev), (loss, &dw, db));
    Checker::new()
        .names(["x", "y", "w", "b"])
        .check_gradient(
            |(x, y, w, b): &(Array2<f64>, Array1<f64>, Array1<f64>, f64)| linreg64_all(x, y, w, *b),
            &(x.clone(), y.clone(), w.clone(), b),
            &(dx_all, dy_all, dw_all, db_all),
        )
        .assert_ok();
}

#[test]
fn linear_regression_f32() {
    let mut rng = Rng::new(3);
    let (x, y, w, b) = (
        rng.array2::<f32>(6, 3),
        rng.array1::<f32>(6),
        rng.array1::<f32>(3),
        rng.scalar::<f32>(),
    );
    let (loss, (dw, db)) = linreg32_grad(&x, &y, &w, b);
    assert_eq!(loss, linreg32(&x, &y, &w, b));
    check_gradient(
        |(w, b): &(Array1<f32>, f32)| linreg32(&x, &y, w, *b),
        &(w.clone(), b),
        &(dw.clone(), db),
    )
    .assert_ok();

    // the f32 gradient is the f64 gradient, rounded
    let (_, (dw64, db64)) = linreg64_grad(&widen(&x), &widen(&y), &widen(&w), f64::from(b));
    assert_all_close(&widen(&dw), &dw64, 1e-5);
    assert_close(f64::from(db), db64, 1e-5);

    let cotangent = rng.scalar::<f32>();
    let (loss_vjp, (cw, cb)) = linreg32_vjp(&x, &y, &w, b, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(
        |(w, b): &(Array1<f32>, f32)| linreg32(&x, &y, w, *b),
        &(w.clone(), b),
        &cotangent,
        &(cw, cb),
    )
    .assert_ok();
}

#[test]
fn linear_prediction_vjp() {
    let mut rng = Rng::new(4);
    let (x, w, b) = (
        rng.array2::<f64>(5, 3),
        rng.array1::<f64>(3),
        rng.scalar::<f64>(),
    );
    for _ in 0..3 {
        let cotangent = rng.array1::<f64>(5);
        let (pred, (dx, dw, db)) = linear_predict_vjp(&x, &w, b, &cotangent);
        assert_eq!(pred, linear_predict(&x, &w, b));
        Checker::new()
            .names(["x", "w", "b"])
            .check_vjp(
                |(x, w, b): &(Array2<f64>, Array1<f64>, f64)| linear_predict(x, w, *b),
                &(x.clone(), w.clone(), b),
                &cotangent,
                &(dx.clone(), dw.clone(), db),
            )
            .assert_ok();
        // Jᵀc in closed form
        assert_all_close(&dw, &x.t().dot(&cotangent), 1e-12);
        assert_close(db, cotangent.sum(), 1e-12);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Logistic regression: sigmoid and a hand-written binary cross-entropy
// ---------------------------------------------------------------------------------------------

#[differentiable(wrt(w, b))]
fn logistic64(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let p = sigmoid(&(x.dot(w) + b));
    let losses = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
    mean(&losses)
}

#[differentiable]
fn logistic64_all(x: &Array2<f64>, y: &Array1<f64>, w: &Array1<f64>, b: f64) -> f64 {
    let p = sigmoid(&(x.dot(w) + b));
    let losses = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
    mean(&losses)
}

#[differentiable(wrt(w, b))]
fn logistic32(x: &Array2<f32>, y: &Array1<f32>, w: &Array1<f32>, b: f32) -> f32 {
    let p = sigmoid(&(x.dot(w) + b));
    let losses = -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
    mean(&losses)
}

#[differentiable]
fn logistic_probabilities(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    sigmoid(&(x.dot(w) + b))
}

#[test]
fn logistic_regression_f64() {
    let mut rng = Rng::new(5);
    let (x, y, w, b) = (
        rng.array2::<f64>(8, 3),
        rng.bits::<f64>(8),
        rng.array1::<f64>(3),
        rng.scalar::<f64>(),
    );
    let (loss, (dw, db)) = logistic64_grad(&x, &y, &w, b);
    assert_eq!(loss, logistic64(&x, &y, &w, b));
    let f = |(w, b): &(Array1<f64>, f64)| logistic64(&x, &y, w, *b);
    Checker::new()
        .names(["w", "b"])
        .check_gradient(f, &(w.clone(), b), &(dw.clone(), db))
        .assert_ok();

    // closed form: ∂/∂w = Xᵀ(p − y)/n, ∂/∂b = Σ(p − y)/n
    let p = (x.dot(&w) + b).mapv(|z| 1.0 / (1.0 + (-z).exp()));
    let r = &p - &y;
    assert_all_close(&dw, &(x.t().dot(&r) / 8.0), 1e-10);
    assert_close(db, r.sum() / 8.0, 1e-10);

    let cotangent = rng.uniform();
    let (loss_vjp, vjp) = logistic64_vjp(&x, &y, &w, b, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &(w.clone(), b), &cotangent, &vjp).assert_ok();

    let (loss_all, (dx_all, dy_all, dw_all, db_all)) = logistic64_all_grad(&x, &y, &w, b);
    assert_eq!(loss_all, loss);
    assert_eq!(dw_all, dw);
    assert_eq!(db_all, db);
    Checker::new()
        .names(["x", "y", "w", "b"])
        .check_gradient(
            |(x, y, w, b): &(Array2<f64>, Array1<f64>, Array1<f64>, f64)| {
                logistic64_all(x, y, w, *b)
            },
            &(x.clone(), y.clone(), w.clone(), b),
            &(dx_all, dy_all, dw_all, db_all),
        )
        .assert_ok();
}

#[test]
fn logistic_regression_f32() {
    let mut rng = Rng::new(6);
    let (x, y, w, b) = (
        rng.array2::<f32>(8, 3),
        rng.bits::<f32>(8),
        rng.array1::<f32>(3),
        rng.scalar::<f32>(),
    );
    let (loss, (dw, db)) = logistic32_grad(&x, &y, &w, b);
    assert_eq!(loss, logistic32(&x, &y, &w, b));
    let f = |(w, b): &(Array1<f32>, f32)| logistic32(&x, &y, w, *b);
    check_gradient(f, &(w.clone(), b), &(dw.clone(), db)).assert_ok();

    let (_, (dw64, db64)) = logistic64_grad(&widen(&x), &widen(&y), &widen(&w), f64::from(b));
    assert_all_close(&widen(&dw), &dw64, 1e-5);
    assert_close(f64::from(db), db64, 1e-5);

    let cotangent = rng.scalar::<f32>();
    let (loss_vjp, vjp) = logistic32_vjp(&x, &y, &w, b, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &(w.clone(), b), &cotangent, &vjp).assert_ok();
}

#[test]
fn logistic_probabilities_against_checker() {
    let mut rng = Rng::new(7);
    let (x, w, b) = (
        rng.array2::<f64>(5, 3),
        rng.array1::<f64>(3),
        rng.scalar::<f64>(),
    );
    let cotangent = rng.array1::<f64>(5);
    let (p, grads) = logistic_probabilities_vjp(&x, &w, b, &cotangent);
    assert_eq!(p, logistic_probabilities(&x, &w, b));
    Checker::new()
        .names(["x", "w", "b"])
        .check_vjp(
            |(x, w, b): &(Array2<f64>, Array1<f64>, f64)| logistic_probabilities(x, w, *b),
            &(x.clone(), w.clone(), b),
            &cotangent,
            &grads,
        )
        .assert_ok();
}

// ---------------------------------------------------------------------------------------------
// 4. The README's two-layer MLP (relu, softmax cross-entropy), in f32 and an f64 twin
// ---------------------------------------------------------------------------------------------

mod readme32 {
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    #[differentiable]
    pub fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Array2<f32> {
        x.dot(w) + b
    }

    #[differentiable(wrt(w1, b1, w2, b2))]
    pub fn loss(
        x: &Array2<f32>,
        labels: &Array1<usize>,
        w1: &Array2<f32>,
        b1: &Array1<f32>,
        w2: &Array2<f32>,
        b2: &Array1<f32>,
    ) -> f32 {
        let h = relu(&dense(x, w1, b1));
        softmax_cross_entropy(&dense(&h, w2, b2), labels)
    }

    /// The same loss, differentiated in every float argument (the labels are integers).
    #[differentiable]
    pub fn loss_all(
        x: &Array2<f32>,
        labels: &Array1<usize>,
        w1: &Array2<f32>,
        b1: &Array1<f32>,
        w2: &Array2<f32>,
        b2: &Array1<f32>,
    ) -> f32 {
        let h = relu(&dense(x, w1, b1));
        softmax_cross_entropy(&dense(&h, w2, b2), labels)
    }

    #[differentiable]
    pub fn logits(
        x: &Array2<f32>,
        w1: &Array2<f32>,
        b1: &Array1<f32>,
        w2: &Array2<f32>,
        b2: &Array1<f32>,
    ) -> Array2<f32> {
        let h = relu(&dense(x, w1, b1));
        dense(&h, w2, b2)
    }
}

mod readme64 {
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    #[differentiable]
    pub fn dense(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
        x.dot(w) + b
    }

    #[differentiable(wrt(w1, b1, w2, b2))]
    pub fn loss(
        x: &Array2<f64>,
        labels: &Array1<usize>,
        w1: &Array2<f64>,
        b1: &Array1<f64>,
        w2: &Array2<f64>,
        b2: &Array1<f64>,
    ) -> f64 {
        let h = relu(&dense(x, w1, b1));
        softmax_cross_entropy(&dense(&h, w2, b2), labels)
    }

    #[differentiable]
    pub fn loss_all(
        x: &Array2<f64>,
        labels: &Array1<usize>,
        w1: &Array2<f64>,
        b1: &Array1<f64>,
        w2: &Array2<f64>,
        b2: &Array1<f64>,
    ) -> f64 {
        let h = relu(&dense(x, w1, b1));
        softmax_cross_entropy(&dense(&h, w2, b2), labels)
    }

    #[differentiable]
    pub fn logits(
        x: &Array2<f64>,
        w1: &Array2<f64>,
        b1: &Array1<f64>,
        w2: &Array2<f64>,
        b2: &Array1<f64>,
    ) -> Array2<f64> {
        let h = relu(&dense(x, w1, b1));
        dense(&h, w2, b2)
    }
}

/// Inputs and parameters of the MLP: 6 samples, 4 features, 5 hidden units, 3 classes.
type Mlp64 = (
    Array2<f64>,
    Array2<f64>,
    Array1<f64>,
    Array2<f64>,
    Array1<f64>,
);

/// Draws an MLP whose hidden pre-activations stay `margin` away from the kink of `relu`.
fn draw_mlp(rng: &mut Rng, margin: f64) -> Mlp64 {
    away_from_kinks(
        || {
            (
                rng.array2(6, 4),
                rng.array2(4, 5),
                rng.array1(5),
                rng.array2(5, 3),
                rng.array1(3),
            )
        },
        |(x, w1, b1, ..): &Mlp64| min_abs(&(x.dot(w1) + b1)),
        margin,
    )
}

#[test]
fn mlp_f64() {
    let mut rng = Rng::new(8);
    let (x, w1, b1, w2, b2) = draw_mlp(&mut rng, 1e-3);
    let labels = rng.labels(6, 3);

    let (loss, (dw1, db1, dw2, db2)) = readme64::loss_grad(&x, &labels, &w1, &b1, &w2, &b2);
    assert_eq!(loss, readme64::loss(&x, &labels, &w1, &b1, &w2, &b2));
    type P = (Array2<f64>, Array1<f64>, Array2<f64>, Array1<f64>);
    let f = |(w1, b1, w2, b2): &P| readme64::loss(&x, &labels, w1, b1, w2, b2);
    let at: P = (w1.clone(), b1.clone(), w2.clone(), b2.clone());
    Checker::new()
        .names(["w1", "b1", "w2", "b2"])
        .check_gradient(
            f,
            &at,
            &(dw1.clone(), db1.clone(), dw2.clone(), db2.clone()),
        )
        .assert_ok();

    let cotangent = rng.uniform();
    let (loss_vjp, vjp) = readme64::loss_vjp(&x, &labels, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    // the `wrt` subset is the matching part of the full gradient
    let (loss_all, (dx_all, dw1_all, db1_all, dw2_all, db2_all)) =
        readme64::loss_all_grad(&x, &labels, &w1, &b1, &w2, &b2);
    assert_eq!(loss_all, loss);
    assert_eq!(
        (&dw1_all, &db1_all, &dw2_all, &db2_all),
        (&dw1, &db1, &dw2, &db2)
    );
    Checker::new()
        .names(["x", "w1", "b1", "w2", "b2"])
        .check_gradient(
            |(x, w1, b1, w2, b2): &Mlp64| readme64::loss_all(x, &labels, w1, b1, w2, b2),
            &(x.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone()),
            &(dx_all, dw1_all, db1_all, dw2_all, db2_all),
        )
        .assert_ok();
}

#[test]
fn mlp_logits_vjp_f64() {
    let mut rng = Rng::new(9);
    let (x, w1, b1, w2, b2) = draw_mlp(&mut rng, 1e-3);
    for _ in 0..3 {
        let cotangent = rng.array2::<f64>(6, 3);
        let (logits, grads) = readme64::logits_vjp(&x, &w1, &b1, &w2, &b2, &cotangent);
        assert_eq!(logits, readme64::logits(&x, &w1, &b1, &w2, &b2));
        Checker::new()
            .names(["x", "w1", "b1", "w2", "b2"])
            .check_vjp(
                |(x, w1, b1, w2, b2): &Mlp64| readme64::logits(x, w1, b1, w2, b2),
                &(x.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone()),
                &cotangent,
                &grads,
            )
            .assert_ok();
    }
}

#[test]
fn mlp_f32() {
    let mut rng = Rng::new(10);
    // f32 checks perturb by 1e-2, so keep the kinks further away
    let (x, w1, b1, w2, b2) = draw_mlp(&mut rng, 0.1);
    let (x, w1, b1, w2, b2) = (
        narrow(&x),
        narrow(&w1),
        narrow(&b1),
        narrow(&w2),
        narrow(&b2),
    );
    let labels = rng.labels(6, 3);

    let (loss, (dw1, db1, dw2, db2)) = readme32::loss_grad(&x, &labels, &w1, &b1, &w2, &b2);
    assert_eq!(loss, readme32::loss(&x, &labels, &w1, &b1, &w2, &b2));
    type P = (Array2<f32>, Array1<f32>, Array2<f32>, Array1<f32>);
    let f = |(w1, b1, w2, b2): &P| readme32::loss(&x, &labels, w1, b1, w2, b2);
    let at: P = (w1.clone(), b1.clone(), w2.clone(), b2.clone());
    Checker::new()
        .names(["w1", "b1", "w2", "b2"])
        .check_gradient(
            f,
            &at,
            &(dw1.clone(), db1.clone(), dw2.clone(), db2.clone()),
        )
        .assert_ok();

    // the f32 gradient is the f64 twin's, rounded
    let (loss64, (dw1_64, db1_64, dw2_64, db2_64)) = readme64::loss_grad(
        &widen(&x),
        &labels,
        &widen(&w1),
        &widen(&b1),
        &widen(&w2),
        &widen(&b2),
    );
    assert_close(f64::from(loss), loss64, 1e-5);
    assert_all_close(&widen(&dw1), &dw1_64, 1e-4);
    assert_all_close(&widen(&db1), &db1_64, 1e-4);
    assert_all_close(&widen(&dw2), &dw2_64, 1e-4);
    assert_all_close(&widen(&db2), &db2_64, 1e-4);

    let cotangent = rng.scalar::<f32>();
    let (loss_vjp, vjp) = readme32::loss_vjp(&x, &labels, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    let (loss_all, (dx_all, dw1_all, db1_all, dw2_all, db2_all)) =
        readme32::loss_all_grad(&x, &labels, &w1, &b1, &w2, &b2);
    assert_eq!(loss_all, loss);
    assert_eq!(
        (&dw1_all, &db1_all, &dw2_all, &db2_all),
        (&dw1, &db1, &dw2, &db2)
    );
    type All = (
        Array2<f32>,
        Array2<f32>,
        Array1<f32>,
        Array2<f32>,
        Array1<f32>,
    );
    check_gradient(
        |(x, w1, b1, w2, b2): &All| readme32::loss_all(x, &labels, w1, b1, w2, b2),
        &(x.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone()),
        &(dx_all, dw1_all, db1_all, dw2_all, db2_all),
    )
    .assert_ok();

    let cotangent = rng.array2::<f32>(6, 3);
    let (logits, grads) = readme32::logits_vjp(&x, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(logits, readme32::logits(&x, &w1, &b1, &w2, &b2));
    check_vjp(
        |(x, w1, b1, w2, b2): &All| readme32::logits(x, w1, b1, w2, b2),
        &(x.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone()),
        &cotangent,
        &grads,
    )
    .assert_ok();
}

// ---------------------------------------------------------------------------------------------
// 5. A tanh MLP with mse
// ---------------------------------------------------------------------------------------------

#[differentiable]
fn tanh_mlp(
    x: &Array2<f64>,
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
) -> Array2<f64> {
    let h = (x.dot(w1) + b1).tanh();
    h.dot(w2) + b2
}

#[differentiable(wrt(w1, b1, w2, b2))]
fn tanh_mlp_loss(
    x: &Array2<f64>,
    y: &Array2<f64>,
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
) -> f64 {
    let h = (x.dot(w1) + b1).tanh();
    let out = h.dot(w2) + b2;
    mse(&out, y)
}

/// `tanh_mlp` written with shadowing, `let mut` and compound assignment.
#[differentiable]
fn tanh_mlp_rebound(
    x: &Array2<f64>,
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
) -> Array2<f64> {
    let h = x.dot(w1);
    let h = h + b1;
    let h = h.tanh();
    let mut out = h.dot(w2);
    out += b2;
    out
}

#[test]
fn tanh_mlp_with_mse() {
    let mut rng = Rng::new(11);
    let (x, y) = (rng.array2::<f64>(7, 4), rng.array2::<f64>(7, 2));
    let (w1, b1, w2, b2) = (
        rng.array2::<f64>(4, 6),
        rng.array1::<f64>(6),
        rng.array2::<f64>(6, 2),
        rng.array1::<f64>(2),
    );
    type P = (Array2<f64>, Array1<f64>, Array2<f64>, Array1<f64>);
    let at: P = (w1.clone(), b1.clone(), w2.clone(), b2.clone());
    let f = |(w1, b1, w2, b2): &P| tanh_mlp_loss(&x, &y, w1, b1, w2, b2);

    let (loss, grads) = tanh_mlp_loss_grad(&x, &y, &w1, &b1, &w2, &b2);
    assert_eq!(loss, tanh_mlp_loss(&x, &y, &w1, &b1, &w2, &b2));
    Checker::new()
        .names(["w1", "b1", "w2", "b2"])
        .check_gradient(f, &at, &grads)
        .assert_ok();

    let cotangent = rng.uniform();
    let (loss_vjp, vjp) = tanh_mlp_loss_vjp(&x, &y, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    let cotangent = rng.array2::<f64>(7, 2);
    let (out, grads) = tanh_mlp_vjp(&x, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(out, tanh_mlp(&x, &w1, &b1, &w2, &b2));
    Checker::new()
        .names(["x", "w1", "b1", "w2", "b2"])
        .check_vjp(
            |(x, w1, b1, w2, b2): &Mlp64| tanh_mlp(x, w1, b1, w2, b2),
            &(x.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone()),
            &cotangent,
            &grads,
        )
        .assert_ok();

    let (out_rebound, grads_rebound) = tanh_mlp_rebound_vjp(&x, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(out_rebound, tanh_mlp_rebound(&x, &w1, &b1, &w2, &b2));
    assert_eq!(out_rebound, out);
    assert_eq!(grads_rebound, grads);
}

// ---------------------------------------------------------------------------------------------
// 6. Weight sharing (a layer composed with itself) and a residual connection
// ---------------------------------------------------------------------------------------------

#[differentiable]
fn tanh_layer(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    (x.dot(w) + b).tanh()
}

/// The same `w` and `b` in both layers: their adjoints accumulate over the two calls.
#[differentiable]
fn shared_twice(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    tanh_layer(&tanh_layer(x, w, b), w, b)
}

/// `shared_twice` written out inline, as a reference.
#[differentiable]
fn shared_inline(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    let h = (x.dot(w) + b).tanh();
    (h.dot(w) + b).tanh()
}

#[differentiable]
fn shared_twice_loss(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&shared_twice(x, w, b))
}

/// The affine `dense(&dense(x, w, b), w, b)`.
#[differentiable]
fn dense_twice(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    dense(&dense(x, w, b), w, b)
}

/// `h + f(h)`: `h` reaches the output along two paths.
#[differentiable]
fn residual(h: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    h + tanh_layer(h, w, b)
}

/// Two residual blocks and a loss.
#[differentiable(wrt(w1, b1, w2, b2))]
fn residual_loss(
    x: &Array2<f64>,
    y: &Array2<f64>,
    w1: &Array2<f64>,
    b1: &Array1<f64>,
    w2: &Array2<f64>,
    b2: &Array1<f64>,
) -> f64 {
    let h = residual(x, w1, b1);
    let out = residual(&h, w2, b2);
    mse(&out, y)
}

/// A residual written inline, `h` used twice in one body.
#[differentiable]
fn residual_inline(h: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    let z = (h.dot(w) + b).tanh();
    h + &z
}

type Layer = (Array2<f64>, Array2<f64>, Array1<f64>);

#[test]
fn weight_sharing_accumulates() {
    let mut rng = Rng::new(12);
    let (x, w, b) = (
        rng.array2::<f64>(5, 4),
        rng.array2::<f64>(4, 4),
        rng.array1::<f64>(4),
    );
    let at: Layer = (x.clone(), w.clone(), b.clone());

    for (name, model, model_vjp) in [
        (
            "shared_twice",
            shared_twice as fn(&Array2<f64>, &Array2<f64>, &Array1<f64>) -> Array2<f64>,
            shared_twice_vjp
                as fn(
                    &Array2<f64>,
                    &Array2<f64>,
                    &Array1<f64>,
                    &Array2<f64>,
                ) -> (Array2<f64>, Layer),
        ),
        ("shared_inline", shared_inline, shared_inline_vjp),
        ("dense_twice", dense_twice, dense_twice_vjp),
    ] {
        let cotangent = rng.array2::<f64>(5, 4);
        let (out, grads) = model_vjp(&x, &w, &b, &cotangent);
        assert_eq!(out, model(&x, &w, &b), "{name}");
        Checker::new()
            .names(["x", "w", "b"])
            .check_vjp(|(x, w, b): &Layer| model(x, w, b), &at, &cotangent, &grads)
            .assert_ok();
    }

    // the composed and the inline versions agree
    let cotangent = rng.array2::<f64>(5, 4);
    let (out_c, (dx_c, dw_c, db_c)) = shared_twice_vjp(&x, &w, &b, &cotangent);
    let (out_i, (dx_i, dw_i, db_i)) = shared_inline_vjp(&x, &w, &b, &cotangent);
    assert_all_close(&out_c, &out_i, 1e-14);
    assert_all_close(&dx_c, &dx_i, 1e-12);
    assert_all_close(&dw_c, &dw_i, 1e-12);
    assert_all_close(&db_c, &db_i, 1e-12);

    // dense_twice = x w² + b w + b, so ∂⟨c, out⟩/∂b = Σ_rows c wᵀ + Σ_rows c
    let (_, (_, _, db)) = dense_twice_vjp(&x, &w, &b, &cotangent);
    let expected = cotangent.dot(&w.t()).sum_axis(Axis(0)) + cotangent.sum_axis(Axis(0));
    assert_all_close(&db, &expected, 1e-12);

    let (loss, grads) = shared_twice_loss_grad(&x, &w, &b);
    assert_eq!(loss, shared_twice_loss(&x, &w, &b));
    Checker::new()
        .names(["x", "w", "b"])
        .check_gradient(|(x, w, b): &Layer| shared_twice_loss(x, w, b), &at, &grads)
        .assert_ok();
}

#[test]
fn residual_connections() {
    let mut rng = Rng::new(13);
    let (x, y) = (rng.array2::<f64>(5, 3), rng.array2::<f64>(5, 3));
    let (w1, b1, w2, b2) = (
        rng.array2::<f64>(3, 3),
        rng.array1::<f64>(3),
        rng.array2::<f64>(3, 3),
        rng.array1::<f64>(3),
    );
    let at: Layer = (x.clone(), w1.clone(), b1.clone());

    let cotangent = rng.array2::<f64>(5, 3);
    let (out, grads) = residual_vjp(&x, &w1, &b1, &cotangent);
    assert_eq!(out, residual(&x, &w1, &b1));
    Checker::new()
        .names(["h", "w", "b"])
        .check_vjp(
            |(h, w, b): &Layer| residual(h, w, b),
            &at,
            &cotangent,
            &grads,
        )
        .assert_ok();

    let (out_inline, grads_inline) = residual_inline_vjp(&x, &w1, &b1, &cotangent);
    assert_eq!(out_inline, residual_inline(&x, &w1, &b1));
    assert_all_close(&out_inline, &out, 1e-14);
    assert_all_close(&grads_inline.0, &grads.0, 1e-12);
    assert_all_close(&grads_inline.1, &grads.1, 1e-12);
    assert_all_close(&grads_inline.2, &grads.2, 1e-12);
    Checker::new()
        .names(["h", "w", "b"])
        .check_vjp(
            |(h, w, b): &Layer| residual_inline(h, w, b),
            &at,
            &cotangent,
            &grads_inline,
        )
        .assert_ok();

    type P = (Array2<f64>, Array1<f64>, Array2<f64>, Array1<f64>);
    let at: P = (w1.clone(), b1.clone(), w2.clone(), b2.clone());
    let f = |(w1, b1, w2, b2): &P| residual_loss(&x, &y, w1, b1, w2, b2);
    let (loss, grads) = residual_loss_grad(&x, &y, &w1, &b1, &w2, &b2);
    assert_eq!(loss, residual_loss(&x, &y, &w1, &b1, &w2, &b2));
    Checker::new()
        .names(["w1", "b1", "w2", "b2"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (loss_vjp, vjp) = residual_loss_vjp(&x, &y, &w1, &b1, &w2, &b2, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();
}

// ---------------------------------------------------------------------------------------------
// Beyond the list: attention (softmax, transpose) and a log-softmax classifier
// ---------------------------------------------------------------------------------------------

/// Single-head attention: `softmax(q kᵀ / 2) v`.
#[differentiable]
fn attention(q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>) -> Array2<f64> {
    let scores = q.dot(&k.t()) * 0.5;
    softmax(&scores).dot(v)
}

/// Cross-entropy against one-hot targets written with `log_softmax`, `sum_axis` and
/// `mean_axis`, and a `leaky_relu` hidden layer.
#[differentiable(wrt(w1, w2))]
fn onehot_classifier(
    x: &Array2<f64>,
    onehot: &Array2<f64>,
    w1: &Array2<f64>,
    w2: &Array2<f64>,
) -> f64 {
    let h = leaky_relu(&x.dot(w1), 0.1);
    let log_p = log_softmax(&h.dot(w2));
    let per_row = (onehot * &log_p).sum_axis(Axis(1));
    -per_row.mean_axis(Axis(0)).unwrap().sum()
}

#[differentiable(wrt(w1, w2))]
fn onehot_reference(
    x: &Array2<f64>,
    labels: &Array1<usize>,
    w1: &Array2<f64>,
    w2: &Array2<f64>,
) -> f64 {
    let h = leaky_relu(&x.dot(w1), 0.1);
    softmax_cross_entropy(&h.dot(w2), labels)
}

#[test]
fn attention_layer() {
    let mut rng = Rng::new(22);
    let (q, k, v) = (
        rng.array2::<f64>(3, 4),
        rng.array2::<f64>(5, 4),
        rng.array2::<f64>(5, 2),
    );
    let at: (Array2<f64>, Array2<f64>, Array2<f64>) = (q.clone(), k.clone(), v.clone());
    for _ in 0..3 {
        let cotangent = rng.array2::<f64>(3, 2);
        let (out, grads) = attention_vjp(&q, &k, &v, &cotangent);
        assert_eq!(out, attention(&q, &k, &v));
        Checker::new()
            .names(["q", "k", "v"])
            .check_vjp(
                |(q, k, v): &(Array2<f64>, Array2<f64>, Array2<f64>)| attention(q, k, v),
                &at,
                &cotangent,
                &grads,
            )
            .assert_ok();
    }
}

#[test]
fn log_softmax_classifier() {
    let mut rng = Rng::new(23);
    let (x, w1, w2) = away_from_kinks(
        || {
            (
                rng.array2::<f64>(6, 4),
                rng.array2::<f64>(4, 5),
                rng.array2::<f64>(5, 3),
            )
        },
        |(x, w1, _): &(Array2<f64>, Array2<f64>, Array2<f64>)| min_abs(&x.dot(w1)),
        1e-3,
    );
    let labels = rng.labels(6, 3);
    let onehot = Array2::from_shape_fn((6, 3), |(i, j)| if labels[i] == j { 1.0 } else { 0.0 });
    type P = (Array2<f64>, Array2<f64>);
    let at: P = (w1.clone(), w2.clone());
    let f = |(w1, w2): &P| onehot_classifier(&x, &onehot, w1, w2);

    let (loss, grads) = onehot_classifier_grad(&x, &onehot, &w1, &w2);
    assert_eq!(loss, onehot_classifier(&x, &onehot, &w1, &w2));
    Checker::new()
        .names(["w1", "w2"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (loss_vjp, vjp) = onehot_classifier_vjp(&x, &onehot, &w1, &w2, &cotangent);
    assert_eq!(loss_vjp, loss);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    // the same loss as `softmax_cross_entropy` with integer labels
    let (loss_ref, grads_ref) = onehot_reference_grad(&x, &labels, &w1, &w2);
    assert_close(loss, loss_ref, 1e-12);
    assert_all_close(&grads.0, &grads_ref.0, 1e-10);
    assert_all_close(&grads.1, &grads_ref.1, 1e-10);
}

// ---------------------------------------------------------------------------------------------
// 7. Calls across modules
// ---------------------------------------------------------------------------------------------

mod layers {
    use adjoint::ndarray::{Array1, Array2};
    use adjoint::prelude::*;

    #[differentiable]
    pub fn dense(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
        x.dot(w) + b
    }

    /// Level 2: calls `dense`.
    #[differentiable]
    pub fn dense_tanh(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
        dense(x, w, b).tanh()
    }

    /// Level 3: calls `dense_tanh`, which calls `dense`; `w` and `b` reach `dense` twice.
    #[differentiable]
    pub fn block(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
        let h = dense_tanh(x, w, b);
        &h + &self::dense(&h, w, b)
    }

    /// Differentiated only in `w` by `project_vjp`; callers still get the adjoint of `x`.
    #[differentiable(wrt(w))]
    pub fn project(x: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
        x.dot(w)
    }

    /// A scalar callee with `wrt(w)`: `penalty_grad` returns only `∂/∂w`.
    #[differentiable(wrt(w))]
    pub fn penalty(x: &Array2<f64>, w: &Array2<f64>) -> f64 {
        let z = x.dot(w);
        (&z * &z).sum()
    }

    pub mod nested {
        use adjoint::ndarray::{Array1, Array2};
        use adjoint::prelude::*;

        /// Reaches its parent's `dense` through `super::`.
        #[differentiable]
        pub fn via_super(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
            super::dense(x, w, b).tanh()
        }
    }
}

use layers::dense;
use layers::dense as affine;

#[differentiable]
fn through_use(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&dense(x, w, b).tanh())
}

#[differentiable]
fn through_rename(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&affine(x, w, b).tanh())
}

#[differentiable]
fn through_crate_path(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&crate::layers::dense(x, w, b).tanh())
}

#[differentiable]
fn through_module_path(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&layers::dense(x, w, b).tanh())
}

#[differentiable]
fn through_super_path(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&layers::nested::via_super(x, w, b))
}

/// Four levels: this → `layers::block` → `layers::dense_tanh` → `layers::dense`.
#[differentiable]
fn through_levels(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    mean(&layers::block(x, w, b).tanh())
}

/// `layers::project` has `wrt(w)`; the second call differentiates through its `x` too.
#[differentiable]
fn through_wrt_callee(x: &Array2<f64>, w1: &Array2<f64>, w2: &Array2<f64>) -> f64 {
    let h = layers::project(x, w1).tanh();
    mean(&layers::project(&h, w2))
}

/// `layers::penalty` has `wrt(w)`; here its `x` is differentiated.
#[differentiable]
fn through_wrt_scalar_callee(x: &Array2<f64>, w: &Array2<f64>) -> f64 {
    layers::penalty(&x.tanh(), w) + layers::penalty(x, w)
}

/// One value passed as both arguments of a `wrt(w)` callee: both adjoints add up.
#[differentiable]
fn self_product(w: &Array2<f64>) -> f64 {
    mean(&layers::project(w, w))
}

/// Three levels of scalar functions in one module.
#[differentiable]
fn level1(x: f64) -> f64 {
    x.sin() * x
}

#[differentiable]
fn level2(x: f64) -> f64 {
    level1(x).exp() + level1(x * 2.0)
}

#[differentiable]
fn level3(x: f64, y: f64) -> f64 {
    level2(x * y) * level1(y)
}

#[test]
fn calls_through_use_rename_and_paths() {
    let mut rng = Rng::new(14);
    let (x, w, b) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 2),
        rng.array1::<f64>(2),
    );
    let at: Layer = (x.clone(), w.clone(), b.clone());
    type Model = fn(&Array2<f64>, &Array2<f64>, &Array1<f64>) -> f64;
    type Grad = fn(&Array2<f64>, &Array2<f64>, &Array1<f64>) -> (f64, Layer);
    type Vjp = fn(&Array2<f64>, &Array2<f64>, &Array1<f64>, &f64) -> (f64, Layer);
    let models: [(&str, Model, Grad, Vjp); 5] = [
        ("use", through_use, through_use_grad, through_use_vjp),
        (
            "use as",
            through_rename,
            through_rename_grad,
            through_rename_vjp,
        ),
        (
            "crate::",
            through_crate_path,
            through_crate_path_grad,
            through_crate_path_vjp,
        ),
        (
            "layers::",
            through_module_path,
            through_module_path_grad,
            through_module_path_vjp,
        ),
        (
            "super::",
            through_super_path,
            through_super_path_grad,
            through_super_path_vjp,
        ),
    ];
    let (reference_value, reference) = through_use_grad(&x, &w, &b);
    for (name, model, grad, vjp) in models {
        let (value, grads) = grad(&x, &w, &b);
        assert_eq!(value, model(&x, &w, &b), "{name}");
        Checker::new()
            .names(["x", "w", "b"])
            .check_gradient(|(x, w, b): &Layer| model(x, w, b), &at, &grads)
            .assert_ok();
        // every way of naming `dense` computes the same thing
        assert_eq!(value, reference_value, "{name}");
        assert_eq!(grads, reference, "{name}");

        let cotangent = rng.uniform();
        let (value_vjp, vjp_grads) = vjp(&x, &w, &b, &cotangent);
        assert_eq!(value_vjp, value, "{name}");
        check_vjp(
            |(x, w, b): &Layer| model(x, w, b),
            &at,
            &cotangent,
            &vjp_grads,
        )
        .assert_ok();
    }

    // the callee's own vjp, at every level
    for (name, model, model_vjp) in [
        (
            "dense",
            layers::dense as fn(&Array2<f64>, &Array2<f64>, &Array1<f64>) -> Array2<f64>,
            layers::dense_vjp
                as fn(
                    &Array2<f64>,
                    &Array2<f64>,
                    &Array1<f64>,
                    &Array2<f64>,
                ) -> (Array2<f64>, Layer),
        ),
        ("dense_tanh", layers::dense_tanh, layers::dense_tanh_vjp),
        (
            "via_super",
            layers::nested::via_super,
            layers::nested::via_super_vjp,
        ),
    ] {
        let cotangent = rng.array2::<f64>(4, 2);
        let (out, grads) = model_vjp(&x, &w, &b, &cotangent);
        assert_eq!(out, model(&x, &w, &b), "{name}");
        Checker::new()
            .names(["x", "w", "b"])
            .check_vjp(|(x, w, b): &Layer| model(x, w, b), &at, &cotangent, &grads)
            .assert_ok();
    }
}

#[test]
fn calls_three_levels_deep() {
    let mut rng = Rng::new(15);
    let (x, w, b) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 3),
        rng.array1::<f64>(3),
    );
    let at: Layer = (x.clone(), w.clone(), b.clone());

    let (value, grads) = through_levels_grad(&x, &w, &b);
    assert_eq!(value, through_levels(&x, &w, &b));
    Checker::new()
        .names(["x", "w", "b"])
        .check_gradient(|(x, w, b): &Layer| through_levels(x, w, b), &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = through_levels_vjp(&x, &w, &b, &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(
        |(x, w, b): &Layer| through_levels(x, w, b),
        &at,
        &cotangent,
        &vjp,
    )
    .assert_ok();

    let cotangent = rng.array2::<f64>(4, 3);
    let (out, grads) = layers::block_vjp(&x, &w, &b, &cotangent);
    assert_eq!(out, layers::block(&x, &w, &b));
    Checker::new()
        .names(["x", "w", "b"])
        .check_vjp(
            |(x, w, b): &Layer| layers::block(x, w, b),
            &at,
            &cotangent,
            &grads,
        )
        .assert_ok();

    for _ in 0..5 {
        let (x, y) = (2.0 * rng.uniform(), 2.0 * rng.uniform());
        let (value, grads) = level3_grad(x, y);
        assert_eq!(value, level3(x, y));
        Checker::new()
            .names(["x", "y"])
            .check_gradient(|&(x, y): &(f64, f64)| level3(x, y), &(x, y), &grads)
            .assert_ok();
        let cotangent = rng.uniform();
        let (value_vjp, vjp) = level3_vjp(x, y, &cotangent);
        assert_eq!(value_vjp, value);
        check_vjp(
            |&(x, y): &(f64, f64)| level3(x, y),
            &(x, y),
            &cotangent,
            &vjp,
        )
        .assert_ok();

        let (value, dx) = level2_grad(x);
        assert_eq!(value, level2(x));
        check_gradient(|x: &f64| level2(*x), &x, &dx).assert_ok();
    }
}

#[test]
fn callee_with_wrt_is_differentiated_through_its_other_arguments() {
    let mut rng = Rng::new(16);
    let (x, w1, w2) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 3),
        rng.array2::<f64>(3, 2),
    );

    // the callees' own generated functions follow their `wrt`
    let cotangent = rng.array2::<f64>(4, 3);
    let (out, dw): (Array2<f64>, Array2<f64>) = layers::project_vjp(&x, &w1, &cotangent);
    assert_eq!(out, layers::project(&x, &w1));
    check_vjp(
        |w: &Array2<f64>| layers::project(&x, w),
        &w1,
        &cotangent,
        &dw,
    )
    .assert_ok();
    let (value, dw): (f64, Array2<f64>) = layers::penalty_grad(&x, &w1);
    assert_eq!(value, layers::penalty(&x, &w1));
    check_gradient(|w: &Array2<f64>| layers::penalty(&x, w), &w1, &dw).assert_ok();

    type P = (Array2<f64>, Array2<f64>, Array2<f64>);
    let at: P = (x.clone(), w1.clone(), w2.clone());
    let f = |(x, w1, w2): &P| through_wrt_callee(x, w1, w2);
    let (value, grads) = through_wrt_callee_grad(&x, &w1, &w2);
    assert_eq!(value, through_wrt_callee(&x, &w1, &w2));
    assert!(grads.0.iter().any(|v| *v != 0.0), "∂/∂x must not be zero");
    Checker::new()
        .names(["x", "w1", "w2"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = through_wrt_callee_vjp(&x, &w1, &w2, &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    let (value, dw) = self_product_grad(&w1);
    assert_eq!(value, self_product(&w1));
    check_gradient(|w: &Array2<f64>| self_product(w), &w1, &dw).assert_ok();
    // ∂ mean(W W)/∂W = (G Wᵀ + Wᵀ G) with G = 1/n
    let g = Array2::from_elem((3, 3), 1.0 / 9.0);
    assert_all_close(&dw, &(g.dot(&w1.t()) + w1.t().dot(&g)), 1e-12);

    let at = (x.clone(), w1.clone());
    let f = |(x, w): &(Array2<f64>, Array2<f64>)| through_wrt_scalar_callee(x, w);
    let (value, grads) = through_wrt_scalar_callee_grad(&x, &w1);
    assert_eq!(value, through_wrt_scalar_callee(&x, &w1));
    Checker::new()
        .names(["x", "w"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = through_wrt_scalar_callee_vjp(&x, &w1, &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();
}

// ---------------------------------------------------------------------------------------------
// 8. A generic function, used at f32 and f64
// ---------------------------------------------------------------------------------------------

/// Only typed expressions: an untyped float literal cannot be generic.
#[differentiable]
fn generic_energy<F: adjoint::Float>(x: &Array1<F>, w: &Array1<F>) -> F {
    let z = x.dot(w);
    let s = (x * w).tanh().sum();
    z * s + mean(&(w * w))
}

/// A generic function calling a generic function.
#[differentiable]
fn generic_outer<F: adjoint::Float>(x: &Array1<F>, w: &Array1<F>) -> F {
    generic_energy(x, w) * generic_energy(w, x)
}

/// Array operations only, generic in the element type.
#[differentiable]
fn generic_features<F: adjoint::Float>(x: &Array1<F>, w: &Array1<F>) -> Array1<F> {
    (x * w).tanh() + w * w
}

/// A generic call with a turbofish.
#[differentiable]
fn generic_features_mean<F: adjoint::Float>(x: &Array1<F>, w: &Array1<F>) -> F {
    mean(&generic_features::<F>(x, w))
}

fn check_generic<F: adjoint::Float + adjoint::Params<Elem = F>>(seed: u64) {
    let mut rng = Rng::new(seed);
    let (x, w) = (rng.array1::<F>(4), rng.array1::<F>(4));
    let at = (x.clone(), w.clone());

    let (value, grads) = generic_energy_grad(&x, &w);
    assert_eq!(value, generic_energy(&x, &w));
    Checker::new()
        .names(["x", "w"])
        .check_gradient(
            |(x, w): &(Array1<F>, Array1<F>)| generic_energy(x, w),
            &at,
            &grads,
        )
        .assert_ok();
    let cotangent = rng.scalar::<F>();
    let (value_vjp, vjp) = generic_energy_vjp(&x, &w, &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(
        |(x, w): &(Array1<F>, Array1<F>)| generic_energy(x, w),
        &at,
        &cotangent,
        &vjp,
    )
    .assert_ok();

    let (value, grads) = generic_outer_grad(&x, &w);
    assert_eq!(value, generic_outer(&x, &w));
    Checker::new()
        .names(["x", "w"])
        .check_gradient(
            |(x, w): &(Array1<F>, Array1<F>)| generic_outer(x, w),
            &at,
            &grads,
        )
        .assert_ok();
}

#[test]
fn generic_function_f64() {
    check_generic::<f64>(17);
}

#[test]
fn generic_function_f32() {
    check_generic::<f32>(18);
    // the f32 gradient is the f64 one, rounded
    let x = array![0.5f32, -0.25, 0.75];
    let w = array![-1.0f32, 0.5, 0.25];
    let (v32, (dx32, dw32)) = generic_energy_grad(&x, &w);
    let (v64, (dx64, dw64)) = generic_energy_grad(&widen(&x), &widen(&w));
    assert_close(f64::from(v32), v64, 1e-6);
    assert_all_close(&widen(&dx32), &dx64, 1e-5);
    assert_all_close(&widen(&dw32), &dw64, 1e-5);
}

// ---------------------------------------------------------------------------------------------
// 9. Owned arrays and views as arguments
// ---------------------------------------------------------------------------------------------

#[differentiable]
fn owned_model(x: Array2<f64>, w: Array2<f64>, b: Array1<f64>) -> f64 {
    mean(&(x.dot(&w) + &b).tanh())
}

#[differentiable]
fn owned_layer(x: Array2<f64>, w: Array2<f64>) -> Array2<f64> {
    x.dot(&w).tanh()
}

#[differentiable]
fn view_layer(x: ArrayView2<f64>, w: ArrayView2<f64>) -> Array2<f64> {
    x.dot(&w).tanh()
}

#[differentiable]
fn view_loss(x: ArrayView2<f64>, w: ArrayView2<f64>, y: ArrayView2<f64>) -> f64 {
    mse(&view_layer(x, w), &y)
}

/// Passes owned copies and views of its intermediates to the functions above.
#[differentiable]
fn mixed_arguments(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    let h = x.dot(w);
    owned_model(h.to_owned(), w.to_owned(), b.clone()) + view_layer(h.view(), w.view()).sum()
}

#[test]
fn owned_array_arguments() {
    let mut rng = Rng::new(19);
    let (x, w, b) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 3),
        rng.array1::<f64>(3),
    );
    let at: Layer = (x.clone(), w.clone(), b.clone());

    let (value, grads): (f64, Layer) = owned_model_grad(x.clone(), w.clone(), b.clone());
    assert_eq!(value, owned_model(x.clone(), w.clone(), b.clone()));
    let f = |(x, w, b): &Layer| owned_model(x.clone(), w.clone(), b.clone());
    Checker::new()
        .names(["x", "w", "b"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = owned_model_vjp(x.clone(), w.clone(), b.clone(), &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();

    let cotangent = rng.array2::<f64>(4, 3);
    let (out, grads) = owned_layer_vjp(x.clone(), w.clone(), &cotangent);
    assert_eq!(out, owned_layer(x.clone(), w.clone()));
    Checker::new()
        .names(["x", "w"])
        .check_vjp(
            |(x, w): &(Array2<f64>, Array2<f64>)| owned_layer(x.clone(), w.clone()),
            &(x.clone(), w.clone()),
            &cotangent,
            &grads,
        )
        .assert_ok();
}

#[test]
fn view_arguments() {
    let mut rng = Rng::new(20);
    let (x, w, y) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 2),
        rng.array2::<f64>(4, 2),
    );
    type P = (Array2<f64>, Array2<f64>);
    let at: P = (x.clone(), w.clone());

    let cotangent = rng.array2::<f64>(4, 2);
    let (out, grads): (Array2<f64>, P) = view_layer_vjp(x.view(), w.view(), &cotangent);
    assert_eq!(out, view_layer(x.view(), w.view()));
    Checker::new()
        .names(["x", "w"])
        .check_vjp(
            |(x, w): &P| view_layer(x.view(), w.view()),
            &at,
            &cotangent,
            &grads,
        )
        .assert_ok();
    // a view of a transposed array is differentiated like the array
    let wt = w.t().to_owned();
    let (out_t, grads_t) = view_layer_vjp(x.view(), wt.t(), &cotangent);
    assert_eq!(out_t, out);
    assert_eq!(grads_t, grads);

    let (value, grads) = view_loss_grad(x.view(), w.view(), y.view());
    assert_eq!(value, view_loss(x.view(), w.view(), y.view()));
    let f = |(x, w, y): &(Array2<f64>, Array2<f64>, Array2<f64>)| {
        view_loss(x.view(), w.view(), y.view())
    };
    let at = (x.clone(), w.clone(), y.clone());
    Checker::new()
        .names(["x", "w", "y"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = view_loss_vjp(x.view(), w.view(), y.view(), &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();
}

#[test]
fn owned_and_view_arguments_in_calls() {
    let mut rng = Rng::new(21);
    let (x, w, b) = (
        rng.array2::<f64>(4, 3),
        rng.array2::<f64>(3, 3),
        rng.array1::<f64>(3),
    );
    let at: Layer = (x.clone(), w.clone(), b.clone());
    let f = |(x, w, b): &Layer| mixed_arguments(x, w, b);
    let (value, grads) = mixed_arguments_grad(&x, &w, &b);
    assert_eq!(value, mixed_arguments(&x, &w, &b));
    Checker::new()
        .names(["x", "w", "b"])
        .check_gradient(f, &at, &grads)
        .assert_ok();
    let cotangent = rng.uniform();
    let (value_vjp, vjp) = mixed_arguments_vjp(&x, &w, &b, &cotangent);
    assert_eq!(value_vjp, value);
    check_vjp(f, &at, &cotangent, &vjp).assert_ok();
}
