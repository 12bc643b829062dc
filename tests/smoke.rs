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

#[test]
fn smoke() {
    let (v, (dx, dy)) = rosenbrock_grad(-1.2, 1.0);
    assert!((v - 24.2).abs() < 1e-9);
    assert!((dx - -215.6).abs() < 1e-9, "{dx}");
    assert!((dy - -88.0).abs() < 1e-9, "{dy}");
    let x = array![[1.0f32, 2.0], [3.0, -1.0]];
    let w = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4]];
    let b = array![0.1f32, 0.2, 0.3];
    let cot = Array2::<f32>::ones((2, 3));
    let (out, (dx, dw, db)) = dense_vjp(&x, &w, &b, &cot);
    assert_eq!(out, x.dot(&w) + &b);
    assert_eq!(db, array![2.0, 2.0, 2.0]);
    assert_eq!(dw, x.t().dot(&cot));
    assert_eq!(dx, cot.dot(&w.t()));
    let labels = array![0usize, 2];
    let w2 = array![[0.5f32, -1.0, 0.2], [0.1, 0.3, -0.4], [0.3, 0.2, 0.1]];
    let (l, (dw1, db1, dw2, db2)) = loss_grad(&x, &labels, &w, &b, &w2, &b);
    assert_eq!(l, loss(&x, &labels, &w, &b, &w2, &b));
    println!("{l} {dw1} {db1} {dw2} {db2}");
}

#[differentiable]
fn identity(x: f64) -> f64 {
    x
}

#[differentiable]
fn with_const(x: f64) -> f64 {
    const SCALE: f64 = 3.0;
    use std::f64::consts::PI;
    x * SCALE + PI
}

#[test]
fn identity_and_consts() {
    assert_eq!(identity_grad(2.0), (2.0, 1.0));
    assert_eq!(identity_vjp(2.0, &5.0), (2.0, 5.0));
    assert_eq!(with_const_grad(1.0), (3.0 + std::f64::consts::PI, 3.0));
}

#[differentiable]
fn generic_scalar<F: Float>(x: F, y: F) -> F {
    x * y + x.exp().tanh()
}

#[differentiable]
fn generic_mixed<F: Float>(x: &Array1<F>, w: &Array1<F>) -> F {
    let s = x.dot(w) * x.sum();
    (x * s).sum()
}

#[test]
fn generic_scalars() {
    let (v, (dx, dy)) = generic_scalar_grad(0.5_f64, 2.0);
    assert_eq!(v, generic_scalar(0.5, 2.0));
    let e = 0.5_f64.exp();
    assert!((dx - (2.0 + (1.0 - e.tanh().powi(2)) * e)).abs() < 1e-12);
    assert_eq!(dy, 0.5);
    let x = array![1.0f32, 2.0];
    let w = array![0.5f32, -1.0];
    let (v, _) = generic_mixed_grad(&x, &w);
    assert_eq!(v, generic_mixed(&x, &w));
}

mod generated_names {
    use adjoint::ndarray::{Array1, array};
    use adjoint::prelude::*;

    #[differentiable]
    fn callee(x: &Array1<f64>) -> Array1<f64> {
        x.tanh()
    }

    /// Locals named like the generated ones: `out`, `g`, `needs`, `d_h`, `pullback_t`, `grads_t`.
    #[differentiable]
    pub fn named_like_generated(x: &Array1<f64>, y: &Array1<f64>) -> f64 {
        let out = x * 2.0;
        let g = out.exp();
        let needs = g.sum();
        let h = x * 3.0;
        let d_h = h.tanh();
        let t = callee(x);
        let pullback_t = t.sin();
        let grads_t = pullback_t.sum();
        let pullback = 1.0;
        mse(&out, y) + mse(&d_h, y) + needs + grads_t + pullback
    }

    #[test]
    fn locals_named_like_generated_ones() {
        let (x, y) = (array![0.1, -0.3], array![0.5, 0.25]);
        let (v, (dx, dy)) = named_like_generated_grad(&x, &y);
        assert_eq!(v, named_like_generated(&x, &y));
        let report = adjoint::check::check_gradient(
            |(x, y): &(Array1<f64>, Array1<f64>)| named_like_generated(x, y),
            &(x.clone(), y.clone()),
            &(dx, dy),
        );
        report.assert_ok();
        // Through the pullback too: a caller of the function.
        let (v2, dx2) = caller_grad(&x, &y);
        assert_eq!(v2, v);
        let (_, (dx, _)) = named_like_generated_grad(&x, &y);
        assert_eq!(dx2, dx);
    }

    #[differentiable(wrt(x))]
    fn caller(x: &Array1<f64>, y: &Array1<f64>) -> f64 {
        named_like_generated(x, y)
    }
}

#[differentiable]
fn accumulate_from_literal(x: f32, y: f32) -> f32 {
    let mut acc = 0.0;
    acc += x * x;
    acc -= y;
    let scale = 2.0;
    acc * scale
}

#[test]
fn literal_bindings_take_the_type_of_their_use() {
    let (v, (dx, dy)) = accumulate_from_literal_grad(3.0, 1.0);
    assert_eq!((v, dx, dy), (16.0, 12.0, -2.0));
}
