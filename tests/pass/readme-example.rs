//! The README example, in a binary that calls only the generated functions: the user's
//! functions themselves are never called, and no warning may say so.
#![deny(warnings)]

use adjoint::check::check_gradient;
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

#[differentiable]
fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

#[differentiable]
fn dense(x: &Array2<f32>, w: &Array2<f32>, b: &Array1<f32>) -> Array2<f32> {
    x.dot(w) + b
}

#[differentiable(wrt(w1, b1, w2, b2))]
fn loss(
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

fn main() {
    // f = (1 − x)² + 100(y − x²)²
    // ∂f/∂x = −2(1 − x) − 400x(y − x²), ∂f/∂y = 200(y − x²); at (−1.2, 1): −215.6, −88
    let (value, (dx, dy)) = rosenbrock_grad(-1.2, 1.0);
    assert!((value - 24.2).abs() < 1e-9, "{value}");
    assert!((dx - -215.6).abs() < 1e-9, "{dx}");
    assert!((dy - -88.0).abs() < 1e-9, "{dy}");
    let (value, (dx, dy)) = rosenbrock_vjp(-1.2, 1.0, &2.0);
    assert!((value - 24.2).abs() < 1e-9, "{value}");
    assert!((dx - -431.2).abs() < 1e-9, "{dx}");
    assert!((dy - -176.0).abs() < 1e-9, "{dy}");

    // y = xW + b: dx = c Wᵀ, dW = xᵀ c, db = Σ_rows c
    let x = array![[1.0f32, 2.0], [3.0, -1.0]];
    let w = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4]];
    let b = array![0.1f32, 0.2, 0.3];
    let cot = array![[1.0f32, 0.5, -1.0], [2.0, 0.0, 1.0]];
    let (out, (dx, dw, db)) = dense_vjp(&x, &w, &b, &cot);
    assert_eq!(out, x.dot(&w) + &b);
    assert_eq!(dx, cot.dot(&w.t()));
    assert_eq!(dw, x.t().dot(&cot));
    assert_eq!(db, array![3.0f32, 0.5, 0.0]);

    let labels = array![0usize, 2];
    let w1 = w.clone();
    let b1 = b.clone();
    let w2 = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4], [0.3, 0.2, 0.1]];
    let b2 = array![0.0f32, 0.1, -0.1];
    let (l, (dw1, db1, dw2, db2)) = loss_grad(&x, &labels, &w1, &b1, &w2, &b2);
    assert!(l.is_finite() && l > 0.0, "{l}");
    let report = check_gradient(
        |w1: &Array2<f32>| loss_grad(&x, &labels, w1, &b1, &w2, &b2).0,
        &w1,
        &dw1,
    );
    assert!(report.is_ok(), "{report}");
    let report = check_gradient(
        |b1: &Array1<f32>| loss_grad(&x, &labels, &w1, b1, &w2, &b2).0,
        &b1,
        &db1,
    );
    assert!(report.is_ok(), "{report}");
    let report = check_gradient(
        |w2: &Array2<f32>| loss_grad(&x, &labels, &w1, &b1, w2, &b2).0,
        &w2,
        &dw2,
    );
    assert!(report.is_ok(), "{report}");
    let report = check_gradient(
        |b2: &Array1<f32>| loss_grad(&x, &labels, &w1, &b1, &w2, b2).0,
        &b2,
        &db2,
    );
    assert!(report.is_ok(), "{report}");
}
