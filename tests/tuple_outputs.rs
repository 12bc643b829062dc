//! Several differentiated outputs: a function returning a tuple of floats and arrays, its
//! `NAME_vjp` taking one cotangent per element as a reference to a tuple, its `NAME_jvp`
//! returning a tuple of tangents, and callers destructuring its outputs with `let (a, b) = ..`.

#![deny(warnings)]

use adjoint::check::{check_gradient, check_jvp, check_vjp};
use adjoint::ndarray::{Array1, Array2, array};
use adjoint::prelude::*;

/// A layer's activations and their mean: an array and a float.
#[differentiable]
fn activations_and_mean(w: &Array2<f64>, x: &Array1<f64>) -> (Array1<f64>, f64) {
    let h = x.dot(w).tanh();
    let mean = h.sum() / h.len() as f64;
    (h, mean)
}

/// A caller that destructures both outputs and combines them.
#[differentiable]
fn centred_energy(w: &Array2<f64>, x: &Array1<f64>) -> f64 {
    let (h, mean) = activations_and_mean(w, x);
    let (c, _) = (&h - mean, mean);
    (&c * &c).sum() + mean.powi(2)
}

/// Two floats, generic, with a swap written as a destructuring `let`.
#[differentiable]
fn swapped<F: Float>(a: F, b: F) -> (F, F) {
    let (p, q) = (a * b, a.sin());
    let (p, q) = (q, p);
    (p, q * q)
}

fn point() -> (Array2<f64>, Array1<f64>) {
    (
        array![[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]],
        array![0.8, -1.1],
    )
}

#[test]
fn vjp_takes_a_cotangent_per_output() {
    let (w, x) = point();
    let cotangent = (array![0.5, -1.0, 2.0], 0.7);
    let ((h, mean), (gw, gx)) = activations_and_mean_vjp(&w, &x, &cotangent);
    assert_eq!((h.clone(), mean), activations_and_mean(&w, &x));
    let report = check_vjp(
        |p: &(Array2<f64>, Array1<f64>)| activations_and_mean(&p.0, &p.1),
        &(w.clone(), x.clone()),
        &cotangent,
        &(gw, gx),
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn jvp_returns_a_tangent_per_output() {
    let (w, x) = point();
    let (dw, dx) = (
        array![[1.0, 0.5, -0.5], [0.2, -0.3, 0.9]],
        array![-0.4, 0.3],
    );
    let (value, tangent) = activations_and_mean_jvp(&w, &x, &dw, &dx);
    assert_eq!(value, activations_and_mean(&w, &x));
    let report = check_jvp(
        |p: &(Array2<f64>, Array1<f64>)| activations_and_mean(&p.0, &p.1),
        &(w.clone(), x.clone()),
        &(dw, dx),
        &tangent,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn a_caller_destructures_the_outputs() {
    let (w, x) = point();
    let (value, grads) = centred_energy_grad(&w, &x);
    assert_eq!(value, centred_energy(&w, &x));
    let report = check_gradient(
        |p: &(Array2<f64>, Array1<f64>)| centred_energy(&p.0, &p.1),
        &(w.clone(), x.clone()),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let direction = (w.mapv(|v| 0.5 - v), x.mapv(f64::cos));
    let (_, _, hv) = centred_energy_hvp(&w, &x, &direction.0, &direction.1);
    let report = adjoint::check::check_hvp(
        |p: &(Array2<f64>, Array1<f64>)| centred_energy_grad(&p.0, &p.1).1,
        &(w.clone(), x.clone()),
        &direction,
        &hv,
    );
    assert!(report.is_ok(), "{report}");
}

#[test]
fn floats_swapped_f32_and_f64() {
    let (value, grads) = swapped_vjp(0.7, -1.3, &(1.0, 0.5));
    assert_eq!(value, swapped(0.7, -1.3));
    let report = check_vjp(
        |p: &(f64, f64)| swapped(p.0, p.1),
        &(0.7, -1.3),
        &(1.0, 0.5),
        &grads,
    );
    assert!(report.is_ok(), "{report}");
    let (value32, grads32) = swapped_vjp(0.7_f32, -1.3, &(1.0, 0.5));
    assert_eq!(value32, swapped(0.7_f32, -1.3));
    assert!((f64::from(grads32.0) - grads.0).abs() < 1e-5);
    assert!((f64::from(grads32.1) - grads.1).abs() < 1e-5);
}

/// A tuple of values bound to one name, its elements read by position.
#[differentiable]
fn product(x: f64, y: f64) -> f64 {
    let pair = (x, y * 2.0);
    pair.0 * pair.1
}

#[test]
fn a_tuple_read_by_position() {
    assert_eq!(product_grad(3.0, 0.5), (3.0, (1.0, 6.0)));
}

/// A tuple carried by a loop, destructured in each iteration.
#[differentiable]
fn pair_in_a_loop(x: f64, y: f64) -> (f64, f64) {
    let mut p = (x, y);
    for _ in 0..3 {
        let (a, b) = p;
        p = (a * b, a + b.sin());
    }
    p
}

#[test]
fn a_tuple_carried_by_a_loop() {
    for cotangent in [(1.0, 0.0), (0.0, 1.0), (0.3, -0.8)] {
        let (value, grads) = pair_in_a_loop_vjp(0.5, 0.7, &cotangent);
        assert_eq!(value, pair_in_a_loop(0.5, 0.7));
        let report = check_vjp(
            |p: &(f64, f64)| pair_in_a_loop(p.0, p.1),
            &(0.5, 0.7),
            &cotangent,
            &grads,
        );
        assert!(report.is_ok(), "{report}");
    }
}

#[test]
fn a_cotangent_of_the_wrong_shape_is_refused_by_name() {
    let (w, x) = point();
    let result = std::panic::catch_unwind(|| {
        activations_and_mean_vjp(&w, &x, &(array![1.0, 2.0], 1.0));
    });
    let payload = result.expect_err("a misshapen cotangent must panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("activations_and_mean_vjp")
            && message.contains("[2]")
            && message.contains("[3]"),
        "{message}"
    );
}
